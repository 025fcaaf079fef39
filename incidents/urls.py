from django.urls import path

from . import views

urlpatterns = [
    path("incidents/", views.timeline, name="timeline"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/amend/", views.incident_amend, name="incident_amend"),
    path(
        "incidents/<int:pk>/amendments/<int:amendment_pk>/",
        views.amendment_detail,
        name="amendment_detail",
    ),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("orders/", views.orders, name="orders"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:pk>/edit/", views.order_edit, name="order_edit"),
]
