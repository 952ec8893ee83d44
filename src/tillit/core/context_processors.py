from django.conf import settings

from tillit import __version__


def tillit(request):
    return {"tillit_version": __version__, "debug": settings.DEBUG}
