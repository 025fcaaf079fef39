from django.conf import settings

from stalklog.accounts.languages import choices


def site(request):
    return {
        "site_title": settings.STALKLOG_SITE_TITLE,
        "exit_url_name": "quick_exit",
        "language_choices": choices(),
    }
