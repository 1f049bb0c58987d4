# Shared helpers for `make run`, `make test` and `make reset`. Sourced, never executed.
# Every step prints one line with its duration; every failure says what to do.

set -Eeuo pipefail

KIM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PATH=${ODOO_PATH:-/opt/odoo19}
PYTHON=${PYTHON:-python3}
VENV=${VENV:-$KIM_ROOT/.venv}
LINT_VENV=$KIM_ROOT/.venv-lint
BROWSER_VENV=$KIM_ROOT/.venv-browser
KIM_STATE=$KIM_ROOT/.kim
PGDATA_DIR=${KIM_PGDATA:-$KIM_ROOT/.pgdata}
KIM_ADDONS="kim_case,kim_network,kim_conference,kim_steering"
# The OS user that owns the project-local PostgreSQL cluster when we run as root.
KIM_PG_OS_USER=${KIM_PG_OS_USER:-kimdb}

if [ -t 1 ]; then _b=$'\e[1m'; _g=$'\e[32m'; _r=$'\e[31m'; _y=$'\e[33m'; _n=$'\e[0m'
else _b=""; _g=""; _r=""; _y=""; _n=""; fi

say()  { printf '%s\n' "${_b}kim${_n} $*"; }
warn() { printf '%s\n' "${_y}kim warning${_n} $*" >&2; }
# die writes to fd 3, the terminal's stderr, so its message shows even inside a logged step.
exec 3>&2
die()  { printf '%s\n' "${_r}kim error${_n} $*" >&3; exit 1; }

# step "Label" command args...: runs the command, prints one line with the duration.
# Output of the command goes to .kim/logs/<label>.log and is shown only on failure.
step() {
    local label=$1; shift
    local log="$KIM_STATE/logs/$(printf '%s' "$label" | tr -c 'A-Za-z0-9' '_').log"
    mkdir -p "$KIM_STATE/logs"
    local start=$SECONDS rc=0
    # A subshell outside any `||` keeps `set -e` in force inside the step's functions.
    set +e
    (set -e; "$@") >"$log" 2>&1
    rc=$?
    set -e
    local took=$((SECONDS - start))
    if [ "$rc" -ne 0 ]; then
        printf '%s\n' "${_r}✗${_n} $label (${took}s)" >&2
        if [ -s "$log" ]; then
            tail -n 40 "$log" >&2
            printf '%s\n' "  full log: $log" >&2
        fi
        exit "$rc"
    fi
    printf '%s\n' "${_g}✓${_n} $label (${took}s)"
}

# A step whose function prints its own diagnostics (used for checks that fail fast).
check() {
    local label=$1; shift
    local start=$SECONDS
    "$@"
    printf '%s\n' "${_g}✓${_n} $label ($((SECONDS - start))s)"
}

# --- Odoo and Python -----------------------------------------------------------------------

check_odoo() {
    [ -f "$ODOO_PATH/odoo-bin" ] || die "No Odoo found at ODOO_PATH=$ODOO_PATH (odoo-bin is missing).
  Put an Odoo 19 Community source tree there, or point to one: make run ODOO_PATH=/path/to/odoo"
    local version
    version=$(sed -n "s/^version_info = (\([0-9]*\),.*/\1/p" "$ODOO_PATH/odoo/release.py" 2>/dev/null || true)
    [ "$version" = "19" ] || die "The Odoo at $ODOO_PATH is version '${version:-unknown}', KIM needs Odoo 19."
}

check_python() {
    command -v "$PYTHON" >/dev/null || die "No Python found ($PYTHON). Install python3 (3.10 to 3.12), or set PYTHON=/path/to/python3."
    "$PYTHON" - <<'PY' || die "Wrong Python: $("$PYTHON" --version 2>&1). Odoo 19 needs Python 3.10 to 3.12; set PYTHON=/path/to/python3.x"
import sys
sys.exit(0 if (3, 10) <= sys.version_info[:2] <= (3, 12) else 1)
PY
    "$PYTHON" -c "import venv, ensurepip" 2>/dev/null \
        || die "Python's venv module is missing. As root: apt-get install -y python3-venv"
}

# --- Debian packages ----------------------------------------------------------------------

# check_packages pkg...: installs what is missing when we are root, else prints the command.
check_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "Missing system packages: ${missing[*]} (and no apt-get here). Install them with your package manager."
    if [ "$(id -u)" -ne 0 ]; then
        die "Missing system packages. Run once as root:
  apt-get install -y ${missing[*]}"
    fi
    say "installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

RUN_PACKAGES=(postgresql postgresql-client libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf fonts-dejavu-core)
TEST_PACKAGES=(chromium)

# --- Virtual environment --------------------------------------------------------------------

