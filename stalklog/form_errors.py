"""The error summary every form shows (GOV.UK Design System's pattern): a titled list of what
is wrong, each a link to its field. A template builtin (settings.TEMPLATES), so every app's
templates can use `{% error_summary form formset ... %}` without loading it."""

from django import template
from django.forms.formsets import BaseFormSet

register = template.Library()


def link_target(field) -> str:
    """The id a summary link jumps to: the field's input, or the first box of a group of
    checkboxes or radios (their fieldset has no focusable element of its own)."""
    if field.use_fieldset:
        return f"{field.auto_id}_0"
    return field.id_for_label or field.auto_id


def form_errors(form) -> list[tuple[str, str]]:
    """(href, message) for each error of `form`, in the order of its fields; an error that
    belongs to no visible field has no link."""
    rows = [("", str(error)) for error in form.non_field_errors()]
    for field in form:
        href = "" if field.is_hidden or not field.auto_id else f"#{link_target(field)}"
        rows.extend((href, str(error)) for error in field.errors)
    return rows


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, extra=None):
    """The summary for `forms` (forms or formsets; None is skipped). `extra` is a message
    of the page's own shown first (a refusal that belongs to no field)."""
    errors = [("", str(extra))] if extra else []
    for form in forms:
        if isinstance(form, BaseFormSet):
            if form.is_bound:
                errors.extend(("", str(error)) for error in form.non_form_errors())
                for member in form.forms:
                    errors.extend(form_errors(member))
        elif form is not None:
            errors.extend(form_errors(form))
    return {"errors": errors}
