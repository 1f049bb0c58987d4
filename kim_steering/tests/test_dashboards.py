import base64
import json

from werkzeug.exceptions import Forbidden

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.kim_case.rules import caseload
from odoo.addons.kim_case.tests.common import KimCase

DASHBOARDS = (
    "kim_steering.dashboard_kim_cases",
    "kim_steering.dashboard_kim_caseload",
    "kim_steering.dashboard_kim_network",
    "kim_steering.dashboard_kim_conferences",
)


class TestDashboards(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        cls.dashboards = cls.env["spreadsheet.dashboard"].browse(
            cls.env.ref(xmlid).id for xmlid in DASHBOARDS
        )
        for name, gender, crisis in (
            ("Amal Haddad", "w", False),
            ("Yusuf Demir", "m", True),
            ("Olena Kovalenko", "w", False),
        ):
            cls._case(
                partner_id=cls._client(name, kim_gender=gender).id,
                is_crisis=crisis,
                crisis_reason="Drohende Wohnungslosigkeit" if crisis else False,
            )
        cls._case(user=cls.case_manager_b, partner_id=cls._client("Samir Haidari").id)
        cls._case(
            user=cls.case_manager_b,
            municipality=cls.city_b,
            partner_id=cls._client("Lina Nasser", kim_gender="w").id,
        )
        cls.env.flush_all()

    def _charts(self, dashboard):
        data = json.loads(base64.b64decode(dashboard.sudo().spreadsheet_binary_data))
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                if figure["tag"] == "chart":
                    yield figure["data"]

    def _figures(self, chart, user):
        meta, search = chart["metaData"], chart["searchParams"]
        measure = meta["measure"]
        aggregate = "__count" if measure == "__count" else f"{measure}:sum"
        model = self.env[meta["resModel"]].with_user(user)
        return model.formatted_read_group(search["domain"], meta["groupBy"], [aggregate]), aggregate

    def test_dashboards_for_kim_roles_only(self):
        expectations = {
            self.case_manager_a: self.dashboards,
            self.coordinator_a: self.dashboards,
            self.traeger_admin_a: self.env.ref("kim_steering.dashboard_kim_caseload"),
            self.internal_user: self.env["spreadsheet.dashboard"],
        }
        for user, expected in expectations.items():
            visible = (
                self.env["spreadsheet.dashboard"]
                .with_user(user)
                .search(
                    [
                        (
                            "dashboard_group_id",
                            "=",
                            self.env.ref("kim_steering.dashboard_group_kim").id,
                        )
                    ]
                )
            )
            self.assertEqual(visible, expected, user.login)

    def test_every_chart_loads_for_every_role_that_sees_it(self):
        for dashboard in self.dashboards:
            for user in dashboard.group_ids.all_user_ids & (
                self.case_manager_a | self.coordinator_a | self.traeger_admin_a
            ):
                for chart in self._charts(dashboard):
                    with self.subTest(dashboard=dashboard.name, chart=chart["title"]["text"]):
                        self._figures(chart, user)

    def test_case_figures_reconcile_with_the_cases(self):
        """Each chart of the case overview counts, in total, exactly the cases that the
        same user finds with the same conditions."""
        dashboard = self.env.ref("kim_steering.dashboard_kim_cases")
        for user in (self.case_manager_a, self.case_manager_b, self.coordinator_a,
                     self.coordinator_b):  # fmt: skip
            for chart in self._charts(dashboard):
                groups, aggregate = self._figures(chart, user)
                total = sum(group[aggregate] for group in groups)
                direct = (
                    self.env["kim.case"]
                    .with_user(user)
                    .search_count(chart["searchParams"]["domain"])
                )
                with self.subTest(user=user.login, chart=chart["title"]["text"]):
                    self.assertEqual(total, direct)

    def test_case_manager_counts_only_own_cases(self):
        chart = next(self._charts(self.env.ref("kim_steering.dashboard_kim_cases")))
        groups, _aggregate = self._figures(chart, self.case_manager_a)
        self.assertEqual(sum(group["__count"] for group in groups), 3)
        groups, _aggregate = self._figures(chart, self.coordinator_a)
        self.assertEqual(sum(group["__count"] for group in groups), 4)

    def test_kim_dashboards_cannot_be_shared(self):
        Share = self.env["spreadsheet.dashboard.share"]
        for user in (self.coordinator_a, self.case_manager_a):
            with self.assertRaisesRegex(UserError, "öffentlichen Link"):
                Share.with_user(user).action_get_share_url(
                    {"dashboard_id": self.dashboards[0].id, "spreadsheet_data": "{}"}
                )
        with self.assertRaises(UserError):
            Share.sudo().create({"dashboard_id": self.dashboards[0].id})

    def test_old_share_links_open_nothing(self):
        """A link made before the addon guarded the door (written straight to the table)."""
        self.env.cr.execute(
            """INSERT INTO spreadsheet_dashboard_share (dashboard_id, access_token, create_uid)
               VALUES (%s, 'token', %s) RETURNING id""",
            (self.dashboards[0].id, self.coordinator_a.id),
        )
        share = self.env["spreadsheet.dashboard.share"].sudo().browse(self.env.cr.fetchone()[0])
        with self.assertRaises(Forbidden):
            share._check_dashboard_access("token")

    def test_traeger_admin_sees_own_staff_caseload(self):
        rows = self.env["kim.caseload"].with_user(self.traeger_admin_a).search([])
        self.assertTrue(rows)
        self.assertEqual(rows.company_id, self.provider_a)
        self.assertNotIn(self.case_manager_b, rows.user_id)

    def _load(self, user, groupby="user_id"):
        Figure = self.env["kim.caseload.figure"].with_user(user)
        return {
            (key.id, figure): value
            for key, figure, value in Figure._read_group([], [groupby, "figure"], ["value:sum"])
        }

    def test_load_against_capacity_by_the_key(self):
        """The Auslastung chart sets each case manager's open cases beside the capacity of
        their post by the key with the part-time formula and the limit with the tolerance,
        as kim_case/rules/caseload.py computes them."""
        self.case_manager_a.kim_weekly_hours = 19.5
        self.env.flush_all()
        chart = next(self._charts(self.env.ref("kim_steering.dashboard_kim_caseload")))
        self.assertEqual(chart["metaData"]["groupBy"], ["user_id", "figure"])
        load = self._load(self.coordinator_a)
        capacity = caseload.capacity(19.5)
        self.assertEqual(load[self.case_manager_a.id, "open"], 3)
        self.assertAlmostEqual(load[self.case_manager_a.id, "capacity"], capacity)  # 18.3
        self.assertAlmostEqual(
            load[self.case_manager_a.id, "limit"], caseload.tolerance_limit(capacity)
        )
        for hours in (39.0, 30.0, 19.5, 10.0, 2.0):
            self.case_manager_a.kim_weekly_hours = hours
            self.env.flush_all()
            self.assertAlmostEqual(
                self._load(self.coordinator_a)[self.case_manager_a.id, "capacity"],
                caseload.capacity(hours),
                msg=hours,
            )

    def test_load_against_capacity_per_provider_and_role(self):
        # Case manager B works in both cities: one post, split among them by open cases.
        everything = self._load(self.env.user)
        self.assertAlmostEqual(everything[self.case_manager_b.id, "capacity"], 40.0)
        self.assertAlmostEqual(self._load(self.coordinator_a)[self.case_manager_b.id,
                                                              "capacity"], 20.0)  # fmt: skip
        by_provider = self._load(self.coordinator_a, "company_id")
        self.assertEqual(by_provider[self.provider_a.id, "open"], 3)
        self.assertAlmostEqual(by_provider[self.provider_b.id, "capacity"], 20.0)
        # A case manager sees their own figures; a Träger admin those of their staff.
        self.assertEqual({user for user, _f in self._load(self.case_manager_a)},
                         {self.case_manager_a.id})  # fmt: skip
        self.assertEqual({provider for provider, _f in self._load(self.traeger_admin_a,
                                                                  "company_id")},
                         {self.provider_a.id})  # fmt: skip
        with self.assertRaises(AccessError):
            self._load(self.internal_user)

    def test_overdue_referrals(self):
        Referral = self.env["kim.referral"]
        self.assertEqual(
            Referral.search([("kim_overdue", "=", True)]),
            Referral.search(
                [("state", "=", "requested"), ("date_requested", "<", "2999-01-01")]
            ).filtered("kim_overdue"),
        )


@tagged("post_install", "-at_install")
class TestDashboardsInTheBrowser(HttpCase):
    def test_coordinator_opens_a_kim_dashboard_without_share_button(self):
        if not self.env["res.users"].search([("login", "=", "kim.koordination")]):
            self.skipTest("the database was installed without demo data")
        dashboard = self.env.ref("kim_steering.dashboard_kim_cases")
        self.start_tour(
            f"/odoo/dashboards?dashboard_id={dashboard.id}",
            "kim_steering_dashboards",
            login="kim.koordination",
        )