_venv_fingerprint() {
    {
        "$PYTHON" --version 2>&1
        cat "$ODOO_PATH/requirements.txt" "$KIM_ROOT/requirements.txt" "$KIM_ROOT/requirements-dev.txt" \
            "$KIM_ROOT/requirements-oca.txt" "$KIM_ROOT/requirements-lint.txt" \
            "$KIM_ROOT/requirements-browser.txt"
    } | sha256sum | cut -d' ' -f1
}

_build_venv() {
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
    "${pip[@]}" install --upgrade pip wheel "setuptools<81"
    # Odoo pins cbor2 5.4.2 for Python < 3.12, which does not build on 3.11; 5.6.2 works.
    sed -E "s/^cbor2==5\.4\.2(.*)/cbor2==5.6.2\1/" "$ODOO_PATH/requirements.txt" >"$VENV/odoo-requirements.txt"
    "${pip[@]}" install -r "$VENV/odoo-requirements.txt" -r "$KIM_ROOT/requirements.txt" \
        -r "$KIM_ROOT/requirements-dev.txt"
    # OCA addons declare a dependency on the "odoo" distribution, which PyPI cannot satisfy.
    if grep -qvE '^\s*(#|$)' "$KIM_ROOT/requirements-oca.txt"; then
        "${pip[@]}" install --no-deps -r "$KIM_ROOT/requirements-oca.txt"
    fi
    [ -x "$LINT_VENV/bin/python" ] || "$PYTHON" -m venv "$LINT_VENV"
    "$LINT_VENV/bin/python" -m pip --disable-pip-version-check -q install -r "$KIM_ROOT/requirements-lint.txt"
    [ -x "$BROWSER_VENV/bin/python" ] || "$PYTHON" -m venv "$BROWSER_VENV"
    "$BROWSER_VENV/bin/python" -m pip --disable-pip-version-check -q install -r "$KIM_ROOT/requirements-browser.txt"
}

ensure_venv() {
    local want
    want=$(_venv_fingerprint)
    if [ -f "$VENV/.kim-fingerprint" ] && [ "$(cat "$VENV/.kim-fingerprint")" = "$want" ]; then
        :
    else
        _build_venv
        printf '%s\n' "$want" >"$VENV/.kim-fingerprint"
    fi
    # Odoo is used from its source tree, not installed: a .pth line puts it on the path.
    local site
    site=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    printf '%s\n' "$ODOO_PATH" >"$site/kim-odoo-path.pth"
    "$VENV/bin/python" -c "import odoo.release" || return 1
}

addons_path() {
    local site paths="$ODOO_PATH/addons"
    site=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    [ -d "$site/odoo/addons" ] && paths="$paths,$site/odoo/addons"
    printf '%s\n' "$paths,$KIM_ROOT"
}

odoo_bin() { "$VENV/bin/python" "$ODOO_PATH/odoo-bin" "$@"; }

# --- PostgreSQL ---------------------------------------------------------------------------
# Either an existing server (the usual PG* variables are set) or a project-local cluster in
# .pgdata/ on a free loopback port; the system's own cluster is never touched.

DB_HOST="" DB_PORT="" DB_USER="" DB_PASSWORD=""

_pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "No PostgreSQL server found. As root: apt-get install -y postgresql"
    printf '%s\n' "$dir"
}

_as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$KIM_PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

_free_port() {
    "$PYTHON" - "$1" <<'PY'
import socket, sys
start = int(sys.argv[1])
for port in range(start, start + 100):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
else:
    sys.exit("no free port between %d and %d" % (start, start + 99))
PY
}

port_is_free() {
    "$PYTHON" - "$1" <<'PY'
import socket, sys
with socket.socket() as s:
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
PY
}

