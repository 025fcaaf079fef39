import io
import subprocess

import pytest
from docx import Document

from incidents.models import Incident, Order
from tests.incidents.export.conftest import evidence_log, private_storage, rich_log  # noqa: F401

PRIVATE = "I think my sister told him where I live."
ADDRESS = "14 Acacia Avenue"


def pdftotext(pdf: bytes) -> str:
    """The PDF's text as poppler reads it, pages separated by form feeds."""
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return result.stdout.decode()


def docx_text(data: bytes) -> dict:
    """Body paragraphs, header and footer text and the file's properties of a .docx."""
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    properties = document.core_properties
    return {
        "paragraphs": [p.text for p in document.paragraphs],
        "body": "\n".join(p.text for p in document.paragraphs),
        "header": "\n".join(p.text for p in section.header.paragraphs),
        "footer_xml": section.footer._element.xml,
        "properties": " ".join(
            str(v or "")
            for v in (properties.author, properties.title, properties.comments,
                      properties.last_modified_by, properties.subject)
        ),
    }  # fmt: skip


def incident(log, number):
    return Incident.objects.get(log=log, sequence_no=number)


@pytest.fixture
def orders(evidence_log):  # noqa: F811 - the fixture imported above
    """A non-molestation order breached by incidents 1 and 3, bail conditions by 2."""
    log, _ = evidence_log
    order = Order(log=log, kind=Order.Kind.NON_MOLESTATION, reference="FD26F00123")
    order.conditions = "Must not go within 100 metres of the applicant's workplace."
    order.save()
    bail = Order(log=log, kind=Order.Kind.BAIL)
    bail.conditions = "Not to contact the victim."
    bail.save()
    Incident.objects.filter(log=log, sequence_no__in=[1, 3]).update(order_breached=order)
    Incident.objects.filter(log=log, sequence_no=2).update(order_breached=bail)
    return order, bail
