"""Django's own words that our pages show: sign-up, sign-in and password pages, a
caseworker's name, and how long ago a device was last seen.

Django's catalogues for Welsh and especially Urdu leave many of them untranslated, so ours
carry them too (LOCALE_PATHS comes first). Listing them here is what makes `make messages`
keep them in our catalogues; nothing calls these. The text must stay exactly as Django's.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WORDS = [
    # django.forms
    gettext_noop("This field is required."),
    # django.contrib.auth: the user, the sign-in and password forms
    gettext_noop("username"),
    gettext_noop("Password"),
    gettext_noop("Password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Old password"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both "
        "fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, "
        "numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("first name"),
    gettext_noop("last name"),
    # django.contrib.auth.password_validation
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
    # django.utils.timesince (the sessions page's "5 minutes ago"): Welsh and Urdu lack them.
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
]
