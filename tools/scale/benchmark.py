"""KIM scale benchmark, run by `make benchmark` inside `odoo shell` on the generated database.

Each operation is called the way the web client calls it (same methods, same field
specifications, taken from the views as the user gets them), as a case manager, a
substitute, a coordinator and the superuser, interleaved over RUNS rounds, each call as a
request of its own (records and the transaction's caches emptied before). Beside it runs
hand-written SQL of the same meaning. Printed per operation and role: median and p95
server time, queries, ratio to the superuser making the same call on the same records
(superuser_twins) and to the SQL, and whether the targets of the project are met.

Everything happens in one transaction that is rolled back at the end: audit entries and
the rolled-back withdrawal and retention runs leave the database as it was.

Environment: RUNS (default 20), KIM_README (path of README.md
to update between its benchmark markers; unset: print only), KIM_MACHINE (one line
describing the machine).
"""

import base64
import json
import os
import statistics
import time
from datetime import date

from odoo.addons.kim_case.tests.operations import (
    CASE_WORK_ONLY,
    OPERATIONS,
    view_spec,
    web_context,
    web_env,
)

env = env  # noqa: F821 - provided by odoo shell
CASE_MANAGER, SUBSTITUTE, COORDINATOR, SUPERUSER = (
    "Fallmanager",
    "Vertretung",
    "Koord.",
    "Superuser",
)
ROLES = (CASE_MANAGER, SUBSTITUTE, COORDINATOR, SUPERUSER)
RUNS = int(os.environ.get("RUNS", "20"))
README = os.environ.get("KIM_README")
MACHINE = os.environ.get("KIM_MACHINE", "")
MARK_START = "<!-- scale-benchmark:start -->"
MARK_END = "<!-- scale-benchmark:end -->"
# Cases the measured retention run anonymises (the oldest closed ones).
RETENTION_CASES = int(os.environ.get("RETENTION_CASES", "2000"))

# Hand-written SQL of the same meaning: what the screen shows, asked the way an expert
# would ask PostgreSQL for it (the page of rows first, then their names). {cases} is the
# role's scope of cases: its own (case manager, substitute), its municipalities'
# (coordinator) or all (superuser); the "Meine Fälle" of the superuser are the case
# manager's.
OWN_CASES = """c.company_id = ANY(%(companies)s) AND c.id IN (
    SELECT id FROM kim_case WHERE user_id = %(uid)s
    UNION ALL SELECT case_id FROM kim_case_substitute_rel WHERE user_id = %(uid)s)"""
SCOPES = {
    CASE_MANAGER: OWN_CASES,
    SUBSTITUTE: OWN_CASES,
    COORDINATOR: "c.municipality_id = ANY(%(municipalities)s)",
    SUPERUSER: "TRUE",
}


def translated(column):
    return f"coalesce({column}->>'de_DE', {column}->>'en_US')"


