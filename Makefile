# Two commands: `make run` sets everything up and starts the kiosk; `make test` runs all tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi

.PHONY: run setup test test-fast system-deps translations check index lint clean bench-search loadtest bench kiosk db

run: setup index db
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Python packages in a virtual environment, front-end packages from npm, compiled catalogs.
setup: $(BIN)/.installed app/static/vendor/.built translations-compiled

# From the hash lock (runtime, build and test packages; scripts/lock_requirements.sh makes it from
# requirements*.txt): every install gets the same files.
$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || $(MAKE) system-deps
	npm ci --no-audit --no-fund --loglevel=error  # with the devDependencies the tests use (axe-core)
	touch $@

# Fonts (cut to the kiosk's scripts) and other front-end files from node_modules, served by the kiosk itself.
app/static/vendor/.built: $(BIN)/.installed node_modules/.installed scripts/build_assets.py requirements-build.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-build.lock
	$(BIN)/python scripts/build_assets.py
	touch $@

.PHONY: translations-compiled
translations-compiled: $(BIN)/.installed
	$(BIN)/pybabel compile -d translations

# Debian packages the kiosk and its tests use: Node.js/npm for front-end packages, Chromium for
# the browser tests and the counters, espeak-ng for read-aloud audio, PostgreSQL 15 for the
# database tests (a throwaway server per test run), nginx for the slow-client test (the proxy
# that holds slow clients in front of gunicorn; the test runs its own). Needs root (or sudo).
system-deps:
	@SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	missing=""; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v wrk >/dev/null || missing="$$missing wrk"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		$$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Bring the database schema up to date (SQLite by default, DATABASE_URL for PostgreSQL). A
# database that is down does not stop the kiosk: gunicorn tries again when it starts.
db: setup
	-$(FLASK) db upgrade

index: setup
	$(FLASK) index build --if-stale

check: setup
	$(FLASK) content check

# Extract UI strings, update every catalog, compile.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --add-comments=Translators: -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d translations

# Compiled modules (and pytest's rewritten test modules) are written, in __pycache__ folders git
# ignores, even where the environment says not to (PYTHONDONTWRITEBYTECODE): otherwise every
# process of every run compiles every module again, some 6 s of the fast tier's minute.
test test-fast: export PYTHONDONTWRITEBYTECODE :=

# Everything: Chromium, PostgreSQL, real gunicorn servers, espeak-ng, the slow tier (CI runs this).
test: system-deps setup db
	$(BIN)/ruff check app tests scripts bench
	$(BIN)/python -m pytest --durations=25  # the slowest tests, printed for CI time

# The tier a person runs all day: Python only (no Chromium, PostgreSQL, espeak-ng, wrk or npm
# packages). The markers are explained in pyproject.toml.
FAST_TIER := not browser and not postgres and not server and not slow and not speech and not assets
test-fast: $(BIN)/.installed translations-compiled
	$(BIN)/ruff check app tests scripts bench
	$(BIN)/python -m pytest -m "$(FAST_TIER)" -n 2 -q

lint: setup
	$(BIN)/ruff check app tests

clean:
	rm -rf $(VENV) node_modules var

# Search speed beside SQLite FTS5 on a generated corpus (2,000 articles × 12 languages).
bench-search: setup
	$(BIN)/python bench/search_bench.py

# 50 clients for 60 s over pages and searches while the index is rebuilt 5 times, then a soak.
loadtest: setup
	$(BIN)/python bench/loadtest.py

# Every performance goal in one table (pages vs hello world, search vs SQLite FTS5, bytes, memory).
bench: setup
	@command -v wrk >/dev/null || $(MAKE) system-deps
	$(BIN)/python bench/bench.py

# A counter: Chromium full-screen at the counter's start address (server started separately,
# e.g. by `make run` or the systemd units in docs/counter-setup.md).
KIOSK_COUNTER ?= counter-1
KIOSK_SERVER ?= http://127.0.0.1:8000
kiosk:
	scripts/kiosk.sh $(KIOSK_COUNTER) $(KIOSK_SERVER)
