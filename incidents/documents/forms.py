"""The documents page's forms: which incidents go in her draft statement, and how."""

from django import forms
from django.utils.translation import gettext_lazy

from incidents.forms import check_date_range

from .statement import StatementOptions

# Up to this many incidents in the chosen dates, each can be ticked to leave it out.
LEAVE_OUT_LIST_MAX = 300


class StatementForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=gettext_lazy("To (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File type"),
        choices=[
            ("docx", gettext_lazy("Word (.docx): you or an officer can edit it")),
            ("pdf", "PDF"),
        ],
        initial="docx",
        widget=forms.RadioSelect,
    )
    include_address = forms.BooleanField(
        label=gettext_lazy("Include my home address where something happened at home"),
        required=False,
    )
    leave_out = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Leave out these incidents (optional)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Everything else in the dates above goes in, in date order."),
    )

    def __init__(self, *args, incidents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leave_out"].choices = [(number, label) for number, label in incidents]
        if not incidents:
            del self.fields["leave_out"]

    def clean(self):
        data = super().clean()
        check_date_range(self, data)
        return data

    def statement_options(self) -> StatementOptions:
        data = self.cleaned_data
        return StatementOptions(
            date_from=data["date_from"],
            date_to=data["date_to"],
            leave_out=frozenset(data.get("leave_out") or ()),
            shows_address=data["include_address"],
        )


class AddressForm(forms.Form):
    include_address = forms.BooleanField(
        label=gettext_lazy("Include my home address where something happened at home"),
        required=False,
    )
