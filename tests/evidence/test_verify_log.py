import pytest
from django.core.management import CommandError, call_command

from stalklog.casefile.models import AccessEvent
from tests.evidence import files
from tests.evidence.factories import make_exhibit


def stored(private_storage, kind):
    return [p for p in private_storage.rglob("*") if p.is_file() and f"/{kind}/" in str(p)]


def test_intact_log_verifies(victim, capsys):
    make_exhibit(victim.log, victim)
    make_exhibit(victim.log, victim, "m.eml", files.eml_with_attachment())
    call_command("verify_log", username=victim.username)
    out = capsys.readouterr().out
    assert out.startswith("OK: ")
    # photo: original, preview, thumbnail; e-mail: original; its attached photo: three
    assert "7 stored files match" in out


def test_altered_original_is_reported(victim, private_storage, capsys):
    evidence = make_exhibit(victim.log, victim)
    [original] = stored(private_storage, "originals")
    data = bytearray(original.read_bytes())
    data[100] ^= 1
    original.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="1 problem found"):
        call_command("verify_log", username=victim.username)
    assert f"{evidence.exhibit_ref} original" in capsys.readouterr().err


def test_missing_preview_is_reported(victim, private_storage, capsys):
    make_exhibit(victim.log, victim)
    stored(private_storage, "previews")[0].unlink()
    with pytest.raises(CommandError):
        call_command("verify_log", username=victim.username)
    assert "preview: the stored file is missing" in capsys.readouterr().err


def test_edited_access_event_is_reported(victim, capsys):
    make_exhibit(victim.log, victim)
    AccessEvent.objects.filter(log=victim.log).update(action="viewed")
    with pytest.raises(CommandError):
        call_command("verify_log", username=victim.username)
    assert "event 1 was altered" in capsys.readouterr().err


def test_unknown_user_is_an_error(db):
    with pytest.raises(CommandError, match="no log belongs"):
        call_command("verify_log", username="nobody")
