"""The help lines page: numbers a support service can replace with its own (settings)."""

from django.conf import settings

DEFAULT_HELPLINES = [
    {
        "name": "Emergency: police",
        "number": "999",
        "hours": "Any time",
        "about": "If you are in danger now. If you cannot speak, dial 999, "
        "then press 55 when asked on a mobile (the Silent Solution).",
    },
    {
        "name": "National Stalking Helpline",
        "number": "0808 802 0300",
        "hours": "Weekdays",
        "about": "Advice for anyone being stalked, and for those supporting them.",
    },
    {
        "name": "24-hour free help",
        "number": "0808 2000 247",
        "hours": "24 hours, every day",
        "about": "Free, confidential support if the stalking is by a partner, "
        "ex-partner or family member.",
    },
    {
        "name": "Local help",
        "number": "0808 80 20 028",
        "hours": "See your local service",
        "about": "Your local stalking and harassment support service.",
    },
]


def helplines():
    return settings.STALKLOG_HELPLINES or DEFAULT_HELPLINES


def tel_href(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
