"""RFC 3161 trusted timestamps: the request for one SHA-256 digest, the authority's answer,
and the checks that make a token worth something (imprint, nonce, CMS signature, signer
certificate, chain to the authority's CA).

Only the 32-byte digest leaves the server; the token that comes back is kept byte for byte,
so anyone can check it again later with `openssl ts -verify -digest <hex> -in token.tsr
-CAfile <the authority's CA>`.
"""

import dataclasses
import datetime
import hashlib
import secrets
import urllib.request

from asn1crypto import algos, cms, tsp
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
MAX_REPLY_BYTES = 1024 * 1024
HASHES = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha384": hashes.SHA384,
          "sha512": hashes.SHA512}  # fmt: skip


class TimestampError(Exception):
    """The authority refused, answered something else, or a token does not check out."""


@dataclasses.dataclass
class Token:
    response: bytes  # the whole TimeStampResp, DER, as the authority sent it
    gen_time: datetime.datetime
    serial_number: int
    authority: str  # the signer certificate's subject, as text
    policy: str


def new_nonce() -> int:
    return secrets.randbits(63)


def build_request(digest: bytes, nonce: int) -> bytes:
    """A TimeStampReq (DER) for a SHA-256 digest, asking for the signer's certificate."""
    if len(digest) != 32:
        raise ValueError("the digest must be 32 bytes of SHA-256")
    request = tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": digest,
            },
            "nonce": nonce,
            "cert_req": True,
        }
    )
    return request.dump()


def post_request(url: str, body: bytes, *, timeout_seconds: float = 30) -> bytes:
    """Send a TimeStampReq to the authority at `url` (http or https) and return its answer."""
    if not url.lower().startswith(("http://", "https://")):
        raise TimestampError("the timestamp authority's address must start with http(s)://")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url, data=body, method="POST", headers={"Content-Type": QUERY_TYPE}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout_seconds) as answer:  # noqa: S310
            data = answer.read(MAX_REPLY_BYTES + 1)
    except OSError as error:
        raise TimestampError(f"the timestamp authority could not be reached: {error}") from error
    if len(data) > MAX_REPLY_BYTES:
        raise TimestampError("the timestamp authority's answer is too large")
    return data


def _signed_data(response: tsp.TimeStampResp) -> cms.SignedData:
    token = response["time_stamp_token"]
    if token.native is None or token["content_type"].native != "signed_data":
        raise TimestampError("the answer holds no signed timestamp token")
    return token["content"]


def parse_response(data: bytes, digest: bytes, nonce: int | None = None) -> Token:
    """Check a TimeStampResp for `digest` (and `nonce`, when it answers our request)."""
    try:
        response = tsp.TimeStampResp.load(data, strict=True)
        status = response["status"]["status"].native
    except (ValueError, TypeError) as error:
        raise TimestampError("the answer is not an RFC 3161 timestamp response") from error
    if status not in ("granted", "granted_with_mods"):
        text = response["status"]["status_string"].native or []
        raise TimestampError(f"the timestamp authority refused: {status} {' '.join(text)}")
    try:
        signed = _signed_data(response)
        info = signed["encap_content_info"]["content"].parsed
        imprint = info["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        hashed = imprint["hashed_message"].native
        token_nonce = info["nonce"].native
        signer = _signer_certificate(signed)
        gen_time = info["gen_time"].native
    except (ValueError, TypeError, KeyError) as error:
        raise TimestampError("the timestamp token cannot be read") from error
    if algorithm != "sha256" or hashed != digest:
        raise TimestampError("the timestamp token is for a different hash")
    if nonce is not None and token_nonce != nonce:
        raise TimestampError("the timestamp token answers a different request (nonce)")
    return Token(
        response=data,
        gen_time=gen_time,
        serial_number=info["serial_number"].native,
        authority=signer.subject.rfc4514_string() if signer else "",
        policy=info["policy"].dotted,
    )


def _certificates(signed: cms.SignedData) -> list[x509.Certificate]:
    found = []
    for choice in signed["certificates"] or []:
        if choice.name == "certificate":
            found.append(x509.load_der_x509_certificate(choice.chosen.dump()))
    return found


def _signer_certificate(signed: cms.SignedData) -> x509.Certificate | None:
    (signer_info,) = signed["signer_infos"]
    sid = signer_info["sid"]
    for certificate in _certificates(signed):
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                certificate.serial_number == wanted["serial_number"].native
                and certificate.issuer.public_bytes() == wanted["issuer"].dump()
            ):
                return certificate
        else:
            try:
                key_id = certificate.extensions.get_extension_for_class(
                    x509.SubjectKeyIdentifier
                ).value.digest
            except x509.ExtensionNotFound:
                continue
            if key_id == sid.chosen.native:
                return certificate
    return None


