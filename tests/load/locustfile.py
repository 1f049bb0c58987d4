"""Load test: case managers doing their day in the Odoo 19 web client.

Each simulated user logs in over JSON-RPC as a case manager of their own and then calls
the server as the web client does when a person clicks through KIM. The routes, methods,
field specifications and contexts were taken from the browser's own requests in Odoo 19
against these views. A day is a weighted mix of:

- *Meine Fälle*: the kanban grouped by stage with its progress bars, sometimes the list;
- open one of the own cases: the form with its chatter;
- search a client: the search bar's client suggestions and the filtered kanban, or the
  client field's autocomplete on a new case;
- record a counselling contact from the case's "Kontakte" button (a new line in the
  editable list, saved on its own);
- add a goal in the case's "Ziele & Hilfeplan" tab (dialog, then the case is saved);
- reload the page now and then (the web client boots again).

Every write carries a unique marker ("Lasttest <run> <uuid>" in the contact's note or the
goal's name). It goes to a JSON-lines file twice: when it is sent ("sent") and with its
outcome ("ok" with the id the server returned, "refused" for a business rule, "error").
Afterwards the runner (tests/load/run.sh) counts that each acknowledged write exists
exactly once in the database.

Environment:
    KIM_DB            database name (required for the login)
    KIM_LOGINS        comma-separated logins; default cm001..cm050 (KIM_LOGIN_COUNT)
    KIM_PASSWORD      their password (default kim-scale-2025)
    KIM_LOAD_RUN      run id inside the markers (default: random)
    KIM_LOAD_WRITES   JSON-lines file of the writes (default kim-load-writes.jsonl)
    KIM_LOAD_STATS    JSON file of the statistics at the very end (optional)
    KIM_LOAD_REQUESTS CSV file of every request: start, method, name, ms, ok (optional)
    KIM_THINK_MIN/MAX seconds a user thinks between two steps (default 5 and 15)
"""

import contextlib
import csv
import itertools
import json
import logging
import os
import random
import threading
import time
import uuid
from datetime import date, timedelta

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

_logger = logging.getLogger("kim.load")

DB = os.environ.get("KIM_DB", "")
PASSWORD = os.environ.get("KIM_PASSWORD", "kim-scale-2025")
LOGINS = [
    login.strip() for login in os.environ.get("KIM_LOGINS", "").split(",") if login.strip()
] or [f"cm{i:03d}" for i in range(1, int(os.environ.get("KIM_LOGIN_COUNT", "50")) + 1)]
RUN_ID = os.environ.get("KIM_LOAD_RUN") or uuid.uuid4().hex[:8]
WRITES_PATH = os.environ.get("KIM_LOAD_WRITES", "kim-load-writes.jsonl")
# A busy hour at the desk: the next click 5 to 15 seconds after the screen has loaded.
THINK_MIN = float(os.environ.get("KIM_THINK_MIN", "5"))
THINK_MAX = float(os.environ.get("KIM_THINK_MAX", "15"))

MY_CASES_ACTION = "kim_case.kim_case_action_my"
CONTACTS_ACTION = "kim_case.kim_case_contact_action_case"
SHORT_MAX_CONTACTS = 5  # kim_case/rules/counselling.py: a short counselling holds five
# Business refusals the web client shows as a dialog: expected outcomes, not errors.
EXPECTED_REFUSALS = {"odoo.exceptions.RedirectWarning"}

# Field specifications as the Odoo 19 web client sends them for the KIM views -------------


def _plain(*names):
    return {name: {} for name in names}


def _x2m(fields, **extra):
    return {"fields": fields, "limit": 40, **extra}


