# The two commands a new machine needs: `make run` and `make test`.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint bench

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet --editable '.[site,test]'
	touch $@

run: $(VENV)/.installed
	DEBUG=true $(PYTHON) manage.py migrate --noinput
	DEBUG=true $(PYTHON) manage.py loaddata statuskb
	DEBUG=true $(PYTHON) manage.py codes_demo_users
	DEBUG=true $(PYTHON) manage.py runserver $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The browser tests drive Debian's Chromium, and the fault test stops and starts Redis; install
# them when missing (needs root).
/usr/bin/chromium /usr/bin/redis-server:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium redis-server

test: lint /usr/bin/chromium /usr/bin/redis-server
	$(VENV)/bin/pytest

# The benchmark (not a test): real servers from Debian; figures go to docs/benchmarks.md.
# DATABASE_URL=postgres://.../statuskb_bench make bench measures on PostgreSQL (the database is
# emptied, so its name must contain "bench"); BENCH_ARGS="--help" for more.
BENCH_TOOLS := /usr/bin/wrk /usr/sbin/nginx
$(BENCH_TOOLS):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx redis-server

bench: $(VENV)/.installed $(BENCH_TOOLS) /usr/bin/redis-server
	$(PYTHON) -m pip install --quiet --editable '.[site,test,bench]'
	$(PYTHON) -m bench $(BENCH_ARGS)
