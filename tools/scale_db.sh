#!/usr/bin/env bash
# The scale database for make benchmark: kim_scale_<SCALE>, an installation without demo
# data that holds SCALE generated cases (default 100000) with their clients, households,
# contacts, goals, consents, activities, messages and audit entries (tools/scale/generate.py
# describes the shape).
#
#   bash tools/scale_db.sh                 # kim_scale_100000
#   SCALE=2000 bash tools/scale_db.sh      # kim_scale_2000, a small one in under a minute
#
# Sourced, it only defines ensure_scale_db: after `ensure_scale_db [SCALE]` the variables
# SCALE, SCALE_DB (database name) and SCALE_CONF (Odoo configuration file) are set and
# exported, and odoo_bin -c "$SCALE_CONF" -d "$SCALE_DB" works on the database.
#
# A database whose marker (system parameter kim.scale.generated, "<SCALE>:<VERSION>" with
# the VERSION of generate.py) matches is kept and only gets the addons updated; any other
# is dropped and generated anew.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SCALE_GENERATOR=$KIM_ROOT/tools/scale/generate.py
# The http_port written into the scale database's Odoo configuration (the first free one).
SCALE_HTTP_PORT=${SCALE_HTTP_PORT:-8469}

# The generator's VERSION; a change of it regenerates every scale database.
scale_generator_version() {
    sed -n 's/^VERSION = "\(.*\)"$/\1/p' "$SCALE_GENERATOR"
}

# The marker of an existing database, empty when there is none.
scale_db_marker() {
    "$(_pg_bindir)/psql" -d "$1" -XAtqc \
        "select value from ir_config_parameter where key = 'kim.scale.generated'" 2>/dev/null || true
}

# PostgreSQL started with its inherited descriptor 3 pointing to the step's log, so that
# the server does not hold the caller's terminal or pipe open.
_scale_start_postgres() { start_postgres 3>&2; }

_scale_create_db() {
    drop_db "$SCALE_DB"
    # Whatever fails below leaves no half-created database behind.
    trap 'drop_db "$SCALE_DB" || true' ERR
    odoo_bin db -c "$SCALE_CONF" init "$SCALE_DB" --language de_DE --country DE \
        --username admin --password admin
    odoo_bin -c "$SCALE_CONF" -d "$SCALE_DB" -i "$KIM_ADDONS" --stop-after-init --no-http
    trap - ERR
}

_scale_generate() {
    trap 'drop_db "$SCALE_DB" || true' ERR
    rm -f "$KIM_STATE/$SCALE_DB.report"
    SCALE=$SCALE KIM_SCALE_REPORT=$KIM_STATE/$SCALE_DB.report \
        odoo_bin shell -c "$SCALE_CONF" -d "$SCALE_DB" --no-http --log-level=warn \
        <"$SCALE_GENERATOR"
    # As autovacuum would in production: the visibility map lets index-only scans skip
    # the table, and a benchmark does not run beside the vacuum of the bulk inserts.
    "$(_pg_bindir)/psql" -d "$SCALE_DB" -XAtqc "VACUUM (ANALYZE)"
    trap - ERR
}

_scale_update() {
    odoo_bin -c "$SCALE_CONF" -d "$SCALE_DB" -u "$KIM_ADDONS" --stop-after-init --no-http
}

# ensure_scale_db [SCALE]: makes sure kim_scale_<SCALE> exists with its generated data.
ensure_scale_db() {
    SCALE=${1:-${SCALE:-100000}}
    [[ "$SCALE" =~ ^[1-9][0-9]*$ ]] && [ "$SCALE" -ge 100 ] \
        || die "SCALE is the number of cases to generate, at least 100 (not '$SCALE')."
    SCALE_DB=kim_scale_$SCALE
    SCALE_CONF=$KIM_STATE/odoo-$SCALE_DB.conf
    export SCALE SCALE_DB SCALE_CONF

    check "Odoo 19 found at $ODOO_PATH" check_odoo
    mkdir -p "$KIM_STATE"
    step "Python environment (.venv)" ensure_venv
    resolve_pgdata
    step "PostgreSQL" _scale_start_postgres
    load_db_env
    write_odoo_conf "$SCALE_CONF" "$SCALE_DB" "$(_free_port "$SCALE_HTTP_PORT")"

    local version want have
    version=$(scale_generator_version)
    [ -n "$version" ] || die "No VERSION found in $SCALE_GENERATOR."
    want="$SCALE:$version"
    have=""
    db_ready "$SCALE_DB" && have=$(scale_db_marker "$SCALE_DB")
    if [ "$have" = "$want" ]; then
        say "reusing the database $SCALE_DB ($SCALE cases, generator $version)"
        step "update the KIM addons in $SCALE_DB" _scale_update
    else
        if db_exists "$SCALE_DB"; then
            say "the database $SCALE_DB is out of date (${have:-no marker}, want $want): generating it anew"
        fi
        step "database $SCALE_DB without demo data, KIM addons installed" _scale_create_db
        step "generate $SCALE cases in $SCALE_DB" _scale_generate
        [ -f "$KIM_STATE/$SCALE_DB.report" ] && while IFS= read -r line; do
            say "  $line"
        done <"$KIM_STATE/$SCALE_DB.report"
    fi
    say "scale database: $SCALE_DB, Odoo configuration: $SCALE_CONF"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    ensure_scale_db "$@"
fi
