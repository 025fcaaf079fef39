"""Forms for the people in a log (with their phone numbers, accounts and plates) and for the
court orders an incident can be marked as breaking."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incidents import identifiers
from incidents.forms import MAX_TEXT, date_input, textarea
from incidents.models import Identifier, Order, Person
from incidents.when import local


class PersonForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name or description"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Enter a name, or a description like 'man in the blue van'.")
        },
    )
    relationship = forms.ChoiceField(
        label=gettext_lazy("Who they are to you"), choices=Person.Relationship.choices
    )
    is_perpetrator = forms.BooleanField(
        label=gettext_lazy("This is a person harassing or stalking me"), required=False
    )
    aliases = forms.CharField(
        label=gettext_lazy("Other names they use"), required=False, max_length=1000
    )
    description = forms.CharField(
        label=gettext_lazy("What they look like, where they live or work"),
        required=False,
        max_length=MAX_TEXT,
        widget=textarea(3),
    )
    vehicles = forms.CharField(
        label=gettext_lazy("Vehicles"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Make, colour, registration."),
    )

    FIELDS = ("name", "relationship", "is_perpetrator", "aliases", "description", "vehicles")

    @classmethod
    def initial_for(cls, person):
        return {name: getattr(person, name) for name in cls.FIELDS}


class IdentifierForm(forms.Form):
    def kind_label(self) -> str:
        """The kind of a saved identifier, in words (its legend on the person's form)."""
        return dict(Identifier.Kind.choices).get(self["kind"].value(), "")

    identifier_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Identifier.Kind.choices)
    value = forms.CharField(
        label=gettext_lazy("Number, address, account or registration"),
        required=False,
        max_length=300,
    )
    first_seen = forms.DateField(
        label=gettext_lazy("First seen"), required=False, widget=date_input()
    )
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)

    def clean_first_seen(self):
        first_seen = self.cleaned_data.get("first_seen")
        if first_seen and first_seen > local(timezone.now()).date():
            raise ValidationError(
                _("The date first seen must be today or in the past."), code="future"
            )
        return first_seen

    def clean(self):
        cleaned = super().clean()
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if kind and value and not cleaned.get("remove"):
            try:
                cleaned["value"] = identifiers.clean(kind, value)
            except ValidationError as error:
                self.add_error("value", error)
        return cleaned


IdentifierFormSet = forms.formset_factory(IdentifierForm, extra=2, max_num=50)


class OrderForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of order"), choices=Order.Kind.choices)
    reference = forms.CharField(
        label=gettext_lazy("Court or case reference"), required=False, max_length=100
    )
    made_on = forms.DateField(label=gettext_lazy("Made on"), required=False, widget=date_input())
    expires_on = forms.DateField(label=gettext_lazy("Ends on"), required=False, widget=date_input())
    conditions = forms.CharField(
        label=gettext_lazy("What it says they must not do"),
        required=False,
        max_length=MAX_TEXT,
        widget=textarea(4),
    )

    FIELDS = ("kind", "reference", "made_on", "expires_on", "conditions")

    @classmethod
    def initial_for(cls, order):
        return {name: getattr(order, name) for name in cls.FIELDS}

    def clean(self):
        data = super().clean()
        made, ends = data.get("made_on"), data.get("expires_on")
        if made and ends and ends < made:
            self.add_error("expires_on", _("The end date must be after the date it was made."))
        return data
