"""Signing in with a second step, recovering access, and the account pages."""

from django.urls import path
from django.views.generic import RedirectView

from stalklog.accounts import signin_views
from stalklog.accounts import views as account_views

urlpatterns = [
    # The admin's own login form would skip the second step: everyone signs in here.
    path("admin/login/", RedirectView.as_view(pattern_name="signin", query_string=True)),
    path("account/signin/code/", signin_views.signin_code, name="signin_code"),
    path("account/recover/", signin_views.signin_recovery, name="signin_recovery"),
    path("account/", account_views.account, name="account"),
    path("account/password/", account_views.password_change, name="password_change"),
    path(
        "account/password/done/",
        account_views.password_change_done,
        name="password_change_done",
    ),
    path("account/password/new/", account_views.set_new_password, name="set_new_password"),
    path("account/two-step/", account_views.two_step_setup, name="two_step_setup"),
    path(
        "account/two-step/recovery-codes/",
        account_views.recovery_codes_renew,
        name="recovery_codes_renew",
    ),
    path("account/two-step/not-now/", account_views.two_step_not_now, name="two_step_not_now"),
    path("account/two-step/remove/", account_views.two_step_remove, name="two_step_remove"),
    path("account/sessions/", account_views.sessions, name="sessions"),
    path(
        "account/sessions/end-others/",
        account_views.sessions_end_others,
        name="sessions_end_others",
    ),
    path("account/history/", account_views.sign_in_history_page, name="sign_in_history"),
]
