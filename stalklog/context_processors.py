from django.conf import settings

from stalklog.accounts.languages import choices
from stalklog.casefile.recovery import banner_for


def site(request):
    return {
        "site_title": settings.STALKLOG_SITE_TITLE,
        "exit_url_name": "quick_exit",
        "language_choices": choices(),
    }


def recovery(request):
    """The requests to reset her password that she can still cancel, for the banner on every
    page of hers (no query unless her account carries the flag)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_victim:
        return {}
    return {"pending_recovery": banner_for(user)}
