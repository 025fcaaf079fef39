"""What a log holds: people, orders, incidents, witnesses and amendments, and the links
from incidents to the exhibits and messages that show them.

Every model here but Behaviour belongs to exactly one Log (stalklog.casefile) through a `log`
foreign key, and is only ever reached through stalklog.casefile.access (one door for every view).
"""

import functools
import json
from datetime import UTC, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from evidence.models import Evidence, Message
from incidents import identifiers
from stalklog.casefile import audit
from stalklog.casefile.models import Log
from stalklog.core.said import say
from stalklog.core.sealed import SealedDate, SealedJSON, SealedText, sealed_column

UNSET = object()


class Behaviour(models.Model):
    """Protection from Harassment Act 1997 s2A(3) behaviours, then common additions."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        """The label in the page's language. The stored label stays English: the police
        document prints it (under translation.override, see incidents.export.document)."""
        return gettext(self.label)

    @classmethod
    def in_order(cls) -> list["Behaviour"]:
        """Every behaviour in order, read from the database once per process.

        They are reference data that only migrations write, and the timeline (its filters
        and its cards) would otherwise read them on every request. Saving or deleting one,
        migrating or flushing forgets the copy (incidents.apps).
        """
        return list(_behaviours_in_order())

    @staticmethod
    def forget_cached(**kwargs):
        _behaviours_in_order.cache_clear()


# The stored labels (incidents/migrations/0003_seed_behaviours.py), for the catalogues:
# Behaviour.display_label translates them.
BEHAVIOUR_LABELS = (
    gettext_noop("Following"),
    gettext_noop("Contacting or trying to contact you"),
    gettext_noop("Publishing material about you"),
    gettext_noop("Monitoring your phone, e-mail or internet use"),
    gettext_noop("Loitering"),
    gettext_noop("Interfering with your property"),
    gettext_noop("Watching or spying"),
    gettext_noop("Threats"),
    gettext_noop("Violence or assault"),
    gettext_noop("Sexual behaviour"),
    gettext_noop("Damage"),
    gettext_noop("Unwanted gifts"),
    gettext_noop("Contacting your family, friends or colleagues"),
    gettext_noop("Fake accounts or impersonation"),
    gettext_noop("Tracking device or spyware suspected"),
    gettext_noop("Breach of an order"),
)


@functools.cache
def _behaviours_in_order() -> tuple[Behaviour, ...]:
    return tuple(Behaviour.objects.all())


class Person(models.Model):
    class Relationship(models.TextChoices):
        EX_PARTNER = "ex_partner", _("Ex-partner")
        PARTNER = "partner", _("Partner")
        FAMILY = "family", _("Family")
        ACQUAINTANCE = "acquaintance", _("Acquaintance")
        COLLEAGUE = "colleague", _("Colleague")
        NEIGHBOUR = "neighbour", _("Neighbour")
        STRANGER = "stranger", _("Stranger")
        UNKNOWN = "unknown", _("Unknown")

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="people")
    is_perpetrator = models.BooleanField(default=False)
    relationship = models.CharField(
        max_length=20, choices=Relationship.choices, default=Relationship.UNKNOWN
    )
    name_sealed = sealed_column()
    name = SealedText()
    aliases_sealed = sealed_column()
    aliases = SealedText()
    description_sealed = sealed_column()
    description = SealedText()
    vehicles_sealed = sealed_column()
    vehicles = SealedText()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name or f"Person {self.pk}"

    @property
    def audit_label(self) -> str:
        return f"person {self.pk}"


class Identifier(models.Model):
    """A phone number, e-mail, social handle or plate linked to a person."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("Phone number")
        EMAIL = "email", _("E-mail address")
        SOCIAL = "social", _("Social media account")
        PLATE = "plate", _("Vehicle registration")
        OTHER = "other", _("Other")

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="identifiers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value_sealed = sealed_column()
    value = SealedText()
    first_seen = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.display_value}"

    @property
    def display_value(self) -> str:
        """The value as people read it (07700 900123, AB12 CDE); stored in one form."""
        return identifiers.display(self.kind, self.value)


