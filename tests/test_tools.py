"""The programs and files .ci/run installs (system-packages.txt, `make axe`, postgresql) are
on this machine. Tests that use them fail in their own words when one is missing; this says
plainly which one and how to install it. Skipped on a developer's machine without one; under
CI (the CI variable set) a missing one fails (tests/conftest.py, needs)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import AXE, CHROMIUM
from tests.conftest import needs
from tests.incidents.export.test_worker_database_restart import pg_bin

SYSTEM_DEPS = "run `make system-deps` (system-packages.txt)"
COMMANDS = {
    "tesseract": "tesseract-ocr",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "msgfmt": "gettext",
    "xgettext": "gettext",
    "fc-list": "fontconfig (with the fonts)",
}
# The families print.css and site.css name for every script; WeasyPrint finds them by name.
FONTS = {
    "DejaVu Sans Mono": "fonts-dejavu-core",
    "Liberation Mono": "fonts-liberation",
    "Noto Naskh Arabic": "fonts-noto-core",
    "Noto Nastaliq Urdu": "fonts-noto-core",
    "Noto Sans Mono": "fonts-noto-mono",
    "Noto Sans Mono CJK SC": "fonts-noto-cjk",
    "Noto Color Emoji": "fonts-noto-color-emoji",
}


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_installed(command):
    needs(shutil.which(command), f"{command} is missing: {SYSTEM_DEPS}, {COMMANDS[command]}")


def test_chromium_is_installed():
    needs(Path(CHROMIUM).exists(), f"Chromium is missing at {CHROMIUM}: {SYSTEM_DEPS}")


def test_tesseract_has_its_english_model():
    model = Path(settings.STALKLOG_TESSDATA) / "eng.traineddata"
    needs(model.exists(), f"{model} is missing: {SYSTEM_DEPS}, tesseract-ocr-eng")


def test_axe_core_is_installed():
    needs(AXE.exists(), "axe-core is not installed: run `make axe`")


def test_postgresql_is_installed():
    needs(pg_bin("initdb"), "initdb is missing: install Debian's postgresql package")


@pytest.mark.parametrize("family", FONTS)
def test_font_is_installed(family):
    needs(shutil.which("fc-list"), f"fc-list is missing: {SYSTEM_DEPS}")
    found = subprocess.run(
        ["fc-list", f":family={family}", "family"], capture_output=True, text=True, check=True
    ).stdout
    needs(found.strip(), f"the font {family} is missing: {SYSTEM_DEPS}, {FONTS[family]}")
