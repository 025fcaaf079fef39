"""Sharing with caseworkers, the caseworker's pages, the service admin's pages, and a
request to reset a password."""

from django.urls import path

from stalklog.casefile import account_views, recovery_views, staff_views
from stalklog.casefile import views as sharing_views

urlpatterns = [
    path("account/new-password/", recovery_views.recovery_start, name="recovery_start"),
    path("account/new-password/status/", recovery_views.recovery_status, name="recovery_status"),
    path("account/new-password/cancel/", recovery_views.recovery_cancel, name="recovery_cancel"),
    path("account/delete/", account_views.account_delete, name="account_delete"),
    path("account/deletion/", account_views.deletion_pending, name="deletion_pending"),
    path("sharing/", sharing_views.share_settings, name="sharing"),
    path("sharing/confirm/", sharing_views.share_confirm, name="sharing_confirm"),
    path("sharing/<int:share_id>/stop/", sharing_views.share_revoke, name="sharing_revoke"),
    path("sharing/activity/", sharing_views.access_log, name="access_log"),
    path("caseworker/code/", sharing_views.share_code_new, name="share_code_new"),
    path("caseworker/open/<int:share_id>/", sharing_views.share_open, name="share_open"),
    path("caseworker/close/", sharing_views.share_close, name="share_close"),
    path("caseworker/recovery/", recovery_views.recovery_check, name="recovery_check"),
    path("staff/recovery/", recovery_views.staff_recovery, name="staff_recovery"),
    path(
        "staff/recovery/<int:request_id>/approve/",
        recovery_views.staff_recovery_approve,
        name="staff_recovery_approve",
    ),
    path(
        "staff/recovery/<int:request_id>/refuse/",
        recovery_views.staff_recovery_refuse,
        name="staff_recovery_refuse",
    ),
    path("staff/caseworkers/", staff_views.staff_caseworkers, name="staff_caseworkers"),
    path(
        "staff/caseworkers/<int:user_id>/deactivate/",
        staff_views.staff_caseworker_deactivate,
        name="staff_caseworker_deactivate",
    ),
    path(
        "staff/caseworkers/<int:user_id>/reactivate/",
        staff_views.staff_caseworker_reactivate,
        name="staff_caseworker_reactivate",
    ),
]