uses_external_pg() { [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}" ]; }

# Decides where the project-local cluster lives. PostgreSQL refuses to run as root, so as
# root the cluster belongs to an unprivileged OS user; if that user cannot reach the checkout
# (a private parent folder), the cluster lives under /var/lib/kim-pgdata instead.
resolve_pgdata() {
    uses_external_pg && return 0
    [ "$(id -u)" -eq 0 ] || return 0
    id -u "$KIM_PG_OS_USER" >/dev/null 2>&1 \
        || useradd --system --no-create-home --shell /usr/sbin/nologin "$KIM_PG_OS_USER"
    if ! runuser -u "$KIM_PG_OS_USER" -- test -x "$(dirname "$PGDATA_DIR")"; then
        PGDATA_DIR=/var/lib/kim-pgdata/$(printf '%s' "$KIM_ROOT" | sha256sum | cut -c1-12)
        mkdir -p /var/lib/kim-pgdata
        chmod 755 /var/lib/kim-pgdata
    fi
}

_init_cluster() {
    local bindir=$1 pwfile
    mkdir -p "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    [ "$(id -u)" -eq 0 ] && chown "$KIM_PG_OS_USER" "$PGDATA_DIR"
    pwfile=$(mktemp)
    "$PYTHON" -c "import secrets; print(secrets.token_urlsafe(24))" >"$pwfile"
    [ "$(id -u)" -eq 0 ] && chown "$KIM_PG_OS_USER" "$pwfile"
    if ! _as_pg_owner "$bindir/initdb" -D "$PGDATA_DIR" -U kim --pwfile="$pwfile" \
            --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8; then
        rm -rf "$PGDATA_DIR" "$pwfile"
        die "initdb failed for $PGDATA_DIR"
    fi
    install -m 600 "$pwfile" "$PGDATA_DIR/kim-password"
    rm -f "$pwfile"
    _free_port 5433 >"$PGDATA_DIR/kim-port"
}

# Runs inside a step: creates the local cluster if needed and starts it.
start_postgres() {
    uses_external_pg && return 0
    local bindir port
    bindir=$(_pg_bindir)
    [ -f "$PGDATA_DIR/PG_VERSION" ] || { rm -rf "$PGDATA_DIR"; _init_cluster "$bindir"; }
    _as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1 && return 0
    port=$(cat "$PGDATA_DIR/kim-port")
    if ! port_is_free "$port"; then
        port=$(_free_port $((port + 1)))
        printf '%s\n' "$port" >"$PGDATA_DIR/kim-port"
    fi
    _as_pg_owner "$bindir/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c fsync=off -c full_page_writes=off" \
        || { tail -n 20 "$PGDATA_DIR/server.log"; die "PostgreSQL did not start (log: $PGDATA_DIR/server.log)"; }
}

# Sets DB_* and the PG* variables for the client tools, then checks the connection.
load_db_env() {
    if uses_external_pg; then
        DB_HOST=${PGHOST:-}
        DB_PORT=${PGPORT:-5432}
        DB_USER=${PGUSER:-$(id -un)}
        DB_PASSWORD=${PGPASSWORD:-}
        [ "$DB_USER" = "postgres" ] \
            && die "Odoo refuses to connect as the 'postgres' role. Set PGUSER to a role with CREATEDB."
    else
        DB_HOST=127.0.0.1
        DB_PORT=$(cat "$PGDATA_DIR/kim-port")
        DB_USER=kim
        DB_PASSWORD=$(cat "$PGDATA_DIR/kim-password")
    fi
    export PGHOST=$DB_HOST PGPORT=$DB_PORT PGUSER=$DB_USER PGPASSWORD=$DB_PASSWORD PGDATABASE=postgres
    "$(_pg_bindir)/psql" -XAtqc "select 1" >/dev/null 2>&1 \
        || die "Cannot connect to PostgreSQL at ${DB_HOST:-the local socket}:$DB_PORT as $DB_USER. Check the PG* variables."
}

stop_local_postgres() {
    [ -f "$PGDATA_DIR/PG_VERSION" ] || return 0
    _as_pg_owner "$(_pg_bindir)/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true
}

db_exists() {
    [ "$("$(_pg_bindir)/psql" -XAtqc "select 1 from pg_database where datname = '$1'")" = "1" ]
}

db_ready() {
    # The database is usable when our addons are installed in it (the last one brings
    # the others).
    db_exists "$1" && [ "$("$(_pg_bindir)/psql" -d "$1" -XAtqc \
        "select count(*) from ir_module_module where name = '${KIM_ADDONS##*,}' and state = 'installed'" 2>/dev/null)" = "1" ]
}

drop_db() {
    db_exists "$1" || return 0
    "$(_pg_bindir)/dropdb" --force "$1"
    rm -rf "$KIM_STATE/data/filestore/$1"
}

# write_odoo_conf FILE DBNAME HTTP_PORT
write_odoo_conf() {
    mkdir -p "$KIM_STATE/data"
    cat >"$1" <<CONF
[options]
addons_path = $(addons_path)
data_dir = $KIM_STATE/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
db_name = $2
dbfilter = ^$2\$
list_db = False
http_interface = 127.0.0.1
http_port = $3
proxy_mode = False
CONF
    chmod 600 "$1"
}

# open_demo_db DBNAME CONF PORT: checks Odoo and Python, starts PostgreSQL and writes an Odoo
# configuration for an existing demo database (for make i18n and make benchmark).
open_demo_db() {
    local db=$1 conf=$2 port=$3
    check "Odoo 19 found at $ODOO_PATH" check_odoo
    step "Python environment (.venv)" ensure_venv
    resolve_pgdata
    step "PostgreSQL" start_postgres
    load_db_env
    db_ready "$db" || die "There is no demo database $db yet: run make run once."
    write_odoo_conf "$conf" "$db" "$(_free_port "$port")"
}
