from django.db import migrations

# Protection from Harassment Act 1997 s2A(3), then the common additions (DESIGN.md section 3).
BEHAVIOURS = [
    ("following", "Following"),
    ("contacting", "Contacting or trying to contact you"),
    ("publishing", "Publishing material about you"),
    ("monitoring", "Monitoring your phone, e-mail or internet use"),
    ("loitering", "Loitering"),
    ("interfering_property", "Interfering with your property"),
    ("watching", "Watching or spying"),
    ("threats", "Threats"),
    ("violence", "Violence or assault"),
    ("sexual", "Sexual behaviour"),
    ("damage", "Damage"),
    ("unwanted_gifts", "Unwanted gifts"),
    ("contacting_others", "Contacting your family, friends or colleagues"),
    ("impersonation", "Fake accounts or impersonation"),
    ("tracking", "Tracking device or spyware suspected"),
    ("order_breach", "Breach of an order"),
]


def seed(apps, schema_editor):
    Behaviour = apps.get_model("incidents", "Behaviour")
    for order, (code, label) in enumerate(BEHAVIOURS, start=1):
        Behaviour.objects.update_or_create(code=code, defaults={"label": label, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("incidents", "Behaviour").objects.filter(
        code__in=[code for code, _ in BEHAVIOURS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_initial")]

    operations = [migrations.RunPython(seed, unseed)]
