# The two commands a new machine needs: `make run` and `make test`.
VENV ?= .venv
PYTHON := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test lint

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

# The browser tests drive Debian's Chromium; install it when it is missing (needs root).
/usr/bin/chromium:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: lint /usr/bin/chromium
	$(VENV)/bin/pytest
