from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KimCase


@tagged("post_install", "-at_install")
class TestMunicipality(KimCase):
    def test_district_includes_its_towns(self):
        self.assertEqual(self.town.complete_name, "Testkreis / Testgemeinde")
        self.assertEqual(self.district.child_ids, self.town)

    def test_town_needs_a_district(self):
        with self.assertRaisesRegex(ValidationError, "muss zu einem Kreis gehören"):
            self.env["kim.municipality"].with_context(lang="de_DE").create(
                {"name": "Gemeinde ohne Kreis", "kind": "member"}
            )

    def test_city_is_not_in_a_district(self):
        with self.assertRaisesRegex(ValidationError, "keine kreisangehörige"):
            self.city_b.with_context(lang="de_DE").parent_id = self.district

    def test_official_key_digits(self):
        self.city_a.official_key = "05999001"
        self.district.official_key = "05999"
        with self.assertRaisesRegex(ValidationError, "genau 8 Ziffern"):
            self.city_b.with_context(lang="de_DE").official_key = "5119"
        with self.assertRaisesRegex(ValidationError, "genau 5 Ziffern"):
            self.district.with_context(lang="de_DE").official_key = "05999000"

    def test_official_key_unique(self):
        self.city_a.official_key = "05999001"
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.city_b.official_key = "05999001"
            self.city_b.flush_recordset()

    def test_coordinator_changes_only_own_municipality(self):
        self.city_a.with_user(self.coordinator_a).note = "<p>Lenkungskreis im März</p>"
        with self.assertRaises(AccessError):
            self.city_b.with_user(self.coordinator_a).note = "<p>fremd</p>"

    def test_district_coordinator_changes_the_towns(self):
        self.town.with_user(self.coordinator_district).official_key = "05999002"
        with self.assertRaises(AccessError):
            self.city_a.with_user(self.coordinator_district).official_key = "05999001"

    def test_case_manager_and_admin_only_read(self):
        for user in (self.case_manager_a, self.traeger_admin_a):
            self.assertTrue(self.city_a.with_user(user).name)
            with self.assertRaises(AccessError):
                self.city_a.with_user(user).name = "Umbenannt"
            with self.assertRaises(AccessError):
                self.env["kim.municipality"].with_user(user).create({"name": "Neu"})

    def test_other_apps_see_no_municipalities(self):
        with self.assertRaises(AccessError):
            self.env["kim.municipality"].with_user(self.internal_user).search([])
