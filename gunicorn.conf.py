"""gunicorn settings for `make serve` (read from the environment; see README, "Deployment").

The access log records when, which page and how it went: never the query string (search
terms would land in it) nor the client's address (a victim's location).
"""

import multiprocessing
import os

bind = os.environ.get("STALKLOG_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Uploads of up to STALKLOG_MAX_UPLOAD_BYTES stream through encryption; allow for slow links.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so no process holds unwrapped keys in memory for days.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# gunicorn itself turns X-Forwarded-Proto into the request's scheme (Django then believes
# the request came over HTTPS, sets no redirect and trusts Secure cookies) for every address
# in forwarded_allow_ips. So it trusts the headers only behind our own proxy
# (STALKLOG_BEHIND_PROXY=true, the proxy's addresses in FORWARDED_ALLOW_IPS); otherwise from
# nobody, not even loopback, where any local process can connect.
if os.environ.get("STALKLOG_BEHIND_PROXY", "false").strip().lower() in ("true", "1", "yes", "on"):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "stalklog"
# gunicorn's runtime control socket (one path per user, shared by every instance) is unused.
control_socket_disable = True
