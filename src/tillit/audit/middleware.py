"""Tells the audit log who is acting in a web or API request."""

from .context import reset_actor, set_actor


class AuditActorMiddleware:
    """Holds the request (not the user): the API's token auth sets request.user later in the
    request, and the event reads request.user when it is written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_actor(request)
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
