"""Forms for incidents, people, orders and the timeline filters.

The incident form asks only for when, what happened and what kind of behaviour it was; every
other part sits in a closed <details> section, so a phone user can save in under a minute.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from incidents.models import Behaviour, Incident, Order, Person
from incidents.when import (
    FIRST,
    FOLDS,
    SECOND,
    NonexistentTime,
    is_ambiguous,
    is_repeated,
    local,
    to_utc,
    which_time_choices,
)
from incidents.widgets import QuickDateInput, QuickSearchInput, QuickSelect
from stalklog.casefile.access import scoped

DATE = {"type": "date"}
TIME = {"type": "time"}
MAX_TEXT = 20_000
NOT_GIVEN = gettext_lazy("Not given")
ANY = pgettext_lazy("filter: any kind", "Any")


def date_input():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs=TIME, format="%H:%M")


def textarea(rows=4):
    # dir=auto: her words run in their own direction as she types them (Urdu on an English
    # page, English on an Urdu one), as they do where the pages show them.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


def blank_choice(choices, label=NOT_GIVEN):
    return [("", label), *choices]


# Yes/no facts asked on both forms, one tap each (shown on the incident and printed).
QUICK_FLAGS = ("children_present", "called_999", "police_attended")

# "Where I am now": hidden fields filled by static/js/where-i-am.js only when she presses
# the button, on the two forms that record a new incident.
POSITION_FIELDS = ("position_latitude", "position_longitude", "position_accuracy")


def position_field(low, high):
    return forms.FloatField(required=False, min_value=low, max_value=high, widget=forms.HiddenInput)


def clean_position(form, data) -> dict | None:
    """The position her phone gave ({"latitude", "longitude", "accuracy_m"}), or None.

    The fields are filled by script, never typed: anything odd (half a position, out of
    range) is one message for the whole form, nothing is saved, and the form comes back with
    what she typed and the position emptied, so sending it again works.
    """
    if not set(POSITION_FIELDS) <= set(form.fields):
        return None
    latitude, longitude = data.get("position_latitude"), data.get("position_longitude")
    broken = any(name in form.errors for name in POSITION_FIELDS)
    if broken or (latitude is None) != (longitude is None):
        for name in POSITION_FIELDS:
            form.errors.pop(name, None)
        form.data = form.data.copy()
        for name in POSITION_FIELDS:
            form.data[form.add_prefix(name)] = ""
        form.add_error(
            None,
            _(
                "Your phone's position could not be read, so it was not added. Press 'Add "
                "where I am now' again, or describe the place in words later."
            ),
        )
        return None
    if latitude is None:
        return None
    accuracy = data.get("position_accuracy")
    return {
        "latitude": round(latitude, 6),
        "longitude": round(longitude, 6),
        "accuracy_m": None if accuracy is None or accuracy < 0 else round(accuracy),
    }


def which_field():
    """Asked only when a time happened twice (the night the clocks go back): otherwise a
    hidden, empty field. See RepeatedHourQuestion._ask_which()."""
    return forms.ChoiceField(
        label=gettext_lazy("Which one?"),
        required=False,
        choices=[(FIRST, FIRST), (SECOND, SECOND)],
        widget=forms.HiddenInput,
    )


class BehaviourChoiceField(forms.ModelMultipleChoiceField):
    """Behaviours in the page's language (their stored labels are English: the export's)."""

    def label_from_instance(self, obj):
        return obj.display_label


class RepeatedHourQuestion:
    """For forms that take a UK wall-clock time: the night the clocks go back, 01:00 to
    01:59 happens twice, so such a time turns its hidden `which` field into a question in
    plain words; a time in the spring gap never happened and is refused."""

    def _ask_which(self, name, day, at):
        """Turn the hidden `name` into the question: which of the two `at`s on `day`?"""
        field = self.fields[name]
        field.widget = forms.RadioSelect()
        field.choices = which_time_choices(at, day)
        field.label = _("%(time)s happened twice that night: the clocks went back. Which one?") % {
            "time": f"{at:%H:%M}"
        }

    def _instant(self, day, at, field, which=None):
        """The UTC instant of `day` at `at`, or None with an error on the form: on `which`
        when the time happened twice and she has not said which, on `field` when it never
        happened."""
        fold = 0
        if at and which and is_ambiguous(day, at):
            self._ask_which(which, day, at)
            chosen = self.cleaned_data.get(which)
            if chosen not in FOLDS:
                self.add_error(
                    which,
                    _(
                        "%(time)s happened twice on %(day)s: the clocks went back an hour at "
                        "2am. Choose which %(time)s it was."
                    )
                    % {"time": f"{at:%H:%M}", "day": date_format(day, "j F Y")},
                )
                return None
            fold = FOLDS[chosen]
        try:
            return to_utc(day, at, fold)
        except NonexistentTime:
            self.add_error(
                field,
                _(
                    "%(time)s did not happen in the UK on %(day)s: the clocks went forward an "
                    "hour. Enter the time shown on a clock that had changed, an hour later."
                )
                % {"time": f"{at:%H:%M}", "day": date_format(day, "j F Y")},
            )
            return None


class IncidentForm(RepeatedHourQuestion, forms.Form):
    """Record or correct an incident. `cleaned_incident()` gives Incident attributes."""

    offers_position = True

    # (section title, fields) shown as <details>, open when anything in them is filled in.
    SECTIONS = (
        (gettext_lazy("When it ended"), ("end_date", "end_time", "end_time_which")),
        (gettext_lazy("Where it happened"), ("location_type", "location")),
        (gettext_lazy("How they contacted you"), ("channel", "series_count")),
        (
            gettext_lazy("Who was involved"),
            ("people", "new_person_name", "new_person_relationship"),
        ),
        (gettext_lazy("Their exact words"), ("exact_words",)),
        (
            gettext_lazy("How it affected you"),
            (
                "fear_of_violence",
                "alarm_or_distress",
                "effect_on_daily_life",
                "impact_score",
                "impact",
            ),
        ),
        (
            gettext_lazy("Police"),
            (
                "reported_to_police",
                "police_force",
                "police_officer",
                "police_log_number",
                "crime_reference",
            ),
        ),
        (gettext_lazy("Court order or bail conditions broken"), ("order_breached",)),
        (gettext_lazy("Private notes"), ("private_notes",)),
    )

    date = forms.DateField(label=gettext_lazy("Date it happened"), widget=date_input())
    time = forms.TimeField(
        label=gettext_lazy("Time it started"),
        required=False,
        widget=time_input(),
        help_text=gettext_lazy("UK time."),
    )
    time_which = which_field()
    time_precision = forms.ChoiceField(
        label=gettext_lazy("How sure are you of the time?"),
        choices=Incident.Precision.choices,
        initial=Incident.Precision.EXACT,
        widget=forms.RadioSelect,
    )
    behaviours = BehaviourChoiceField(
        label=gettext_lazy("What kind of thing happened?"),
        queryset=Behaviour.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Choose all that fit."),
        error_messages={
            "required": gettext_lazy("Choose at least one kind of thing that happened.")
        },
    )
    description = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=MAX_TEXT,
        widget=textarea(5),
        help_text=gettext_lazy("In your own words. You can add more or correct it later."),
        error_messages={"required": gettext_lazy("Describe what happened, even in a few words.")},
    )
    end_date = forms.DateField(
        label=gettext_lazy("Date it ended"), required=False, widget=date_input()
    )
    end_time = forms.TimeField(
        label=gettext_lazy("Time it ended"), required=False, widget=time_input()
    )
    end_time_which = which_field()
    location_type = forms.ChoiceField(
        label=gettext_lazy("Kind of place"),
        required=False,
        choices=blank_choice(Incident.LocationType.choices),
    )
    location = forms.CharField(
        label=gettext_lazy("Where"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("An address, a street, a shop."),
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("How"), required=False, choices=blank_choice(Incident.Channel.choices)
    )
    series_count = forms.IntegerField(
        label=gettext_lazy("How many times, if it was a series"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=gettext_lazy(
            "For example 23 calls in one evening. Say when they started and ended above."
        ),
    )
    people = forms.MultipleChoiceField(
        label=gettext_lazy("People in your log"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_person_name = forms.CharField(
        label=gettext_lazy("Add someone new"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("A name or a description, like 'man in the blue van'."),
    )
    new_person_relationship = forms.ChoiceField(
        label=gettext_lazy("Who they are to you"),
        required=False,
        choices=Person.Relationship.choices,
        initial=Person.Relationship.UNKNOWN,
    )
    exact_words = forms.CharField(
        label=gettext_lazy("What they said or wrote, word for word"),
        required=False,
        max_length=MAX_TEXT,
        widget=textarea(),
    )
    fear_of_violence = forms.BooleanField(label=gettext_lazy("I feared violence"), required=False)
    alarm_or_distress = forms.BooleanField(
        label=gettext_lazy("It caused me alarm or distress"), required=False
    )
    effect_on_daily_life = forms.BooleanField(
        label=gettext_lazy("It changed my daily life (routes, work, sleep, going out)"),
        required=False,
    )
    impact_score = forms.TypedChoiceField(
        label=gettext_lazy("How bad was it for you?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("0", gettext_lazy("0 none")),
            ("1", gettext_lazy("1 a little")),
            ("2", gettext_lazy("2 a lot")),
            ("3", gettext_lazy("3 severe")),
        ],
        widget=forms.RadioSelect,
    )
    impact = forms.CharField(
        label=gettext_lazy("How it affected you"),
        required=False,
        max_length=MAX_TEXT,
        widget=textarea(3),
    )
    children_present = forms.BooleanField(
        label=gettext_lazy("Children were present"), required=False
    )
    called_999 = forms.BooleanField(label=gettext_lazy("I called 999"), required=False)
    police_attended = forms.BooleanField(label=gettext_lazy("Police attended"), required=False)
    reported_to_police = forms.BooleanField(
        label=gettext_lazy("I reported it to the police"), required=False
    )
    police_force = forms.CharField(
        label=gettext_lazy("Police force"), required=False, max_length=100
    )
    police_officer = forms.CharField(
        label=gettext_lazy("Officer's name or number"), required=False, max_length=100
    )
    police_log_number = forms.CharField(
        label=gettext_lazy("Incident log number"), required=False, max_length=50
    )
    crime_reference = forms.CharField(
        label=gettext_lazy("Crime reference number"), required=False, max_length=50
    )
    order_breached = forms.ChoiceField(label=gettext_lazy("Order or conditions"), required=False)
    position_latitude = position_field(-90, 90)
    position_longitude = position_field(-180, 180)
    position_accuracy = position_field(0, 1_000_000)
    private_notes = forms.CharField(
        label=gettext_lazy("Private notes"),
        required=False,
        max_length=MAX_TEXT,
        widget=textarea(3),
        help_text=gettext_lazy("Only for you: never included in an export."),
    )

    def __init__(self, *args, log, people=None, orders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = log
        if not self.offers_position:
            for name in POSITION_FIELDS:
                del self.fields[name]
        self._people = {}
        for person in people if people is not None else scoped(Person, log):
            person.log = log  # its name is sealed with this log's key: no query per person
            self._people[str(person.pk)] = person
        self._orders = {
            str(o.pk): o for o in (orders if orders is not None else scoped(Order, log))
        }
        self.fields["people"].choices = sorted(
            ((pk, person.name) for pk, person in self._people.items()), key=lambda c: c[1].lower()
        )
        self.fields["order_breached"].choices = blank_choice(
            [(pk, str(order)) for pk, order in self._orders.items()], pgettext("order", "None")
        )
        if not self._people:
            self.fields["people"].widget = forms.MultipleHiddenInput()
        if not self.is_bound and "date" not in self.initial:
            now = local(timezone.now())
            self.initial.update(date=now.date(), time=now.time().replace(second=0, microsecond=0))
        if not self.is_bound:
            for which, day, at in (
                ("time_which", "date", "time"),
                ("end_time_which", "end_date", "end_time"),
            ):
                if self.initial.get(which):
                    self._ask_which(which, self.initial[day], self.initial[at])

    @classmethod
    def initial_for(cls, incident):
        start = local(incident.occurred_start)
        end = local(incident.occurred_end) if incident.occurred_end else None
        initial = {
            name: getattr(incident, name)
            for name in (
                "time_precision",
                "location_type",
                "location",
                "channel",
                "series_count",
                "description",
                "exact_words",
                "fear_of_violence",
                "alarm_or_distress",
                "effect_on_daily_life",
                "impact",
                "children_present",
                "called_999",
                "police_attended",
                "reported_to_police",
                "police_force",
                "police_officer",
                "police_log_number",
                "crime_reference",
                "private_notes",
            )
        }
        initial.update(
            date=start.date(),
            time=None if incident.is_date_only else start.time().replace(second=0, microsecond=0),
            end_date=end.date() if end else None,
            end_time=end.time().replace(second=0, microsecond=0) if end else None,
            time_which=_which(start) if not incident.is_date_only else "",
            end_time_which=_which(end) if end else "",
            behaviours=[b.pk for b in incident.behaviours.all()],
            people=[str(p.pk) for p in incident.people.all()],
            impact_score="" if incident.impact_score is None else str(incident.impact_score),
            order_breached=str(incident.order_breached_id or ""),
        )
        return initial

    def quick_flags(self):
        return [self[name] for name in QUICK_FLAGS]

    def sections(self):
        for title, names in self.SECTIONS:
            fields = [self[name] for name in names]
            is_open = any(f.errors for f in fields) or any(
                f.value() not in (None, "", [], False, "False")
                for f in fields
                if f.name not in ("new_person_relationship", "time_precision")
            )
            yield {"title": title, "fields": fields, "open": is_open}

    def clean(self):
        data = super().clean()
        day, at = data.get("date"), data.get("time")
        precision = data.get("time_precision")
        if day and precision == Incident.Precision.DATE:
            at = None
        elif day and at is None and precision:
            self.add_error(
                "time",
                _("Enter the time it started, or choose 'Date only' if you do not know it."),
            )
        start = self._instant(day, at, "time" if at else "date", "time_which") if day else None
        if start and start > timezone.now() + timedelta(minutes=10):
            self.add_error("date", _("That is in the future. Enter when it happened."))
        end_date, end_time = data.get("end_date"), data.get("end_time")
        end = None
        if start and (end_date or end_time):
            end = self._instant(
                end_date or day,
                end_time,
                "end_time" if end_time else "end_date",
                "end_time_which",
            )
            if end and end < start:
                self.add_error(
                    "end_time", _("The end must be after the start. Check the date and time.")
                )
        data["occurred_start"], data["occurred_end"] = start, end
        data["position"] = clean_position(self, data)
        if data.get("new_person_name", "").strip():
            data["new_person_name"] = data["new_person_name"].strip()
        return data

    def clean_people(self):
        return [self._people[pk] for pk in self.cleaned_data["people"] if pk in self._people]

    def clean_order_breached(self):
        pk = self.cleaned_data["order_breached"]
        return self._orders.get(pk) if pk else None

    def new_person(self) -> dict | None:
        """Someone named for the first time on this form, to add to the log."""
        name = self.cleaned_data.get("new_person_name")
        if not name:
            return None
        return {"name": name, "relationship": self.cleaned_data.get("new_person_relationship")}

    def cleaned_incident(self) -> dict:
        """Incident attributes from the form: for record_incident() or Incident.amend()."""
        data = self.cleaned_data
        fields = {name: data[name] for name in Incident.AMENDABLE_FIELDS if name in data}
        fields["impact_score"] = data.get("impact_score")
        return fields


def _which(moment) -> str:
    """ "first" or "second" for a local time in the hour that happens twice, else ""."""
    if not is_repeated(moment):
        return ""
    return SECOND if moment.fold else FIRST


class AmendIncidentForm(IncidentForm):
    """A correction. It does not offer "where I am now": a position taken later is not
    where she was when it happened."""

    offers_position = False

    reason = forms.CharField(
        label=gettext_lazy("Why are you changing it?"),
        max_length=1000,
        widget=textarea(2),
        help_text=gettext_lazy(
            "For example 'I remembered the time' or 'spelling'. The first version is kept."
        ),
        error_messages={
            "required": gettext_lazy(
                "Say why you are changing it: the reason is kept with the change."
            )
        },
    )

    def __init__(self, *args, summary="", **kwargs):
        """`summary`: the incident's summary of what it was made from (Incident.summary_text),
        shown above her description: with it, her own words are optional, as they were
        when the incident was made."""
        super().__init__(*args, **kwargs)
        self.summary = summary
        if summary:
            self.fields["description"].required = False


class WitnessForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Witness name"), required=False, max_length=200)
    contact = forms.CharField(
        label=gettext_lazy("How to reach them"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "Phone or address. Left out of what you share unless you choose to include it."
        ),
    )
    account = forms.CharField(
        label=gettext_lazy("What they saw or heard"),
        required=False,
        max_length=MAX_TEXT,
        widget=textarea(2),
    )

    def clean(self):
        data = super().clean()
        if (data.get("contact") or data.get("account")) and not data.get("name"):
            self.add_error("name", _("Enter a name or a description of the witness."))
        return data


WitnessFormSet = forms.formset_factory(WitnessForm, extra=2, max_num=20)


def check_date_range(form, cleaned):
    """A reversed From/To range is an error on its To field, never an empty result."""
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end and start > end:
        form.add_error(
            "date_to", _("The 'To' date is before the 'From' date. Make it the same or later.")
        )


class TimelineFilterForm(forms.Form):
    """The timeline's search and filters, bound to what the session remembers (the form
    POSTs; see incidents.views.incidents.timeline). Invalid values are dropped, never an
    error page; a reversed date range is also said, on the To date."""

    NEWEST, OLDEST = "newest", "oldest"

    # autocomplete off: browsers otherwise keep typed search words in their form history.
    q = forms.CharField(
        label=gettext_lazy("Search words"),
        required=False,
        max_length=200,
        widget=QuickSearchInput(attrs={"autocomplete": "off"}),
    )
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=QuickDateInput
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"), required=False, widget=QuickDateInput
    )
    behaviour = forms.ChoiceField(
        label=gettext_lazy("Kind of thing"), required=False, widget=QuickSelect
    )
    person = forms.ChoiceField(label=gettext_lazy("Person"), required=False, widget=QuickSelect)
    channel = forms.ChoiceField(
        label=gettext_lazy("How"),
        required=False,
        choices=blank_choice(Incident.Channel.choices, ANY),
        widget=QuickSelect,
    )
    order = forms.ChoiceField(
        label=pgettext_lazy("sort order", "Order"),
        required=False,
        choices=[(NEWEST, gettext_lazy("Newest first")), (OLDEST, gettext_lazy("Oldest first"))],
        widget=QuickSelect,
    )

    def __init__(self, *args, behaviours, people, **kwargs):
        """`people`: {pk: name} (selectors.person_names)."""
        super().__init__(*args, **kwargs)
        self.fields["behaviour"].choices = blank_choice(
            [(b.code, b.display_label) for b in behaviours], ANY
        )
        self.fields["person"].choices = blank_choice(
            [(str(pk), name) for pk, name in people.items()], _("Anyone")
        )

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, cleaned)
        if "date_to" in self.errors:
            # Half of a reversed range would still hide incidents she cannot see why.
            cleaned.pop("date_from", None)
        return cleaned

    def filters(self) -> dict:
        """The valid filters, for incidents.selectors.timeline()."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: value
            for name, value in data.items()
            if value not in (None, "") and name not in self.errors
        }


