"""Forms for the details typed alongside an upload and for editing an exhibit's details."""

from django import forms
from django.utils import timezone

from evidence.models import Evidence

# Seconds kept (step=1): a photo's EXIF time must survive an edit of its title unchanged.
DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
)


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


class WithdrawForm(forms.Form):
    """Why a wrong upload is withdrawn: printed in every exhibit list after its reference."""

    reason = forms.CharField(
        max_length=300,
        label="Why are you withdrawing it?",
        help_text="For example: uploaded by mistake, or the wrong photo. This is printed in "
        "every export beside the exhibit's number.",
        error_messages={"required": "Say why it is being withdrawn."},
    )
    understood = forms.BooleanField(
        label="I understand the file will be deleted for good and cannot be brought back.",
        error_messages={"required": "Tick the box to confirm the file will be deleted."},
    )
