# KIM case management on Odoo 19.  Odoo itself is expected at ODOO_PATH (default /opt/odoo19).
SHELL := /bin/bash
ODOO_PATH ?= /opt/odoo19
export ODOO_PATH

.PHONY: help run test lint test-rules test-odoo reset stop i18n benchmark loadtest

help:
	@echo "make run     start the German demo on http://127.0.0.1:8069 (database kim_demo)"
	@echo "make test    lint, rules tests and all Odoo tests in a throwaway database"
	@echo "make reset   drop the demo database (the next make run creates it anew)"
	@echo "make stop    stop the project's own PostgreSQL server"
	@echo "make i18n    refresh the addons' German translation files (i18n/de.po)"
	@echo "make benchmark  time everyday operations per role on SCALE generated cases (default 100000)"
	@echo "make loadtest   50 case managers for 5 minutes against 2 workers on the scale database (USERS, DURATION)"

run:
	@bash tools/run.sh

test:
	@bash tools/test.sh all

lint:
	@bash tools/test.sh lint

test-rules:
	@bash tools/test.sh rules

test-odoo:
	@bash tools/test.sh odoo

reset:
	@bash tools/reset.sh

stop:
	@bash tools/reset.sh --stop-only

i18n:
	@bash tools/i18n.sh

benchmark:
	@bash tools/benchmark.sh

loadtest:
	@bash tests/load/run.sh
