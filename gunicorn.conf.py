"""gunicorn settings for production: `.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app`.

Tuned for this machine's 2 cores. A cached page costs a cache lookup and a
header check, so the work per request is small and mostly CPU: one worker
process per core keeps both cores busy without the context switching that
more processes would add, and a few threads per worker keep a core busy
while another request waits on the network (or on Redis). Every value can be
overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("MICROSITE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MICROSITE_WORKERS", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("MICROSITE_THREADS", 4))
keepalive = 5  # seconds: reuse connections from browsers and load balancers
backlog = 2048
timeout = 30
graceful_timeout = 20
preload_app = True  # load and validate content once, before forking: bad content stops start-up
max_requests = 0  # no periodic restarts: the soak test watches memory instead
accesslog = os.environ.get("MICROSITE_ACCESS_LOG")  # off unless asked: logging costs throughput
# Only what the privacy notice names (time, IP address, request, status), as server.py
# logs: gunicorn's default line would add the referring page and the browser.
access_log_format = '%(t)s %(h)s "%(r)s" %(s)s'
errorlog = "-"
loglevel = "info"
