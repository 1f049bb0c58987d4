#!/usr/bin/env bash
# make reset: drops the demo database; make stop: stops the project's PostgreSQL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME=${KIM_DB:-kim_demo}
resolve_pgdata
if [ "${1:-}" = "--stop-only" ]; then
    uses_external_pg && die "PostgreSQL is an external server (PG* variables); nothing to stop."
    stop_local_postgres
    say "PostgreSQL of this project stopped"
    exit 0
fi
[ -x "$VENV/bin/python" ] || die "Nothing to reset: there is no .venv yet (make run creates it)."
step "PostgreSQL" start_postgres
load_db_env
if db_exists "$DB_NAME"; then
    step "drop database $DB_NAME" drop_db "$DB_NAME"
else
    say "there is no database $DB_NAME"
fi
