"""Issue 21: the caseworker's and service admin's pages, the recovery pages, the page that
stops a share, and their messages, in Welsh, Polish and Urdu (the page's own words; names
and codes as they are)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from stalklog.casefile import recovery
from tests.actors import make_caseworker, make_service_admin, make_share, opened_client
from tests.conftest import client_for, make_victim

# language -> words from each page, in that language.
WORDS = {
    "cy": {
        "recovery_start": "Cael cod cais",
        "recovery_status": "Darllenwch y cod cais hwn i’ch gweithiwr achos:",
        "recovery_check": "Dod o hyd i’r cais",
        "recovery_checked": "Chi a gadarnhaodd pwy ydyn nhw",
        "staff_recovery": "Cymeradwyo",
        "staff_caseworkers": "Ychwanegu gweithiwr achos",
        "staff_close": "Cau’r cyfrif",
        "shared_log": "Cau’r cofnod hwn",
        "banner": "Canslo ailosod y cyfrinair",
        "caseworker_home": "Cofnodion a rannwyd gyda chi",
        "sharing_revoke": "Stopio rhannu nawr",
        "access_log": "Mae’r cofnod hwn yn gyflawn",
    },
    "pl": {
        "recovery_start": "Pobierz kod prośby",
        "recovery_status": "Przeczytaj ten kod prośby swojemu opiekunowi sprawy:",
        "recovery_check": "Znajdź prośbę",
        "recovery_checked": "Tożsamość potwierdzona przez ciebie",
        "staff_recovery": "Zatwierdź",
        "staff_caseworkers": "Dodaj opiekuna sprawy",
        "staff_close": "Zamknij konto",
        "shared_log": "Zamknij ten dziennik",
        "banner": "Anuluj zmianę hasła",
        "caseworker_home": "Dzienniki udostępnione tobie",
        "sharing_revoke": "Przestań udostępniać teraz",
        "access_log": "Ten zapis jest kompletny",
    },
    "ur": {
        "recovery_start": "درخواست کا کوڈ حاصل کریں",
        "recovery_status": "یہ درخواست کا کوڈ اپنے کیس ورکر کو پڑھ کر سنائیں:",
        "recovery_check": "درخواست تلاش کریں",
        "recovery_checked": "شناخت کی تصدیق",
        "staff_recovery": "منظور کریں",
        "staff_caseworkers": "کیس ورکر شامل کریں",
        "staff_close": "اکاؤنٹ بند کریں",
        "shared_log": "یہ ریکارڈ بند کریں",
        "banner": "پاس ورڈ ری سیٹ منسوخ کریں",
        "caseworker_home": "آپ کے ساتھ شیئر کیے گئے ریکارڈ",
        "sharing_revoke": "ابھی شیئر کرنا بند کریں",
        "access_log": "یہ ریکارڈ مکمل ہے",
    },
}


def speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def assert_translated(response, words):
    assert response.status_code == 200
    content = response.content.decode()
    assert words in content, words
    assert "{%" not in content and "%(" not in content and "{{" not in content


@pytest.mark.parametrize("language", WORDS)
def test_the_casefile_pages_speak_each_language(db, language):
    words = WORDS[language]
    victim = speaking(make_victim(), language)
    caseworker = speaking(make_caseworker(), language)
    admin = speaking(make_service_admin(), language)
    share = make_share(victim.log, caseworker)

    # Her browser, before signing in, in the language she chose there.
    browser = Client()
    browser.post(reverse("language"), {"language": language, "next": "/"})
    assert_translated(browser.get(reverse("recovery_start")), words["recovery_start"])
    browser.post(reverse("recovery_start"), {"username": victim.username})
    status = browser.get(reverse("recovery_status"))
    assert_translated(status, words["recovery_status"])
    code = re.search(r'id="request-code">([^<]+)<', status.content.decode()).group(1)

    caseworker_client = opened_client(share)
    assert_translated(caseworker_client.get("/"), words["caseworker_home"])
    assert_translated(caseworker_client.get(reverse("shared_log")), words["shared_log"])
    assert_translated(caseworker_client.get(reverse("recovery_check")), words["recovery_check"])
    found = caseworker_client.post(reverse("recovery_check"), {"code": code})
    assert found.status_code == 200
    checked = caseworker_client.post(
        reverse("recovery_check"),
        {"code": code, "identity_checked": "on", "identity_checked_step": "1"},
    )
    assert_translated(checked, words["recovery_checked"])
    # Her own account shows the banner in her language.
    her = client_for(victim)
    assert_translated(her.get("/"), words["banner"])
    stop = reverse("sharing_revoke", kwargs={"share_id": share.pk})
    assert_translated(her.get(stop), words["sharing_revoke"])
    # The access log's own words (its lines and summaries: test_visits_languages.py).
    assert_translated(her.get(reverse("access_log")), words["access_log"])

    staff = client_for(admin)
    assert_translated(staff.get(reverse("staff_recovery")), words["staff_recovery"])
    assert_translated(staff.get(reverse("staff_caseworkers")), words["staff_caseworkers"])
    close = reverse("staff_caseworker_deactivate", kwargs={"user_id": caseworker.pk})
    assert_translated(staff.get(close), words["staff_close"])


def test_a_refusal_and_a_message_come_in_her_language(db):
    victim = make_victim()
    caseworker = speaking(make_caseworker(), "pl")
    share = make_share(victim.log, caseworker)
    client = opened_client(share)
    response = client.post(reverse("recovery_check"), {"code": "aaaa-bbbb"})
    assert response.status_code == 404
    assert "Żadna osoba, która udostępnia ci dziennik, nie ma prośby z tym kodem." in (
        response.content.decode()
    )
    admin = speaking(make_service_admin(), "cy")
    recovery.start_recovery(victim.username)
    req = recovery.confirm_identity(victim.recovery_requests.get(), caseworker)
    response = client_for(admin).post(
        reverse("staff_recovery_refuse", kwargs={"request_id": req.pk}), follow=True
    )
    assert f"Gwrthodwyd cais {req.pk}. Ni ellir ei ddefnyddio mwyach." in response.content.decode()


def test_a_share_that_ended_is_said_in_the_caseworkers_language(db):
    """The message was English on every page (it was never marked)."""
    share = make_share(make_victim().log, speaking(make_caseworker(), "pl"))
    client = opened_client(share)
    share.revoke()
    response = client.get(reverse("shared_log"), follow=True)
    assert "Ten dziennik nie jest już ci udostępniony." in response.content.decode()


def test_a_refused_caseworker_name_is_said_in_the_admins_language(db):
    make_victim("jane.doe")
    admin = client_for(speaking(make_service_admin(), "cy"))
    data = {"username": "jane.doe", "first_name": "Jo", "last_name": "Bloggs"}
    page = admin.post(reverse("staff_caseworkers"), data).content.decode()
    assert "Does dim modd defnyddio’r enw defnyddiwr hwnnw. Dewiswch un arall." in page
