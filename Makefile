# The two commands of the README: `make run` and `make test`. Both install
# first through `make install`, which is idempotent: each step is redone only
# when its inputs (setup.cfg, package-lock.json, .po files) change.
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
VENDOR := static/vendor/nhsuk-frontend
CSS := static/build/site.css
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run test test-fast lint serve clean system-packages catalogues bench soak \
	accessibility-report visual-baselines lock weight

install: system-packages $(STAMPS)/venv $(STAMPS)/npm $(VENDOR)/.copied $(CSS)

# Debian packages the tests drive for real. Installed only when missing, and
# only when we are root (otherwise we say what to install).
DEBIAN_PACKAGES := chromium chromium-driver default-jre-headless redis-server gettext nginx-light \
	libnginx-mod-http-brotli-static
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || \
	  missing="$$missing libnginx-mod-http-brotli-static"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing Debian packages:$$missing. Run as root: apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

$(STAMPS)/venv: setup.cfg pyproject.toml requirements.lock scripts/find-python
	@mkdir -p $(STAMPS)
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  rm -rf $(VENV); echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e '.[test]'
	@touch $@

# requirements.lock pins every package the site and its tests install, direct or
# not, so two machines run the same Babel, Werkzeug, ... It is a constraints file:
# `make install` installs what setup.cfg asks for, at the lock's versions.
# After editing setup.cfg, `make lock` adds and drops packages and keeps the other
# pins; `make lock LOCK_ARGS=--upgrade` (or `--upgrade-package babel`) moves them.
# pip-tools runs in its own throwaway venv, so it is no dependency of the site.
LOCK_ARGS ?=
lock: $(STAMPS)/venv
	rm -rf $(STAMPS)/lock-venv && $(PY) -m venv $(STAMPS)/lock-venv
	$(STAMPS)/lock-venv/bin/pip install -q pip-tools==7.6.2
	$(STAMPS)/lock-venv/bin/pip-compile --quiet --extra test --strip-extras \
	  --no-emit-index-url --no-emit-find-links --allow-unsafe $(LOCK_ARGS) \
	  --output-file requirements.lock setup.cfg
	rm -rf $(STAMPS)/lock-venv

$(STAMPS)/npm: package.json package-lock.json
	@mkdir -p $(STAMPS)
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The NHS.UK frontend's prebuilt assets (icons, favicons, manifest), copied from
# node_modules at the version package-lock.json pins. Not committed. Its script
# is not shipped: static/js/site.mjs does the one thing these pages need.
$(VENDOR)/.copied: $(STAMPS)/npm
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp -r node_modules/nhsuk-frontend/dist/nhsuk/assets $(VENDOR)/assets
	@touch $@

# One stylesheet, in two steps. Dart Sass compiles the NHS.UK Sass source
# (without its third-party web fonts) and the site's own rules into
# build/site.css; PurgeCSS then keeps only the rules that the rendered pages,
# the templates, the Python code and our script can use (purgecss.config.cjs)
# and writes static/build/site.css, the file that is served.
FULL_CSS := build/site.css
PAGES_STAMP := build/pages/.rendered
$(FULL_CSS): $(STAMPS)/npm $(wildcard static/scss/*.scss)
	@mkdir -p $(dir $@)
	node_modules/.bin/sass --style=compressed --no-source-map --load-path=node_modules \
	  --load-path=static/scss static/scss/main.scss $@

$(PAGES_STAMP): $(STAMPS)/venv $(shell find templates -type f) $(wildcard content/*.json) \
		$(shell find microsite -name "*.py") $(wildcard translations/*/LC_MESSAGES/messages.po) scripts/render_pages.py
	$(PY) scripts/render_pages.py $(dir $@)
	@touch $@

$(CSS): $(FULL_CSS) $(PAGES_STAMP) purgecss.config.cjs scripts/prune-has.mjs $(wildcard static/js/*.mjs)
	@mkdir -p $(dir $@)
	node_modules/.bin/purgecss --config purgecss.config.cjs --css $(FULL_CSS) --output $(dir $@)
	node scripts/prune-has.mjs $@

# The catalogues as CI sees them: GNU msgfmt's own checks (fuzzy entries are
# shown on the site, so they are checked too), our stricter check, and whether
# the template and catalogues are up to date with the content. Entries waiting
# for a translator are counted by `translate stats`, never failed.
catalogues: $(STAMPS)/venv
	@for po in translations/*/LC_MESSAGES/messages.po; do \
	  msgfmt --check --use-fuzzy -o /dev/null "$$po" || exit 1; done
	$(VENV)/bin/flask --app wsgi translate check
	$(VENV)/bin/flask --app wsgi translate extract --check
	$(VENV)/bin/flask --app wsgi translate update --check

# Debug mode reloads on code and template edits; Werkzeug's interactive debugger
# (a Python console in the browser, at /console) stays off, even with HOST=0.0.0.0.
run: install
	FLASK_DEBUG=1 $(VENV)/bin/flask --app wsgi run --reload --no-debugger --host $(HOST) --port $(PORT)

# The production server: granian with server.py's settings, on MICROSITE_BIND
# (default 127.0.0.1:8000). gunicorn still works: gunicorn -c gunicorn.conf.py wsgi:app
serve: install
	$(PY) server.py

# Benchmarks: not part of `make test`. They need wrk and nginx (Debian).
bench-packages:
	@command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light; \
	  else echo "Install wrk and nginx-light (Debian) to run the benchmarks" >&2; exit 1; fi; }

bench: install bench-packages
	$(PY) bench/serve.py
	$(PY) bench/content_scale.py
	$(PY) bench/hostile_headers.py

# First-visit bytes per page and locale (no extra packages needed).
weight: install
	$(PY) bench/weight.py

soak: install bench-packages
	$(PY) bench/soak.py

lint: $(STAMPS)/venv
	$(VENV)/bin/ruff check microsite tests bench wsgi.py server.py
	$(VENV)/bin/ruff format --check microsite tests wsgi.py server.py
	$(VENV)/bin/mypy

# The CI contract: every test, on every core (pytest-xdist), each worker with its own
# browser. PYTEST_WORKERS=0 runs in one process (e.g. to read a failure in order).
PYTEST_WORKERS ?= auto
test: install lint
	$(VENV)/bin/flask --app wsgi content check
	$(MAKE) catalogues
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS)

# The inner loop: everything that needs no browser, no external server and no
# seconds of its own (markers browser, system, slow), in well under 30 seconds.
test-fast: install
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not browser and not system and not slow"

# Show the last complete, passing run (written by `make test` to test-artefacts/)
# on the accessibility statement. Deliberate: tests never touch the tracked report.
accessibility-report: $(STAMPS)/venv
	$(VENV)/bin/flask --app wsgi content promote-accessibility-run \
	  test-artefacts/accessibility-run.json

# Rewrite the visual regression baselines (tests/browser/baselines/) after an
# intended change of look; inspect the diff images in test-artefacts/visual/ first.
visual-baselines: install
	VISUAL_UPDATE=1 $(VENV)/bin/pytest -q tests/browser/test_visual.py

clean:
	rm -rf $(VENV) $(STAMPS) node_modules static/vendor static/build build test-artefacts
