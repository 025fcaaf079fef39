"""Words stored in English on account records, shown in the reader's language."""

from django import template

from stalklog.accounts.signins import device_text

register = template.Library()


@register.filter
def device(stored):
    """A stored device summary ("Firefox on Android") in the page's language."""
    return device_text(stored or "")
