"""verify.html, the offline checker carried in every evidence bundle.

One self-contained page: the list of files and hashes (and timestamp proofs) as JSON, a
little script that hashes dropped files with WebCrypto, and a Content-Security-Policy that
allows only that exact script and style (by hash) and no connection of any kind, so the page
can neither load nor send anything.
"""

import base64
import hashlib
import json
from pathlib import Path

from django.template.loader import render_to_string

HERE = Path(__file__).parent
SCRIPT = (HERE / "verify.js").read_text()
STYLE = (HERE / "verify.css").read_text()


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def _json_for_html(data) -> str:
    # Inside <script type="application/json">, "</script>" in a title would end the block.
    text = json.dumps(data, indent=1, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_verify_page(*, bundle_id: str, files: list[dict]) -> str:
    """files: [{"name", "sha256", "ref" (or None), "proof" (or None)}], as in SHA256SUMS."""
    policy = (
        "default-src 'none'; "
        f"script-src {_csp_hash(SCRIPT)}; style-src {_csp_hash(STYLE)}; "
        "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    return render_to_string(
        "export/verify.html",
        {
            "bundle_id": bundle_id,
            "policy": policy,
            "script": SCRIPT,
            "style": STYLE,
            "data": _json_for_html({"bundle_id": bundle_id, "files": files}),
            "count": len(files),
        },
    )