# What a row of cases shows in the list and on a kanban card: its fields, the names of
# client, stage, case manager, provider, municipality and social area, and the next
# activity with its type; joined to the page of cases {page} once it is chosen.
CASE_ROWS = f"""
    SELECT c.id, c.name, c.case_type, c.target_group, c.date_open, c.next_review_date,
           c.contact_count, c.is_crisis, c.state, c.color, p.complete_name,
           {translated("st.name")}, up.name, co.name, m.complete_name, sa.name,
           a.date_deadline, a.summary, {translated("t.name")}, t.icon, t.decoration_type
      FROM ({{page}}) c
      JOIN res_partner p ON p.id = c.partner_id
      JOIN kim_case_stage st ON st.id = c.stage_id
      JOIN res_users u ON u.id = c.user_id
      JOIN res_partner up ON up.id = u.partner_id
      JOIN res_company co ON co.id = c.company_id
      JOIN kim_municipality m ON m.id = c.municipality_id
      LEFT JOIN kim_social_area sa ON sa.id = c.social_area_id
      LEFT JOIN LATERAL (
            SELECT x.date_deadline, x.summary, x.activity_type_id FROM mail_activity x
             WHERE x.res_model = 'kim.case' AND x.res_id = c.id
             ORDER BY x.date_deadline, x.id LIMIT 1) a ON TRUE
      LEFT JOIN mail_activity_type t ON t.id = a.activity_type_id
     ORDER BY c.stage_id, c.date_open DESC, c.id DESC
"""
# A list page: its 80 rows and how many there are in all ("1-80 / 1234").
LIST_PAGE = (
    CASE_ROWS.replace(
        "{page}",
        """SELECT * FROM kim_case c WHERE c.state = 'open' AND {cases}
            ORDER BY c.date_open DESC, c.id DESC LIMIT 80""",
    ).replace("c.stage_id, ", "")
    + """;
    SELECT count(*) FROM (SELECT FROM kim_case c WHERE c.state = 'open' AND {cases}
                           LIMIT 10001) n
"""
)
# The services offered at a postal code: named there, or for the whole municipality.
SERVES_ZIP = """(s.id IN (SELECT r.service_id FROM kim_service_postal_code_rel r
                             JOIN kim_postal_code z ON z.id = r.postal_code_id
                            WHERE z.code = %(zip)s)
                  OR (s.spatial = 'none'
                      AND s.municipality_id IN (SELECT municipality_id FROM kim_postal_code
                                                 WHERE code = %(zip)s)))"""