class LogItNowForm(RepeatedHourQuestion, forms.Form):
    """'Log it now': the few answers that can be given in the moment, on a phone.

    The incident it makes is marked to complete; the full form (a correction) adds the rest.
    `behaviours` come in the order to show them (her most used first); the first
    `SHOWN_BEHAVIOURS` are buttons on the page, the others behind "More".
    """

    NOW, MINUTES_AGO, AT = "now", "minutes_ago", "at"
    MINUTES_AGO_MINUTES = 5
    MAX_BEHAVIOURS = 3
    SHOWN_BEHAVIOURS = 6

    when = forms.ChoiceField(
        label=gettext_lazy("When"),
        choices=[
            (NOW, gettext_lazy("Now")),
            (MINUTES_AGO, gettext_lazy("A few minutes ago")),
            (AT, pgettext_lazy("log it now: at a time", "At")),
        ],
        initial=NOW,
        widget=forms.RadioSelect,
    )
    at = forms.TimeField(
        label=gettext_lazy("Time"),
        required=False,
        widget=time_input(),
        help_text=gettext_lazy(
            "UK time, today (or last night, if that time has not come yet today)."
        ),
    )
    at_which = which_field()
    description = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=MAX_TEXT,
        widget=textarea(3),
        error_messages={"required": gettext_lazy("Say what happened, even in a few words.")},
    )
    people = forms.MultipleChoiceField(
        label=gettext_lazy("Who"), required=False, widget=forms.CheckboxSelectMultiple
    )
    behaviours = forms.MultipleChoiceField(
        label=gettext_lazy("What kind of thing"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Up to three. You can add more when you complete it."),
    )
    children_present = IncidentForm.base_fields["children_present"]
    called_999 = IncidentForm.base_fields["called_999"]
    police_attended = IncidentForm.base_fields["police_attended"]
    position_latitude = IncidentForm.base_fields["position_latitude"]
    position_longitude = IncidentForm.base_fields["position_longitude"]
    position_accuracy = IncidentForm.base_fields["position_accuracy"]
    offers_position = True

    def __init__(self, *args, log, people, behaviours, **kwargs):
        """`people`: {pk: name} (selectors.person_names); `behaviours`: Behaviour objects."""
        super().__init__(*args, **kwargs)
        self.log = log
        self._people = people
        self._behaviours = {str(b.pk): b for b in behaviours}
        self.fields["people"].choices = [(str(pk), name) for pk, name in people.items()]
        self.fields["behaviours"].choices = [(str(b.pk), b.display_label) for b in behaviours]

    def behaviour_buttons(self):
        """(shown, more): the behaviour checkboxes on the page and those behind "More"."""
        buttons = list(self["behaviours"])
        return buttons[: self.SHOWN_BEHAVIOURS], buttons[self.SHOWN_BEHAVIOURS :]

    def more_is_open(self) -> bool:
        chosen = set(self["behaviours"].value() or ())
        _shown, more = self.behaviour_buttons()
        return any(str(button.data["value"]) in chosen for button in more)

    def quick_flags(self):
        return [self[name] for name in QUICK_FLAGS]

    def clean_people(self):
        return [int(pk) for pk in self.cleaned_data["people"] if int(pk) in self._people]

    def clean_behaviours(self):
        chosen = [self._behaviours[pk] for pk in self.cleaned_data["behaviours"]]
        if len(chosen) > self.MAX_BEHAVIOURS:
            raise forms.ValidationError(
                _("Choose up to three kinds of thing. You can add more when you complete it.")
            )
        return chosen

    def clean(self):
        data = super().clean()
        data["position"] = clean_position(self, data)
        now = timezone.now()
        at = data.get("at")
        if at is not None or data.get("when") == self.AT:
            if at is None:
                if "at" not in self.errors:
                    self.add_error("at", _("Enter the time it happened, or choose 'Now'."))
                return data
            today = local(now).date()
            day = today
            try:
                if to_utc(today, at) > now + timedelta(minutes=10):  # still to come: last night
                    day = today - timedelta(days=1)
            except NonexistentTime:
                pass  # today's clocks skipped it: _instant below says so
            start = self._instant(day, at, "at", "at_which")
            if start is None:
                return data
            data["occurred_start"], data["time_precision"] = start, Incident.Precision.EXACT
        elif data.get("when") == self.MINUTES_AGO:
            data["occurred_start"] = now - timedelta(minutes=self.MINUTES_AGO_MINUTES)
            data["time_precision"] = Incident.Precision.APPROXIMATE
        else:
            data["occurred_start"] = now.replace(second=0, microsecond=0)
            data["time_precision"] = Incident.Precision.EXACT
        return data

    def cleaned_incident(self) -> dict:
        """Arguments for incidents.services.record_incident."""
        data = self.cleaned_data
        return {
            "occurred_start": data["occurred_start"],
            "time_precision": data["time_precision"],
            "description": data["description"],
            "behaviours": data["behaviours"],
            "people": data["people"],
            "position": data["position"],
            **{name: data[name] for name in QUICK_FLAGS},
        }


class PositionForm(forms.Form):
    """The incident page's choices for a saved position: put it into words, or remove it."""

    DESCRIBE, REMOVE = "describe", "remove"

    action = forms.ChoiceField(choices=[(DESCRIBE, DESCRIBE), (REMOVE, REMOVE)])
    words = forms.CharField(
        label=gettext_lazy("Where you were, in words"),
        required=False,
        max_length=IncidentForm.base_fields["location"].max_length,
        help_text=gettext_lazy(
            "For example: outside the Co-op on Mill Road. It replaces the position, "
            "and is kept as a correction of where it happened."
        ),
    )

    def clean(self):
        data = super().clean()
        data["words"] = " ".join(data.get("words", "").split())
        if data.get("action") == self.DESCRIBE and not data["words"]:
            self.add_error("words", _("Write where you were, or choose 'Remove the position'."))
        return data


class KeyIncidentForm(forms.Form):
    """The incident page's switch: a key incident is printed in the short summary."""

    is_key = forms.BooleanField(
        label=gettext_lazy("A key incident: include it in the short summary for the police"),
        required=False,
    )
