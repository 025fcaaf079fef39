from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("exit/", views.quick_exit, name="quick_exit"),
    path("safety/", views.safety, name="safety"),
    path("help/", views.help_lines, name="help"),
    path("healthz", views.healthz, name="healthz"),
    path("account/signup/", views.signup, name="signup"),
    path(
        "account/signin/",
        auth_views.LoginView.as_view(
            template_name="stalklog/signin.html", redirect_authenticated_user=True
        ),
        name="signin",
    ),
    path("account/signout/", auth_views.LogoutView.as_view(), name="signout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="stalklog/password_change.html", success_url="/account/password/done/"
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="stalklog/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("", include("incidents.urls")),
    path("", include("evidence.urls")),
    path("", include("incidents.export.urls")),
    path("admin/", admin.site.urls),
]
