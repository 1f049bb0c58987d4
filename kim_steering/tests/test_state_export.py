import base64
import csv
import io
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.kim_case.tests.common import KimCase

from ..wizard.kim_state_export import COLUMNS, SECRET_PARAMETER


class TestStateExport(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        cls.client = cls._client(
            "Amal Haddad",
            kim_gender="w",
            kim_birthdate=date(1990, 3, 1),
            street="Marktstraße 12",
            kim_nationality_ids=[(6, 0, cls.env.ref("base.sy").ids)],
        )
        cls.case = cls._case(partner_id=cls.client.id, date_open=date(2026, 2, 1))
        cls.case_b = cls._case(
            user=cls.case_manager_b,
            partner_id=cls._client("Yusuf Demir", kim_gender="m").id,
            date_open=date(2026, 3, 1),
        )
        cls.env["kim.case.goal"].with_user(cls.case_manager_a).create(
            {
                "case_id": cls.case.id,
                "name": "Deutschkurs B1 beginnen",
                "life_domain_id": cls.env["kim.life.domain"].search([], limit=1).id,
                "outcome": "reached",
            }
        )

    def _export(self, user=None, **values):
        wizard = (
            self.env["kim.state.export"]
            .with_user(user or self.coordinator_a)
            .create(
                {
                    "municipality_id": self.city_a.id,
                    "date_from": date(2026, 1, 1),
                    "date_to": date(2026, 12, 31),
                    **values,
                }
            )
        )
        wizard.action_export()
        content = base64.b64decode(wizard.file).decode("utf-8")
        return wizard, list(csv.reader(io.StringIO(content), delimiter=";")), content

    def test_columns_and_rows(self):
        wizard, rows, content = self._export()
        self.assertEqual(rows[0], [name for name, _doc in COLUMNS])
        self.assertEqual(len(rows) - 1, 2)
        self.assertEqual(wizard.case_count, 2)
        record = dict(zip(rows[0], rows[1], strict=True))
        self.assertEqual(record["birth_year"], "1990")
        self.assertEqual(record["gender"], "w")
        self.assertEqual(record["nationality"], "SY")
        self.assertEqual(record["goals"], "1")
        self.assertEqual(record["goals_reached"], "1")
        # Nothing that names or locates the person.
        for personal in ("Haddad", "Amal", "Marktstraße", "1990-03-01", self.case.name):
            self.assertNotIn(personal, content)

    def test_key_is_stable_and_not_the_id(self):
        _wizard, first, _content = self._export()
        _wizard, second, _content = self._export()
        self.assertEqual([row[0] for row in first], [row[0] for row in second])
        keys = [row[0] for row in first[1:]]
        self.assertNotIn(str(self.case.id), keys)
        self.assertEqual(len(set(keys)), 2)
        secret = self.env["ir.config_parameter"].sudo().get_param(SECRET_PARAMETER)
        self.assertGreaterEqual(len(secret), 64)

    def test_export_is_audited(self):
        self._export()
        self.env["kim.audit.log"]._kim_write_pending()
        entries = (
            self.env["kim.audit.log"]
            .sudo()
            .search([("action", "=", "export"), ("case_ids", "in", self.case.ids)])
        )
        self.assertTrue(entries)
        self.assertIn("Landesexport", entries[0].detail)

    def test_foreign_municipality_refused(self):
        with self.assertRaisesRegex(UserError, "Sie koordinieren"):
            self._export(municipality_id=self.city_b.id)

    def test_reversed_period_refused(self):
        with self.assertRaisesRegex(ValidationError, "Ende des Zeitraums"):
            self._export(date_from=date(2026, 12, 31), date_to=date(2026, 1, 1))

    def test_only_coordinators_export(self):
        for user in (self.case_manager_a, self.traeger_admin_a, self.internal_user):
            with self.assertRaises(AccessError):
                self._export(user=user)

    def test_period_selects_active_cases(self):
        wizard, rows, _content = self._export(
            date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        )
        self.assertEqual(wizard.case_count, 0)
        self.assertEqual(len(rows), 1)
