"""On a touch phone every control someone in a hurry taps is at least 44 px tall (WCAG 2.5.5):
the header and footer links, Sign out, Cancel and Not now beside their buttons, page links,
the dashboard's kinds of thing, and tick boxes and round choices with their labels. Links in
running text are exempt (WCAG's inline exception)."""

from django.core.files.base import ContentFile

from evidence.services import store_upload
from incidents.management.demo import seed_log
from tests.browser.conftest import sign_in
from tests.conftest import make_victim
from tests.evidence import files

SMALL_TARGETS = """() => {
  const small = [];
  const targets = document.querySelectorAll(
    'a, button, summary, label:has(input[type=checkbox]), label:has(input[type=radio])');
  for (const el of targets) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || r.right <= 0 || style.visibility === 'hidden') continue;  // skip links
    if (el.closest('label') && el.tagName !== 'LABEL') continue;  // the label is the target
    if (el.tagName === 'A' && style.display === 'inline' && el.closest('p')) continue;  // in text
    const name = el.innerText.trim().slice(0, 40);
    if (r.height < 43.5) small.push(`${el.tagName} "${name}" ${Math.round(r.height)}px`);
  }
  return small;
}"""


def test_every_control_is_a_thumb_sized_target_on_a_phone(phone_page, transactional_db):
    victim = make_victim()
    seed_log(victim.log, victim, incidents=30)
    calls = store_upload(victim.log, victim, ContentFile(files.calls_xml(), "calls.xml"))
    incident = victim.log.incidents.first()
    sign_in(phone_page, victim.username)
    small = {}
    for path in [
        "/",
        "/incidents/",
        "/incidents/?page=2",
        "/people/new/",
        f"/incidents/{incident.pk}/amend/",
        "/orders/new/",
        "/export/",
        "/export/documents/",
        f"/evidence/{calls.pk}/calls/",
    ]:
        phone_page.goto(path)
        if found := phone_page.evaluate(SMALL_TARGETS):
            small[path] = found
    assert not small, small