class Order(models.Model):
    """A court order or bail condition whose breach an incident may show."""

    class Kind(models.TextChoices):
        NON_MOLESTATION = "non_molestation", _("Non-molestation order")
        RESTRAINING = "restraining", _("Restraining order")
        STALKING_PROTECTION = "stalking_protection", _("Stalking protection order")
        INJUNCTION = "injunction", _("Injunction")
        BAIL = "bail", _("Bail conditions")
        OTHER = "other", _("Other")

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Sealed: a leaked database must not link an account to a court and its dates.
    made_on_sealed = sealed_column()
    made_on = SealedDate()
    expires_on_sealed = sealed_column()
    expires_on = SealedDate()
    reference_sealed = sealed_column()
    reference = SealedText()
    conditions_sealed = sealed_column()
    conditions = SealedText()

    def __str__(self):
        return self.get_kind_display() + (f" {self.reference}" if self.reference else "")

    @property
    def audit_label(self) -> str:
        return f"order {self.pk}"


class Incident(models.Model):
    # A voice recording's chunks (incidents.recordings) are kept under `recordings/` with no
    # row each until Stop joins them into an exhibit: not orphans, and backed up.
    stored_file_folders = ("recordings",)

    class Precision(models.TextChoices):
        EXACT = "exact", _("Exact time")
        APPROXIMATE = "approximate", _("Approximate time")
        DATE = "date", _("Date only")

    class LocationType(models.TextChoices):
        HOME = "home", pgettext_lazy("kind of place", "Home")
        WORK = "work", _("Work")
        SCHOOL = "school", _("School or college")
        PUBLIC = "public", _("Public place")
        ONLINE = "online", _("Online")
        VEHICLE = "vehicle", _("Vehicle")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE_CALL = "phone_call", _("Phone call")
        TEXT = "text", _("Text or instant message")
        EMAIL = "email", _("E-mail")
        SOCIAL = "social", _("Social media")
        LETTER = "letter", _("Letter or post")
        GIFT = "gift", _("Gift or item")
        THIRD_PARTY = "third_party", _("Via someone else")

    class EnteredBy(models.TextChoices):
        VICTIM = "victim", _("Victim")
        CASEWORKER = "caseworker", _("Caseworker on the victim's behalf")

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="incidents")
    sequence_no = models.PositiveIntegerField(editable=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    occurred_start = models.DateTimeField()
    occurred_end = models.DateTimeField(null=True, blank=True)
    time_precision = models.CharField(
        max_length=12, choices=Precision.choices, default=Precision.EXACT
    )
    location_type = models.CharField(max_length=10, choices=LocationType.choices, blank=True)
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)
    behaviours = models.ManyToManyField(Behaviour, related_name="incidents")
    people = models.ManyToManyField(Person, blank=True, related_name="incidents")
    location_sealed = sealed_column()
    location = SealedText()
    description_sealed = sealed_column()
    description = SealedText()
    # Our words about what it was made from (incidents.calls: "7 calls from +44 7700 900123
    # between 21:02 and 23:40", then one line a call; incidents.conversations: "3 messages
    # from Sam between..."), kept as data: a list of Saids, the
    # first a sentence, said in each reader's language (her Welsh page, the English police
    # document). Not her text, so not in `description` (which no one translates) and not
    # amendable: it states what an exhibit holds. Sealed: it names a caller's number.
    summary_sealed = sealed_column()
    summary = SealedJSON()
    exact_words_sealed = sealed_column()
    exact_words = SealedText()
    impact_sealed = sealed_column()
    impact = SealedText()
    private_notes_sealed = sealed_column()
    private_notes = SealedText()
    # "Where I am now": the phone's position when she pressed the button, only if she did
    # ({"latitude", "longitude", "accuracy_m"}). Sealed: it can show where she lives or
    # works. Not an amendable detail, so no correction keeps a copy of it: she can describe
    # it in words (a correction of `location`) or remove it. Exports leave it out unless
    # she ticks positions for that export.
    position_sealed = sealed_column()
    position = SealedJSON()
    fear_of_violence = models.BooleanField(default=False)
    alarm_or_distress = models.BooleanField(default=False)
    effect_on_daily_life = models.BooleanField(default=False)
    impact_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(3)]
    )
    # Quick flags, one tap each: what the police and a court ask first.
    children_present = models.BooleanField("children present", default=False)
    called_999 = models.BooleanField("called 999", default=False)
    police_attended = models.BooleanField("police attended", default=False)
    reported_to_police = models.BooleanField(default=False)
    # Sealed: a leaked database must not link an account to police references.
    police_force_sealed = sealed_column()
    police_force = SealedText()
    police_officer_sealed = sealed_column()
    police_officer = SealedText()
    police_log_number_sealed = sealed_column()
    police_log_number = SealedText()
    crime_reference_sealed = sealed_column()
    crime_reference = SealedText()
    order_breached = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents"
    )
    series_count = models.PositiveIntegerField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_role = models.CharField(
        max_length=12, choices=EnteredBy.choices, default=EnteredBy.VICTIM
    )
    # Set by amend(): the timeline marks corrected incidents without a subquery per page.
    is_amended = models.BooleanField(default=False, editable=False)
    # Logged in the moment ("Log it now"): the few answers given then, to be completed later.
    # Completing it (the correction form) clears the mark; it is not an amendable detail.
    to_complete = models.BooleanField(default=False, editable=False)
    # One of the incidents she marks as most important: the summary export prints these.
    is_key = models.BooleanField("key incident", default=False, editable=False)
    # The exhibits that show it. The table is the one this link had when it was declared on
    # Evidence (evidence knows nothing of incidents; `exhibit.incidents` still reads it).
    exhibits = models.ManyToManyField(
        Evidence, blank=True, related_name="incidents", db_table="evidence_evidence_incidents"
    )
    # The messages (from an e-mail or chat export) it was made from.
    messages = models.ManyToManyField(Message, blank=True, related_name="incidents")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "sequence_no"], name="incident_seq_per_log")
        ]
        indexes = [models.Index(fields=["log", "occurred_start"], name="incident_log_when")]

    # What an amendment may change; recorded_at, sequence_no and entered_by never change.
    AMENDABLE_FIELDS = (
        "occurred_start",
        "occurred_end",
        "time_precision",
        "location_type",
        "location",
        "channel",
        "behaviours",
        "people",
        "description",
        "exact_words",
        "fear_of_violence",
        "alarm_or_distress",
        "effect_on_daily_life",
        "impact_score",
        "impact",
        "children_present",
        "called_999",
        "police_attended",
        "reported_to_police",
        "police_force",
        "police_officer",
        "police_log_number",
        "crime_reference",
        "order_breached",
        "series_count",
        "private_notes",
    )
    MANY_FIELDS = ("behaviours", "people")

    def __str__(self):
        return f"Incident {self.sequence_no}"

    @property
    def audit_label(self) -> str:
        return f"incident {self.sequence_no}"

    @property
    def summary_text(self) -> str:
        return summary_text(self.summary)

    @property
    def what_happened(self) -> str:
        """What happened as pages and documents print it: our summary of what it was made
        from, in the active language, then her description as she wrote it."""
        return "\n\n".join(text for text in (self.summary_text, self.description) if text)

    @property
    def position_text(self) -> str:
        """The saved position as people read it: "51.50142, -0.14189 (to within 20 m)"."""
        position = self.position
        if not position:
            return ""
        text = f"{position['latitude']:.5f}, {position['longitude']:.5f}"
        if position.get("accuracy_m") is not None:
            text += " " + gettext("(to within %(metres)s m)") % {
                "metres": f"{position['accuracy_m']:,}"
            }
        return text

    @property
    def is_date_only(self):
        return self.time_precision == self.Precision.DATE

    def recorded_value(self, field, value=UNSET):
        """`field`'s current value (or `value` given for it) as amendments store it: JSON,
        readable on its own years later (names and labels rather than ids)."""
        if value is UNSET:
            value = getattr(self, field)
            if field in self.MANY_FIELDS:
                value = value.all()
        if field in self.MANY_FIELDS:
            return sorted(str(item) for item in value)
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        if isinstance(value, models.Model):
            return str(value)
        return None if value == "" else value

    def amend(self, user, reason, changes, new_witnesses=()) -> "Amendment | None":
        """Apply `changes` ({field: new value}) as a correction, keeping what it replaced.

        `new_witnesses` (dicts of name, contact, account) are added; the amendment lists the
        witness names before and after. Returns the Amendment, or None when nothing changed.
        The incident row then holds the latest version; the Amendment holds
        {field: [before, after]}, sealed.
        """
        if not reason or not reason.strip():
            raise ValueError("an amendment needs a reason")
        unknown = set(changes) - set(self.AMENDABLE_FIELDS)
        if unknown:
            raise ValueError(f"these fields cannot be amended: {sorted(unknown)}")
        recorded, columns = {}, []
        with transaction.atomic():
            # Lock the row and read it again: without the lock, two corrections made at once
            # both record the version they loaded as the one they replaced, and one of the
            # versions written never shows in the history.
            log = self.log
            self.refresh_from_db(from_queryset=type(self).objects.select_for_update())
            self.log = log
            for field in self.AMENDABLE_FIELDS:
                if field not in changes:
                    continue
                before = self.recorded_value(field)
                after = self.recorded_value(field, changes[field])
                if before == after:
                    continue
                recorded[field] = [before, after]
                if field in self.MANY_FIELDS:
                    getattr(self, field).set(changes[field])
                    continue
                setattr(self, field, changes[field])
                sealed = type(self).__dict__.get(field)
                columns.append(sealed.column if isinstance(sealed, SealedText) else field)
            new_witnesses = [w for w in new_witnesses if w.get("name")]
            if new_witnesses:
                before = [w.name for w in self.witnesses.all()]
                for details in new_witnesses:
                    witness = Witness(log=self.log, incident=self)
                    for name in ("name", "contact", "account"):
                        setattr(witness, name, details.get(name, ""))
                    witness.save()
                recorded["witnesses"] = [before, before + [w["name"] for w in new_witnesses]]
            if not recorded:
                return None
            self.is_amended = True
            # Only the changed columns: recorded_at and sequence_no are never rewritten.
            self.save(update_fields=[*columns, "is_amended"])
            amendment = Amendment(log=self.log, incident=self, amended_by=user)
            amendment.reason = reason.strip()
            amendment.changes = recorded
            amendment.save()
            audit.record(self.log, user, "amended", self, "changed: " + ", ".join(recorded))
            self.log.touch()
        return amendment

    def original_values(self, amendments) -> dict:
        """{field: value as first recorded} for every field the amendments changed."""
        original = {}
        for amendment in sorted(amendments, key=lambda a: (a.amended_at, a.pk)):
            for field, (before, _after) in (amendment.changes or {}).items():
                original.setdefault(field, before)
        return original


