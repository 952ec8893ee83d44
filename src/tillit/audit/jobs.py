"""`audit verify` started from the audit page runs as a background job (tillit.jobs): checking a
large municipality's chain and data reads every tracked row."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tillit.accounts.permissions import can_read_audit
from tillit.core.errors import TillitError
from tillit.jobs.services import job_kind


@job_kind(
    "audit.verify",
    label=gettext_lazy("Kontroll av granskningsloggen"),
    may_start=can_read_audit,
)
def audit_verify_job(job, progress) -> dict:
    from .models import AuditHead
    from .verify import verify

    m = job.municipality
    progress.stage(_("Kontrollerar kedjan och datat"))
    problems = verify(m)
    if problems:
        for problem in problems[:20]:
            progress.note(str(problem))
        raise TillitError(
            _("Granskningsloggen har %(n)s avvikelse(r) från datat eller kedjan.")
            % {"n": len(problems)}
        )
    head = AuditHead.objects.filter(municipality=m).first()
    seq = head.seq if head else 0
    return {
        "message": _("Granskningsloggen är hel (%(n)s händelser) och stämmer med datat.")
        % {"n": seq},
        "url": reverse("audit:log", kwargs={"municipality": m.slug}),
        "link": _("Till granskningsloggen"),
    }
