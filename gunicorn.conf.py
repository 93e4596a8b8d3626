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
# Requests' size, as server.py bounds granian's: a request line of at most 4 KiB and
# at most 50 headers of at most 8 KiB each (each header the site parses has its own,
# smaller limit: microsite/web/limits.py). More gets a 4xx from gunicorn itself.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
# Never take SCRIPT_NAME or PATH_INFO from a request header, even from a local
# proxy (gunicorn's default trusts both from 127.0.0.1): a SCRIPT_NAME header
# would render every link under another prefix. The site is served at the root
# of its host; the page cache never stores a response rendered under a script
# root either (microsite/web/response_cache.py).
forwarder_headers = ""
