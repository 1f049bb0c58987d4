#!/usr/bin/env bash
# make i18n: refreshes each addon's i18n/de.po from the code. The addons are updated in the
# demo database first, so the German texts already in de.po are kept; new strings come
# with an empty msgstr to translate.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME=${KIM_DB:-kim_demo}
CONF=$KIM_STATE/odoo-i18n.conf
check "Odoo 19 found at $ODOO_PATH" check_odoo
step "Python environment (.venv)" ensure_venv
resolve_pgdata
step "PostgreSQL" start_postgres
load_db_env
db_ready "$DB_NAME" || die "There is no demo database $DB_NAME yet: run make run once."
write_odoo_conf "$CONF" "$DB_NAME" "$(_free_port 8269)"
step "update the KIM addons in $DB_NAME" odoo_bin -c "$CONF" -d "$DB_NAME" -u "$KIM_ADDONS" --stop-after-init --no-http
step "export i18n/de.po" odoo_bin i18n export -c "$CONF" -d "$DB_NAME" ${KIM_ADDONS//,/ } -l de_DE
untranslated=$(grep -c '^msgstr ""$' kim_*/i18n/de.po | grep -v ':1$' || true)
[ -z "$untranslated" ] || warn "strings without German text (count includes the header):
$untranslated"
