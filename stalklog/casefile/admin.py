from django.contrib import admin

from stalklog.accounts.admin import StalklogUserAdmin
from stalklog.accounts.models import User
from stalklog.casefile.models import Share
from stalklog.casefile.staff import account_closed


@admin.register(Share)
class ShareAdmin(admin.ModelAdmin):
    """Who shares with whom and until when: metadata only, never a log's content. Shares are
    made and ended by victims, so the admin can read but not change them."""

    list_display = ["pk", "log_uuid", "caseworker", "organisation", "expires_at", "revoked_at"]
    list_filter = ["organisation"]
    fields = readonly_fields = list_display[1:] + ["created_at"]

    @admin.display(description="log")
    def log_uuid(self, share):
        return share.log.uuid

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("log", "caseworker", "organisation")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ClosingUserAdmin(StalklogUserAdmin):
    """An account closed here (Active unticked) is closed as on the service admin's page:
    its shares and sessions end at once (staff.account_closed)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            account_closed(obj)


admin.site.unregister(User)
admin.site.register(User, ClosingUserAdmin)
