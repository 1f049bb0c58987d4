#!/usr/bin/env bash
# make run: the German KIM demo on http://127.0.0.1:8069
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME=${KIM_DB:-kim_demo}
HTTP_PORT=${HTTP_PORT:-8069}
CONF=$KIM_STATE/odoo-run.conf

check "Odoo 19 found at $ODOO_PATH" check_odoo
check "Python $("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')" check_python
check "port $HTTP_PORT is free" eval 'port_is_free "$HTTP_PORT" || die "Port $HTTP_PORT is in use: stop what runs there, or choose another port: make run HTTP_PORT=8070"'
mkdir -p "$KIM_STATE"
check "system packages" check_packages "${RUN_PACKAGES[@]}"
step "Python environment (.venv)" ensure_venv
resolve_pgdata
step "PostgreSQL" start_postgres
load_db_env
write_odoo_conf "$CONF" "$DB_NAME" "$HTTP_PORT"

create_demo_db() {
    drop_db "$DB_NAME"
    # Whatever fails below leaves no half-created database behind.
    trap 'drop_db "$DB_NAME" || true' ERR
    odoo_bin db -c "$CONF" init "$DB_NAME" --with-demo --language de_DE --country DE \
        --username admin --password admin
    odoo_bin -c "$CONF" -d "$DB_NAME" -i "$KIM_ADDONS" --stop-after-init --no-http
    trap - ERR
}

addons_fingerprint() {
    find "$KIM_ROOT"/kim_* -type f ! -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum \
        | sha256sum | cut -d' ' -f1
}
demo_logins_open() {
    "$(_pg_bindir)/psql" -d "$DB_NAME" -XAtqc "
        INSERT INTO ir_config_parameter (key, value, create_date, write_date)
        SELECT 'kim_case.require_2fa', '0', now(), now()
         WHERE EXISTS (SELECT 1 FROM ir_model_data
                        WHERE module = 'kim_case' AND name = 'user_kim_coordinator')
        ON CONFLICT (key) DO NOTHING" >/dev/null
}
FINGERPRINT_FILE=$KIM_STATE/$DB_NAME.addons
if db_ready "$DB_NAME"; then
    if [ "$(cat "$FINGERPRINT_FILE" 2>/dev/null)" = "$(addons_fingerprint)" ]; then
        say "reusing the database $DB_NAME (make reset drops it)"
    else
        step "update the KIM addons in $DB_NAME" \
            odoo_bin -c "$CONF" -d "$DB_NAME" -u "$KIM_ADDONS" --stop-after-init --no-http
        # A demo database made before logins needed a second factor keeps its logins open.
        step "demo logins without a second factor" demo_logins_open
    fi
else
    step "database $DB_NAME with German and demo data" create_demo_db
fi
addons_fingerprint >"$FINGERPRINT_FILE"

cat <<MSG

  KIM demo: http://127.0.0.1:$HTTP_PORT   (database $DB_NAME, stop with Ctrl+C)

  Logins (demo passwords only; see README.md):
    admin              / admin     system administrator
    kim.koordination   / kim-demo  Koordination, Kommunales Integrationszentrum Oberhausen
    kim.cm.caritas     / kim-demo  Case-Managerin, Caritasverband Oberhausen
    kim.cm.drk         / kim-demo  Case-Manager, DRK Kreisverband Oberhausen
    kim.admin.caritas  / kim-demo  Träger-Administration, Caritasverband Oberhausen
    (one case manager and one Träger admin per Träger: README.md lists them all)

MSG
exec "$VENV/bin/python" "$ODOO_PATH/odoo-bin" -c "$CONF" -d "$DB_NAME"
