#!/usr/bin/env bash
# make benchmark: times the withdrawal of a client with a long history and the retention run
# over 10,000 closed cases, in the demo database, inside a transaction that is rolled back.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME=${KIM_DB:-kim_demo}
CONF=$KIM_STATE/odoo-benchmark.conf
open_demo_db "$DB_NAME" "$CONF" 8369
odoo_bin shell -c "$CONF" -d "$DB_NAME" --no-http --log-level=warn <"$KIM_ROOT/tools/benchmark.py"