def what_happened_opener(log):
    """A function of an incident's raw (description, summary) columns, from values_list(),
    giving what_happened without building the model: lists open thousands of rows."""
    open_description = Incident.description.opener(log)
    open_summary = Incident.summary.opener(log)

    def what_happened(description_sealed, summary_sealed) -> str:
        summary = open_summary(summary_sealed)
        said = summary_text(json.loads(summary)) if summary else ""
        return "\n\n".join(text for text in (said, open_description(description_sealed)) if text)

    return what_happened


def summary_text(summary) -> str:
    """An incident's stored summary in the active language: its sentence, then its lines."""
    said = [say(item) for item in summary or []]
    return "\n\n".join(part for part in (said[:1] + ["\n".join(said[1:])]) if part)


class Witness(models.Model):
    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="witnesses")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="witnesses")
    name_sealed = sealed_column()
    name = SealedText()
    contact_sealed = sealed_column()
    contact = SealedText()
    account_sealed = sealed_column()
    account = SealedText()

    def __str__(self):
        return self.name or "Witness"


class Amendment(models.Model):
    """A correction to an incident. `changes` keeps {field: [before, after]} so the
    original wording stays readable; the incident row always holds the latest."""

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="amendments")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="amendments")
    amended_at = models.DateTimeField(default=timezone.now, editable=False)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason_sealed = sealed_column()
    reason = SealedText()
    changes_sealed = sealed_column()
    changes = SealedJSON()

    class Meta:
        ordering = ["amended_at", "pk"]

    def __str__(self):
        return f"Amendment to incident {self.incident.sequence_no}"

    @property
    def audit_label(self) -> str:
        return f"incident {self.incident.sequence_no} amendment {self.pk}"


class CallBurst(models.Model):
    """A burst of calls (incidents.calls) already made into an incident: the call log's
    exhibit, the caller's number digest and the first call of the burst. The unique
    constraint is what stops two clicks, or two requests at the same moment, from making
    the same burst into two incidents."""

    log = models.ForeignKey(Log, on_delete=models.CASCADE, related_name="+")
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="+")
    number_digest = models.CharField(max_length=32)
    first_call_order = models.PositiveIntegerField()
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "number_digest", "first_call_order"],
                name="one_incident_per_call_burst",
            )
        ]

    def __str__(self):
        return f"Calls made into incident {self.incident_id}"
