"""Forms for signing in with a second step, recovering an account, and deleting it."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stalklog.accounts.models import User

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off"}
)
RECOVERY_WIDGET = forms.TextInput(
    attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
)


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a name longer than any account's before trying it.

    AuthenticationForm sets the name's max_length after building the field, which draws the
    box's maxlength but adds no check: a crafted 300,000-character name went on to the
    failed-attempt record django-axes keeps (255 characters), a server error on PostgreSQL.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=CODE_WIDGET,
        help_text=_("The 6 digits the app shows now for this site."),
    )


class RecoveryCodeSignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    recovery_code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        widget=RECOVERY_WIDGET,
        help_text=_("One of the ten codes you saved when you set up two-step sign-in."),
    )


class NewPasswordFields(forms.Form):
    """Two password boxes checked against Django's password rules for `user`."""

    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def password_user(self):
        return User(username=self.cleaned_data.get("username", ""))

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords are different. Type them again."))
        elif one:
            try:
                password_validation.validate_password(one, self.password_user())
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return cleaned


def _current_password_field():
    return forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CurrentPasswordMixin:
    """Checks the signed-in person's password again: a session left open on a shared
    device must not be enough to change how the account is protected."""

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Type it again."))
        return password


class ReauthCodeForm(CurrentPasswordMixin, CodeForm):
    password = _current_password_field()
    field_order = ["password", "code"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class DeleteAccountForm(CurrentPasswordMixin, forms.Form):
    # The words she types, in English or in the page's language (either is accepted).
    CONFIRMATION = "delete my account"

    password = _current_password_field()
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12, widget=CODE_WIDGET
    )
    confirmation = forms.CharField(
        label=_('Type "%(phrase)s" to confirm'),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    delete_now = forms.BooleanField(
        required=False,
        label=_("Delete at once, without the waiting time. Nobody can stop or undo this."),
    )

    def __init__(self, *args, user, needs_code, can_wait=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["confirmation"].label = gettext('Type "%(phrase)s" to confirm') % {
            "phrase": self.phrase()
        }
        if not needs_code:
            del self.fields["code"]
        # Only after a two-step code: a password alone must never destroy her evidence at once.
        if not (needs_code and can_wait):
            del self.fields["delete_now"]

    @classmethod
    def phrase(cls):
        return gettext("delete my account")

    def clean_confirmation(self):
        typed = " ".join(self.cleaned_data["confirmation"].lower().split())
        if typed not in (self.CONFIRMATION, self.phrase()):
            raise forms.ValidationError(
                gettext('Type exactly "%(phrase)s" to go on.') % {"phrase": self.phrase()}
            )
        return typed
