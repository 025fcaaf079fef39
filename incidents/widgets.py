"""Widgets rendered in Python instead of through a template per <option>.

Django renders each option of a select through its own template; the timeline's filter form
has dozens, which cost more than the rest of the page together. These produce the same
markup with format_html (every value escaped) for the simple cases used here: flat choices,
single values.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, " selected" if str(choice) in selected else "", label)
                for choice, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


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
