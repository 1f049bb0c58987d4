from datetime import date

from odoo.exceptions import AccessError

from odoo.addons.kim_case.tests.common import KimCase


class TestCaseAnalysis(KimCase):
    """The analysis counts exactly the cases each role may see, split by gender."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        people = [
            ("Amal Haddad", "w", date(1990, 3, 1)),
            ("Yusuf Demir", "m", date(1985, 7, 9)),
            ("Olena Kovalenko", "w", date(2010, 1, 5)),
        ]
        cls.cases_a = cls.env["kim.case"]
        for name, gender, birthdate in people:
            client = cls._client(name, kim_gender=gender, kim_birthdate=birthdate)
            cls.cases_a |= cls._case(partner_id=client.id)
        cls.case_b = cls._case(
            user=cls.case_manager_b,
            partner_id=cls._client("Samir Haidari", kim_gender="m").id,
        )
        cls.case_other_city = cls._case(
            user=cls.case_manager_b,
            municipality=cls.city_b,
            partner_id=cls._client("Lina Nasser", kim_gender="w").id,
        )
        cls.env.flush_all()

    def _by_gender(self, user):
        Analysis = self.env["kim.case.analysis"].with_user(user)
        return dict(Analysis._read_group([], ["gender"], ["__count"]))

    def _direct(self, user):
        """The same count straight from the cases, under the same user."""
        counts = {}
        for case in self.env["kim.case"].with_user(user).search([]).sudo():
            gender = case.partner_id.kim_gender
            counts[gender] = counts.get(gender, 0) + 1
        return counts

    def test_case_manager_counts_own_cases(self):
        figures = self._by_gender(self.case_manager_a)
        self.assertEqual(figures, {"w": 2, "m": 1})
        self.assertEqual(figures, self._direct(self.case_manager_a))

    def test_coordinator_counts_municipality(self):
        figures = self._by_gender(self.coordinator_a)
        self.assertEqual(figures, self._direct(self.coordinator_a))
        self.assertEqual(sum(figures.values()), 4)  # both providers of Teststadt A
        self.assertEqual(self._by_gender(self.coordinator_b), {"w": 1})

    def test_categories(self):
        rows = (
            self.env["kim.case.analysis"]
            .with_user(self.coordinator_a)
            .search_read([("case_id", "in", self.cases_a.ids)], ["age_band", "birth_year"])
        )
        bands = sorted(row["age_band"] for row in rows)
        self.assertEqual(bands, ["27_39", "40_54", "under_18"])
        self.assertEqual(sorted(row["birth_year"] for row in rows), [1985, 1990, 2010])

    def test_figures_follow_contacts(self):
        case = self.cases_a[0]
        self.env["kim.case.contact"].with_user(self.case_manager_a).create(
            [{"case_id": case.id, "duration": 90}, {"case_id": case.id, "duration": 30}]
        )
        self.env.flush_all()
        row = self.env["kim.case.analysis"].with_user(self.case_manager_a).browse(case.id)
        self.assertEqual(row.contact_count, 2)
        self.assertEqual(row.counselling_hours, 2.0)

    def test_traeger_admin_sees_no_persons(self):
        with self.assertRaises(AccessError):
            self.env["kim.case.analysis"].with_user(self.traeger_admin_a).search([])
        with self.assertRaises(AccessError):
            self.env["kim.case.analysis"].with_user(self.internal_user).search([])

    def test_hamm_categories_are_counted(self):
        """Language level, health, family, club membership and the measures of the
        Jobcenter and the youth welfare office are structured and can be counted."""
        first, second, third = self.cases_a
        first.partner_id.write(
            {
                "kim_family_status": "married",
                "kim_club_membership": "sports",
                "kim_german_level": "b1",
            }
        )
        second.partner_id.write({"kim_family_status": "married", "kim_club_membership": "none"})
        first.with_user(self.case_manager_a).health_situation = "chronic"
        goal = self.env["kim.case.goal"].create(
            {
                "case_id": third.id,
                "name": "Ausbildung beginnen",
                "life_domain_id": self.env["kim.life.domain"].search([], limit=1).id,
            }
        )
        self.env["kim.case.measure"].create(
            [
                {"goal_id": goal.id, "name": "Einstiegsqualifizierung", "agency": "jobcenter"},
                {"goal_id": goal.id, "name": "Erziehungsbeistand", "agency": "youth_office"},
            ]
        )
        self.env.flush_all()
        Analysis = self.env["kim.case.analysis"].with_user(self.coordinator_a)
        family = dict(Analysis._read_group([], ["family_status"], ["__count"]))
        self.assertEqual(family["married"], 2)
        clubs = dict(Analysis._read_group([], ["club_membership"], ["__count"]))
        self.assertEqual((clubs["sports"], clubs["none"]), (1, 1))
        health = dict(Analysis._read_group([], ["health_situation"], ["__count"]))
        self.assertEqual(health["chronic"], 1)
        # The health situation is a special category: grouping by it is on record.
        self.env["kim.audit.log"]._kim_write_pending()
        entries = (
            self.env["kim.audit.log"]
            .sudo()
            .search(
                [
                    ("action", "=", "read"),
                    ("user_id", "=", self.coordinator_a.id),
                    ("case_ids", "in", first.ids),
                ]
            )
        )
        self.assertIn("Gesundheitliche Situation", " ".join(entries.mapped("detail")))
        self.assertEqual(dict(Analysis._read_group([], ["german_level"], ["__count"]))["b1"], 1)
        measures = dict(
            self.env["kim.measure.analysis"]
            .with_user(self.coordinator_a)
            ._read_group([], ["agency"], ["__count"])
        )
        self.assertEqual((measures["jobcenter"], measures["youth_office"]), (1, 1))
