from django.core.management import call_command
from django.test import override_settings

from stalklog.casefile.models import Log
from stalklog.core.crypto import decode_master_key, key_id, wrapping_key_id
from tests.conftest import make_victim

OLD = "q9Yf1m0oDk0jz3aHk7oU2cJrKpH0q9Yf1m0oDk0jz3a"
NEW = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg"


def test_rotation_rewraps_keys_and_sealed_data_still_opens(db, capsys):
    with override_settings(STALKLOG_MASTER_KEY=OLD, STALKLOG_OLD_MASTER_KEYS=[]):
        victim = make_victim()
        sealed = victim.log.sealer.seal("kept safe", "test")
    with override_settings(STALKLOG_MASTER_KEY=NEW, STALKLOG_OLD_MASTER_KEYS=[OLD]):
        call_command("rotate_master_key")
        assert "Rewrapped 1 log key(s)" in capsys.readouterr().out
    with override_settings(STALKLOG_MASTER_KEY=NEW, STALKLOG_OLD_MASTER_KEYS=[]):
        log = Log.objects.get()
        assert wrapping_key_id(log.wrapped_key) == key_id(decode_master_key(NEW))
        assert log.sealer.open(sealed, "test") == "kept safe"
