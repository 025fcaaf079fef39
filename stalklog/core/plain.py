"""Sizes and times in plain words ("2.3 MB", "27 Nov 2026, 21:14"), for pages and messages.
Also a template builtin (settings.TEMPLATES): `{{ n|plain_size }}`, `{{ n|exact_size }}`,
`{{ text|camera_time }}`."""

from datetime import datetime

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

register = template.Library()

UNITS = ("KB", "MB", "GB", "TB")
EXIF_TIME = "%Y:%m:%d %H:%M:%S"


@register.filter
def plain_size(size_bytes) -> str:
    """368 bytes, 1.5 KB, 2.3 MB, 100 MB: one decimal below 10, none above (binary units,
    as file managers and phones count)."""
    if size_bytes is None or size_bytes == "":
        return ""
    size = int(size_bytes)
    if size < 1024:
        return ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": size}
    amount = float(size)
    for unit in UNITS:
        amount /= 1024
        if amount < 1024 or unit == UNITS[-1]:
            break
    number = f"{amount:.1f}".removesuffix(".0") if round(amount, 1) < 10 else f"{amount:.0f}"
    return f"{number} {unit}"


@register.filter
def exact_size(size_bytes) -> str:
    """A size as above with the exact count when that says more: 2.3 MB (2,411,724 bytes)."""
    plain = plain_size(size_bytes)
    if not plain or int(size_bytes) < 1024:
        return plain
    size = int(size_bytes)
    exact = ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": f"{size:,}"}
    return f"{plain} ({exact})"


@register.filter
def camera_time(text) -> str:
    """A photo's EXIF time ('2026:11:27 21:14:00', the camera's clock, no zone) as
    '27 Nov 2026, 21:14:00'; anything else as it was read."""
    try:
        moment = datetime.strptime(str(text).strip(), EXIF_TIME)
    except ValueError:
        return text
    return f"{moment.day} {moment:%b %Y, %H:%M:%S}"


TOO_LONG = _(
    "This is too long: keep it to %(limit_value)d characters or fewer (it has "
    "%(show_value)d). Shorten it, or put the rest in another box; nothing is saved yet."
)
TOO_SHORT = _("Use at least %(limit_value)d characters (this has %(show_value)d).")


def use_plain_length_messages():
    """Every form's length limits speak in the app's words, not Django's stock "Ensure this
    value has at most 20000 characters (it has 20001)." (set once, at start-up)."""
    from django.core import validators

    validators.MaxLengthValidator.message = TOO_LONG
    validators.MinLengthValidator.message = TOO_SHORT
