"""The one door to a victim's data: every view reaches log data through here.

`get_log_for(request)` answers "which log may this request work on?" and everything
log-scoped is then looked up with `owned()` / `scoped()`, so an id from another log is a
404, never a 403 that would confirm it exists.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from incidents.models import Log


def get_log_for(request) -> Log:
    """The log this signed-in user may work on now, or 404."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if user.is_victim:
        log = Log.objects.filter(owner=user).first()
        if log is not None:
            return log
    raise Http404


def log_view(view):
    """Decorate a view that works on log data: sign-in required, `request.log` set."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.log = get_log_for(request)
        return view(request, *args, **kwargs)

    return wrapper


def scoped(model_or_queryset, log):
    """The rows of a log-scoped model (or queryset) that belong to `log`."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(log=log)


def owned(model_or_queryset, log, **lookup):
    """One row of `log`, or 404: the only way views fetch a log-scoped object by id."""
    obj = get_object_or_404(scoped(model_or_queryset, log), **lookup)
    obj.log = log  # reuse the log (and its unwrapped key) already in hand
    return obj
