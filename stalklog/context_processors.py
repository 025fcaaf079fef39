from django.conf import settings


def site(request):
    return {
        "site_title": settings.STALKLOG_SITE_TITLE,
        "exit_url_name": "quick_exit",
    }
