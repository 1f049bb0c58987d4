from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KimConferenceCase


@tagged("post_install", "-at_install")
class TestGenerativeThemes(KimConferenceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.town_b = cls.env["kim.municipality"].create(
            {"name": "Testdorf", "kind": "member", "parent_id": cls.district.id}
        )
        cls.provider_town = cls.env["res.company"].create(
            {"name": "Träger Kreis", "kim_municipality_ids": [(6, 0, cls.town.ids)]}
        )
        cls.cm_town = cls._kim_user("cm_town", "kim_case.group_kim_case_manager", cls.provider_town)
        cls.coordinator_town = cls._kim_user(
            "coord_town", "kim_case.group_kim_coordinator", cls.provider_town
        )
        cls.coordinator_town.kim_municipality_ids = cls.town
        Theme = cls.env["kim.generative.theme"]
        cls.theme_town = Theme.with_user(cls.coordinator_town).create(
            {
                "name": "Elterninformation an Schulen nur auf Deutsch",
                "municipality_id": cls.town.id,
                "source": "planning_conference",
                "case_count": 4,
                "life_domain_id": cls.life_domain.id,
            }
        )
        cls.theme_town_b = Theme.with_user(cls.coordinator_district).create(
            {
                "name": "Kita-Plätze fehlen für neu Zugewanderte",
                "municipality_id": cls.town_b.id,
                "source": "case_conference",
                "case_count": 2,
            }
        )
        cls.theme_city = Theme.with_user(cls.coordinator_a).create(
            {"name": "Wartezeiten bei der Ausländerbehörde", "municipality_id": cls.city_a.id}
        )

    def _bundle(self, themes, user, **values):
        # As the web client opens it: from the themes' action, with their context.
        action = themes.with_user(user).action_bundle()
        wizard = (
            self.env["kim.theme.step.wizard"]
            .with_user(user)
            .with_context(**action["context"])
            .create({**values})
        )
        return wizard.action_apply()

    def test_district_bundles_themes_of_its_towns(self):
        action = self._bundle(
            self.theme_town | self.theme_town_b,
            self.coordinator_district,
            cluster_name="Schule und Erziehung",
            cluster_municipality_id=self.district.id,
            decision="Gemeinsames Thema im Kreis",
        )
        cluster = self.env["kim.generative.theme.cluster"].browse(action["res_id"])
        self.assertEqual(cluster.theme_ids, self.theme_town | self.theme_town_b)
        self.assertEqual(cluster.case_count, 6)
        self.assertIn("Testdorf", cluster.municipality_names)
        self.assertEqual(set(cluster.theme_ids.mapped("state")), {"bundled"})
        step = self.theme_town.step_ids
        self.assertEqual(step.state, "bundled")
        self.assertEqual(step.decision, "Gemeinsames Thema im Kreis")
        # The district's coordination sees the district, not the other cities.
        seen = self.env["kim.generative.theme"].with_user(self.coordinator_district).search([])
        self.assertNotIn(self.theme_city, seen)
        self.assertIn(self.theme_town_b, seen)
        # A theme of another town is not the district's.
        with self.assertRaises(UserError):
            self._bundle(self.theme_city, self.coordinator_district, cluster_id=cluster.id)

    def test_a_cluster_holds_only_themes_of_its_area(self):
        cluster = (
            self.env["kim.generative.theme.cluster"]
            .with_user(self.coordinator_town)
            .create({"name": "Nur Testgemeinde", "municipality_id": self.town.id})
        )
        with self.refused("Cluster", UserError):
            self._bundle(self.theme_town_b, self.coordinator_district, cluster_id=cluster.id)
        self.assertEqual(self.theme_town_b.state, "recognised")

    def test_a_theme_moves_one_step_at_a_time(self):
        with self.refused("Schritt für Schritt", UserError):
            self.theme_city.with_user(self.coordinator_a).action_implemented()
        with self.assertRaises(AccessError):
            self.theme_city.with_user(self.coordinator_a).write({"state": "implemented"})
        self._bundle(
            self.theme_city,
            self.coordinator_a,
            cluster_name="Behörden",
            cluster_municipality_id=self.city_a.id,
        )
        meeting = (
            self.env["calendar.event"]
            .with_user(self.coordinator_a)
            .create(
                {
                    "name": "Lenkungskreis",
                    "start": "2030-06-01 10:00:00",
                    "stop": "2030-06-01 12:00:00",
                    "kim_meeting_kind": "lenkungskreis",
                }
            )
        )
        self.env["kim.theme.step.wizard"].with_user(self.coordinator_a).create(
            {"mode": "steering", "theme_ids": [(6, 0, self.theme_city.ids)], "event_id": meeting.id}
        ).action_apply()
        self.assertEqual(meeting.kim_theme_ids, self.theme_city)
        theme = self.theme_city.with_user(self.coordinator_a)
        theme.action_to_project_group()
        theme.action_implemented()
        self.assertEqual(
            theme.step_ids.mapped("state"), ["bundled", "steering", "project_group", "implemented"]
        )
        with self.assertRaises(UserError):
            theme.action_discard()

    def test_discarding_needs_a_reason(self):
        theme = self.theme_city.with_user(self.coordinator_a)
        with self.refused("verworfen", UserError):
            theme.action_discard()
        theme.decision = "Kein strukturelles Problem."
        theme.action_discard()
        self.assertEqual(theme.state, "discarded")

    def test_case_managers_record_and_see_themes_of_their_area(self):
        Theme = self.env["kim.generative.theme"]
        own = Theme.with_user(self.cm_town).create(
            {"name": "Kein Bus zum Sprachkurs", "municipality_id": self.town.id}
        )
        visible = Theme.with_user(self.cm_town).search([])
        self.assertIn(self.theme_town, visible)
        self.assertIn(own, visible)
        self.assertNotIn(self.theme_city, visible)
        self.assertNotIn(self.theme_town, Theme.with_user(self.case_manager_a).search([]))
        with self.assertRaises(UserError):
            self._bundle(own, self.cm_town, cluster_name="X", cluster_municipality_id=self.town.id)
        with self.assertRaises(AccessError):
            self.theme_town.with_user(self.cm_town).name = "Geändert"
        # Träger admins read the themes of their area.
        admin = self._kim_user("ta_town", "kim_case.group_kim_traeger_admin", self.provider_town)
        self.assertIn(self.theme_town, Theme.with_user(admin).search([]))

    def test_theme_list_pdf(self):
        report = self.env.ref("kim_conference.report_kim_theme_list")
        html, _kind = report.with_user(self.coordinator_district)._render_qweb_html(
            report.report_name, (self.theme_town | self.theme_town_b).ids
        )
        self.assertIn("Kita-Plätze", html.decode())
