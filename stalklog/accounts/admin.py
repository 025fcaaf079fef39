from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from stalklog.accounts.models import Organisation, User


@admin.register(User)
class StalklogUserAdmin(UserAdmin):
    list_display = ["username", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Role", {"fields": ["role", "organisation"]}),)


admin.site.register(Organisation)
