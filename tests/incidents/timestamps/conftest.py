import pytest

from tests.incidents.export.conftest import evidence_log, private_storage, rich_log  # noqa: F401
from tests.tsa import make_authority, running_authority


@pytest.fixture
def authority(tmp_path, settings):
    """A real RFC 3161 authority on loopback, configured as the app's, its CA trusted."""
    with running_authority(tmp_path / "tsa") as (url, server):
        settings.STALKLOG_TSA_URL = url
        settings.STALKLOG_TSA_CA_FILE = str(tmp_path / "tsa" / "ca.pem")
        yield server


@pytest.fixture
def stranger_ca(tmp_path):
    return make_authority(tmp_path / "stranger", name="Someone Else") / "ca.pem"
