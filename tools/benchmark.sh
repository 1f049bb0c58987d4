#!/usr/bin/env bash
# make benchmark: times the everyday operations of case managers, substitutes, coordinators
# and the superuser on a generated database of SCALE cases (default 100000), beside
# hand-written SQL of the same meaning, plus the withdrawal of a client with a long history
# and the retention run (both rolled back). The table is printed; at 100,000 cases or more
# it also replaces the figures in README.md (KIM_README=0 keeps README.md as it is).
#
#   make benchmark                     # 100,000 cases, 20 rounds
#   SCALE=1000000 make benchmark       # a whole Land
#   SCALE=2000 RUNS=3 make benchmark   # the small run that make test does
source "$(dirname "${BASH_SOURCE[0]}")/scale_db.sh"

ensure_scale_db
export RUNS=${RUNS:-20}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
memory=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
pg=$("$(_pg_bindir)/postgres" --version | awk '{print $3}')
export KIM_MACHINE="Gemessen auf $(nproc) Kernen ($cpu), $memory GB RAM, PostgreSQL $pg auf demselben Rechner."
if [ "$SCALE" -ge 100000 ] && [ "${KIM_README:-1}" != 0 ]; then
    export KIM_README=$KIM_ROOT/README.md
else
    unset KIM_README
fi
say "benchmark on $SCALE_DB, $RUNS rounds"
odoo_bin shell -c "$SCALE_CONF" -d "$SCALE_DB" --no-http --log-level=warn \
    <"$KIM_ROOT/tools/scale/benchmark.py"
