#!/usr/bin/env bash
# make i18n: refreshes each addon's i18n/de.po from the code. The addons are updated in the
# demo database first, so the German texts already in de.po are kept; new strings come
# with an empty msgstr to translate.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_NAME=${KIM_DB:-kim_demo}
CONF=$KIM_STATE/odoo-i18n.conf
open_demo_db "$DB_NAME" "$CONF" 8269
step "update the KIM addons in $DB_NAME" odoo_bin -c "$CONF" -d "$DB_NAME" -u "$KIM_ADDONS" --stop-after-init --no-http
# The export does not carry the translations of Python strings: keep the old files and
# take their texts over for every msgid that is still there.
mkdir -p "$KIM_STATE/i18n-previous"
for addon in ${KIM_ADDONS//,/ }; do
    [ -f "$addon/i18n/de.po" ] && cp "$addon/i18n/de.po" "$KIM_STATE/i18n-previous/$addon.po"
done
step "export i18n/de.po" odoo_bin i18n export -c "$CONF" -d "$DB_NAME" ${KIM_ADDONS//,/ } -l de_DE
merge_previous() {
    local addon
    for addon in ${KIM_ADDONS//,/ }; do
        [ -f "$KIM_STATE/i18n-previous/$addon.po" ] || continue
        "$VENV/bin/python" - "$KIM_STATE/i18n-previous/$addon.po" "$addon/i18n/de.po" <<'PY'
import sys

import polib

previous = {entry.msgid: entry.msgstr for entry in polib.pofile(sys.argv[1]) if entry.msgstr}
current = polib.pofile(sys.argv[2])
for entry in current:
    if not entry.msgstr and entry.msgid in previous:
        entry.msgstr = previous[entry.msgid]
current.save()
PY
    done
}
step "keep the existing German texts" merge_previous
"$VENV/bin/python" - kim_*/i18n/de.po <<'PY'
import sys

import polib

for path in sys.argv[1:]:
    po = polib.pofile(path)
    po.metadata["Language"] = "de"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save(path)
    missing = [entry.msgid for entry in po if entry.msgid and not entry.msgstr]
    if missing:
        print(f"kim warning: {path}: {len(missing)} strings without German text")
PY
