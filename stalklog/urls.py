from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from stalklog import views
from stalklog.accounts import signin_views

urlpatterns = [
    path("exit/", views.quick_exit, name="quick_exit"),
    path("safety/", views.safety, name="safety"),
    path("help/", views.help_lines, name="help"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.language, name="language"),
    # The words the page scripts show, in her language, from our own origin (CSP: 'self').
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["stalklog.accounts"]),
        name="javascript_catalog",
    ),
    path("account/signup/", views.signup, name="signup"),
    path("account/signin/", signin_views.signin, name="signin"),
    path("account/signout/", signin_views.SignOutView.as_view(), name="signout"),
    path("", include("stalklog.accounts.urls")),
    path("", include("incidents.urls")),
    path("", include("evidence.urls")),
    path("", include("stalklog.casefile.urls")),
    path("", include("incidents.export.urls")),
    path("", include("incidents.documents.urls")),
    path("admin/", admin.site.urls),
]