def _verify_signature(certificate, signature: bytes, data: bytes, signer_info):
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    if digest_name not in HASHES:
        raise TimestampError(f"the token is signed with an unsupported hash ({digest_name})")
    algorithm = HASHES[digest_name]()
    key = certificate.public_key()
    scheme = signer_info["signature_algorithm"].signature_algo
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if scheme == "rsassa_pss":
                params = signer_info["signature_algorithm"]["parameters"]
                mgf_hash = params["mask_gen_algorithm"]["parameters"]["algorithm"].native
                pss = padding.PSS(
                    mgf=padding.MGF1(HASHES[mgf_hash]()), salt_length=params["salt_length"].native
                )
                key.verify(signature, data, pss, algorithm)
            else:
                key.verify(signature, data, padding.PKCS1v15(), algorithm)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, data, ec.ECDSA(algorithm))
        else:
            raise TimestampError("the token is signed with an unsupported key type")
    except InvalidSignature as error:
        raise TimestampError("the timestamp token's signature does not match") from error


def _chains_to(certificate, trusted, pool) -> bool:
    """Does `certificate` lead, through `pool`, to one of the `trusted` certificates?"""
    trusted_der = {cert.public_bytes(Encoding.DER) for cert in trusted}
    current = certificate
    for _ in range(8):
        if current.public_bytes(Encoding.DER) in trusted_der:
            return True
        for issuer in [*trusted, *pool]:
            if issuer.subject != current.issuer:
                continue
            try:
                current.verify_directly_issued_by(issuer)
            except (ValueError, TypeError, InvalidSignature):
                continue
            if issuer.public_bytes(Encoding.DER) in trusted_der:
                return True
            if issuer == current:
                return False
            current = issuer
            break
        else:
            return False
    return False


def verify_token(
    data: bytes, digest: bytes, trusted: list[x509.Certificate] | None = None
) -> Token:
    """Check a stored timestamp response for `digest` in full.

    The token must be granted, name `digest`, carry its signer's certificate (we always ask
    for it), be signed by that certificate over the TSTInfo exactly as stored, by a
    certificate meant for timestamping and valid at the stated time; with `trusted` CA
    certificates, that certificate must also chain to one of them.
    """
    token = parse_response(data, digest)
    response = tsp.TimeStampResp.load(data)
    signed = _signed_data(response)
    signer = _signer_certificate(signed)
    if signer is None:
        raise TimestampError("the timestamp token does not carry its signer's certificate")
    (signer_info,) = signed["signer_infos"]
    content = signed["encap_content_info"]["content"]
    tst_info_der = content.parsed.dump()
    attributes = signer_info["signed_attrs"]
    if not attributes:
        raise TimestampError("the timestamp token has no signed attributes")
    message_digest = None
    for attribute in attributes:
        if attribute["type"].native == "message_digest":
            message_digest = attribute["values"][0].native
    digest_name = signer_info["digest_algorithm"]["algorithm"].native
    if digest_name not in HASHES:
        raise TimestampError(f"the token is signed with an unsupported hash ({digest_name})")
    if message_digest != hashlib.new(digest_name, tst_info_der).digest():
        raise TimestampError("the timestamp token's content was altered after signing")
    # The signature covers the signed attributes re-tagged as a SET (RFC 5652, 5.4).
    signed_attributes = b"\x31" + attributes.dump()[1:]
    _verify_signature(signer, signer_info["signature"].native, signed_attributes, signer_info)
    try:
        usage = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound as error:
        raise TimestampError("the signer's certificate is not meant for timestamps") from error
    if ExtendedKeyUsageOID.TIME_STAMPING not in usage:
        raise TimestampError("the signer's certificate is not meant for timestamps")
    if not (signer.not_valid_before_utc <= token.gen_time <= signer.not_valid_after_utc):
        raise TimestampError("the signer's certificate was not valid at the stated time")
    if trusted is not None and not _chains_to(signer, trusted, _certificates(signed)):
        raise TimestampError("the timestamp token is not signed by a trusted authority")
    return token


def load_certificates(pem: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem)
