"""Background tasks of the evidence app (django-tasks; `make worker` runs them)."""

from django_tasks import task

from evidence.models import Evidence
from evidence.reading import read_exhibit


@task()
def read_exhibit_later(evidence_id: int):
    evidence = Evidence.objects.select_related("log").filter(pk=evidence_id).first()
    if evidence is None or evidence.reading != "waiting":
        return  # deleted or withdrawn meanwhile, or already read
    read_exhibit(evidence)
