from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import RegexValidator
from django.db import transaction

from incidents.models import Log

from .models import User


class SignUpForm(UserCreationForm):
    initials = forms.CharField(
        max_length=4,
        validators=[RegexValidator(r"^[A-Za-z]{1,4}$", "Use 1 to 4 letters, like JS.")],
        help_text="Your initials, used to number your evidence (JS/1, JS/2…).",
    )

    class Meta:
        model = User
        fields = ["username"]

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        user.role = User.Role.VICTIM
        user.save()
        Log.create_for(user, self.cleaned_data["initials"].upper())
        return user
