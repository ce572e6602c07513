# Shequ developer commands. `make run` and `make test` need nothing but Python 3.11+ on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
CITY ?= 350200000000
RESIDENTS ?= 50000
HOST ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: screenshots run setup demo test test-pg test-browser fuzz lint messages vendor schema clean restore-drill \
	deploy-smoke wheelhouse mutate mutate-ci

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## Create the environment, migrate, load the demo city and its accounts, and serve on $(HOST).
run: demo
	@echo "Shequ is serving on http://$(HOST)/  (accounts above, also in var/demo-accounts.txt)"
	@# The background worker (imports) runs beside the web server and stops with it; `worker` is db_worker that
	@# retries while the database is busy (ADR 0007).
	$(MANAGE) worker --no-reload --no-startup-delay & worker=$$!; \
		$(MANAGE) call_centre --loop & clock=$$!; \
		$(MANAGE) refresh_rollups --loop & rollups=$$!; trap "kill $$worker $$clock $$rollups" EXIT INT TERM; \
		$(MANAGE) runserver $(HOST)

# Any prefecture-level city of the shipped code list, e.g. `CITY=150300000000 make run` (乌海市): the processes serve
# the city that was loaded (issue #18).
run demo: export SHEQU_CITY_CODE = $(CITY)
demo: $(STAMP)
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) load_divisions --city $(CITY)
	$(MANAGE) seed_population --residents $(RESIDENTS) --city $(CITY) --if-empty
	$(MANAGE) seed_organizations --city $(CITY) --if-empty
	$(MANAGE) seed_facilities --city $(CITY) --if-empty
	$(MANAGE) seed_property --city $(CITY) --if-empty
	$(MANAGE) seed_safety --city $(CITY) --if-empty
	$(MANAGE) seed_affairs --city $(CITY) --if-empty
	$(MANAGE) seed_admission --city $(CITY) --if-empty
	$(MANAGE) setup_call_centre --city $(CITY)
	$(MANAGE) seed_work_orders --city $(CITY) --if-empty
	$(MANAGE) setup_demo --city $(CITY)
	$(MANAGE) seed_funding --city $(CITY) --if-empty
	$(MANAGE) refresh_rollups
	$(MANAGE) seed_evaluation --city $(CITY) --if-empty
	$(MANAGE) seed_disclosures --city $(CITY) --if-empty

## The whole suite on SQLite (browser tests run when chromium is installed, are skipped with a reason otherwise);
## the guard modules' tests (scripts/mutate.toml) run second, under coverage: the guard lines they miss are listed.
test: $(STAMP)
	$(BIN)/pytest -q $$($(BIN)/python scripts/mutate.py --other-tests)
	$(BIN)/pytest -q $$($(BIN)/python scripts/mutate.py --cov-options)

## Mutation testing of the guard modules (scripts/mutate.toml, ADR 0020): the score per module, the survivors.
mutate: $(STAMP)
	nice -n 15 $(BIN)/python scripts/mutate.py --survivors

## CI's bounded share of it: one share of a rotation that covers every guard module; fails under 90 %.
mutate-ci: $(STAMP)
	$(BIN)/python scripts/mutate.py --ci

## The whole suite on PostgreSQL.
test-pg: $(STAMP)
	SHEQU_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

## Back up a small demo, restore it into a fresh database, compare (docs/operations.md); PostgreSQL too when
## SHEQU_DRILL_PG_URL is set (e.g. postgres://postgres@127.0.0.1:5432).
restore-drill: $(STAMP)
	PYTHON=$(BIN)/python scripts/restore_drill.sh

## Production on this machine, used over HTTPS: nginx → gunicorn, the worker and the clock (deploy/), all with
## SHEQU_ENV=production, a fresh PostgreSQL database; needs nginx, PostgreSQL and Redis (issue #18).
deploy-smoke: $(STAMP)
	$(BIN)/python scripts/deploy_smoke.py

## Every wheel (pinned by constraints.txt), the source and the vendored assets in var/wheelhouse, for a server with
## no network: pip install --no-index --find-links (docs/operations.md).
wheelhouse: $(STAMP)
	PYTHON=$(BIN)/python scripts/wheelhouse.sh

## A bounded schemathesis run over every API operation as two roles: no 5xx (SHEQU_FUZZ_EXAMPLES per operation).
fuzz: $(STAMP)
	$(BIN)/pytest -q fuzz

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(MANAGE) makemigrations --check --dry-run

schema: $(STAMP)
	$(MANAGE) spectacular --validate --fail-on-warn --file var/openapi.yaml

## Extract UI strings and compile the catalogues (the .mo files are committed: no gettext needed to run).
messages: $(STAMP)
	cd shequ && ../$(BIN)/django-admin makemessages -l zh_Hans -l en --no-obsolete --ignore 'static/*'
	cd shequ && ../$(BIN)/django-admin compilemessages

## Copy pinned front-end assets (package.json) into shequ/static/vendor.
vendor:
	npm install --no-audit --no-fund
	cp node_modules/@tabler/core/dist/css/tabler.min.css node_modules/@tabler/core/dist/js/tabler.min.js shequ/static/vendor/tabler/
	mkdir -p shequ/static/vendor/echarts
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE node_modules/echarts/NOTICE shequ/static/vendor/echarts/
	mkdir -p shequ/static/vendor/tom-select
	cp node_modules/tom-select/dist/js/tom-select.complete.min.js node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css \
		node_modules/tom-select/LICENSE shequ/static/vendor/tom-select/
	mkdir -p shequ/core/testing/vendor/axe-core  # the browser tests' accessibility checker, never served
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE shequ/core/testing/vendor/axe-core/

## Screenshots of each role's pages at 1366 and 375 px into docs/screenshots/ (needs chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) var
