"""The attacker's proof for the steering features of today: the figures of what waits
(kim.case.kim_my_figures, kim_my_todo_action), the load against capacity
(kim.caseload.figure, a database view under the caseload's rules) and the Jahresbericht as
XLSX report of OCA report_xlsx (its route /report/xlsx/..., the download route, and the
report model's public methods over JSON-RPC) beside the PDF.

Each role attacks the way its web client would: with the ids, keys and context a client
sends. The attempts run in savepoints that are rolled back (``attempt``), and the HTTP ones
as a server behind a read-only replica serves them (``ReadOnlyRequests``).
"""

import io
import json
from datetime import date
from urllib.parse import quote

import openpyxl

from odoo.tests import HttpCase, tagged

from odoo.addons.kim_case.tests.attacker_common import AttackerCommon
from odoo.addons.kim_case.tests.replica import ReadOnlyRequests

XLSX = "kim_steering.report_kim_annual_xlsx"
PDF = "kim_steering.report_kim_annual"
XLSX_MODEL = f"report.{XLSX}"
SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COORDINATOR_KINDS = (
    "conference_requests",
    "conferences",
    "reviews_overdue",
    "referrals_waiting",
    "transfers",
    "over_key",
)
CASE_MANAGER_KINDS = ("reviews", "activities", "referrals")


