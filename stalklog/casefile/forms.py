"""Forms for opening a log (sign-up), sharing it with a caseworker, a service admin's
caseworker accounts, and the steps of a request to reset a password."""

from datetime import timedelta

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.validators import RegexValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stalklog.accounts import signup
from stalklog.accounts.forms import CurrentPasswordMixin, NewPasswordFields
from stalklog.accounts.models import User
from stalklog.casefile import sharing
from stalklog.casefile.models import Log


class ShareCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Sharing code"),
        max_length=40,
        help_text=_("The code your caseworker read out to you, like 7KQ2-M9XD-4HTR."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    last_day = forms.DateField(
        label=_("Share until the end of"),
        help_text=_("Sharing stops at midnight at the end of this day. You can stop it sooner."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_day"].initial = timezone.localdate() + timedelta(days=28)

    def clean_code(self):
        code = sharing.normalise_code(self.cleaned_data["code"])
        if not sharing.is_well_formed(code):
            raise forms.ValidationError(
                _(
                    "A sharing code has %(length)s letters and numbers, like 7KQ2-M9XD-4HTR. "
                    "Check it with your caseworker and type it again."
                ),
                params={"length": sharing.CODE_LENGTH},
            )
        return code

    def clean_last_day(self):
        last_day = self.cleaned_data["last_day"]
        today = timezone.localdate()
        if not today <= last_day <= today + timedelta(days=sharing.MAX_SHARE_DAYS):
            raise forms.ValidationError(
                _("Choose a day from today up to one year ahead. You can share again later.")
            )
        return last_day


class ShareConfirmForm(CurrentPasswordMixin, ShareCodeForm):
    """Step 2 of sharing: the code and day again, and her password. A session left open on
    her phone must not be enough to give someone a year of her log: the same rule as for
    changing how the account is protected."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class CaseworkerForm(forms.ModelForm):
    """A new caseworker's account. Whether the name is taken is looked at only when the
    rest is acceptable (staff.create_caseworker), never said in those words, and counted:
    a service admin must not be able to test which names victims sign in with."""

    NAME_REFUSED = _("That username can't be used. Choose another one.")

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name"]
        help_texts = {"username": _("They sign in with this. Letters, digits and @ . + - _ only.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["first_name"].help_text = _("Victims see this name when they share with them.")

    def validate_unique(self):
        # The model's own check would say "A user with that username already exists".
        pass


class RecoveryStartForm(forms.Form):
    username = forms.CharField(
        label=_("Your username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class RecoveryFindForm(forms.Form):
    code = forms.CharField(
        label=_("Request code"),
        max_length=20,
        help_text=_("The 8 characters they read out from their screen, like k7mp-4qxa."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class RecoveryCheckForm(RecoveryFindForm):
    code = forms.CharField(max_length=20, widget=forms.HiddenInput)
    identity_checked = forms.BooleanField(
        label=_(
            "I have checked who I am talking to, the way my service checks identity, and "
            "they are the person who shares this log with me"
        ),
        error_messages={"required": _("Check who you are talking to first, then tick this box.")},
    )


class RecoveryPasswordForm(NewPasswordFields):
    """The new password, checked by the normal password rules against her account."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def password_user(self):
        return self.user


class SignUpForm(BaseUserCreationForm):
    """Opens an account and its log without saying whether a name is taken.

    Whether the name exists is looked at only once everything else typed is acceptable, and
    the answer is then the one refusal below, which also fits a name that cannot be used for
    any other reason: a probe with a weak password gets the same page for a taken name and a
    free one, and no page ever says "already exists".
    """

    NAME_REFUSED = _(
        "That username can't be used. We have suggested another one below: keep it, or "
        "choose your own that does not identify you. Then type your password again."
    )

    initials = forms.CharField(
        label=_("Initials"),
        max_length=4,
        validators=[RegexValidator(r"^[A-Za-z]{1,4}$", _("Use 1 to 4 letters, like JS."))],
        help_text=_("Your initials, used to number your evidence (JS/1, JS/2…)."),
    )

    class Meta:
        model = User
        fields = ["username"]
        help_texts = {
            "username": _(
                "Letters, digits and @ . + - _ only. You need it to sign in, so write it "
                "somewhere safe."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["username"] = signup.suggest_account_name()

    def validate_unique(self):
        # The model's own check would say "A user with that username already exists".
        pass

    def _post_clean(self):
        # After Django's password rules, which BaseUserCreationForm checks here, not in clean().
        super()._post_clean()
        if not self.errors and signup.is_name_taken(self.cleaned_data.get("username", "")):
            self.refuse_name()

    def refuse_name(self):
        self.add_error(None, self.NAME_REFUSED)
        # A fresh suggestion in the box, in place of the refused name.
        self.data = self.data.copy()
        self.data["username"] = signup.suggest_account_name()

    def save(self, commit=True):
        user = super().save(commit=False)
        user.role = User.Role.VICTIM
        try:
            with transaction.atomic():
                user.save()
                Log.create_for(user, self.cleaned_data["initials"].upper())
        except IntegrityError:
            # The same name taken at the same moment by someone else.
            self.refuse_name()
            return None
        return user
