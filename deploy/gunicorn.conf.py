"""gunicorn for Shequ (deploy/systemd/shequ-web.service; issue #18).

Loaded with `gunicorn -c deploy/gunicorn.conf.py`. Every value can be changed from the environment file
(/etc/shequ/env) without editing this file.
"""

import multiprocessing
import os
import shutil
from pathlib import Path

wsgi_app = "shequ.wsgi:application"
# nginx on the same machine is the only client (deploy/nginx/shequ.conf); never bind a public address.
bind = os.environ.get("SHEQU_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("SHEQU_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("SHEQU_WEB_THREADS", 4))
# The settings and the start-up check (database, Redis) run once in the master before any worker is forked
# (shequ/wsgi.py): a bad configuration stops gunicorn with one line and exit status 78 instead of a worker respawn
# loop; shequ.core.startup closes its connections so the workers share none.
preload_app = True
# An export or a large upload's request may take a while; nginx's proxy_read_timeout is a little longer.
timeout = int(os.environ.get("SHEQU_WEB_TIMEOUT", 120))
graceful_timeout = 30  # systemctl stop: requests under way finish (TimeoutStopSec in the unit is longer)
keepalive = 5
max_requests = 5000  # a worker is replaced now and then: no slow leak lives for weeks
max_requests_jitter = 500
accesslog = None  # nginx writes the access log; Django writes one JSON line a request (shequ.request)
errorlog = "-"
loglevel = os.environ.get("SHEQU_GUNICORN_LOG_LEVEL", "info")
proc_name = "shequ-web"


def on_starting(server):
    """Prometheus multiprocess mode: the folder holds this run's counters only."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        path = Path(folder)
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
