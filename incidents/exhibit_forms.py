"""Forms that tie exhibits to incidents: uploading onto an incident, linking an exhibit to
one, and turning an exhibit's messages into incidents."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from evidence.forms import UploadForm
from evidence.models import ResumableUpload, shown_number
from incidents.forms import BehaviourChoiceField
from incidents.models import Behaviour, Incident
from stalklog.casefile.access import scoped


class IncidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, incident):
        when = date_format(timezone.localtime(incident.occurred_start), "j M Y, H:i")
        return _("Incident %(number)s, %(when)s") % {"number": incident.sequence_no, "when": when}


def incidents_of(log):
    return scoped(Incident, log).order_by("-occurred_start")


class ExhibitUploadForm(UploadForm):
    """The upload form, with the incident the files show."""

    incident = IncidentChoiceField(
        label=gettext_lazy("Attach to an incident"),
        queryset=Incident.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not yet (link it later)"),
    )
    # Files the page has already sent in parts (evidence.resumable), named by the script.
    upload = forms.ModelMultipleChoiceField(
        queryset=ResumableUpload.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "invalid_choice": gettext_lazy(
                "A file sent earlier is no longer waiting here: it may already be saved (look "
                "in Evidence), or it was cancelled or left unfinished too long. If it is not "
                "in Evidence, choose it again and press Upload."
            ),
            "invalid_pk_value": gettext_lazy(
                "A file sent earlier is not recognised. Choose it again."
            ),
        },
    )

    def __init__(self, *args, log, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents_of(log)
        self.fields["upload"].queryset = scoped(ResumableUpload, log)


class LinkIncidentForm(forms.Form):
    incident = IncidentChoiceField(
        label=gettext_lazy("Link to incident"),
        queryset=Incident.objects.none(),
        empty_label=gettext_lazy("Choose an incident"),
    )

    def __init__(self, *args, log, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents_of(log).exclude(pk__in=exclude)


class MessagesToIncidentsForm(forms.Form):
    """Selected messages become incidents, one per day on which they were sent."""

    # Boxes drawn by the template, one per message (the first has id_message_0).
    message = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )
    behaviours = BehaviourChoiceField(
        queryset=Behaviour.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one behaviour these messages show.")
        },
    )

    def __init__(self, *args, messages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [(m.pk, m.pk) for m in messages]
        self.fields["message"].error_messages = {
            "required": _("Tick at least one message."),
            "invalid_choice": _("One of the ticked messages is no longer in this exhibit."),
        }
        self.fields["behaviours"].initial = Behaviour.objects.filter(code="contacting")


class LinkExhibitForm(forms.Form):
    """From an incident's page: an exhibit already uploaded that shows this incident."""

    exhibit = forms.TypedChoiceField(
        label=gettext_lazy("Or link evidence you have already uploaded"),
        coerce=int,
        choices=(),
        error_messages={
            "required": gettext_lazy("Choose the exhibit that shows this incident."),
            "invalid_choice": gettext_lazy(
                "That exhibit is not in the list any more. Choose one from it."
            ),
        },
    )

    def __init__(self, *args, exhibits, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibit"].choices = [("", _("Choose an exhibit"))] + [
            (e.pk, f"{e.exhibit_ref}: {e.display_name} ({e.get_kind_display()})") for e in exhibits
        ]


class CallsToIncidentsForm(forms.Form):
    """Calls from the chosen numbers become incidents, one per burst of calls."""

    number = forms.MultipleChoiceField(
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Tick at least one number."),
            "invalid_choice": gettext_lazy("One of the ticked numbers is not in this call log."),
        },
    )
    behaviours = BehaviourChoiceField(
        queryset=Behaviour.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one behaviour these calls show.")
        },
    )

    @staticmethod
    def number_label(row) -> str:
        """`+44 7700 900123 (Sam): 3 calls`, in the page's language."""
        who = shown_number(row["number"])
        if row["name"]:
            who = f"{who} ({row['name']})"
        count = row["count"]
        return f"{who}: " + ngettext("%(count)s call", "%(count)s calls", count) % {"count": count}

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].choices = [(row["digest"], self.number_label(row)) for row in numbers]
        self.fields["behaviours"].initial = Behaviour.objects.filter(code="contacting")