SQL = {
    # The first 40 cards of each stage, and per stage its count and the progress bar's
    # counts by case type.
    "my_kanban": CASE_ROWS.replace(
        "{page}",
        f"""SELECT * FROM (
                SELECT c.*, row_number() OVER (PARTITION BY c.stage_id
                                                ORDER BY c.date_open DESC, c.id DESC) AS n
                  FROM kim_case c WHERE c.state = 'open' AND {OWN_CASES}) c
             WHERE n <= 40""",
    )
    + f""";
    SELECT st.id, {translated("st.name")}, c.case_type, count(*)
      FROM kim_case c JOIN kim_case_stage st ON st.id = c.stage_id
     WHERE c.state = 'open' AND {OWN_CASES}
     GROUP BY st.id, c.case_type ORDER BY st.sequence, st.id
""",
    "my_list": LIST_PAGE.replace("{cases}", OWN_CASES),
    "open_list": LIST_PAGE,
    "open_count": "SELECT count(*) FROM kim_case c WHERE c.state = 'open' AND {cases}",
    "name_search": """
        SELECT p.id, p.complete_name FROM res_partner p
         WHERE p.active AND p.is_company IS NOT TRUE
           AND (p.complete_name ILIKE %(pattern)s OR p.email ILIKE %(pattern)s
                OR p.ref ILIKE %(pattern)s OR p.vat ILIKE %(pattern)s)
           {persons}
         ORDER BY p.complete_name, p.id LIMIT 8
    """,
    # The case with the client's row and every name the form shows, the substitutes, the
    # nationalities, the consents behind the consent state and the waivers, and the
    # checklists' items.
    "case_form": f"""
        SELECT c.*, p.*, {translated("st.name")}, {translated("st.factors")},
               {translated("st.results")}, up.name, co.name, m.complete_name, sa.name, h.name,
               rp.complete_name, {translated("ss.name")}
          FROM kim_case c JOIN res_partner p ON p.id = c.partner_id
          JOIN kim_case_stage st ON st.id = c.stage_id
          JOIN res_users u ON u.id = c.user_id JOIN res_partner up ON up.id = u.partner_id
          JOIN res_company co ON co.id = c.company_id
          JOIN kim_municipality m ON m.id = c.municipality_id
          LEFT JOIN kim_case_stage_set ss ON ss.id = m.stage_set_id
          LEFT JOIN kim_social_area sa ON sa.id = c.social_area_id
          LEFT JOIN kim_household h ON h.id = c.household_id
          LEFT JOIN res_partner rp ON rp.id = c.referring_partner_id
         WHERE c.id = %(case)s AND {{cases}};
        SELECT sp.name FROM kim_case_substitute_rel r
          JOIN res_users su ON su.id = r.user_id JOIN res_partner sp ON sp.id = su.partner_id
         WHERE r.case_id = %(case)s ORDER BY sp.name;
        SELECT {translated("co.name")} FROM kim_case c
          JOIN kim_partner_nationality_rel n ON n.partner_id = c.partner_id
          JOIN res_country co ON co.id = n.country_id
         WHERE c.id = %(case)s ORDER BY 1;
        SELECT k.id, k.kind, k.state, k.date_signed, k.valid_until, k.date_withdrawn,
               {translated("rc.name")}
          FROM kim_consent k LEFT JOIN kim_recipient_category rc ON rc.id = k.category_id
         WHERE k.case_id = %(case)s;
        SELECT 'zg1', {translated("i.name")} FROM kim_case_access_area_rel r
          JOIN kim_eligibility_item i ON i.id = r.item_id WHERE r.case_id = %(case)s
        UNION ALL SELECT 'zg3', {translated("i.name")} FROM kim_case_care_item_rel r
          JOIN kim_eligibility_item i ON i.id = r.item_id WHERE r.case_id = %(case)s
        UNION ALL SELECT 'parent', {translated("d.name")} FROM kim_case_parent_dimension_rel r
          JOIN kim_life_domain d ON d.id = r.domain_id WHERE r.case_id = %(case)s
        UNION ALL SELECT 'child', {translated("d.name")} FROM kim_case_child_dimension_rel r
          JOIN kim_life_domain d ON d.id = r.domain_id WHERE r.case_id = %(case)s
    """,
    "contacts": """
        SELECT k.id, k.date, k.duration, k.channel, k.interpreter, k.note, p.name,
               (SELECT string_agg(t.name->>'de_DE', ', ')
                  FROM kim_case_contact_topic_rel r
                  JOIN kim_topic t ON t.id = r.topic_id
                 WHERE r.contact_id = k.id)
          FROM kim_case_contact k
          JOIN kim_case c ON c.id = k.case_id
          LEFT JOIN res_users u ON u.id = k.user_id
          LEFT JOIN res_partner p ON p.id = u.partner_id
         WHERE k.case_id = %(case)s AND {cases} ORDER BY k.date DESC LIMIT 40
    """,
    "group_stage": """
        SELECT c.stage_id, count(*) FROM kim_case c
         WHERE c.state = 'open' AND {cases} GROUP BY c.stage_id
    """,
    "group_provider": """
        SELECT c.company_id, count(*) FROM kim_case c
         WHERE c.state = 'open' AND {cases} GROUP BY c.company_id
    """,
    "caseload": """
        SELECT c.user_id, p.name, co.name, m.name, count(*),
               coalesce(u.kim_weekly_hours, 39.0), coalesce(m.caseload_key, 40)
          FROM kim_case c
          JOIN res_users u ON u.id = c.user_id
          JOIN res_partner p ON p.id = u.partner_id
          JOIN res_company co ON co.id = u.company_id
          JOIN kim_municipality m ON m.id = c.municipality_id
         WHERE c.state = 'open' AND {caseload}
         GROUP BY c.user_id, p.name, co.name, c.municipality_id, m.name, u.kim_weekly_hours,
                  m.caseload_key
    """,
    "directory": f"""
        SELECT s.id, s.name, a.name, s.offer_form, s.spatial_rule,
               (SELECT string_agg(z.code, ', ' ORDER BY z.code)
                  FROM kim_service_postal_code_rel r
                  JOIN kim_postal_code z ON z.id = r.postal_code_id
                 WHERE r.service_id = s.id)
          FROM kim_service s
          JOIN res_partner a ON a.id = s.actor_id
         WHERE s.active AND {SERVES_ZIP}
         ORDER BY s.municipality_id, s.name, s.actor_id, s.id
         LIMIT 80;
        SELECT count(*) FROM (SELECT FROM kim_service s WHERE s.active AND {SERVES_ZIP}
                               LIMIT 10001) n
    """,
}

