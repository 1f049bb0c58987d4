#!/usr/bin/env bash
# make test: lint, the plain-Python rules without Odoo, then every Odoo test of the four
# addons in a throwaway database (installed once), ending with pytest's summary line.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MODE=${1:-all}
ADDON_DIRS=(kim_case kim_network kim_conference kim_steering)
cd "$KIM_ROOT"

check "Odoo 19 found at $ODOO_PATH" check_odoo
check "Python $("$PYTHON" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo '?')" check_python
mkdir -p "$KIM_STATE"
check "system packages" check_packages "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
step "Python environment (.venv)" ensure_venv
export PATH="$VENV/bin:$PATH"

lint() {
    local start=$SECONDS
    local bin=$LINT_VENV/bin
    "$bin/ruff" check .
    "$bin/ruff" format --check .
    "$bin/oca-checks-odoo-module" --no-verbose "${ADDON_DIRS[@]}"
    # Identical German words (ID, KIM, Name) keep their msgstr, so no po-pretty-format.
    "$bin/oca-checks-po" --no-verbose --disable=po-pretty-format "${ADDON_DIRS[@]/%//i18n/de.po}"
    # Each addon documents itself in readme/ fragments instead of a generated README.rst.
    PYTHONPATH=$ODOO_PATH "$bin/pylint" --rcfile=.pylintrc --disable=missing-readme "${ADDON_DIRS[@]}"
    printf '%s\n' "${_g}✓${_n} lint: ruff, OCA checks, pylint-odoo ($((SECONDS - start))s)"
}

rules_dirs() { ls -d kim_*/rules/tests 2>/dev/null || true; }

test_rules() {
    local dirs rc=0
    dirs=$(rules_dirs)
    [ -n "$dirs" ] || return 0
    # The plugin blocks any import of Odoo: the rules must not need it.
    PYTHONPATH="$KIM_ROOT/tools" pytest -q -p no:odoo -p no:cacheprovider -p kim_rules_plugin $dirs || rc=$?
    [ "$rc" -eq 0 ] || exit "$rc"
}

TEST_DB=""
cleanup() {
    if [ -n "$TEST_DB" ]; then drop_db "$TEST_DB" || warn "could not drop the test database $TEST_DB"; fi
}

test_odoo() {
    resolve_pgdata
    step "PostgreSQL" start_postgres
    load_db_env
    TEST_DB=kim_test_$$
    trap cleanup EXIT
    local conf=$KIM_STATE/odoo-test.conf
    write_odoo_conf "$conf" "$TEST_DB" "$(_free_port 8169)"
    install_test_db() {
        odoo_bin db -c "$conf" init "$TEST_DB" --with-demo --language de_DE --country DE
        odoo_bin -c "$conf" -d "$TEST_DB" -i "$KIM_ADDONS" --stop-after-init --no-http
    }
    step "throwaway database $TEST_DB with the KIM addons" install_test_db
    local tests=() dir
    for dir in "${ADDON_DIRS[@]}"; do
        [ -d "$dir/tests" ] && tests+=("$dir/tests")
    done
    # The rules tests run here too, so the closing line counts the whole suite; then the
    # browser journeys that span the addons.
    for dir in $(rules_dirs); do tests+=("$dir"); done
    tests+=(tests/journeys)
    local rc=0
    pytest -p no:cacheprovider --odoo-config "$conf" --odoo-database "$TEST_DB" --odoo-http \
        --odoo-log-level warn -o python_files='test_*.py' "${tests[@]}" || rc=$?
    return "$rc"
}

# The benchmark's own code, run small, so that it cannot rot: 2,000 generated cases, three
# rounds, nothing written to README.md.
test_benchmark() {
    local start=$SECONDS
    SCALE=2000 RUNS=3 KIM_README=0 bash "$KIM_ROOT/tools/benchmark.sh"
    printf '%s\n' "${_g}✓${_n} benchmark on 2,000 generated cases ($((SECONDS - start))s)"
}

case "$MODE" in
    lint) lint ;;
    rules) test_rules ;;
    odoo) test_odoo ;;
    benchmark) test_benchmark ;;
    all)
        lint
        test_rules
        test_benchmark
        test_odoo
        ;;
    *) die "unknown test mode: $MODE (all, lint, rules, benchmark, odoo)" ;;
esac
