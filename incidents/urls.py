from django.urls import path

from incidents.views import exhibits, home, incidents, log_it_now, people, recordings

urlpatterns = [
    path("", home.home, name="home"),
    path("shared/", home.shared_log, name="shared_log"),
    path("incidents/", incidents.timeline, name="timeline"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/now/", log_it_now.log_it_now, name="log_it_now"),
    path("incidents/<int:pk>/record/", recordings.record_voice, name="record_voice"),
    path("incidents/<int:pk>/record/chunk/", recordings.record_chunk, name="record_chunk"),
    path("incidents/<int:pk>/record/stop/", recordings.record_finish, name="record_finish"),
    path("incidents/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path(
        "incidents/<int:pk>/evidence/link/",
        incidents.incident_exhibit_link,
        name="incident_exhibit_link",
    ),
    path("incidents/<int:pk>/position/", incidents.incident_position, name="incident_position"),
    path(
        "incidents/<int:pk>/position/remove/",
        incidents.incident_position_remove,
        name="incident_position_remove",
    ),
    path("incidents/<int:pk>/amend/", incidents.incident_amend, name="incident_amend"),
    path("incidents/<int:pk>/key/", incidents.incident_key, name="incident_key"),
    path(
        "incidents/<int:pk>/amendments/<int:amendment_pk>/",
        incidents.amendment_detail,
        name="amendment_detail",
    ),
    path("people/", people.people, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("orders/", people.orders, name="orders"),
    path("orders/new/", people.order_new, name="order_new"),
    path("orders/<int:pk>/edit/", people.order_edit, name="order_edit"),
    path("evidence/upload/", exhibits.exhibit_upload, name="exhibit_upload"),
    path("evidence/<int:pk>/", exhibits.exhibit_detail, name="exhibit_detail"),
    path("evidence/<int:pk>/link/", exhibits.exhibit_link, name="exhibit_link"),
    path(
        "evidence/<int:pk>/unlink/<int:incident_pk>/",
        exhibits.exhibit_unlink,
        name="exhibit_unlink",
    ),
    path("evidence/<int:pk>/messages/", exhibits.exhibit_messages, name="exhibit_messages"),
    path("evidence/<int:pk>/calls/", exhibits.exhibit_calls, name="exhibit_calls"),
]
