"""The export page's form: what to include and for whom."""

from django import forms
from django.utils.translation import gettext_lazy as _

from incidents.export import language
from incidents.export.options import PROFILES, ExportOptions
from incidents.forms import BehaviourChoiceField, check_date_range
from incidents.models import Behaviour, Person
from stalklog.casefile.access import scoped


class ExportForm(forms.Form):
    profile = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[(code, profile["label"]) for code, profile in PROFILES.items()],
        initial="police",
        widget=forms.RadioSelect,
        help_text=_("Both leave out your private notes. The document says what it left out."),
    )
    include_address = forms.BooleanField(
        label=_("Include my home address (where incidents happened at home)"),
        required=False,
        help_text=_("Left out unless you tick this."),
    )
    include_witness_contacts = forms.BooleanField(
        label=_("Include witnesses' contact details"),
        required=False,
        help_text=_(
            "Left out unless you tick this. Witnesses' names and what they saw are always included."
        ),
    )
    include_gps = forms.BooleanField(
        label=_(
            "Include positions (GPS): those recorded in my photos, and where I was when I "
            "logged an incident ('Add where I am now')"
        ),
        required=False,
        help_text=_(
            "Left out unless you tick this: photos that record where they were taken "
            "are then included as copies without that information, and incidents say only "
            "that a position was left out."
        ),
    )
    # Set by the page that shows which photos record a position, before she confirms.
    gps_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    date_from = forms.DateField(
        label=_("From (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Only incidents involving (optional)"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    behaviours = BehaviourChoiceField(
        label=_("Only these behaviours (optional)"),
        queryset=Behaviour.objects.order_by("order"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=language.CHOICES,
        initial=language.ENGLISH,
        required=False,
        widget=forms.RadioSelect,
        help_text=language.HELP_TEXT,
    )
    pdfa = forms.BooleanField(
        label=_("Archive format (PDF/A) with the original files attached inside the PDF"),
        required=False,
    )

    def __init__(self, *args, log, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = log
        people = list(scoped(Person, log).order_by("-is_perpetrator", "pk"))
        for person in people:
            person.log = log
        self.fields["people"].queryset = scoped(Person, log)
        self.fields["people"].choices = [(person.pk, person.name) for person in people]

    def clean(self):
        data = super().clean()
        check_date_range(self, data)
        return data

    def export_options(self) -> ExportOptions:
        data = self.cleaned_data
        return ExportOptions(
            profile=data["profile"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            person_ids=tuple(sorted(person.pk for person in data["people"])),
            behaviour_codes=tuple(b.code for b in data["behaviours"]),
            pdfa=data["pdfa"],
            include_address=data["include_address"],
            include_witness_contacts=data["include_witness_contacts"],
            include_gps=data["include_gps"],
            # Absent from a form posted before the choice existed: English, as before.
            language=data.get("language") or language.ENGLISH,
        )

    @property
    def needs_gps_confirmation(self) -> bool:
        """She chose to include positions and has not yet seen which exhibits and incidents
        carry them."""
        return self.cleaned_data["include_gps"] and not self.cleaned_data["gps_confirmed"]
