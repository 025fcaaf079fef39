"""The help lines page: numbers a support service can replace with its own (settings).

Each line says where it serves (`where`): a woman in Wales is sent to Live Fear Free, one in
England to the National Domestic Abuse Helpline. The numbers never change with the page's
language; the words about them do (gettext_lazy). Lines a service configures in
STALKLOG_HELPLINES are shown exactly as written there.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

EVERYWHERE = _("Anywhere in the UK")
ENGLAND_AND_WALES = _("England and Wales")
ENGLAND = _("England")
WALES = _("Wales")

DEFAULT_HELPLINES = [
    {
        "name": _("Emergency: police"),
        "number": "999",
        "hours": _("Any time"),
        "where": EVERYWHERE,
        "about": _(
            "If you are in danger now. If you cannot speak, dial 999, then press 55 when "
            "asked on a mobile (the Silent Solution)."
        ),
    },
    {
        "name": _("National Stalking Helpline"),
        "number": "0808 802 0300",
        "hours": _("Weekdays"),
        "where": ENGLAND_AND_WALES,
        "about": _("Advice for anyone being stalked, and for those supporting them."),
    },
    {
        "name": _("National Domestic Abuse Helpline"),
        "number": "0808 2000 247",
        "hours": _("24 hours, every day"),
        "where": ENGLAND,
        "about": _(
            "Free, confidential support if the stalking is by a partner, ex-partner or "
            "family member."
        ),
    },
    {
        "name": _("Live Fear Free"),
        "number": "0808 80 10 800",
        "hours": _("24 hours, every day"),
        "where": WALES,
        "about": _(
            "Free, confidential support in Welsh or English about domestic abuse, sexual "
            "violence and stalking, including by a partner, ex-partner or family member."
        ),
    },
    {
        "name": _("Local help"),
        "number": "0808 80 20 028",
        "hours": _("See your local service"),
        "where": ENGLAND_AND_WALES,
        "about": _("Your local stalking and harassment support service."),
    },
]


def helplines():
    return settings.STALKLOG_HELPLINES or DEFAULT_HELPLINES


def tel_href(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")
