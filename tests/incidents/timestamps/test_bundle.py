"""The evidence bundle carries the timestamp proofs, the tokens and verify.html, and an
officer can check them with openssl and the bundle alone."""

import hashlib
import io
import json
import re
import subprocess
import zipfile

from incidents.export.options import ExportOptions
from incidents.export.services import export_bundle
from incidents.timestamps.services import timestamp_logs
from stalklog.core import merkle


def bundle(log, user, tmp_path, **options):
    out = io.BytesIO()
    export_bundle(log, user, ExportOptions(**options), out)
    folder = tmp_path / "bundle"
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        archive.extractall(folder)
    return folder


def test_bundle_carries_tokens_proofs_and_the_checker(evidence_log, authority, victim, tmp_path):
    log, exhibits = evidence_log
    run = timestamp_logs()
    folder = bundle(log, victim, tmp_path)
    token = f"timestamps/timestamp-{run.batch.pk}.tsr"
    assert (folder / token).read_bytes() == bytes(run.batch.response)
    assert (folder / "timestamps/authority-ca.pem").exists()
    sums = (folder / "SHA256SUMS").read_text()
    for name in (token, "timestamps/authority-ca.pem", "verify.html", "manifest.json"):
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}\n" in sums
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["timestamps"]["tokens"] == [token]
    for entry in manifest["incidents"]:
        assert entry["record_timestamp"]["root"] == run.batch.root
    amended = [e for e in manifest["incidents"] if e["correction_timestamps"]]
    assert len(amended) == 1


def test_an_exhibit_proof_checks_out_with_openssl_and_its_path(
    evidence_log, authority, victim, tmp_path
):
    log, exhibits = evidence_log
    timestamp_logs()
    # She chose to include the photo's position, so the bundle carries the original itself.
    folder = bundle(log, victim, tmp_path, include_gps=True)
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = next(e for e in manifest["exhibits"] if e["ref"] == exhibits["photo"].exhibit_ref)
    proof = entry["timestamp"]
    file_hash = hashlib.sha256((folder / entry["file"]).read_bytes()).digest()
    leaf = merkle.leaf_hash(file_hash, bytes.fromhex(proof["nonce"]))
    root = merkle.root_from_path(leaf, merkle.path_from_json(proof["path"]))
    assert root.hex() == proof["root"]
    # The command the README shows, run as an officer would, in the unzipped folder.
    readme = (folder / "README.txt").read_text()
    command = re.search(r"openssl ts -verify -digest (\w+) \\\n\s+-in (\S+) -CAfile (\S+)", readme)
    assert command, readme
    result = subprocess.run(
        ["openssl", "ts", "-verify", "-digest", command[1], "-in", command[2],
         "-CAfile", command[3]],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip
    assert "Verification: OK" in result.stdout, result.stderr


def test_with_positions_left_out_the_proof_checks_out_from_the_originals_hash(
    evidence_log, authority, victim, tmp_path
):
    """The bundle carries a copy without metadata; the proof covers the original, whose
    hash the manifest keeps, so the officer can still check when it existed."""
    log, exhibits = evidence_log
    timestamp_logs()
    folder = bundle(log, victim, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = next(e for e in manifest["exhibits"] if e["ref"] == exhibits["photo"].exhibit_ref)
    assert entry["derivative_of_original"]
    copy_hash = hashlib.sha256((folder / entry["file"]).read_bytes()).hexdigest()
    assert copy_hash == entry["sha256"] != entry["original"]["sha256"]
    proof = entry["timestamp"]
    leaf = merkle.leaf_hash(
        bytes.fromhex(entry["original"]["sha256"]), bytes.fromhex(proof["nonce"])
    )
    root = merkle.root_from_path(leaf, merkle.path_from_json(proof["path"]))
    assert root.hex() == proof["root"]


def test_bundle_without_timestamps_says_nothing_about_them(evidence_log, victim, tmp_path):
    log, _ = evidence_log
    folder = bundle(log, victim, tmp_path)
    assert not (folder / "timestamps").exists()
    assert (folder / "verify.html").exists()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert all(entry["timestamp"] is None for entry in manifest["exhibits"])
    assert "TRUSTED TIMESTAMPS" not in (folder / "README.txt").read_text()


def test_verify_page_allows_no_connection_and_no_other_script(evidence_log, victim, tmp_path):
    log, _ = evidence_log
    html = (bundle(log, victim, tmp_path) / "verify.html").read_text()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert html.count("<script") == 2
    assert "src=" not in html and "href=" not in html
