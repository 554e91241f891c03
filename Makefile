# The two commands: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
UV_VERSION = 0.13.9
UV = $(PYTHON) -m uv
VENV = .venv
BIN = $(VENV)/bin
FRONTEND_SOURCES = $(wildcard frontend/*.scss frontend/*.mjs frontend/js/*)

.PHONY: run test install frontend lint format bench

run: install frontend
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py demoaccount
	DEBUG=true $(BIN)/python manage.py seeddemo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install frontend
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	$(PYTHON) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) sync --frozen
	touch $@

frontend: frontend/dist/.built

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

frontend/dist/.built: node_modules/.installed $(FRONTEND_SOURCES)
	npm run build --silent
	touch $@

# Load, with budgets: see bench/run.py. Needs PostgreSQL (started if it is not running) and wrk.
bench: install frontend
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='toolkit_bench'" | grep -q 1 \
	  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE toolkit_bench"
	$(BIN)/python -m bench.run