# Roles ----------------------------------------------------------------------------------------


class Role:
    def __init__(self, label, env_, case_id, sql_uid):
        self.label, self.env, self.case_id = label, env_, case_id
        self.uid = env_.uid
        self._specs = {}
        user = env_.user.sudo()
        self.sql_args = {
            "uid": sql_uid,
            "companies": user.company_ids.ids,
            "municipalities": env_["kim.municipality"]
            .sudo()
            .search([("id", "child_of", user.kim_municipality_ids.ids)])
            .ids
            or env_["kim.municipality"].sudo().search([]).ids,
            "case": case_id,
        }
        client = env_["kim.case"].sudo().browse(case_id).partner_id
        self.name = (client.name or "a")[:4]
        self.sql_args["pattern"] = f"%{self.name}%"
        self.zip = client.zip or "46045"
        self.sql_args["zip"] = self.zip

    def spec(self, model, view_type):
        key = (model._name, view_type)
        if key not in self._specs:
            self._specs[key] = view_spec(model, view_type)
        return self._specs[key]


def pick_roles():
    group = env.ref("kim_case.group_kim_case_manager")
    managers = env["res.users"].search([("group_ids", "in", group.ids)], order="login")
    rel = env.cr
    rel.execute(
        """SELECT s.user_id, s.case_id FROM kim_case_substitute_rel s
             JOIN kim_case c ON c.id = s.case_id AND c.state = 'open'
            ORDER BY s.user_id, s.case_id LIMIT 1"""
    )
    substitution = rel.fetchone()
    # The first case manager (by login) with an open case who is not the substitute.
    candidates = managers.filtered(lambda u: not substitution or u.id != substitution[0])
    first_open = dict(
        env["kim.case"]._read_group(
            [("user_id", "in", candidates.ids), ("state", "=", "open")], ["user_id"], ["id:min"]
        )
    )
    manager = next(user for user in candidates if user in first_open)
    own_case = first_open[manager]
    substitute_uid, substituted_case = substitution or (manager.id, own_case)
    coordinator = env["res.users"].search(
        [("group_ids", "in", env.ref("kim_case.group_kim_coordinator").ids)],
        order="login",
        limit=1,
    )
    coordinator_case = (
        env["kim.case"]
        .with_user(coordinator)
        .search([("state", "=", "open")], limit=1, order="id")
        .id
    )
    substitute = env["res.users"].browse(substitute_uid)

    return {
        CASE_MANAGER: Role(CASE_MANAGER, web_env(manager), own_case, manager.id),
        SUBSTITUTE: Role(SUBSTITUTE, web_env(substitute), substituted_case, substitute_uid),
        COORDINATOR: Role(COORDINATOR, web_env(coordinator), coordinator_case, coordinator.id),
        SUPERUSER: superuser_as(manager, own_case),
    }


def superuser_as(user, case_id):
    """The superuser making the calls ``user`` makes, on the same records: the same case,
    the same client name and postal code, and ``user``'s cases as "Meine Fälle"."""
    role = Role(SUPERUSER, env(su=True, context=web_context(user)), case_id, user.id)
    role.uid = user.id
    return role


def superuser_twins(roles):
    """For each role, the superuser on its records: "× Superuser" compares the same call
    on the same data (a substitute's case may hold six times the contacts of the case
    manager's). The case manager's twin is the superuser of the table."""
    return {
        label: roles[SUPERUSER]
        if label == CASE_MANAGER
        else superuser_as(roles[label].env.user, roles[label].case_id)
        for label in (CASE_MANAGER, SUBSTITUTE, COORDINATOR)
    }


# Measuring ------------------------------------------------------------------------------------


