"""Widgets rendered in Python instead of through a template per <option>.

Django renders each option of a select through its own template; the timeline's filter form
has dozens, which cost more than the rest of the page together. These produce the same
markup with html.escape on every value for the simple cases used here: flat choices,
single values.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(str(choice))}"'
            f"{' selected' if str(choice) in selected else ''}>{escape(str(label))}</option>"
            for choice, label in self.choices
        )
        # Every value above went through html.escape; flatatt escapes the attributes.
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')  # noqa: S308


class QuickInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = self.format_value(value)
        if value is not None:
            attrs["value"] = value
        return format_html('<input type="{}" name="{}"{}>', self.input_type, name, flatatt(attrs))


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickSearchInput(QuickInputMixin, forms.TextInput):
    input_type = "search"


class QuickDateInput(QuickInputMixin, forms.DateInput):
    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__({"type": "date", **(attrs or {})}, format or "%Y-%m-%d")
