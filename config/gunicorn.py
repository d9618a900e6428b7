"""gunicorn's production settings: ``.venv/bin/gunicorn -c config/gunicorn.py config.wsgi``.

Threaded workers (``gthread``): a request spends much of its time waiting for PostgreSQL (a log of a
workshop makes six round trips), during which another thread of the same worker runs its Python; they
also keep the connection to the proxy alive between requests (sync workers close it after each one).
Each thread keeps its own database connection (``CONN_MAX_AGE``, health-checked): workers × threads
connections in all, well under PostgreSQL's ``max_connections`` (100 by default).
Every setting can be overridden on the command line or by ``GUNICORN_CMD_ARGS``.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5  # seconds an idle connection from the proxy stays open
# A worker is replaced after this many requests (with some jitter so that they do not all restart at
# once), which bounds the memory any slow leak could take.
max_requests = 5000
max_requests_jitter = 500
