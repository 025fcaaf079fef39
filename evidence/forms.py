"""Forms for the details typed alongside an upload, linking incidents, and messages."""

from django import forms
from django.utils import timezone

from incidents.models import Behaviour, Incident
from stalklog.access import scoped

from .models import Evidence

# Seconds kept (step=1): a photo's EXIF time must survive an edit of its title unchanged.
DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
)


class IncidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, incident):
        when = timezone.localtime(incident.occurred_start).strftime("%-d %b %Y %H:%M")
        return f"Incident {incident.sequence_no}, {when}"


def incidents_of(log):
    return scoped(Incident, log).order_by("-occurred_start")


class UploadForm(forms.Form):
    """What the victim can say about the files; the files themselves are checked one by one
    by store_upload, so one bad file never loses the others."""

    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="Optional. If you upload several files, each keeps its own file name.",
    )
    description = forms.CharField(
        widget=forms.Textarea, required=False, help_text="What it shows and how you got it."
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "Work it out from the file")] + list(Evidence.Kind.choices),
        required=False,
    )
    content_date = forms.DateTimeField(
        label="When it was sent or taken",
        required=False,
        widget=DATETIME_WIDGET,
        help_text="Leave empty to use the date inside the file, if it has one.",
    )
    captured_date = forms.DateTimeField(
        label="When you saved or screenshotted it", required=False, widget=DATETIME_WIDGET
    )
    incident = IncidentChoiceField(
        label="Attach to an incident",
        queryset=Incident.objects.none(),
        required=False,
        empty_label="Not yet (link it later)",
    )

    def __init__(self, *args, log, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents_of(log)

    def clean(self):
        data = super().clean()
        now = timezone.now()
        for name in ("content_date", "captured_date"):
            if data.get(name) and data[name] > now:
                self.add_error(name, "This is in the future. Check the date and time.")
        return data


class EvidenceDetailsForm(forms.Form):
    """Editable description of an exhibit (the measured facts are never editable)."""

    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Type", choices=Evidence.Kind.choices)
    content_date = forms.DateTimeField(
        label="When it was sent or taken", required=False, widget=DATETIME_WIDGET
    )
    captured_date = forms.DateTimeField(
        label="When you saved or screenshotted it", required=False, widget=DATETIME_WIDGET
    )


class LinkIncidentForm(forms.Form):
    incident = IncidentChoiceField(
        label="Link to incident",
        queryset=Incident.objects.none(),
        empty_label="Choose an incident",
    )

    def __init__(self, *args, log, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents_of(log).exclude(pk__in=exclude)


class MessagesToIncidentsForm(forms.Form):
    """Selected messages become incidents, one per day on which they were sent."""

    message = forms.TypedMultipleChoiceField(coerce=int, choices=())
    behaviours = forms.ModelMultipleChoiceField(
        queryset=Behaviour.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one behaviour these messages show."},
    )

    def __init__(self, *args, messages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [(m.pk, m.pk) for m in messages]
        self.fields["message"].error_messages = {
            "required": "Tick at least one message.",
            "invalid_choice": "One of the ticked messages is no longer in this exhibit.",
        }
        self.fields["behaviours"].initial = Behaviour.objects.filter(code="contacting")