def measure(role, func):
    cr = role.env.cr
    # Each run as a request of its own: a new transaction, whose cursor keeps nothing of
    # the last run (rows already checked, rules already prepared); the registry's caches
    # stay warm, as in a running server.
    role.env.invalidate_all()
    cr.cache.clear()
    before = cr.sql_log_count
    start = time.perf_counter()
    func(role.env, role)
    role.env.flush_all()
    cr.precommit.run()  # what the request's commit would still do (audit entries)
    took = time.perf_counter() - start
    return took * 1000, cr.sql_log_count - before


def measure_sql(sql, args):
    start = time.perf_counter()
    for statement in filter(str.strip, sql.split(";")):
        env.cr.execute(statement, args)
        env.cr.fetchall()
    return (time.perf_counter() - start) * 1000


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_operations(roles):
    """Times and query counts per (operation, role), the superuser's on each role's
    records per (operation, (role, SUPERUSER)), and the times of the SQL per (operation,
    role)."""
    times, queries, sql_times = {}, {}, {}
    twins = list(superuser_twins(roles).items())
    for round_ in range(RUNS):
        for key, _label, func in OPERATIONS:
            # Each role in turn comes first after the previous operation, and first before
            # or after its superuser, so that none always pays what the previous call left
            # (garbage to collect, cold caches).
            shift = round_ % len(twins)
            for label, twin in twins[shift:] + twins[:shift]:
                if key in CASE_WORK_ONLY and label == COORDINATOR:
                    continue
                pair = [(roles[label], label), (twin, (label, SUPERUSER))]
                for role, slot in pair[:: 1 if round_ // len(twins) % 2 == 0 else -1]:
                    took, count = measure(role, func)
                    times.setdefault((key, slot), []).append(took)
                    queries[(key, slot)] = count
            for role in roles.values():
                if key in CASE_WORK_ONLY and role.label == COORDINATOR:
                    continue
                args = role.sql_args
                if key in CASE_WORK_ONLY and role.label == SUPERUSER:
                    # the superuser's "Meine Fälle" are the case manager's
                    args = roles[CASE_MANAGER].sql_args
                took = measure_sql(sql_for(key, role.label), args)
                sql_times.setdefault((key, role.label), []).append(took)
    # The superuser of the table is the case manager's twin.
    for key, _label, _func in OPERATIONS:
        times[(key, SUPERUSER)] = times[(key, (CASE_MANAGER, SUPERUSER))]
        queries[(key, SUPERUSER)] = queries[(key, (CASE_MANAGER, SUPERUSER))]
    return times, queries, sql_times


# The persons a role may find, tested for each name that matches; the superuser finds all.
PERSONS = """AND (p.kim_is_client IS NOT TRUE OR EXISTS (
    SELECT 1 FROM kim_partner_user_rel u WHERE u.partner_id = p.id AND u.user_id = %(uid)s))"""
PERSONS_COORDINATOR = """AND (p.kim_is_client IS NOT TRUE OR EXISTS (
    SELECT 1 FROM kim_partner_municipality_rel m
     WHERE m.partner_id = p.id AND m.municipality_id = ANY(%(municipalities)s)))"""


def sql_for(key, role):
    """The SQL of operation ``key`` in the scope of ``role``."""
    caseload = {CASE_MANAGER: "c.user_id = %(uid)s", SUBSTITUTE: "c.user_id = %(uid)s"}
    return (
        SQL[key]
        .replace("{persons}", {SUPERUSER: "", COORDINATOR: PERSONS_COORDINATOR}.get(role, PERSONS))
        .replace("{cases}", SCOPES[role])
        .replace("{caseload}", caseload.get(role, SCOPES[role]))
    )


def targets(key, role, median, ratio_su, ratio_sql, count):
    """The project's targets at 100,000 cases; None where none applies."""
    checks = []
    if role in (CASE_MANAGER, SUBSTITUTE):
        checks += [median <= 100, ratio_su is None or ratio_su <= 1.5]
    if key == "name_search" and role != SUPERUSER:
        checks.append(median <= 50)
    if key == "case_form" and role != SUPERUSER:
        checks += [median <= 150, count <= 25]
    if key == "directory" and role != SUPERUSER:
        checks.append(median < 100)
    if role == COORDINATOR and key == "open_count":
        checks.append(median <= 10)
    if role == COORDINATOR and key == "open_list":
        checks.append(median <= 100)
    if role != SUPERUSER and ratio_sql is not None:
        checks.append(ratio_sql <= 5)
    if not checks:
        return None
    return all(checks)


def table(times, queries, sql_times):
    rows = []
    header = (
        "| Vorgang | Rolle | Median ms | p95 ms | Abfragen | × Superuser | SQL ms | × SQL "
        "| Ziel |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---|"
    )
    failed = 0
    for key, label, _func in OPERATIONS:
        for role in ROLES:
            values = times.get((key, role))
            if not values:
                continue
            sql = statistics.median(sql_times[(key, role)])
            median = statistics.median(values)
            su = role != SUPERUSER and statistics.median(times[(key, (role, SUPERUSER))])
            ratio_su = median / su if su else None
            ratio_sql = median / sql if sql else None
            verdict = targets(key, role, median, ratio_su, ratio_sql, queries[(key, role)])
            failed += verdict is False
            rows.append(
                f"| {label} | {role} | {median:.1f} | {p95(values):.1f} | "
                f"{queries[(key, role)]} | {'' if ratio_su is None else f'{ratio_su:.2f}'} | "
                f"{sql:.1f} | {'' if ratio_sql is None else f'{ratio_sql:.1f}'} | "
                f"{'–' if verdict is None else ('erfüllt' if verdict else 'verfehlt')} |"
            )
    return header + "\n" + "\n".join(rows), failed


# Data protection runs (rolled back) -----------------------------------------------------------


def data_protection_runs():
    """Withdrawal of the client with the longest history; the retention run over every
    case due. Each inside a savepoint that is rolled back."""
    lines = []
    env.cr.execute(
        """SELECT case_id, count(*) FROM kim_case_contact GROUP BY case_id
            ORDER BY count(*) DESC, case_id LIMIT 1"""
    )
    case_id, contacts = env.cr.fetchone()
    case = env["kim.case"].browse(case_id)
    consent = case.consent_ids.filtered(lambda c: c.state == "given")[:1]
    if consent:
        with env.cr.savepoint(flush=False) as savepoint:
            start = time.perf_counter()
            consent._withdraw(date.today())
            env.flush_all()
            took = time.perf_counter() - start
            savepoint.rollback()
        lines.append(f"Widerruf einer Klientin mit {contacts} Kontakten: {took:.2f} s (Ziel < 5 s)")
        print(f"- {lines[-1]}", flush=True)
    env.invalidate_all()
    with env.cr.savepoint(flush=False) as savepoint:
        # The generated cases are kept five years after closing, so that a server started
        # on the database does not anonymise at once: the oldest closed ones fall due here.
        env.cr.execute(
            """UPDATE kim_case SET retention_due_date = CURRENT_DATE - 1
                WHERE id IN (SELECT id FROM kim_case
                              WHERE state = 'closed' AND is_anonymised IS NOT TRUE
                              ORDER BY date_closed, id LIMIT %s)""",
            (RETENTION_CASES,),
        )
        env.invalidate_all()
        due = env["kim.case"]._kim_retention_due()
        start = time.perf_counter()
        env["kim.case"]._cron_retention()
        env.flush_all()
        took = time.perf_counter() - start
        savepoint.rollback()
    per_case = f", {1000 * took / len(due):.0f} ms je Fall" if due else ""
    lines.append(f"Löschlauf über {len(due)} fällige Fälle: {took:.1f} s{per_case}")
    env.invalidate_all()
    return lines


def steering_runs(roles):
    """The data of each KIM dashboard (every chart's grouped read, as the web client asks
    for it) and the annual report of the coordinator's municipality for the last twelve
    months, as PDF (the HTML it is printed from) and as XLSX; medians of a few runs."""
    if "spreadsheet.dashboard" not in env or "kim.annual.report" not in env:
        return []
    coordinator = roles[COORDINATOR].env
    lines = []
    group = env.ref("kim_steering.dashboard_group_kim")
    for dashboard in env["spreadsheet.dashboard"].search([("dashboard_group_id", "=", group.id)]):
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        charts = [f["data"] for sheet in data["sheets"] for f in sheet["figures"]]
        durations = []
        for _run in range(5):
            coordinator.invalidate_all()
            start = time.perf_counter()
            for chart in charts:
                meta = chart["metaData"]
                measure = meta["measure"]
                aggregate = "__count" if measure == "__count" else f"{measure}:sum"
                coordinator[meta["resModel"]].formatted_read_group(
                    chart["searchParams"]["domain"], meta["groupBy"], [aggregate]
                )
            durations.append(time.perf_counter() - start)
        took = statistics.median(durations)
        lines.append(
            f"Dashboard {dashboard.name} ({len(charts)} Diagramme), Koordination: "
            f"{1000 * took:.0f} ms (Ziel < 1 s)"
        )
        print(f"- {lines[-1]}", flush=True)
    municipality = coordinator.user.sudo().kim_municipality_ids[:1]
    today = date.today()
    report = coordinator["kim.annual.report"].create(
        {
            "municipality_id": municipality.id,
            "date_from": today.replace(year=today.year - 1),
            "date_to": today,
        }
    )
    start = time.perf_counter()
    action = coordinator.ref("kim_steering.action_report_kim_annual")
    action._render_qweb_html(action.report_name, report.ids)
    took_pdf = time.perf_counter() - start
    start = time.perf_counter()
    xlsx = coordinator.ref("kim_steering.action_report_kim_annual_xlsx")
    xlsx._render(xlsx.report_name, report.ids)
    took_xlsx = time.perf_counter() - start
    lines.append(
        f"Jahresbericht {municipality.name} über zwölf Monate: {took_pdf:.1f} s für den "
        f"Bericht (HTML des PDF), {took_xlsx:.1f} s als XLSX (Ziel < 30 s)"
    )
    print(f"- {lines[-1]}", flush=True)
    return lines


def _number(value):
    return f"{value:,}".replace(",", ".")


def write_readme(text):
    with open(README, encoding="utf-8") as handle:
        content = handle.read()
    start, end = content.index(MARK_START), content.index(MARK_END)
    content = content[: start + len(MARK_START)] + "\n" + text + "\n" + content[end:]
    with open(README, "w", encoding="utf-8") as handle:
        handle.write(content)


def main():
    env.cr.execute("SELECT count(*) FROM kim_case")
    cases = env.cr.fetchone()[0]
    env.cr.execute("SELECT count(*) FROM kim_case_contact")
    contacts = env.cr.fetchone()[0]
    roles = pick_roles()
    started = time.perf_counter()
    times, queries, sql_times = run_operations(roles)
    text, failed = table(times, queries, sql_times)
    heading = (
        f"{_number(cases)} Fälle, {_number(contacts)} Beratungskontakte; {RUNS} Durchläufe "
        f"je Vorgang und Rolle, abwechselnd. {MACHINE}"
    )
    # The table first: withdrawal and retention take minutes on a large database.
    print(f"{heading}\n\n{text}\n", flush=True)
    print(f"{failed} Ziel(e) verfehlt", flush=True)
    steering = [f"- {line}" for line in steering_runs(roles)]
    protection = [f"- {line}" for line in data_protection_runs()]
    print(protection[-1], flush=True)
    print(f"gemessen in {time.perf_counter() - started:.0f} s", flush=True)
    result = "\n".join([heading, "", text, "", *steering, *protection])
    if README:
        write_readme(result)
        print(f"README aktualisiert: {README}", flush=True)


try:
    main()
finally:
    env.cr.rollback()
