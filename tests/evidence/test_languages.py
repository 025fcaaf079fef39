"""The evidence pages and messages in Welsh, Polish and Urdu (issue 21): what she reads is in
her language; what is stored as data (a file's detected type, a withdrawal's words) stays
English, because the police document and the parsers read it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from evidence.models import Evidence
from evidence.services import store_upload, withdraw_exhibit
from tests.conftest import client_for
from tests.evidence import files
from tests.evidence.conftest import upload
from tests.evidence.factories import linked_kwargs, make_chat_exhibit, make_exhibit

# A word or sentence of each page, in each language, from the catalogues.
PAGES = {
    "list": {"cy": "Geiriau chwilio", "pl": "Szukane słowa", "ur": "تلاش کے الفاظ"},
    "upload": {
        "cy": "Lanlwytho tystiolaeth",
        "pl": "Prześlij dowody",
        "ur": "ثبوت اپ لوڈ کریں",
    },
    "edit": {
        "cy": "tri chwestiwn cyflym",
        "pl": "trzy krótkie pytania",
        "ur": "تین مختصر سوال",
    },
    "detail": {
        "cy": "Mae'r ffeil hon yn datgelu lleoliad.",
        "pl": "Ten plik zdradza miejsce.",
        "ur": "یہ فائل ایک مقام ظاہر کرتی ہے۔",
    },
    "messages": {
        "cy": "Dangos negeseuon gan",
        "pl": "Pokaż wiadomości od",
        "ur": "ان کے پیغامات دکھائیں",
    },
    "calls": {
        "cy": "Cofnodi galwadau fel digwyddiadau",
        "pl": "Zapisz połączenia jako zdarzenia",
        "ur": "کالوں کو واقعات کے طور پر درج کریں",
    },
    "unlink": {
        "cy": "Canslo, eu cadw'n gysylltiedig",
        "pl": "Anuluj, zostaw je połączone",
        "ur": "منسوخ کریں، منسلک رہنے دیں",
    },
    "withdraw": {
        "cy": "Tynnu'n ôl a dileu'r ffeil",
        "pl": "Wycofaj i usuń plik",
        "ur": "واپس لیں اور فائل حذف کر دیں",
    },
}


def speaking(user, code):
    user.language = code
    user.save(update_fields=["language"])
    return client_for(user)


def page_url(name, victim):
    if name == "list":
        make_exhibit(victim.log, victim)
        return reverse("exhibit_list")
    if name == "upload":
        return reverse("exhibit_upload")
    if name == "unlink":
        return reverse("exhibit_unlink", kwargs=linked_kwargs(victim.log, victim))
    if name in ("edit", "detail"):
        return reverse(f"exhibit_{name}", args=[make_exhibit(victim.log, victim).pk])
    if name == "messages":
        return reverse("exhibit_messages", args=[make_chat_exhibit(victim.log, victim).pk])
    if name == "calls":
        evidence = make_exhibit(victim.log, victim, "calls.xml", files.calls_xml())
        return reverse("exhibit_calls", args=[evidence.pk])
    return reverse("exhibit_withdraw", args=[make_exhibit(victim.log, victim).pk])


@pytest.mark.parametrize("code", ["cy", "pl", "ur"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_evidence_pages_are_in_her_language(victim, name, code):
    client = speaking(victim, code)
    response = client.get(page_url(name, victim))
    page = response.content.decode()
    assert response.status_code == 200
    assert PAGES[name][code] in page
    assert "{%" not in page and "%(" not in page


def test_the_call_directions_are_shown_in_her_language_and_stored_in_english(victim):
    client = speaking(victim, "pl")
    evidence = make_exhibit(victim.log, victim, "calls.xml", files.calls_xml())
    page = client.get(reverse("exhibit_calls", args=[evidence.pk])).content.decode()
    assert "Nieodebrane" in page or "Przychodzące" in page
    # Stored as English msgids; an incident's summary (incidents.calls) says them per reader.
    assert {call.get_direction_display() for call in evidence.calls.all()} <= {
        "Incoming",
        "Outgoing",
        "Missed",
        "Voicemail",
        "Rejected",
        "Blocked",
    }


def test_a_refused_file_is_named_and_the_reason_is_in_her_language(victim):
    client = speaking(victim, "pl")
    response = client.post(
        reverse("exhibit_upload"),
        {"files": [SimpleUploadedFile("puste.png", b""), SimpleUploadedFile("f.jpg", b"<html>")]},
    )
    page = response.content.decode()
    assert "Nie zapisano pliku puste.png: plik jest pusty (0 bajtów)." in page
    assert "Nie zapisano pliku f.jpg: jego nazwa kończy się na .jpg" in page
    assert not Evidence.objects.exists()


def test_the_quota_refusal_is_in_her_language(victim, settings):
    settings.STALKLOG_STORAGE_QUOTA_BYTES = 1000
    client = speaking(victim, "cy")
    data = files.jpeg()
    response = client.post(
        reverse("exhibit_upload"), {"files": [SimpleUploadedFile("a.jpg", data)]}
    )
    assert "Chafodd a.jpg mo&#x27;i chadw: mae eich tystiolaeth eisoes yn defnyddio" in (
        response.content.decode()
    )


def test_a_note_written_when_reading_is_said_in_each_readers_language(victim):
    """Stored as a message and its values (stalklog.core.said), not as the words of the
    moment: the same note reads in Polish for her and in Welsh for a Welsh caseworker,
    whatever language the upload ran in."""
    victim.language = "pl"
    victim.save(update_fields=["language"])
    with translation.override("ur"):
        evidence = store_upload(
            victim.log, victim, upload("calls.xml", b"<?xml version='1.0'?><calls><ca")
        )
    evidence = Evidence.objects.get(pk=evidence.pk)
    assert evidence.metadata["note"]["said"].startswith("Kept as it is, but the calls were")
    with translation.override("pl"):
        assert evidence.note_text.startswith(
            "Zachowany bez zmian, ale połączenia nie zostały odczytane: plik XML jest uszkodzony"
        )
    with translation.override("cy"):
        assert evidence.note_text.startswith("Wedi’i chadw fel y mae") or (
            evidence.note_text.startswith("Wedi'i chadw fel y mae")
        )
    with translation.override("en-gb"):
        assert evidence.note_text.startswith("Kept as it is, but the calls were not read")


def test_a_parsers_notes_are_said_in_the_readers_language(victim):
    """A call log cut short: the parser's list of notes, with a plural count in it."""
    data = files.calls_xml()
    cut = data[: data.index(b"<call", data.index(b"<call", 200) + 10)]
    evidence = store_upload(victim.log, victim, upload("calls.xml", cut))
    evidence = Evidence.objects.get(pk=evidence.pk)
    with translation.override("pl"):
        polish = evidence.note_text
    with translation.override("en-gb"):
        english = evidence.note_text
    assert "cut short after" in english
    assert polish and "cut short" not in polish


