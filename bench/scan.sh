#!/usr/bin/env bash
# Run the wapiti web vulnerability scanner against Stalklog on loopback, signed in as a demo
# victim, and print its findings. Usage: bench/scan.sh [max_scan_seconds]   (default 300)
# The scanner lives in its own venv (.venv-scan) so its dependencies never touch the app's.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_SECONDS=${1:-300}
PORT=${SCAN_PORT:-8765}
WAPITI_VERSION=3.2.3
WORK=$(mktemp -d); echo "scan work dir: $WORK" >&2
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; [ -n "${SCAN_KEEP:-}" ] || rm -rf "$WORK"' EXIT

[ -x .venv/bin/python ] || make .venv/.test-deps >/dev/null
if [ ! -x .venv-scan/bin/wapiti ]; then
  python3 -m venv .venv-scan
  .venv-scan/bin/pip install -q "wapiti3==$WAPITI_VERSION"
fi

# A throwaway instance in production mode (plain HTTP on loopback): its own database, files and
# keys, seeded with one demo victim.
export STALKLOG_VAR_DIR="$WORK/var" DJANGO_SETTINGS_MODULE=stalklog.settings
export DEBUG=false ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" STALKLOG_FILES_DIR="$WORK/files"
SECRET_KEY=$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")
STALKLOG_MASTER_KEY=$(python3 -c "import secrets; print(secrets.token_urlsafe(32))")
export SECRET_KEY STALKLOG_MASTER_KEY
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py migrate --noinput -v0
# (ssrf and the DNS-based modules need the scanner's own outside endpoints: left out here.)
.venv/bin/python manage.py seed_demo --username scan-victim --password "scan victim passphrase 1" \
  --incidents 30 >/dev/null 2>&1 || .venv/bin/python manage.py shell -c "
from stalklog.accounts.models import User; from stalklog.casefile.models import Log
u = User.objects.create_user('scan-victim', password='scan victim passphrase 1')
Log.create_for(u, 'SV')"
# In production the session cookie is __Host-sessionid (see stalklog/settings.py).
COOKIE=$(.venv/bin/python manage.py shell -c "
from django.conf import settings; from django.test import Client
from stalklog.accounts.models import User
c = Client(); c.force_login(User.objects.get(username='scan-victim'))
name = settings.SESSION_COOKIE_NAME; print(f'{name}={c.cookies[name].value}')" | tail -n 1)

.venv/bin/gunicorn stalklog.wsgi --bind "127.0.0.1:$PORT" --workers 2 >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

BASE="http://127.0.0.1:$PORT/"
.venv-scan/bin/wapiti -u "$BASE" --scope folder --flush-session \
  -H "Cookie: $COOKIE" \
  -x "${BASE}exit/" -x "${BASE}account/signout/" -x "${BASE}account/delete/*" \
  -m "xss,permanentxss,sql,exec,file,redirect,crlf,csrf,http_headers,cookieflags,methods,csp" \
  --max-scan-time "$MAX_SECONDS" --tasks 4 -f json -o "$WORK/report.json" >"$WORK/wapiti.log" 2>&1 || true

.venv/bin/python - "$WORK/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
findings = {name: items for name, items in report["vulnerabilities"].items() if items}
for name, items in sorted(findings.items()):
    for item in items:
        print(f"[{name}] {item.get('method', '')} {item.get('path', '')}: {item.get('info', '')}")
anomalies = sum(len(v) for v in report.get("anomalies", {}).values())
urls = len(report.get("infos", {}).get("crawled_pages", [])) or report.get("infos", {}).get("crawled_pages_nbr", 0)
total = sum(len(v) for v in findings.values())
print(f"scan: findings={total} anomalies={anomalies} crawled={urls} kinds={','.join(sorted(findings)) or 'none'}")
PY
