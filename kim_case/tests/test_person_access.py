from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..rules import visibility
from .common import KimCase


@tagged("post_install", "-at_install")
class TestPersonAccess(KimCase):
    """Who may find a person is stored beside the person (kim_access_user_ids: the case
    managers and substitutes who work one of the person's cases for its provider), and the
    case managers' rule reads only that. Whatever happens to a case, the stored users say
    what the cases say."""

    def assertStoredAsTheCasesSay(self):
        self.env.flush_all()
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        persons = Partner.search(
            ["|", ("kim_access_case_ids", "!=", False), ("kim_access_user_ids", "!=", False)]
        )
        self.assertTrue(persons)
        for person in persons:
            expected = set()
            for case in person.kim_access_case_ids:
                expected.update(
                    visibility.case_workers(
                        {
                            "user_id": case.user_id.id,
                            "substitute_ids": case.substitute_ids.ids,
                            "company_id": case.company_id.id,
                        },
                        lambda uid: self.env["res.users"].browse(uid).company_ids.ids,
                    )
                )
            self.assertEqual(set(person.kim_access_user_ids.ids), expected, person.name)

    def finds(self, user, person):
        self.env.flush_all()
        return bool(self.env["res.partner"].with_user(user).search([("id", "=", person.id)]))

    def test_the_stored_users_follow_every_change_of_the_cases(self):
        case = self._case(partner_id=self._client("Leyla Demir").id).sudo()
        person = case.partner_id
        self.assertTrue(self.finds(self.case_manager_a, person))
        self.assertFalse(self.finds(self.substitute_a, person))
        self.assertFalse(self.finds(self.case_manager_b, person))
        self.assertStoredAsTheCasesSay()

        case.substitute_ids = self.substitute_a
        self.assertTrue(self.finds(self.substitute_a, person))
        self.assertStoredAsTheCasesSay()

        # A household member is found through the household's cases.
        child = self._client("Can Demir")
        household = self.env["kim.household"].create(
            {
                "name": "Haushalt Demir",
                "member_ids": [
                    (0, 0, {"partner_id": person.id, "role": "head"}),
                    (0, 0, {"partner_id": child.id, "role": "child"}),
                ],
            }
        )
        case.household_id = household
        self.assertTrue(self.finds(self.substitute_a, child))
        self.assertFalse(self.finds(self.case_manager_b, child))
        self.assertStoredAsTheCasesSay()

        # The case is worked by a colleague now.
        case.substitute_ids = False
        case.user_id = self.substitute_a
        self.assertFalse(self.finds(self.case_manager_a, person))
        self.assertFalse(self.finds(self.case_manager_a, child))
        self.assertTrue(self.finds(self.substitute_a, child))
        self.assertStoredAsTheCasesSay()

        # A case manager who leaves the provider no longer finds its persons, even while
        # still named on the case.
        self.substitute_a.company_ids = self.provider_b | self.provider_a
        self.substitute_a.company_id = self.provider_b
        self.substitute_a.company_ids = self.provider_b
        self.assertFalse(self.finds(self.substitute_a, person))
        self.assertStoredAsTheCasesSay()

        # Leaving the household ends what it showed.
        household.member_ids.filtered(lambda m: m.partner_id == child).unlink()
        self.substitute_a.company_ids = self.provider_a | self.provider_b
        self.assertTrue(self.finds(self.substitute_a, person))
        self.assertFalse(self.finds(self.substitute_a, child))
        self.assertStoredAsTheCasesSay()

    def test_the_tables_are_read_by_the_rules_only(self):
        """They name cases, municipalities and staff of other providers: a case manager
        finds the person but reads none of the three."""
        case = self._case(partner_id=self._client("Leyla Demir").id)
        person = case.partner_id.with_user(self.case_manager_a)
        self.assertTrue(self.finds(self.case_manager_a, person))
        for name in ("kim_access_case_ids", "kim_access_municipality_ids", "kim_access_user_ids"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                person.read([name])
