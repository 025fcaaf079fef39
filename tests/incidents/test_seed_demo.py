"""manage.py seed_demo builds a realistic, sealed, correctly numbered demo log."""

from io import StringIO

from django.core.management import call_command

from incidents.models import Amendment, Identifier, Incident, Order, Person, Witness
from stalklog.accounts.models import User


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_a_user_and_a_varied_log(db):
    output = seed("--username", "demo", "--password", "a long demo password", "--incidents", "200")
    user = User.objects.get(username="demo")
    assert user.check_password("a long demo password")
    log = user.log
    assert "200 incidents" in output
    assert list(
        Incident.objects.filter(log=log)
        .order_by("sequence_no")
        .values_list("sequence_no", flat=True)
    ) == list(range(1, 201))
    assert log.next_sequence_no == 201 or type(log).objects.get(pk=log.pk).next_sequence_no == 201
    assert Person.objects.filter(log=log, is_perpetrator=True).count() >= 1
    assert Identifier.objects.filter(log=log).values("kind").distinct().count() >= 4
    assert Order.objects.filter(log=log).exists()
    assert Amendment.objects.filter(log=log).exists() and Witness.objects.filter(log=log).exists()
    incidents = Incident.objects.filter(log=log)
    assert incidents.values("channel").distinct().count() >= 5
    assert incidents.values("behaviours").distinct().count() >= 10
    first, last = incidents.order_by("occurred_start")[0], incidents.order_by("-occurred_start")[0]
    assert (last.occurred_start - first.occurred_start).days > 250
    sample = incidents.first()
    sample.log = log
    assert sample.description and sample.description.encode() not in bytes(
        sample.description_sealed
    )


def test_seed_demo_adds_to_an_existing_log_with_the_next_numbers(db):
    seed("--username", "demo", "--password", "a long demo password", "--incidents", "5")
    output = seed("--username", "demo", "--password", "other", "--incidents", "5")
    assert "password was left unchanged" in output
    log = User.objects.get(username="demo").log
    numbers = sorted(Incident.objects.filter(log=log).values_list("sequence_no", flat=True))
    assert numbers == list(range(1, 11))


def test_seed_demo_explains_photos_need_the_evidence_app(db):
    output = seed(
        "--username",
        "demo",
        "--password",
        "a long demo password",
        "--incidents",
        "3",
        "--photos",
        "2",
    )
    try:
        import evidence.services  # noqa: F401
    except ImportError:
        assert "photos need the evidence app" in output