M2O = {"fields": {"display_name": {}}}
ACTIVITY = {
    "activity_ids": {"fields": {}},
    **_plain(
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_state",
        "activity_summary",
        "activity_type_icon",
    ),
    "activity_type_id": M2O,
}
KANBAN_SPEC = {
    "stage_id": M2O,
    **_plain("color", "state"),
    "partner_id": M2O,
    **ACTIVITY,
    **_plain("name", "case_type", "target_group", "next_review_date", "is_crisis"),
    "user_id": M2O,
}
LIST_SPEC = {
    "name": {},
    "partner_id": M2O,
    **_plain("case_type", "target_group"),
    "stage_id": M2O,
    "user_id": M2O,
    "municipality_id": M2O,
    "social_area_id": M2O,
    **_plain("date_open", "next_review_date", "contact_count", "is_crisis", "state"),
    **ACTIVITY,
}
MEASURE_SPEC = _x2m(_plain("name", "responsible", "provider_name", "date_due", "done"))
# The lists of the case form's tabs (kim_lazy_list), loaded when a tab is opened.
GOAL_TAB_SPEC = {
    "sequence": {},
    "life_domain_id": M2O,
    **_plain("name", "date_agreed", "date_target", "review_date", "outcome"),
}
MEASURE_TAB_SPEC = {
    "goal_id": M2O,
    **_plain("name", "responsible", "agency", "provider_name", "date_due", "done"),
}
CONTACT_TAB_SPEC = {
    **_plain("date", "duration", "channel", "interpreter"),
    "topic_ids": M2O,
    "note": {},
    "user_id": M2O,
}
GOAL_FORM_SPEC = {
    "name": {},
    "life_domain_id": M2O,
    **_plain("outcome", "date_agreed", "date_target", "review_date", "review_note"),
    "measure_ids": MEASURE_SPEC,
    "sequence": {},
}
FORM_SPEC = {
    "stage_id": M2O,
    **_plain("state", "contact_count", "effort_hours", "name"),
    "partner_id": {
        "fields": {"display_name": {}},
        "context": {"default_is_company": False, "default_kim_is_client": True},
    },
    **_plain("case_type", "target_group"),
    "user_id": M2O,
    "substitute_ids": M2O,
    "municipality_id": M2O,
    "social_area_id": M2O,
    **_plain(
        "date_open",
        "next_review_date",
        "stage_factors",
        "stage_results",
        "client_gender",
        "client_birthdate",
        "client_birthplace",
    ),
    "client_nationality_ids": M2O,
    **_plain(
        "client_entry_date",
        "client_mother_tongue",
        "client_german_level",
        "client_phone",
        "client_email",
        "client_street",
        "client_zip",
        "client_city",
        "residence_status",
        "residence_title",
        "residence_issued",
        "residence_valid_until",
        "special_protection",
        "special_protection_note",
        "religion",
        "health_limitations",
        "addiction",
        "care_need",
        "care_grade",
        "care_grade_state",
        "has_medical_record",
        "has_vaccination_card",
        "doctors",
        "note_internal",
    ),
    "household_id": M2O,
    "household_member_ids": _x2m({"partner_id": M2O, **_plain("role", "birthdate", "is_minor")}),
    "household_case_ids": _x2m(
        {
            "name": {},
            "partner_id": M2O,
            "case_type": {},
            "stage_id": M2O,
            "user_id": M2O,
            "state": {},
        }
    ),
    "access_route": {},
    "referring_partner_id": M2O,
    **_plain(
        "contact_source",
        "is_crisis",
        "crisis_reason",
        "immigration_alternative",
        "locally_responsible",
        "willing_to_cooperate",
        "consent_state",
        "zg1_further_need",
        "zg1_catch_up_need",
        "zg1_prior_claim",
    ),
    "zg1_area_ids": {"fields": {}},
    "zg2_parent_dimension_ids": {"fields": {}},
    "zg2_has_minor_child": {},
    "zg2_child_dimension_ids": {"fields": {}},
    **_plain(
        "zg3_care_need_sgb_xi",
        "zg3_certificate",
        "zg3_health_impairment",
        "zg3_is_relative",
        "zg3_person_in_need_immigrated",
        "zg3_support_relatives",
        "zg3_complementary_services",
    ),
    "zg3_care_item_ids": M2O,
    **_plain(
        "eligibility_summary", "eligibility_ok", "suggested_conclusion", "conclusion", "referred_to"
    ),
    "assessment_ids": _x2m(
        {
            "date": {},
            "life_domain_id": M2O,
            **_plain(
                "need_level",
                "self_rating",
                "manager_rating",
                "resources",
                "is_reassessment",
                "trend",
            ),
        }
    ),
    "motto_goal": {},
    "goal_ids": _x2m(
        {
            "sequence": {},
            "life_domain_id": M2O,
            **_plain("name", "date_agreed", "date_target", "review_date", "outcome", "review_note"),
            "measure_ids": {},
        },
        order="sequence ASC, id ASC",
    ),
    "measure_ids": _x2m(
        {
            "goal_id": M2O,
            **_plain("name", "responsible", "provider_name", "date_due", "done"),
        }
    ),
    "contact_ids": _x2m(
        {
            **_plain("date", "duration", "channel", "interpreter"),
            "topic_ids": M2O,
            "note": {},
            "user_id": M2O,
            "interpreter_language": {},
        }
    ),
    "consent_given": {},
    "waiver_category_ids": M2O,
    **_plain(
        "retention_hold",
        "retention_hold_reason",
        "retention_due_date",
        "is_anonymised",
        "date_anonymised",
        "anonymised_reason",
    ),
    "consent_ids": _x2m(
        {
            "kind": {},
            "category_id": M2O,
            **_plain("date_signed", "date_withdrawn", "has_scan", "state"),
        }
    ),
    "disclosure_ids": _x2m(
        {
            "date": {},
            "category_id": M2O,
            **_plain("recipient_name", "channel", "purpose"),
            "user_id": M2O,
        }
    ),
    **_plain(
        "closing_reason",
        "date_closed",
        "eval_satisfaction",
        "has_evaluation",
        "eval_goals",
        "eval_methods",
        "eval_client_view",
        "eval_partner_feedback",
        "eval_reflection",
    ),
    "stage_set_id": {"fields": {}},
    "company_id": {"fields": {}},
    "display_name": {},
}
CONTACT_LIST_SPEC = {
    "date": {},
    "case_id": M2O,
    "partner_id": M2O,
    **_plain("duration", "channel", "interpreter", "interpreter_language"),
    "topic_ids": M2O,
    "note": {},
    "user_id": M2O,
}
CHATTER_REQUESTS = [
    "activities",
    "attachments",
    "contact_fields",
    "followers",
    "scheduledMessages",
    "suggestedRecipients",
]
NAME_SEARCH = {
    "operator": "ilike",
    "domain": [],
    "limit": 8,
    "specification": {"display_name": {}},
}

