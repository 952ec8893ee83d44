from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Tänk på att stora och små bokstäver skiljer sig åt."
        ),
        "inactive": _("Kontot är inaktiverat."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["password"].label = _("Lösenord")
        for field in self.fields.values():
            field.widget.attrs["class"] = "ds-input"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
