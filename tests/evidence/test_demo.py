from django.core.management import call_command

from evidence.models import Evidence
from stalklog.accounts.models import User


def test_seed_demo_photos_are_real_exhibits_linked_to_incidents(db, capsys):
    call_command(
        "seed_demo", username="demo", password="a long demo password", incidents=5, photos=3
    )
    log = User.objects.get(username="demo").log
    photos = list(Evidence.objects.filter(log=log))
    assert len(photos) == 3
    for photo in photos:
        photo.log = log
        assert photo.kind == Evidence.Kind.PHOTO
        assert photo.has_preview
        assert photo.incidents.count() == 1
        assert photo.metadata["exif"]["device"]
    assert photos[0].has_gps
    call_command("verify_log", username="demo")
    assert "OK:" in capsys.readouterr().out
