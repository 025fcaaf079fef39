"""Two-step sign-in: an authenticator app (TOTP through django-otp) plus ten recovery codes.

The secret is shown once as a QR code drawn here as inline SVG (no outside service ever
sees it) and as text; it only counts once a code from the app has been checked.
"""

import base64

import qrcode
from django.db import transaction
from django.utils.html import format_html
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from stalklog.accounts.models import RecoveryCode
from stalklog.core.codes import hash_code, new_code

RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"


def totp_device(user, confirmed=True):
    """The user's authenticator app, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_two_step(user) -> bool:
    return user.is_authenticated and any(devices_for_user(user, confirmed=True))


def start_enrolment(user) -> TOTPDevice:
    """A fresh, unconfirmed secret for the setup page (replacing any half-finished one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret in the base32 form authenticator apps accept when typed, in groups of 4."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_enrolment(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Check a code from the new app; on success it replaces any old app and the
    recovery codes are issued (returned in plain text, to be shown exactly once)."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_recovery_codes(user)


def _context(user) -> str:
    return f"recovery:{user.pk}"


def issue_recovery_codes(user) -> list[str]:
    """Ten new recovery codes; every earlier one stops working."""
    codes = [new_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=hash_code(code, _context(user))) for code in codes
        )
    return codes


def use_recovery_code(user, typed: str) -> bool:
    """Spend one recovery code: True if it was one of the user's unused codes."""
    deleted, _ = RecoveryCode.objects.filter(
        user=user, code_hash=hash_code(typed, _context(user))
    ).delete()
    return deleted > 0


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user).count()


def remove_two_step(user):
    """Forget the authenticator app and the recovery codes (after a recovery, or on request)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()


def qr_code_svg(text: str, label: str) -> str:
    """`text` as a QR code in inline SVG: one path of dark modules on a light square."""
    qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(text)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    size = len(matrix)
    path = "".join(
        f"M{x},{y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return format_html(
        '<svg class="qr-code" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges">'
        '<rect width="{}" height="{}" fill="#fff"/><path d="{}" fill="#000"/></svg>',
        label,
        size,
        size,
        size,
        size,
        path,
    )