# Names a case manager may look for beyond the own clients (the generator's name pools).
COMMON_NAMES = ["Müller", "Yılmaz", "Ahmadi", "Kowalenko", "Hassan", "Schmidt", "Demir"]
CONTACT_NOTES = [
    "Beratungsgespräch zu Aufenthalt und Leistungen",
    "Begleitung zum Jobcenter vorbereitet",
    "Telefonat zur Wohnungssuche",
    "Unterlagen für den Integrationskurs gesichtet",
    "Hausbesuch, Familie gesprochen",
]
GOAL_NAMES = [
    "Integrationskurs B1 abschließen",
    "Eigene Wohnung finden",
    "Anerkennung des Berufsabschlusses beantragen",
    "Kita-Platz für das jüngste Kind",
    "Hausärztliche Versorgung sichern",
]


class BusinessRefusal(Exception):
    """The server refused the action as the web client would show it (an expected outcome)."""


class StopFlow(Exception):
    """A request of the flow failed (already counted as an error): the user moves on."""


# The written records, for the count afterwards ----------------------------------------------

_writes_lock = threading.Lock()
_writes_file = None


def record_write(kind, marker, case_id, login, status, rec_id=None):
    global _writes_file
    entry = {
        "run": RUN_ID,
        "kind": kind,
        "marker": marker,
        "id": rec_id,
        "case_id": case_id,
        "login": login,
        "status": status,
    }
    with _writes_lock:
        if _writes_file is None:
            _writes_file = open(WRITES_PATH, "a", encoding="utf-8")  # noqa: SIM115
        _writes_file.write(json.dumps(entry) + "\n")
        _writes_file.flush()


