"""Managing a support service's caseworker accounts (for its service admin): creating one
with a one-time password, closing and reopening one. Nothing here reaches a log's content."""

from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils.crypto import get_random_string

from stalklog.accounts.models import User
from stalklog.accounts.signins import end_sessions
from stalklog.accounts.signup import is_name_taken
from stalklog.accounts.throttle import Purpose, count_wrong_guess, is_account_held_back
from stalklog.casefile.sharing import CODE_ALPHABET, end_shares_of


def initial_password() -> str:
    """A one-time password to hand over in person: about 98 bits, easy to read and type."""
    return "-".join(get_random_string(4, CODE_ALPHABET.lower()) for _ in range(5))


# Usernames a service admin may find taken in an hour before the form stops looking.
REFUSED_NAMES_PER_HOUR = 10


def is_held_back(admin) -> bool:
    """Has `admin` met too many taken names this hour? Ask before looking at a name."""
    return is_account_held_back(admin, Purpose.CASEWORKER_NAME, REFUSED_NAMES_PER_HOUR)


def create_caseworker(form, admin):
    """Save a new caseworker of `admin`'s organisation; returns (user, their initial
    password), or (None, None) with the form refusing the name when it is taken (which
    counts towards is_held_back: the answer is an oracle for the names victims use)."""
    username = form.cleaned_data["username"]
    if is_name_taken(username):
        return _refuse_name(form, admin)
    user = form.save(commit=False)
    user.role = User.Role.CASEWORKER
    user.organisation = admin.organisation
    password = initial_password()
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same name taken at the same moment
        return _refuse_name(form, admin)
    return user, password


def _refuse_name(form, admin):
    count_wrong_guess(admin, Purpose.CASEWORKER_NAME)
    form.add_error("username", form.NAME_REFUSED)
    return None, None


def caseworkers_of(admin):
    """The caseworker accounts of a service admin's organisation, active ones first."""
    return User.objects.filter(organisation=admin.organisation, role=User.Role.CASEWORKER).order_by(
        "-is_active", "last_name", "first_name", "username"
    )


@transaction.atomic
def set_caseworker_active(caseworker, active: bool):
    """Let a caseworker sign in again, or not: closing an account also ends, for good, every
    share and unused sharing code they had (reactivating brings none back)."""
    caseworker.is_active = active
    caseworker.save(update_fields=["is_active"])
    if not active:
        account_closed(caseworker)
    return caseworker


def account_closed(user):
    """What closing an account does, here or in Django's admin: every share and unused
    sharing code ends for good, and every session ends. Django ignores an inactive user's
    sessions but keeps them: reopening the account would bring a session that was open when
    it closed (perhaps a thief's) back."""
    end_shares_of(user)
    end_sessions(user)
