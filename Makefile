# vnportal — the two commands: `make run` (demo site on http://127.0.0.1:8000) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
AXE_VERSION := 4.11.1
VNU_VERSION := 26.9.27

.PHONY: install install-test run serve test audit migrate demo messages bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Dependencies only; re-run when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet .
	touch $@

# Test tools: pytest, Playwright's Python API (it drives Debian's chromium, never a downloaded
# browser), axe-core for the accessibility checks and the Nu HTML validator (vnu-jar, needs Java).
$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet ".[test]"
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-save --no-package-lock --prefix $(VENV) axe-core@$(AXE_VERSION) vnu-jar@$(VNU_VERSION); \
	else echo "npm not found: the accessibility and HTML checks will be skipped"; fi
	@command -v chromium >/dev/null 2>&1 || \
		echo "chromium not found (apt-get install -y chromium): the browser tests will be skipped"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo

# The scheduler (scheduled publishing and expiry) runs beside the server and stops with it.
run: demo
	@$(PY) manage.py demo_login --host $(HOST) --port $(PORT)
	@$(PY) manage.py run_scheduler --interval 30 & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The demo under gunicorn with DEBUG off: how it performs and what visitors see, not a
# production setup. It keeps the development settings (plain HTTP, a development key, Django
# serving photo renditions); production adds HTTPS, a real key and nginx (README, "Deploying").
# Documents and original photos go through the same download check as in production.
serve: demo
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@DJANGO_SETTINGS_MODULE=vnportal.settings.dev DEBUG=0 $(PY) manage.py run_scheduler & \
	scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	DJANGO_SETTINGS_MODULE=vnportal.settings.dev DEBUG=0 $(VENV)/bin/gunicorn vnportal.wsgi \
		--bind $(HOST):$(PORT) --workers 2 --access-logfile -

# pytest-xdist runs the suite in two processes (PYTEST_WORKERS=0: one; auto: one per core). The
# tests of a file stay on one worker, so a module's server or browser starts once.
PYTEST_WORKERS ?= 2

test: install-test
	DJANGO_SETTINGS_MODULE=vnportal.settings.test $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadfile \
		$(PYTEST_ARGS)

# The security check with Debian's wapiti against the demo under production settings behind
# nginx (tests/test_security_scan.py): about 9 minutes, so not part of `make test`
audit: install-test
	@command -v wapiti >/dev/null 2>&1 || { echo "wapiti not found: apt-get install -y wapiti"; exit 1; }
	VNPORTAL_AUDIT=1 DJANGO_SETTINGS_MODULE=vnportal.settings.test $(PY) -m pytest -s -p no:cacheprovider \
		tests/test_security_scan.py $(PYTEST_ARGS)

# Figures, not pass/fail: throughput and latency of the public pages under gunicorn.
LIGHTHOUSE_VERSION := 13.5.0

# Lighthouse (npm) for bench/lighthouse.py; it runs Debian's chromium, never a downloaded one
$(VENV)/lighthouse/node_modules/.bin/lighthouse: | $(PY)
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-save --no-package-lock --prefix $(VENV)/lighthouse lighthouse@$(LIGHTHOUSE_VERSION); \
	else echo "npm not found: the Lighthouse figures will be skipped"; fi

bench: install $(VENV)/lighthouse/node_modules/.bin/lighthouse
	$(PY) bench/pages.py
	$(PY) bench/counting.py
	$(PY) bench/scale.py
	$(PY) bench/lighthouse.py
	$(PY) bench/search.py
	$(PY) bench/import_sheets.py
	$(PY) bench/forms_flood.py
	$(PY) bench/oldurls.py
	$(PY) bench/import_old_site.py
	$(PY) bench/import_old_site.py --database-url postgres://postgres@127.0.0.1:5432/vnportal_bench_import

messages: install
	$(PY) manage.py makemessages --locale vi --no-location --ignore '.venv/*' --ignore 'var/*' \
		--ignore 'locale_wagtail/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) var .pytest_cache