def test_an_older_note_stored_as_text_is_shown_as_it_was(victim):
    evidence = make_exhibit(victim.log, victim)
    evidence.metadata = {**evidence.metadata, "note": "Kept as it is."}
    with translation.override("pl"):
        assert evidence.note_text == "Kept as it is."


def test_the_detected_type_is_stored_in_english_whatever_her_language(victim):
    """metadata["type"] is data the parsers compare (a .msg's reader); pages translate it."""
    with translation.override("ur"):
        evidence = make_exhibit(victim.log, victim)
    assert evidence.metadata["type"] == "JPEG image"


def test_the_kind_of_exhibit_is_in_her_language(victim):
    evidence = make_exhibit(victim.log, victim)
    with translation.override("pl"):
        assert evidence.get_kind_display() == "Zdjęcie"
    with translation.override("en-gb"):
        assert evidence.get_kind_display() == "Photo"


def test_a_withdrawn_exhibit_says_so_in_her_language_and_the_exhibit_lists_in_english(victim):
    evidence = make_exhibit(victim.log, victim)
    withdraw_exhibit(evidence, victim, reason="zły plik")
    evidence = Evidence.objects.get(pk=evidence.pk)
    page = speaking(victim, "pl").get(reverse("exhibit_detail", args=[evidence.pk]))
    assert "JS/1 wycofany przez osobę pokrzywdzoną " in page.content.decode()
    assert ": zły plik" in page.content.decode()
    # The line every exhibit list (and the police document) prints stays English.
    with translation.override("pl"):
        assert evidence.withdrawal_line.startswith("JS/1 withdrawn by the victim on ")


def test_screenshot_answers_are_shown_in_her_language_and_printed_in_english(victim):
    evidence = make_exhibit(victim.log, victim, screenshot_answers={"sender_visible": "yes"})
    page = speaking(victim, "cy").get(reverse("exhibit_detail", args=[evidence.pk]))
    assert "enw neu rif yr anfonwr i&#x27;w weld" in page.content.decode()
    with translation.override("cy"):
        assert evidence.screenshot_notes == ["sender's name or number visible"]


def test_the_detected_type_is_shown_in_her_language(victim):
    evidence = make_exhibit(victim.log, victim)
    page = speaking(victim, "pl").get(reverse("exhibit_detail", args=[evidence.pk]))
    assert "<dd>Obraz JPEG</dd>" in page.content.decode()


def test_a_polish_readers_police_export_prints_the_evidence_words_in_english(victim):
    """The police document is English whatever her pages are in (incidents.export's
    print_language): the kind of exhibit, her screenshot answers and a withdrawal line."""
    from incidents.export.options import ExportOptions
    from incidents.export.services import export_timeline
    from tests.evidence.factories import make_incident
    from tests.incidents.export.conftest import pdf_text

    victim.language = "pl"
    victim.save(update_fields=["language"])
    incident = make_incident(victim.log, victim)
    make_exhibit(
        victim.log, victim, incidents=[incident], screenshot_answers={"sender_visible": "yes"}
    )
    wrong = make_exhibit(victim.log, victim, "wrong.jpg", incidents=[incident])
    withdraw_exhibit(wrong, victim, reason="zły plik")
    out = io.BytesIO()
    with translation.override("pl"):  # as in her request: LanguageMiddleware chose Polish
        export_timeline(victim.log, victim, ExportOptions(), out)
    text = " ".join(pdf_text(out.getvalue()).split())
    assert "Photo" in text and "Zdjęcie" not in text
    assert "sender's name or number visible" in text and "widać nazwę" not in text
    assert "JS/2 withdrawn by the victim on" in text and "wycofany" not in text


