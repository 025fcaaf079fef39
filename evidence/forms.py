"""Forms for the details typed alongside an upload and for editing an exhibit's details."""

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from evidence.models import SCREENSHOT_QUESTIONS, Answer, Evidence

# Asked about a picture (DocuSAFE's advice on what makes a screenshot useful). The labels
# are the model's; the tips say how to take a good one on each kind of phone.
SCREENSHOT_HINTS = {
    "sender_visible": _("Their name or number at the top of the conversation."),
    "date_visible": _("Most apps show the date above the messages and the time beside each."),
    "whole_conversation": _("Not cut down to part of the screen, and nothing left out."),
}
SCREENSHOT_TIPS = (
    ("iPhone", _("press the side button and volume up together; for a long conversation, "
     "take several, scrolling so each one overlaps the last.")),
    ("Android", _("press power and volume down together; many phones then offer "
     "'Capture more' or 'Scroll' for a long conversation.")),
)  # fmt: skip


def screenshot_question(name, *, unanswered=None):
    """One of the three questions as a row of radio buttons; none chosen means not answered
    (`unanswered`, a label, adds a choice to take an answer back on the edit page)."""
    choices = list(Answer.choices)
    if unanswered:
        choices.append(("", unanswered))
    return forms.ChoiceField(
        label=capfirst(Evidence._meta.get_field(name).verbose_name),
        choices=choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "answers"}),
        help_text=SCREENSHOT_HINTS[name],
    )


class ScreenshotQuestions:
    """The three questions on a form: `screenshot_fields()` for the template,
    `screenshot_answers()` for store_upload or update_details."""

    screenshot_tips = SCREENSHOT_TIPS

    def screenshot_fields(self):
        return [self[name] for name in SCREENSHOT_QUESTIONS]

    def screenshot_answers(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in SCREENSHOT_QUESTIONS}


# Seconds kept (step=1): a photo's EXIF time must survive an edit of its title unchanged.
DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"type": "datetime-local", "step": "1"}, format="%Y-%m-%dT%H:%M:%S"
)


class UploadForm(ScreenshotQuestions, forms.Form):
    """What the victim can say about the files; the files themselves are checked one by one
    by store_upload, so one bad file never loses the others. The screenshot questions are
    drawn apart from the other fields (`details_fields()`) and apply to pictures only."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional. If you upload several files, each keeps its own file name."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"dir": "auto"}),  # her words, in their own direction
        required=False,
        help_text=_("What it shows and how you got it."),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("Work it out from the file"))] + list(Evidence.Kind.choices),
        required=False,
    )
    content_date = forms.DateTimeField(
        label=_("When it was sent or taken"),
        required=False,
        widget=DATETIME_WIDGET,
        help_text=_("Leave empty to use the date inside the file, if it has one."),
    )
    captured_date = forms.DateTimeField(
        label=_("When you saved or screenshotted it"), required=False, widget=DATETIME_WIDGET
    )
    sender_visible = screenshot_question("sender_visible")
    date_visible = screenshot_question("date_visible")
    whole_conversation = screenshot_question("whole_conversation")

    def details_fields(self):
        return [field for field in self if field.name not in SCREENSHOT_QUESTIONS]

    def upload_details(self) -> dict:
        """Keyword arguments for store_uploads (through add_evidence)."""
        details = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in SCREENSHOT_QUESTIONS
        }
        details["screenshot_answers"] = self.screenshot_answers()
        return details

    def clean(self):
        data = super().clean()
        now = timezone.now()
        for name in ("content_date", "captured_date"):
            if data.get(name) and data[name] > now:
                self.add_error(name, _("This is in the future. Check the date and time."))
        return data


class EvidenceDetailsForm(ScreenshotQuestions, forms.Form):
    """Editable description of an exhibit (the measured facts are never editable). The
    screenshot questions are on it for pictures only (`is_picture`)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"dir": "auto"}), required=False
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Evidence.Kind.choices)
    content_date = forms.DateTimeField(
        label=_("When it was sent or taken"), required=False, widget=DATETIME_WIDGET
    )
    captured_date = forms.DateTimeField(
        label=_("When you saved or screenshotted it"), required=False, widget=DATETIME_WIDGET
    )
    sender_visible = screenshot_question("sender_visible", unanswered=_("Not answered"))
    date_visible = screenshot_question("date_visible", unanswered=_("Not answered"))
    whole_conversation = screenshot_question("whole_conversation", unanswered=_("Not answered"))

    def __init__(self, *args, is_picture, our_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.is_picture = is_picture
        if our_name:
            # A file we made (a recording) has our name for it, said in each reader's
            # language: a title of hers is welcome, never required to add a description.
            self.fields["title"].required = False
            self.fields["title"].help_text = gettext(
                "Optional. Without a title it is called “%(name)s”."
            ) % {"name": escape(our_name)}  # help text is printed as HTML
        if not is_picture:
            for name in SCREENSHOT_QUESTIONS:
                del self.fields[name]

    def details_fields(self):
        return [field for field in self if field.name not in SCREENSHOT_QUESTIONS]


class WithdrawForm(forms.Form):
    """Why a wrong upload is withdrawn: printed in every exhibit list after its reference."""

    reason = forms.CharField(
        max_length=300,
        label=_("Why are you withdrawing it?"),
        help_text=_(
            "For example: uploaded by mistake, or the wrong photo. This is printed in "
            "every export beside the exhibit's number."
        ),
        error_messages={"required": _("Say why it is being withdrawn.")},
    )
    understood = forms.BooleanField(
        label=_("I understand the file will be deleted for good and cannot be brought back."),
        error_messages={"required": _("Tick the box to confirm the file will be deleted.")},
    )
