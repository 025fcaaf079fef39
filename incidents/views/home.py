"""The pages that span the apps: the front page each kind of user lands on, the victim's
dashboard, and the overview of a log a caseworker has opened."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from incidents import selectors
from incidents.charts import monthly_bar_chart
from incidents.models import Behaviour, Incident
from stalklog.casefile.access import log_view, scoped
from stalklog.casefile.views import caseworker_home

RECENT_INCIDENTS = 10


@login_required
def home(request):
    if request.user.is_caseworker:
        return caseworker_home(request)
    if request.user.is_service_admin:
        return redirect("staff_caseworkers")
    if request.user.is_victim:
        return dashboard(request)
    return render(request, "stalklog/home.html")


@log_view
@require_safe
def dashboard(request):
    summary = selectors.summary(request.log)
    charts = {}
    if summary.by_month:
        # Drawn twice, the page's CSS showing one: a 640-wide chart squeezed onto a phone
        # shrinks its month labels to 5 px.
        charts = {
            "chart": monthly_bar_chart(summary.by_month, css_class="chart chart-wide"),
            "chart_narrow": monthly_bar_chart(
                summary.by_month,
                chart_id="incidents-per-month-narrow",
                width=320,
                height=200,
                most_labels=6,
                css_class="chart chart-narrow",
            ),
        }
    to_complete, to_complete_count = selectors.to_complete(request.log)
    return render(
        request,
        "incidents/dashboard.html",
        {
            "summary": summary,
            **charts,
            "to_complete": to_complete,
            "to_complete_count": to_complete_count,
        },
    )


@log_view
def shared_log(request):
    """The log a caseworker opened (or the victim's own): counts and the latest incidents."""
    incidents = scoped(Incident, request.log).prefetch_related(
        Prefetch("behaviours", queryset=Behaviour.objects.only("label", "order"))
    )
    share = getattr(request, "share", None)
    return render(
        request,
        "stalklog/shared_log.html",
        {
            "share": share,
            "incident_count": incidents.count(),
            "recent_incidents": incidents.order_by("-occurred_start", "-pk")[:RECENT_INCIDENTS],
        },
    )
