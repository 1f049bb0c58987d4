#!/usr/bin/env bash
# make loadtest: case managers doing their day in the web client, against a server with two
# workers; afterwards every write they were told had succeeded is counted in the database.
#
#   bash tests/load/run.sh [DATABASE]
#
# DATABASE defaults to the scale database of tools/scale_db.sh (kim_scale_$SCALE, SCALE
# 100000 by default, generated when it does not exist yet). Environment:
#   USERS (50), SPAWN_RATE (1 per second: an office logs in over a minute, not at once),
#   DURATION (5m), WORKERS (2),
#   KIM_THINK_MIN / KIM_THINK_MAX (seconds between two steps of a user, default 5 and 15),
#   KIM_LOGINS / KIM_PASSWORD (the simulated case managers; default cm001..cm<USERS> with
#   the password of the generated users; a demo database gets its six case managers).
#
# What it changes in the database, and why:
# - the system parameter kim_case.require_2fa is set to 0 for the run and put back
#   afterwards. The generated case managers have no authenticator app and no mail server
#   reaches them, so with the second factor on no simulated user could log in. This is for
#   benchmark databases only: never run it against a database with real people in it.
# - the contacts and goals the users record stay, each marked "Lasttest <run> <uuid>"; the
#   count afterwards looks at this run's markers only.
# The login cooldown (base.login_cooldown_after) needs no change: Odoo counts only failed
# logins per address, and a successful one clears the count, so 50 logins from 127.0.0.1 pass.
#
# Results go to .kim/load/: last-run.md (the summary as Markdown for the README), Locust's
# CSV files and log, requests.csv (every request), writes.jsonl, and the server log odoo.log.
source "$(dirname "${BASH_SOURCE[0]}")/../../tools/lib.sh"

LOAD_DIR=$KIM_ROOT/tests/load
LOAD_VENV=$LOAD_DIR/.venv
OUT=$KIM_STATE/load
USERS=${USERS:-50}
SPAWN_RATE=${SPAWN_RATE:-1}
DURATION=${DURATION:-5m}
WORKERS=${WORKERS:-2}
export KIM_THINK_MIN=${KIM_THINK_MIN:-5} KIM_THINK_MAX=${KIM_THINK_MAX:-15}
# Targets of the issue: p95 of all requests at most 1 s, no error, no lost or doubled write.
TARGET_P95_MS=1000
DEMO_LOGINS="kim.cm.stadt,kim.cm.drk,kim.cm.prowohnen,kim.cm.zaq,kim.cm.diakonie,kim.cm.caritas"

# timed LABEL FUNCTION MESSAGE: like lib.sh's check, for a function that returns 1 on failure.
timed() {
    local start=$SECONDS
    "$2" || die "$3"
    printf '%s\n' "${_g}✓${_n} $1 ($((SECONDS - start))s)"
}

psql_db() { "$(_pg_bindir)/psql" -d "$DB_NAME" -XAtq -v ON_ERROR_STOP=1 "$@"; }

_locust_fingerprint() {
    { "$PYTHON" --version 2>&1; cat "$LOAD_DIR/requirements.txt"; } | sha256sum | cut -d' ' -f1
}

# Locust lives in an environment of its own: its gevent and Flask pins differ from Odoo's.
ensure_locust() {
    local want
    want=$(_locust_fingerprint)
    [ -f "$LOAD_VENV/.kim-fingerprint" ] && [ "$(cat "$LOAD_VENV/.kim-fingerprint")" = "$want" ] \
        && return 0
    [ -x "$LOAD_VENV/bin/python" ] || "$PYTHON" -m venv "$LOAD_VENV"
    "$LOAD_VENV/bin/python" -m pip --disable-pip-version-check -q install -r "$LOAD_DIR/requirements.txt"
    "$LOAD_VENV/bin/locust" --version
    printf '%s\n' "$want" >"$LOAD_VENV/.kim-fingerprint"
}

# --- The database ---------------------------------------------------------------------------