class SteeringAttack(AttackerCommon):
    """Provider B also works in city B, with an overdue review, a transfer and a case
    manager above the key there; a second coordinator of city A."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.coordinator_a2 = cls._kim_user(
            "coord_a2", "kim_case.group_kim_coordinator", cls.provider_a
        )
        cls.coordinator_a2.kim_municipality_ids = cls.city_a
        cls.coordinator_a2.group_ids += env.ref("base.group_allow_export")
        cls.cases_b_city_b = cls.env["kim.case"]
        for n in range(3):
            client = cls._client(f"Klient*in Stadt B {n}")
            cls.cases_b_city_b |= cls._case(
                user=cls.case_manager_b, municipality=cls.city_b, partner_id=client.id
            )
        # An overdue review in each city and for each provider.
        for case in cls.case_a | cls.case_b | cls.cases_b_city_b[0]:
            env["kim.case.goal"].create(
                {
                    "case_id": case.id,
                    "name": "Deutschkurs",
                    "life_domain_id": env.ref("kim_case.life_domain_housing").id,
                    "date_agreed": date(2020, 1, 1),
                    "review_date": date(2020, 2, 1),
                }
            )
        # A transfer requested in city B.
        cls._consent(cls.cases_b_city_b[1])
        env["kim.case.transfer"].with_user(cls.case_manager_b).create(
            {
                "case_id": cls.cases_b_city_b[1].id,
                "to_user_id": cls.case_manager_a.id,
                "reason": "Umzug in das Gebiet von Traeger A",
            }
        )
        # Case managers above a key of one case in both cities.
        (cls.city_a | cls.city_b).caseload_key = 1
        env.flush_all()

    def Case(self, user, **context):
        return self.env["kim.case"].with_user(user).with_context(lang="de_DE", **context)

    def todo(self, user, **context):
        figures = self.Case(user, **context).kim_my_figures()
        return {item["kind"]: item["count"] for item in figures.get("todo", ())}


@tagged("post_install", "-at_install")
class TestAttackMyFigures(SteeringAttack):
    def test_a_coordinator_counts_only_their_municipalities(self):
        """Every figure of a coordinator counts what their municipalities hold, never
        another municipality's; the figures of the district's coordinator (no case there)
        are all zero."""
        expected_somewhere = {"reviews_overdue", "transfers", "over_key"}
        for user, coordinated in (
            (self.coordinator_a, self.city_a),
            (self.coordinator_b, self.city_b),
            (self.coordinator_district, self.district | self.town),
        ):
            todo = self.todo(user)
            self.assertEqual(tuple(todo), COORDINATOR_KINDS)
            lists = self.Case(user)._kim_todo_lists()
            for kind in COORDINATOR_KINDS:
                model, domain, _label, _tone = lists[kind]
                Model = self.env[model].sudo()
                if kind == "over_key":
                    # The rows above the key, as the coordinator's rules found them.
                    domain = [("open_cases", ">", 0)]
                    rows = Model.search(domain).filtered(lambda r: r.status == "over")
                    domain = [("id", "in", rows.ids)]
                everywhere = Model.search_count(domain)
                there = Model.search_count([*domain, ("municipality_id", "in", coordinated.ids)])
                with self.subTest(user=user.login, kind=kind):
                    self.assertEqual(todo[kind], there)
                    if kind in expected_somewhere:
                        # The fixture has one in each city: the test can tell them apart.
                        self.assertGreater(everywhere, there)
        self.assertEqual(set(self.todo(self.coordinator_district).values()), {0})

    def test_a_case_manager_counts_only_their_own(self):
        for user in (self.case_manager_a, self.case_manager_b, self.substitute_a):
            todo = self.todo(user)
            self.assertEqual(tuple(todo), CASE_MANAGER_KINDS)
            figures = self.Case(user).kim_my_figures()
            self.assertEqual(
                figures["open_cases"],
                self.env["kim.case"]
                .sudo()
                .search_count([("user_id", "=", user.id), ("state", "=", "open")]),
            )
            with self.subTest(user=user.login):
                self.assertEqual(
                    todo["reviews"],
                    self.env["kim.case"]
                    .sudo()
                    .search_count(
                        [
                            ("user_id", "=", user.id),
                            ("state", "=", "open"),
                            ("next_review_date", "<=", date.today()),
                        ]
                    ),
                )
        self.assertEqual(self.todo(self.case_manager_b)["reviews"], 2)
        self.assertEqual(self.todo(self.case_manager_a)["reviews"], 1)

    def test_other_roles_learn_no_figure(self):
        """A Träger admin and a user of another app get no figure and no list, whatever
        kind they name."""
        for user in (self.traeger_admin_a, self.internal_user):
            Case = self.Case(user)
            with self.subTest(user=user.login):
                self.assertEqual(Case.kim_my_figures(), {})
                for kind in (*COORDINATOR_KINDS, *CASE_MANAGER_KINDS):
                    outcome = self.attempt(lambda k=kind, c=Case: c.kim_my_todo_action(k))
                    self.assertEqual(outcome.error, "UserError", outcome.describe())
                    self.assertIn("Unbekannte Liste", outcome.message)

    def test_hostile_kinds_are_refused_in_german(self):
        hostile = (
            None,
            0,
            True,
            "",
            " reviews",
            "REVIEWS",
            "__class__",
            "todo",
            "x" * 5000,
            ["reviews"],
            {"kind": "reviews"},
            ("reviews",),
        )
        for user, other_role_kinds in (
            (self.case_manager_a, COORDINATOR_KINDS),
            (self.coordinator_a, CASE_MANAGER_KINDS),
        ):
            Case = self.Case(user)
            for kind in (*hostile, *other_role_kinds):
                with self.subTest(user=user.login, kind=str(kind)[:20]):
                    outcome = self.attempt(lambda k=kind, c=Case: c.kim_my_todo_action(k))
                    self.assertEqual(outcome.error, "UserError", outcome.describe())
                    self.assertIn("Unbekannte Liste", outcome.message)

    def test_context_keys_widen_no_figure(self):
        """The context a client sends along neither lends another provider's rights
        (allowed_company_ids), nor another user's (uid), nor counts more
        (active_test, tz)."""
        for user in (self.case_manager_a, self.coordinator_a):
            plain = self.Case(user).kim_my_figures()
            for context in (
                {"active_test": False},
                {"tz": "Pacific/Kiritimati"},
                {"tz": "Etc/GMT+12"},
                {"uid": self.env.ref("base.user_admin").id},
                {"allowed_company_ids": [user.company_id.id]},
            ):
                with self.subTest(user=user.login, context=context):
                    outcome = self.attempt(
                        lambda c=context, u=user: self.Case(u, **c).kim_my_figures()
                    )
                    self.assertTrue(outcome.ok, outcome.describe())
                    self.assertEqual(outcome.value, plain)
            kind = next(iter(self.todo(user)))
            plain_action = self.Case(user).kim_my_todo_action(kind)
            for context in (
                {"allowed_company_ids": [self.provider_b.id]},
                {"allowed_company_ids": [user.company_id.id, self.provider_b.id]},
            ):
                with self.subTest(user=user.login, context=context):
                    outcome = self.attempt(
                        lambda c=context, u=user: self.Case(u, **c).kim_my_figures()
                    )
                    self.assertEqual(outcome.error, "AccessError", outcome.describe())
                    # The list's action is the same for everyone of the role; opened, it
                    # answers under the user's own rules.
                    outcome = self.attempt(
                        lambda c=context, u=user, k=kind: self.Case(u, **c).kim_my_todo_action(k)
                    )
                    self.assertTrue(
                        outcome.error == "AccessError" or outcome.value == plain_action,
                        outcome.describe(),
                    )
                    outcome = self.attempt(
                        lambda c=context, u=user, a=plain_action: (
                            self.env[a["res_model"]]
                            .with_user(u)
                            .with_context(**c)
                            .search(a["domain"])
                        )
                    )
                    self.assertEqual(outcome.error, "AccessError", outcome.describe())

    def test_every_list_shows_what_its_figure_counts(self):
        """The list behind a figure, opened by the same user, shows exactly the records
        counted, and nothing of another municipality or provider."""
        for user in (self.case_manager_a, self.case_manager_b, self.coordinator_a):
            Case = self.Case(user)
            for item in Case.kim_my_figures()["todo"]:
                action = Case.kim_my_todo_action(item["kind"])
                shown = self.env[action["res_model"]].with_user(user).search(action["domain"])
                with self.subTest(user=user.login, kind=item["kind"]):
                    self.assertEqual(len(shown), item["count"])
                    self.assertEqual(action["context"], {"create": False})
                    if "municipality_id" in shown._fields and user == self.coordinator_a:
                        self.assertLessEqual(
                            set(shown.sudo().municipality_id.ids), {self.city_a.id}
                        )


@tagged("post_install", "-at_install")
class TestAttackCaseloadFigure(SteeringAttack):
    """The load against capacity shows each role the rows of the caseload it may see, and
    nobody writes it."""

    def rows(self, user, **context):
        Figure = self.env["kim.caseload.figure"].with_user(user).with_context(**context)
        return Figure.search([]).sudo()

    def test_each_role_reads_its_own_rows(self):
        Figure = self.env["kim.caseload.figure"].sudo()
        everything = Figure.search([])
        self.assertGreater(len(everything.user_id), 2)
        self.assertLessEqual(self.city_a | self.city_b, everything.municipality_id)
        expected = {
            self.case_manager_a: everything.filtered(lambda r: r.user_id == self.case_manager_a),
            self.case_manager_b: everything.filtered(lambda r: r.user_id == self.case_manager_b),
            self.substitute_a: Figure,
            self.traeger_admin_a: everything.filtered(lambda r: r.company_id == self.provider_a),
            self.coordinator_a: everything.filtered(lambda r: r.municipality_id == self.city_a),
            self.coordinator_b: everything.filtered(lambda r: r.municipality_id == self.city_b),
            self.coordinator_district: Figure,
        }
        self.assertTrue(expected[self.case_manager_a] and expected[self.traeger_admin_a])
        for user, rows in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self.rows(user), rows)
                hidden = everything - rows
                Mine = self.env["kim.caseload.figure"].with_user(user)
                # Grouped, by a foreign row's id, by a filter on a foreign user.
                groups = Mine._read_group([], ["user_id", "company_id", "municipality_id"])
                self.assertLessEqual(
                    {(u.id, c.id, m.id) for u, c, m in groups},
                    {(r.user_id.id, r.company_id.id, r.municipality_id.id) for r in rows},
                )
                if hidden:
                    outcome = self.attempt(
                        lambda h=hidden[:1], M=Mine: M.browse(h.ids).read(["value"])
                    )
                    self.assertIn(
                        outcome.error, ("MissingError", "AccessError"), outcome.describe()
                    )
                    self.assertFalse(Mine.search_count([("id", "in", hidden.ids)]))
                    self.assertFalse(
                        Mine.search_count(
                            [("user_id", "in", hidden.user_id.ids), ("id", "not in", rows.ids)]
                        )
                    )
        outcome = self.attempt(lambda: self.rows(self.internal_user))
        self.assertEqual(outcome.error, "AccessError", outcome.describe())

    def test_another_providers_rights_cannot_be_borrowed(self):
        for user in (self.traeger_admin_a, self.case_manager_a):
            with self.subTest(user=user.login):
                outcome = self.attempt(
                    lambda u=user: self.rows(u, allowed_company_ids=[self.provider_b.id])
                )
                self.assertEqual(outcome.error, "AccessError", outcome.describe())

    def test_nobody_writes_the_figures(self):
        row = self.env["kim.caseload.figure"].sudo().search([], limit=1)
        admin = self.env.ref("base.user_admin")
        for user in (*self.roles.values(), self.coordinator_a, admin):
            Figure = self.env["kim.caseload.figure"].with_user(user)
            attempts = {
                "create": lambda F=Figure, u=user: F.create(
                    {"user_id": u.id, "figure": "capacity", "value": 400}
                ),
                "write": lambda F=Figure: F.browse(row.ids).write({"value": 400}),
                "unlink": lambda F=Figure: F.browse(row.ids).unlink(),
            }
            for operation, func in attempts.items():
                with self.subTest(user=user.login, operation=operation):
                    outcome = self.attempt(func, user=user)
                    self.assertEqual(outcome.error, "AccessError", outcome.describe())


@tagged("post_install", "-at_install")
class TestAttackAnnualReportRoutes(ReadOnlyRequests, SteeringAttack, HttpCase):
    """The Jahresbericht leaves only for its own coordinator, for a municipality they
    coordinate, by whatever route, and each print is written to the audit log of the
    cases it counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        year = date.today().year
        cls.report = (
            cls.env["kim.annual.report"]
            .with_user(cls.coordinator_a)
            .create(
                {
                    "municipality_id": cls.city_a.id,
                    "date_from": date(year, 1, 1),
                    "date_to": date(year, 12, 31),
                }
            )
            .sudo()
        )
        cls.counted = (
            cls.env["kim.case"].with_user(cls.coordinator_a).search(cls.report._kim_active())
        ).sudo()
        # The coordinator's own report for a city they do not coordinate.
        cls.report_city_b = cls.report.copy({"municipality_id": cls.city_b.id})
        cls.report_city_b.create_uid = cls.coordinator_a

    def prints(self, user):
        """The audit entries of annual reports that ``user`` caused."""
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            self.env["kim.audit.log"]
            .sudo()
            .search(
                [
                    ("user_id", "=", user.id),
                    ("action", "in", ("print", "export")),
                    "|",
                    ("detail", "=like", "Jahresbericht %"),
                    ("detail", "=like", "Annual report %"),
                ]
            )
        )

    def get(self, user, url):
        self.login(user)
        self.attempts += 1
        return self.url_open(url, timeout=120)

    def is_xlsx(self, response):
        return (
            response.status_code == 200
            and response.headers.get("Content-Type", "").startswith(SHEET)
            and response.content[:2] == b"PK"
        )

    def routes(self, report):
        ids = str(report.id)
        download = json.dumps([f"/report/xlsx/{XLSX}/{ids}", "xlsx"])
        context = quote(json.dumps({"active_ids": [report.id]}))
        return {
            "xlsx": f"/report/xlsx/{XLSX}/{ids}",
            "xlsx by context": f"/report/xlsx/{XLSX}?context={context}",
            "download xlsx": f"/report/download?data={quote(download)}",
            "html": f"/report/html/{PDF}/{ids}",
        }

    def assertNothingLeft(self, user, report, label):
        before = len(self.prints(user))
        for route, url in self.routes(report).items():
            with self.subTest(who=label, route=route):
                response = self.get(user, url)
                self.assertFalse(self.is_xlsx(response), "a spreadsheet left")
                self.assertNotIn("Jahresbericht KIM", response.text)
                self.assertNotIn("Überblick", response.text)
        self.assertEqual(len(self.prints(user)), before, f"{label}: a print was logged")

    def test_someone_elses_report_is_not_printed(self):
        """Another coordinator of the same city, the coordinator of another city, a case
        manager, a Träger admin and a user of another app cannot print the coordinator's
        report by any route."""
        for user in (
            self.coordinator_a2,
            self.coordinator_b,
            self.case_manager_a,
            self.traeger_admin_a,
            self.internal_user,
        ):
            self.assertNothingLeft(user, self.report, user.login)

    def test_no_report_on_a_city_one_does_not_coordinate(self):
        self.assertNothingLeft(self.coordinator_a, self.report_city_b, "city B")

    def test_the_report_models_methods_give_nothing_away(self):
        """report_xlsx's public methods over JSON-RPC, with the record ids in docids, in
        data's context or as another model's records through active_model."""
        ids = self.report.ids
        calls = {
            "docids": ([ids, {}], {}),
            "data context": ([[], {"context": {"active_ids": ids}}], {}),
            "active_model kim.case": (
                [self.case_b.ids, {}],
                {"context": {"active_model": "kim.case"}},
            ),
            "active_model res.partner": (
                [self.worlds["B"]["client"].ids, {}],
                {"context": {"active_model": "res.partner"}},
            ),
        }
        for user in (self.coordinator_a2, self.coordinator_b, self.case_manager_b):
            for label, (args, kwargs) in calls.items():
                with self.subTest(user=user.login, call=label):
                    outcome = self.rpc_attempt(
                        lambda a=args, k=kwargs, u=user: self.json_kw(
                            u, XLSX_MODEL, "create_xlsx_report", a, k
                        )
                    )
                    self.assertFalse(outcome.ok, outcome.describe())
                    self.assertNotIn("PK", outcome.text[:200])
            for method in ("action_xlsx", "action_print", "read"):
                with self.subTest(user=user.login, method=method):
                    args = [ids] if method != "read" else [ids, ["municipality_id"]]
                    outcome = self.rpc_attempt(
                        lambda m=method, a=args, u=user: self.json_kw(u, "kim.annual.report", m, a)
                    )
                    self.assertTrue(outcome.refused, outcome.describe())
        self.assertFalse(self.prints(self.coordinator_a2) | self.prints(self.coordinator_b))

    def test_each_print_is_audited(self):
        """The coordinator's own prints leave, each written once to the audit log of the
        cases it counts: the spreadsheet as an export, the PDF (HTML) as a print."""
        self.assertTrue(self.counted)
        for route, action in (("xlsx", "export"), ("download xlsx", "export"), ("html", "print")):
            with self.subTest(route=route):
                before = self.prints(self.coordinator_a)
                response = self.get(self.coordinator_a, self.routes(self.report)[route])
                self.assertEqual(response.status_code, 200)
                if action == "export":
                    self.assertTrue(self.is_xlsx(response), response.text[:300])
                    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
                    self.assertTrue(str(sheet["A1"].value).startswith("Jahresbericht KIM"))
                else:
                    self.assertIn("Jahresbericht KIM", response.text)
                entry = self.prints(self.coordinator_a) - before
                self.assertEqual(len(entry), 1, route)
                self.assertEqual(entry.action, action)
                self.assertEqual(entry.case_ids, self.counted)
