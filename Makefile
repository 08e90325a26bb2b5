# The two commands a new machine needs: `make run` and `make test`.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000

LOCK := requirements/lock.txt
# The software whose status lines and constants tests/test_implementations_live.py checks.
IMPLEMENTATIONS := /usr/sbin/apache2 /usr/bin/go /usr/bin/javac /usr/bin/node
# Servers the tests run for real (see their install rules below).
TEST_TOOLS := /usr/bin/chromium /usr/bin/redis-server /usr/sbin/nginx $(IMPLEMENTATIONS)

.PHONY: run test lint bench upgrade test-latest

# Every install takes the exact versions (and hashes) of the lock; the app itself is installed
# editable on top, built by the locked hatchling.
$(VENV)/.installed: pyproject.toml $(LOCK)
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --require-hashes --requirement $(LOCK)
	$(PYTHON) -m pip install --quiet --no-deps --no-build-isolation --editable .
	touch $@

# Refresh the lock to the newest releases pyproject.toml allows: after changing a range there,
# and when make test-latest finds the newest releases good. Then make test, and commit the lock.
# requirements/app.txt is the app's own share of it, for the wheel test.
UV_COMPILE := $(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal \
	--python-version 3.11 --quiet
upgrade: $(VENV)/.installed
	$(UV_COMPILE) --all-extras --group dev --upgrade -o $(LOCK)
	$(UV_COMPILE) --constraint $(LOCK) -o requirements/app.txt
	$(MAKE) $(VENV)/.installed

# The suite on the newest releases pyproject.toml allows, as a site installing the app today gets
# them: the lock must not hide a breakage. Its own virtualenv, so .venv keeps the lock.
LATEST := .venv-latest
test-latest: $(TEST_TOOLS)
	rm -rf $(LATEST)
	python3 -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --editable '.[site,test]' hatchling
	$(LATEST)/bin/python -m pip list --format=freeze
	$(LATEST)/bin/pytest --numprocesses auto --dist loadgroup -m "not exclusive"
	$(LATEST)/bin/pytest -m exclusive

run: $(VENV)/.installed
	DEBUG=true $(PYTHON) manage.py migrate --noinput
	DEBUG=true $(PYTHON) manage.py loaddata statuskb
	DEBUG=true $(PYTHON) manage.py populate_history --auto  # the baseline the first edits diff against
	DEBUG=true $(PYTHON) manage.py demo_users
	DEBUG=true $(PYTHON) manage.py runserver $(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The browser tests drive Debian's Chromium, the fault test stops and starts Redis, and the load
# test runs behind deploy/nginx.conf in a real nginx; install them when missing (needs root).
/usr/bin/chromium /usr/bin/redis-server:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium redis-server

$(IMPLEMENTATIONS):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2 golang-go \
		openjdk-17-jdk-headless nodejs

# The suite on as many workers as there are cores (pytest-xdist; a module marked xdist_group runs
# on one worker, so it loads the dataset once), then, alone, the tests that stop a server the
# others share or measure throughput (marked exclusive: the fault test stops PostgreSQL, the load
# tests count writes per second).
test: lint $(TEST_TOOLS)
	$(VENV)/bin/pytest --numprocesses auto --dist loadgroup -m "not exclusive"
	$(VENV)/bin/pytest -m exclusive

# The benchmark (not a test): real servers from Debian; figures go to docs/benchmarks.md.
# DATABASE_URL=postgres://.../statuskb_bench make bench measures on PostgreSQL (the database is
# emptied, so its name must contain "bench"); BENCH_ARGS="--help" for more.
BENCH_TOOLS := /usr/bin/wrk /usr/sbin/nginx
$(BENCH_TOOLS):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx redis-server

bench: $(VENV)/.installed $(BENCH_TOOLS) /usr/bin/redis-server
	$(PYTHON) -m bench $(BENCH_ARGS)