def test_the_list_says_what_matched_in_her_language(victim):
    make_exhibit(victim.log, victim, "ogrodzenie.jpg", title="Samochód pod domem")
    client = speaking(victim, "pl")
    client.post(reverse("exhibit_list"), {"q": "samochód"})
    page = client.get(reverse("exhibit_list")).content.decode()
    assert "Dopasowano: tytuł" in page


def test_a_disguised_attachments_warning_is_said_in_the_readers_language(victim):
    """An attachment is kept even when its name hides what it is; the warning kept on it
    (evidence.sniff.mismatch) is read later, in each reader's language."""
    from evidence import sniff
    from stalklog.core.said import Said

    evidence = make_exhibit(victim.log, victim)
    problem = sniff.mismatch("photo.jpg", sniff.HTML)
    evidence.metadata = {
        **evidence.metadata,
        "disguised": Said.gettext(
            "Its name does not match its content: %(problem)s.", problem=problem
        ),
    }
    evidence.save(update_fields=["metadata_sealed"])
    evidence = Evidence.objects.get(pk=evidence.pk)
    with translation.override("en-gb"):
        assert "its name ends in .jpg but its content is a HTML page" in evidence.disguised_text
    with translation.override("pl"):
        polish = evidence.disguised_text
    assert ".jpg" in polish and "its name ends" not in polish and "HTML page" not in polish


def telegram_with_a_nameless_message():
    import json

    entry = {"type": "message", "date": "2024-03-02T21:14:05", "date_unixtime": "1709414045"}
    return json.dumps(
        {
            "name": "Sam",
            "type": "personal_chat",
            "messages": [
                {**entry, "id": 1, "from": "Sam", "text": "Answer me"},
                {**entry, "id": 2, "text": "Nobody signed this"},
            ],
        }
    ).encode()


def mailbox_with_a_nameless_message():
    return (
        b"From MAILER-DAEMON Sat Mar 02 21:30:00 2024\n"
        b"Date: Sat, 02 Mar 2024 21:30:00 +0000\nSubject: hi\n\nNo From line here.\n"
    )


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("result.json", telegram_with_a_nameless_message(), "Nobody signed this"),
        ("Inbox.mbox", mailbox_with_a_nameless_message(), "No From line here."),
    ],
)
def test_a_message_with_no_sender_stores_none_whatever_the_uploaders_language(
    victim, name, data, text
):
    """Not the words of the moment ("Nieznany nadawca" for a Polish uploader): a Welsh reader
    later must read "Anfonwr anhysbys", the police document "Unknown sender"."""
    with translation.override("pl"):
        evidence = store_upload(victim.log, victim, upload(name, data))
    nameless = [m for m in evidence.messages.all() if text in m.text]
    assert [m.sender for m in nameless] == [""]


@pytest.mark.parametrize(
    ("code", "unknown"),
    [("cy", "Anfonwr anhysbys"), ("pl", "Nieznany nadawca"), ("en-gb", "Unknown sender")],
)
def test_a_message_with_no_sender_reads_unknown_sender_in_the_readers_language(
    victim, code, unknown
):
    with translation.override("ur"):
        evidence = store_upload(
            victim.log, victim, upload("result.json", telegram_with_a_nameless_message())
        )
    client = speaking(victim, code)
    url = reverse("exhibit_messages", args=[evidence.pk])
    page = client.get(url).content.decode()
    assert f"<strong>{unknown}</strong>" in page
    assert "<strong></strong>" not in page
    # The filter offers the unknown sender in her words, and shows only its messages.
    assert f">{unknown}</option>" in page
    client.post(url, {"sender": "\x1f", "show_sender": "1"})
    page = client.get(url).content.decode()
    assert "Nobody signed this" in page and "Answer me" not in page
    client.post(url, {"sender": "Sam", "show_sender": "1"})
    page = client.get(url).content.decode()
    assert "Nobody signed this" not in page and "Answer me" in page
    client.post(url, {"sender": "", "show_sender": "1"})
    page = client.get(url).content.decode()
    assert "Nobody signed this" in page and "Answer me" in page


def test_an_older_message_stored_with_words_for_its_sender_shows_them(victim):
    data = telegram_with_a_nameless_message()
    evidence = store_upload(victim.log, victim, upload("result.json", data))
    message = evidence.messages.get(order=2)
    message.sender = "Unknown sender"
    message.save()
    page = speaking(victim, "cy").get(reverse("exhibit_messages", args=[evidence.pk]))
    assert "<strong>Unknown sender</strong>" in page.content.decode()