check_python
if [ $# -ge 1 ]; then
    DB_NAME=$1
    check "Odoo 19 found at $ODOO_PATH" check_odoo
    step "Python environment (.venv)" ensure_venv
    resolve_pgdata
    step "PostgreSQL" start_postgres
    load_db_env
else
    # The scale database: generated when missing, else reused with its addons updated.
    # shellcheck source=/dev/null
    source "$KIM_ROOT/tools/scale_db.sh"
    ensure_scale_db
    DB_NAME=$SCALE_DB
fi
step "Locust (tests/load/.venv)" ensure_locust
db_ready "$DB_NAME" || die "Database $DB_NAME does not exist or has no KIM addons installed."

if [ -z "${KIM_LOGINS:-}" ]; then
    generated=$(psql_db -c "select count(*) from res_users where login = 'cm001' and active")
    demo=$(psql_db -c "select count(*) from res_users where login = 'kim.cm.stadt' and active")
    if [ "$generated" = "0" ] && [ "$demo" = "1" ]; then
        export KIM_LOGINS=$DEMO_LOGINS KIM_PASSWORD=${KIM_PASSWORD:-kim-demo}
        say "no generated case managers in $DB_NAME: the demo's six case managers log in (users share them)"
    else
        KIM_LOGINS=$(seq -f 'cm%03g' 1 "$USERS" | paste -sd,)
        export KIM_LOGINS
    fi
fi
export KIM_PASSWORD=${KIM_PASSWORD:-kim-scale-2025}
IFS=, read -r -a logins <<<"$KIM_LOGINS"
login_list=$(printf "'%s'," "${logins[@]}")
found=$(psql_db -c "select count(*) from res_users where active and login in (${login_list%,})")
[ "$found" = "${#logins[@]}" ] \
    || die "Only $found of the ${#logins[@]} logins ($KIM_LOGINS) are active users of $DB_NAME."
cases=$(psql_db -c "select count(*) from kim_case")
contacts=$(psql_db -c "select count(*) from kim_case_contact")

# --- Second factor off for the run, back afterwards -------------------------------------------

previous_2fa=$(psql_db -c "select value from ir_config_parameter where key = 'kim_case.require_2fa'")
set_2fa() {
    if [ -z "$1" ]; then
        psql_db -c "delete from ir_config_parameter where key = 'kim_case.require_2fa'"
    else
        psql_db -c "insert into ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
                    values ('kim_case.require_2fa', '$1', 1, 1, now() at time zone 'UTC', now() at time zone 'UTC')
                    on conflict (key) do update set value = excluded.value, write_date = excluded.write_date"
    fi
}

ODOO_PID=""
stop_odoo() {
    [ -n "$ODOO_PID" ] || return 0
    kill -TERM "$ODOO_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$ODOO_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$ODOO_PID" 2>/dev/null || true
    wait "$ODOO_PID" 2>/dev/null || true
    ODOO_PID=""
}
cleanup() {
    stop_odoo
    if [ "$previous_2fa" != "0" ]; then
        set_2fa "$previous_2fa" >/dev/null || warn "could not restore kim_case.require_2fa in $DB_NAME"
    fi
}
trap cleanup EXIT
set_2fa 0 >/dev/null

# --- The server -----------------------------------------------------------------------------

mkdir -p "$OUT"
rm -f "$OUT"/stats_*.csv "$OUT"/{stats.json,requests.csv,writes.jsonl,db-writes.tsv,odoo.log,locust.log}
CONF=$OUT/odoo-load.conf
HTTP_PORT=$(_free_port 8600)
GEVENT_PORT=$(_free_port $((HTTP_PORT + 1)))
write_odoo_conf "$CONF" "$DB_NAME" "$HTTP_PORT"  # also: dbfilter ^DB$, proxy_mode off

start_odoo() {
    # Prefork as in production on a small machine: HTTP workers and one cron worker. A
    # worker serves one request at a time, so 8 connections per process are ample.
    "$VENV/bin/python" "$ODOO_PATH/odoo-bin" -c "$CONF" -d "$DB_NAME" --db-filter="^${DB_NAME}\$" \
        --workers="$WORKERS" --max-cron-threads=1 --gevent-port="$GEVENT_PORT" \
        --db_maxconn=8 --db_maxconn_gevent=4 \
        --limit-time-cpu=60 --limit-time-real=120 --limit-request=100000 \
        --logfile="$OUT/odoo.log" --log-level=info </dev/null &
    ODOO_PID=$!
    for _ in $(seq 1 120); do
        curl -fsS "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null 2>&1 && return 0
        kill -0 "$ODOO_PID" 2>/dev/null || { tail -n 30 "$OUT/odoo.log"; return 1; }
        sleep 1
    done
    tail -n 30 "$OUT/odoo.log"
    return 1
}
timed "Odoo with $WORKERS workers on 127.0.0.1:$HTTP_PORT ($DB_NAME)" start_odoo \
    "Odoo did not answer on /web/health (log: $OUT/odoo.log)"

# One login before the run, so that a wrong password or a second factor fails in seconds;
# then a few page loads, so that both workers have loaded the registry and the web client,
# as on a server that has been running for a while.
first_login() {
    local answer jar=$OUT/warmup.cookies pids
    answer=$(curl -fsS -c "$jar" -H 'Content-Type: application/json' \
        "http://127.0.0.1:$HTTP_PORT/web/session/authenticate" \
        -d "{\"jsonrpc\":\"2.0\",\"method\":\"call\",\"params\":{\"db\":\"$DB_NAME\",\"login\":\"${logins[0]}\",\"password\":\"$KIM_PASSWORD\"}}")
    grep -q '"uid": *[0-9]' <<<"$answer" || { printf '%s\n' "${answer:0:400}" >&2; return 1; }
    for _ in 1 2 3 4; do
        pids=()
        curl -fsS -b "$jar" -o /dev/null "http://127.0.0.1:$HTTP_PORT/odoo" & pids+=($!)
        curl -fsS -b "$jar" -o /dev/null "http://127.0.0.1:$HTTP_PORT/web/webclient/load_menus" & pids+=($!)
        wait "${pids[@]}"  # not a bare wait: Odoo is a child of this shell too
    done
    rm -f "$jar"
}
timed "Login of ${logins[0]} and warm-up" first_login \
    "${logins[0]} cannot log in to $DB_NAME with KIM_PASSWORD."

# --- The run --------------------------------------------------------------------------------

RUN_ID=$(date +%Y%m%d%H%M%S)
say "$USERS case managers for $DURATION (spawn rate $SPAWN_RATE/s, a step every $KIM_THINK_MIN-$KIM_THINK_MAX s), run $RUN_ID"
start=$SECONDS
locust_rc=0
(
    cd "$LOAD_DIR"
    export KIM_DB=$DB_NAME KIM_LOAD_RUN=$RUN_ID KIM_LOAD_WRITES=$OUT/writes.jsonl \
        KIM_LOAD_STATS=$OUT/stats.json KIM_LOAD_REQUESTS=$OUT/requests.csv
    # --stop-timeout: at the end each user finishes the step it is in, so that few writes
    # are left without an answer.
    "$LOAD_VENV/bin/locust" -f "$LOAD_DIR/locustfile.py" --headless \
        -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" --stop-timeout 30 \
        --host "http://127.0.0.1:$HTTP_PORT" --csv "$OUT/stats" --only-summary \
        --logfile "$OUT/locust.log" >"$OUT/locust.out" 2>&1
) || locust_rc=$?
printf '%s\n' "${_g}✓${_n} Locust run ($((SECONDS - start))s, exit code $locust_rc; output: $OUT/locust.out)"
[ -f "$OUT/stats.json" ] && [ -f "$OUT/requests.csv" ] \
    || { tail -n 30 "$OUT/locust.out"; die "Locust wrote no statistics (see $OUT/locust.log)."; }

stop_odoo
# Server-side errors and retried concurrent updates, for the summary.
server_errors=$(grep -c " ERROR " "$OUT/odoo.log" || true)
server_retries=$(grep -c "tries left, try again" "$OUT/odoo.log" || true)

# --- The count of the writes ------------------------------------------------------------------

psql_db -F $'\t' >"$OUT/db-writes.tsv" <<SQL
select 'contact', id, substring(note from 'Lasttest $RUN_ID [0-9a-f-]{36}')
  from kim_case_contact where note like 'Lasttest $RUN_ID %'
union all
select 'goal', id, substring(name from 'Lasttest $RUN_ID [0-9a-f-]{36}')
  from kim_case_goal where name like 'Lasttest $RUN_ID %';
SQL

# --- The summary ------------------------------------------------------------------------------

export OUT RUN_ID TARGET_P95_MS DB_NAME USERS DURATION WORKERS SPAWN_RATE cases contacts \
    server_errors server_retries
CPUS=$(nproc) "$LOAD_VENV/bin/python" - <<'PY'
import collections
import csv
import json
import math
import os
import sys
from pathlib import Path

env = os.environ
out, run_id, target = Path(env["OUT"]), env["RUN_ID"], int(env["TARGET_P95_MS"])
stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
seconds = max(stats["seconds"], 1e-9)


def percentile(values, share):
    """Nearest rank: the smallest value that `share` of the values do not exceed."""
    return values[max(math.ceil(share * len(values)) - 1, 0)] if values else None


def figures(rows):
    times = sorted(r["ms"] for r in rows)
    return {
        "count": len(rows),
        "rps": len(rows) / seconds,
        "p50": percentile(times, 0.50),
        "p95": percentile(times, 0.95),
        "p99": percentile(times, 0.99),
        "errors": sum(1 for r in rows if not r["ok"]),
    }


requests = [
    {"start": float(r["start"]), "name": f"{r['method']} {r['name']}", "ms": float(r["ms"]),
     "ok": r["ok"] == "1"}
    for r in csv.DictReader(open(out / "requests.csv", encoding="utf-8"))
]
by_name = collections.defaultdict(list)
for r in requests:
    by_name[r["name"]].append(r)
total = figures(requests)
ready_at = stats.get("all_ready_at")
steady = figures([r for r in requests if ready_at and r["start"] >= ready_at])
steady["rps"] = steady["count"] / max(stats["start"] + seconds - (ready_at or 0), 1e-9)

# Writes: what the users were told, against what the database holds.
told = collections.defaultdict(list)
writes_file = out / "writes.jsonl"
for line in open(writes_file, encoding="utf-8") if writes_file.exists() else ():
    entry = json.loads(line)
    if entry.get("run") == run_id:
        told[entry["marker"]].append(entry)
stored = collections.defaultdict(list)
for line in open(out / "db-writes.tsv", encoding="utf-8"):
    kind, rec_id, marker = line.rstrip("\n").split("\t")
    stored[marker].append(int(rec_id))


def outcome(entries):
    statuses = {e["status"] for e in entries}
    return next((s for s in ("ok", "refused", "error") if s in statuses), "sent")


outcomes = {marker: outcome(entries) for marker, entries in told.items()}
acked = {m: e for m, e in told.items() if outcomes[m] == "ok"}
refused = [m for m in told if outcomes[m] == "refused"]
failed = [m for m in told if outcomes[m] == "error"]
in_flight = [m for m in told if outcomes[m] == "sent"]
# Lost: acknowledged, but not in the database under the id the server gave back.
acked_ids = {m: {e["id"] for e in entries if e["status"] == "ok" and e["id"]} for m, entries in acked.items()}
missing = [m for m in acked if not stored.get(m) or (acked_ids[m] - set(stored[m]))]
duplicated = [m for m in stored if len(stored[m]) > 1]
found = [m for m in acked if m not in missing and m not in duplicated]
stored_anyway = [m for m in refused + failed if stored.get(m)]
in_flight_stored = [m for m in in_flight if stored.get(m)]
unknown = [m for m in stored if m not in told]
by_kind = collections.Counter(entries[0]["kind"] for entries in acked.values())

errors = total["errors"] + sum(e["count"] for e in stats["exceptions"])
checks = [
    (f"p95 of all requests ≤ {target} ms", (total["p95"] or 0) <= target, f"{total['p95'] or 0:.0f} ms"),
    ("no error", errors == 0, str(errors)),
    ("no lost write", not missing, str(len(missing))),
    ("no duplicated write", not duplicated, str(len(duplicated))),
]
verdict = "PASS" if all(ok for _, ok, _ in checks) else "FAIL"


def ms(value):
    return "-" if value is None else f"{value:.0f}"


def row(name, f, bold=False):
    cells = [name, str(f["count"]), f"{f['rps']:.2f}", ms(f["p50"]), ms(f["p95"]), ms(f["p99"]), str(f["errors"])]
    if bold:
        cells = [f"**{c}**" for c in cells]
    return "| " + " | ".join(cells) + " |"


lines = [
    f"### Load test {run_id}: {verdict}",
    "",
    f"{env['USERS']} case managers ({env['SPAWN_RATE']} logging in per second, then a step every "
    f"{env['KIM_THINK_MIN']} to {env['KIM_THINK_MAX']} s) for {env['DURATION']} against Odoo 19 "
    f"with {env['WORKERS']} workers, on {env['CPUS']} CPU cores shared by Odoo, PostgreSQL and "
    f"Locust; database `{env['DB_NAME']}` with {int(env['cases']):,} cases and "
    f"{int(env['contacts']):,} contacts.",
    "",
    "| request | count | req/s | p50 ms | p95 ms | p99 ms | errors |",
    "|---|---:|---:|---:|---:|---:|---:|",
]
for name in sorted(by_name, key=lambda n: (-len(by_name[n]), n)):
    lines.append(row(name, figures(by_name[name])))
lines.append(row("all requests", total, bold=True))
if ready_at:
    lines.append(row(f"from second {ready_at - stats['start']:.0f}, all users logged in", steady))
lines += [
    "",
    f"Writes: {len(acked)} acknowledged ("
    + (", ".join(f"{n} {kind}{'s' * (n != 1)}" for kind, n in sorted(by_kind.items())) or "none")
    + f"), {len(found)} found exactly once in the database, {len(missing)} lost, "
    f"{len(duplicated)} duplicated; {len(refused)} refused by a business rule (a short "
    f"counselling is full), {len(failed)} failed, {len(in_flight)} without an answer when the "
    "run ended.",
    "",
    "| target | result | |",
    "|---|---|---|",
]
lines += [f"| {name} | {value} | {'pass' if ok else '**fail**'} |" for name, ok, value in checks]
notes = []
slow = [n for n in by_name if (figures(by_name[n])["p95"] or 0) > target]
if slow:
    notes.append(f"Request types with a p95 above {target} ms: " + ", ".join(sorted(slow)) + ".")
if stored_anyway:
    notes.append(f"{len(stored_anyway)} refused or failed writes are stored nevertheless.")
if in_flight:
    notes.append(f"{len(in_flight_stored)} of the {len(in_flight)} unanswered writes are stored.")
if unknown:
    notes.append(f"{len(unknown)} marked records of this run are missing from writes.jsonl.")
notes.append(
    f"Server log: {env['server_errors']} ERROR lines, {env['server_retries']} retried "
    "concurrent updates."
)
if stats["errors"] or stats["exceptions"]:
    notes.append(
        "Errors: "
        + "; ".join(
            [f"{e['occurrences']}× {e['method']} {e['name']}: {e['error'][:200]}" for e in stats["errors"]]
            + [f"{e['count']}× in the locustfile: {e['message'][:200]}" for e in stats["exceptions"]]
        )
    )
lines += [""] + notes

text = "\n".join(lines) + "\n"
(out / "last-run.md").write_text(text, encoding="utf-8")
print(text)
print(f"Markdown: {out / 'last-run.md'}")
sys.exit(0 if verdict == "PASS" else 1)
PY