# The statistics once the last user has stopped -----------------------------------------------
# Locust's CSV files are last written when the run time is up, before the users finish the
# step they are in (--stop-timeout); this file counts every request, those steps included.

_environment = None
_requests = []  # (start, method, name, milliseconds, ok) of every request
_ready_at = []  # when each user had logged in and loaded the web client for the first time


@events.init.add_listener
def _remember_environment(environment, **_kwargs):
    global _environment
    _environment = environment


@events.request.add_listener
def _remember_request(request_type, name, response_time, exception, start_time=None, **_kw):
    _requests.append((start_time, request_type, name, response_time, exception is None))


def _stats_row(entry):
    percentile = entry.get_response_time_percentile
    return {
        "method": entry.method,
        "name": entry.name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        "avg": entry.avg_response_time,
        "max": entry.max_response_time,
        "p50": percentile(0.5) if entry.num_requests else None,
        "p95": percentile(0.95) if entry.num_requests else None,
        "p99": percentile(0.99) if entry.num_requests else None,
    }


@events.quit.add_listener
def _write_stats(**_kwargs):
    path = os.environ.get("KIM_LOAD_STATS")
    if not path or _environment is None or _environment.runner is None:
        return
    runner = _environment.runner
    stats = runner.stats
    data = {
        "start": stats.start_time,
        "seconds": max(stats.last_request_timestamp or 0, stats.start_time) - stats.start_time,
        # From here on every user was logged in: the steady state after the morning logins.
        "all_ready_at": max(_ready_at) if len(_ready_at) >= runner.target_user_count else None,
        "entries": [_stats_row(entry) for entry in stats.entries.values()],
        "total": _stats_row(stats.total),
        "errors": [
            {
                "method": error.method,
                "name": error.name,
                "error": str(error.error),
                "occurrences": error.occurrences,
            }
            for error in stats.errors.values()
        ],
        "exceptions": [
            {"count": exc["count"], "message": exc["msg"], "traceback": exc["traceback"]}
            for exc in runner.exceptions.values()
        ],
    }
    with open(path, "w", encoding="utf-8") as file:
        json.dump(data, file, indent=1)
    requests_path = os.environ.get("KIM_LOAD_REQUESTS")
    if requests_path:
        with open(requests_path, "w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["start", "method", "name", "ms", "ok"])
            writer.writerows(
                (f"{start:.3f}", method, name, f"{ms:.1f}", int(ok))
                for start, method, name, ms, ok in _requests
            )


# Specifications are checked against the fields the views declare -----------------------------

_pruned_warned = set()


def prune(spec, model, models):
    """Drops fields the views no longer have, so that a changed view does not turn the load
    test into a test of stale field names (a warning names them once)."""
    fields = (models.get(model) or {}).get("fields")
    if not fields:
        return spec
    out = {}
    for name, sub in spec.items():
        if name != "display_name" and name not in fields:
            if (model, name) not in _pruned_warned:
                _pruned_warned.add((model, name))
                _logger.warning("field %s.%s is gone from the views: not requested", model, name)
            continue
        relation = fields.get(name, {}).get("relation")
        if relation and set(sub.get("fields") or ()) - {"display_name"}:
            sub = {**sub, "fields": prune(sub["fields"], relation, models)}
        out[name] = sub
    return out


_login_counter = itertools.count()


class CaseManager(FastHttpUser):
    """One case manager of a provider, working through the day in the web client."""

    wait_time = between(THINK_MIN, THINK_MAX)
    # Odoo answers slowly under load rather than not at all: wait like a browser does.
    network_timeout = 120.0
    connection_timeout = 30.0

    def on_start(self):
        index = next(_login_counter)
        self.login = LOGINS[index % len(LOGINS)]
        if index >= len(LOGINS):
            _logger.warning("more users than logins: %s is simulated twice", self.login)
        self.rpc_id = itertools.count()
        self.cases = {}  # id -> {"case_type", "contact_count"} from the own case lists
        self.client_names = set()  # the clients' names seen on the own cases
        self.view_cache = {}  # model -> fields of get_views (the web client keeps them)
        self.ready = self.ready_once = False
        self.start_day()

    def start_day(self):
        """Logs in and loads the web client with Meine Fälle, as after the login form."""
        try:
            self.authenticate()
            self.boot()
            self._my_cases()
        except StopFlow:
            return False
        if not self.ready_once:
            self.ready_once = True
            _ready_at.append(time.time())
        self.ready = True
        return True

    # Transport --------------------------------------------------------------------------------

    def jsonrpc(self, url, params, name=None):
        payload = {"id": next(self.rpc_id), "jsonrpc": "2.0", "method": "call", "params": params}
        with self.client.post(url, json=payload, name=name or url, catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}")
                raise StopFlow()
            try:
                data = resp.json()
            except ValueError:
                resp.failure(f"not JSON: {(resp.text or '')[:200]!r}")
                raise StopFlow() from None
            error = data.get("error")
            if error:
                kind = (error.get("data") or {}).get("name", "")
                message = (error.get("data") or {}).get("message") or error.get("message") or ""
                if kind in EXPECTED_REFUSALS:
                    resp.success()
                    raise BusinessRefusal(message)
                resp.failure(f"{kind}: {message[:300]}")
                if kind == "odoo.http.SessionExpiredException":
                    self.ready = False
                raise StopFlow()
            return data.get("result")

    def call_kw(self, model, method, args=(), kwargs=None, tag=""):
        kwargs = dict(kwargs or {})
        kwargs.setdefault("context", self.user_ctx)
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            name=f"{model}/{method}{tag}",
        )

    def ctx(self, **extra):
        return {**self.user_ctx, **extra}

    def get(self, url, name=None):
        with self.client.get(url, name=name or url, catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"HTTP {resp.status_code}")
                raise StopFlow()
            return resp

    def log_write(self, kind, marker, case_id, status, rec_id=None):
        record_write(kind, marker, case_id, self.login, status, rec_id)

    # Session ----------------------------------------------------------------------------------

    def authenticate(self):
        info = self.jsonrpc(
            "/web/session/authenticate",
            {"db": DB, "login": self.login, "password": PASSWORD},
        )
        if not info or not info.get("uid"):
            _logger.error("login %s refused (is a second factor still required?)", self.login)
            raise StopFlow()
        self.session_info = info
        self.uid = info["uid"]
        user_context = dict(info.get("user_context") or {})
        company = (info.get("user_companies") or {}).get("current_company")
        self.user_ctx = {
            "lang": user_context.get("lang", "de_DE"),
            "tz": user_context.get("tz") or "UTC",
            "uid": self.uid,
            "allowed_company_ids": [company] if company else [],
        }

    def boot(self):
        """A page load of /odoo: the web client and its first calls (assets are cached)."""
        self.get("/odoo")
        self.get("/web/webclient/load_menus")
        translations = (self.session_info.get("cache_hashes") or {}).get("translations", "")
        self.get(
            f"/web/webclient/translations?hash={translations}&lang={self.user_ctx['lang']}",
            name="/web/webclient/translations",
        )
        self.jsonrpc(
            "/mail/data",
            {
                "fetch_params": ["failures", "systray_get_activities", "init_messaging"],
                "context": self.user_ctx,
            },
            name="/mail/data (init)",
        )
        self.view_cache.clear()
        self.action = self.jsonrpc(
            "/web/action/load", {"action_id": MY_CASES_ACTION, "context": self.user_ctx}
        )
        models = self.views("kim.case", self.action)
        self.kanban_spec = prune(KANBAN_SPEC, "kim.case", models)
        self.list_spec = prune(LIST_SPEC, "kim.case", models)
        self.form_spec = prune(FORM_SPEC, "kim.case", models)
        self.goal_spec = prune(GOAL_FORM_SPEC, "kim.case.goal", models)

    def views(self, model, action):
        """get_views as the web client calls it for an action, once per page load."""
        if model not in self.view_cache:
            search_view = action.get("search_view_id")
            views = [list(view) for view in action.get("views") or []]
            views.append([search_view[0] if search_view else False, "search"])
            result = self.call_kw(
                model,
                "get_views",
                kwargs={
                    "views": views,
                    "options": {
                        "action_id": action["id"],
                        "embedded_action_id": False,
                        "embedded_parent_res_id": False,
                        "load_filters": True,
                        "toolbar": True,
                    },
                },
            )
            self.view_cache[model] = result.get("models") or {}
        return self.view_cache[model]

    # Screens ----------------------------------------------------------------------------------

    def my_cases_domain(self, *extra):
        """The action's default filters "My cases" and "Open", and what the user searched."""
        mine = ["|", ["user_id", "=", self.uid], ["substitute_ids", "in", self.uid]]
        if extra:
            return ["&", *mine, "&", ["state", "=", "open"], *extra]
        return ["&", *mine, ["state", "=", "open"]]

    def remember(self, records):
        for rec in records:
            info = self.cases.setdefault(rec["id"], {})
            info["case_type"] = rec.get("case_type")
            if "contact_count" in rec:
                info["contact_count"] = rec["contact_count"]
            name = (rec.get("partner_id") or {}).get("display_name")
            if name:
                self.client_names.add(name)

    def kanban(self, domain, tag=""):
        """The kanban of cases by stage: its progress bars, then the grouped records."""
        self.call_kw(
            "kim.case",
            "read_progress_bar",
            kwargs={
                "domain": domain,
                "group_by": "stage_id",
                "progress_bar": {
                    "colors": {"cm": "success", "short": "info", "referral": "warning"},
                    "field": "case_type",
                    "help": "",
                },
            },
            tag=tag,
        )
        result = self.call_kw(
            "kim.case",
            "web_read_group",
            kwargs={
                "domain": domain,
                "groupby": ["stage_id"],
                "aggregates": [],
                "offset": 0,
                "order": "",
                "auto_unfold": True,
                "opening_info": [],
                "unfold_read_specification": self.kanban_spec,
                "unfold_read_default_limit": 80,
                "groupby_read_specification": {},
                "context": self.ctx(read_group_expand=True),
            },
            tag=tag,
        )
        records = [rec for group in result.get("groups", []) for rec in group.get("__records", [])]
        self.remember(records)
        return records

    def case_list(self):
        result = self.call_kw(
            "kim.case",
            "web_search_read",
            kwargs={
                "specification": self.list_spec,
                "offset": 0,
                "order": "",
                "limit": 80,
                "context": self.ctx(bin_size=True),
                "count_limit": 10001,
                "domain": self.my_cases_domain(),
            },
        )
        self.remember(result.get("records", []))

    def open_form(self, case_id):
        """The case form: the record, the stages of its status bar and the chatter."""
        (record,) = self.call_kw(
            "kim.case",
            "web_read",
            args=[[case_id]],
            kwargs={"context": self.ctx(bin_size=True), "specification": self.form_spec},
        )
        self.remember([record])
        stage = (record.get("stage_id") or {}).get("id")
        stage_set = (record.get("stage_set_id") or {}).get("id")
        if stage:
            domain = [["id", "=", stage]]
            if stage_set:
                domain = ["|", *domain, ["stage_set_id", "=", stage_set]]
            self.call_kw(
                "kim.case.stage",
                "search_read",
                kwargs={"domain": domain, "fields": ["display_name"]},
            )
        self.chatter(case_id)
        return record

    def chatter(self, case_id):
        self.jsonrpc(
            "/mail/thread/messages",
            {"thread_id": case_id, "thread_model": "kim.case", "fetch_params": {"limit": 30}},
        )
        thread = {
            "access_params": {},
            "request_list": CHATTER_REQUESTS,
            "thread_id": case_id,
            "thread_model": "kim.case",
        }
        self.jsonrpc(
            "/mail/data",
            {"fetch_params": [["mail.thread", thread]], "context": self.user_ctx},
            name="/mail/data (thread)",
        )

    def pick_case(self, for_contact=False):
        if not self.cases:
            return None
        if for_contact:
            # A short counselling takes five contacts: leave the full ones alone.
            roomy = [
                case_id
                for case_id, info in self.cases.items()
                if info.get("case_type") != "short"
                or info.get("contact_count", SHORT_MAX_CONTACTS) < SHORT_MAX_CONTACTS
            ]
            if roomy:
                return random.choice(roomy)
        return random.choice(list(self.cases))

    def search_term(self):
        """Mostly the start of an own client's surname, as a person types it."""
        if self.client_names and random.random() < 0.8:
            surname = random.choice(sorted(self.client_names)).split()[-1]
            return surname[: random.randint(4, 6)]
        return random.choice(COMMON_NAMES)

    # The day ----------------------------------------------------------------------------------

    def run_flow(self, flow, *args):
        if not self.ready and not self.start_day():
            return
        with contextlib.suppress(StopFlow):  # counted as an error already: the day goes on
            flow(*args)

    @task(6)
    def my_cases(self):
        """Meine Fälle: the kanban by stage; now and then switched to the list."""
        self.run_flow(self._my_cases)

    def _my_cases(self):
        self.kanban(self.my_cases_domain())
        if random.random() < 0.3:
            self.case_list()

    @task(8)
    def open_case(self):
        case_id = self.pick_case()
        if case_id:
            self.run_flow(self._open_case, case_id)

    def _open_case(self, case_id):
        self.open_form(case_id)
        # Every other time the case manager looks at the contacts so far.
        if random.random() < 0.5:
            self.tab_list("kim.case.contact", case_id, CONTACT_TAB_SPEC, "date DESC")

    @task(3)
    def search_client(self):
        self.run_flow(self._search_client)

    def _search_client(self):
        term = self.search_term()
        if random.random() < 0.7:
            # The search bar: the "Klient*in" suggestions expanded, then the filtered kanban.
            self.call_kw(
                "res.partner", "name_search", kwargs={"domain": [], "limit": 9, "name": term}
            )
            records = self.kanban(
                self.my_cases_domain(["partner_id", "ilike", term]), tag=" (search)"
            )
            if records and random.random() < 0.5:
                self.open_form(random.choice(records)["id"])
        else:
            # The client field of a new case: the many2one autocomplete.
            self.call_kw(
                "res.partner",
                "web_name_search",
                kwargs={**NAME_SEARCH, "name": term, "domain": [["is_company", "=", False]]},
            )

    @task(3)
    def record_contact(self):
        case_id = self.pick_case(for_contact=True)
        if case_id:
            self.run_flow(self._record_contact, case_id)

    def _record_contact(self, case_id):
        self.open_form(case_id)
        # The "Kontakte" stat button: its action, the contacts of the case, a new line.
        action = self.jsonrpc(
            "/web/action/load",
            {
                "action_id": CONTACTS_ACTION,
                "context": self.ctx(
                    default_case_id=case_id,
                    search_default_case_id=case_id,
                    active_id=case_id,
                    active_ids=[case_id],
                    active_model="kim.case",
                ),
            },
        )
        spec = prune(CONTACT_LIST_SPEC, "kim.case.contact", self.views("kim.case.contact", action))
        list_ctx = self.ctx(
            default_case_id=case_id,
            active_model="kim.case",
            active_id=case_id,
            active_ids=[case_id],
        )
        self.call_kw("kim.case", "read", args=[case_id, ["display_name"]])
        self.call_kw(
            "kim.case.contact",
            "web_search_read",
            kwargs={
                "specification": spec,
                "offset": 0,
                "order": "",
                "limit": 80,
                "context": {**list_ctx, "bin_size": True},
                "count_limit": 10001,
                "domain": [["case_id", "=", case_id]],
            },
        )
        defaults = self.call_kw(
            "kim.case.contact", "onchange", args=[[], {}, [], spec], kwargs={"context": list_ctx}
        )["value"]
        topics = self.call_kw("kim.topic", "web_name_search", kwargs={**NAME_SEARCH, "name": ""})
        topic_ids = []
        if topics:
            topic = random.choice(topics)["id"]
            self.call_kw(
                "kim.topic",
                "web_read",
                args=[[topic]],
                kwargs={"specification": {"display_name": {}}, "context": self.ctx(bin_size=True)},
            )
            topic_ids = [[4, topic]]
        marker = f"Lasttest {RUN_ID} {uuid.uuid4()}"
        vals = {
            "date": defaults.get("date") or date.today().isoformat(),
            "case_id": case_id,
            "duration": random.choice([15, 30, 45, 60, 90]),
            "channel": random.choice(["in_person", "in_person", "phone", "outreach", "digital"]),
            "interpreter": False,
            "interpreter_language": False,
            "topic_ids": topic_ids,
            "note": f"{marker}: {random.choice(CONTACT_NOTES)}",
            "user_id": self.uid,
        }
        self.log_write("contact", marker, case_id, "sent")
        try:
            saved = self.call_kw(
                "kim.case.contact",
                "web_save",
                args=[[], vals],
                kwargs={"context": list_ctx, "specification": spec},
            )
        except BusinessRefusal:
            # The short counselling is full: the web client offers its conversion instead.
            self.cases[case_id]["contact_count"] = SHORT_MAX_CONTACTS
            self.log_write("contact", marker, case_id, "refused")
            return
        except StopFlow:
            self.log_write("contact", marker, case_id, "error")
            raise
        self.log_write("contact", marker, case_id, "ok", saved[0]["id"])
        info = self.cases[case_id]
        if "contact_count" in info:
            info["contact_count"] += 1

    @task(2)
    def add_goal(self):
        case_id = self.pick_case()
        if case_id:
            self.run_flow(self._add_goal, case_id)

    def _add_goal(self, case_id):
        self.open_form(case_id)
        # The tab "Ziele & Hilfeplan" loads its goals and its help plan.
        self.tab_list("kim.case.goal", case_id, GOAL_TAB_SPEC, "sequence ASC, id ASC")
        self.tab_list("kim.case.measure", case_id, MEASURE_TAB_SPEC)
        # "Ziel vereinbaren" above the list opens the goal's form in a dialog.
        dialog_ctx = self.ctx(
            default_case_id=case_id, form_view_ref="kim_case.kim_case_goal_view_form_case"
        )
        self.call_kw(
            "kim.case.goal",
            "onchange",
            args=[[], {}, [], self.goal_spec],
            kwargs={"context": dialog_ctx},
        )
        domains = self.call_kw(
            "kim.life.domain", "web_name_search", kwargs={**NAME_SEARCH, "name": ""}
        )
        if not domains:
            return
        today = date.today()
        marker = f"Lasttest {RUN_ID} {uuid.uuid4()}"
        vals = {
            "case_id": case_id,
            "name": f"{marker}: {random.choice(GOAL_NAMES)}",
            "life_domain_id": random.choice(domains)["id"],
            "outcome": False,
            "date_agreed": today.isoformat(),
            "date_target": (today + timedelta(days=180)).isoformat(),
            "review_date": (today + timedelta(days=random.choice([30, 60, 90]))).isoformat(),
            "review_note": False,
            "measure_ids": [],
        }
        self.log_write("goal", marker, case_id, "sent")
        try:
            (saved,) = self.call_kw(
                "kim.case.goal",
                "web_save",
                args=[[], vals],
                kwargs={"context": dialog_ctx, "specification": self.goal_spec},
            )
        except BusinessRefusal:
            self.log_write("goal", marker, case_id, "refused")
            return
        except StopFlow:
            self.log_write("goal", marker, case_id, "error")
            raise
        self.log_write("goal", marker, case_id, "ok", saved["id"])
        # The list shows the new goal.
        self.tab_list("kim.case.goal", case_id, GOAL_TAB_SPEC, "sequence ASC, id ASC")

    def tab_list(self, model, case_id, spec, order=""):
        """The list of a tab of the case form, as kim_lazy_list loads it."""
        return self.call_kw(
            model,
            "web_search_read",
            kwargs={
                "specification": spec,
                "offset": 0,
                "order": order,
                "limit": 80,
                "context": self.ctx(default_case_id=case_id, bin_size=True),
                "count_limit": 10001,
                "domain": [["case_id", "=", case_id]],
            },
        )

    @task(1)
    def reload(self):
        """The page is reloaded (or a new tab opened): the web client boots again."""
        self.run_flow(self._reload)

    def _reload(self):
        self.boot()
        self._my_cases()
