from unittest.mock import patch

from odoo.models import BaseModel
from odoo.tests import tagged

from odoo.addons.base.models.res_partner import ResPartner as PlatformPartner

from .common import KimCase, records_passed_to

# The context keys that change a contact's name, and the language.
CONTEXTS = (
    {},
    {"show_email": True},
    {"show_address": True},
    {"show_vat": True},
    {"partner_show_db_id": True},
    {"formatted_display_name": True},
    {"show_address": True, "show_email": True},
    {"lang": "de_DE"},
)


def _names(records, compute=None):
    """The display names of ``records``, computed anew; by ``compute`` if given (the
    platform's method, to compare with)."""
    field = records._fields["display_name"]
    records.invalidate_recordset(["display_name"])
    if compute is None:
        return [record.display_name for record in records]
    with records.env.protecting([field], records):
        compute(records)
        return [field._get_cache(records.env)[record.id] for record in records]


@tagged("post_install", "-at_install")
class TestPartnerNames(KimCase):
    """A list of contacts names a person filed under nobody by their name at once; every
    name is the platform's, in every context that changes names and for every user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        jobcenter = Partner.create(
            {"name": "Jobcenter Teststadt", "is_company": True, "vat": "DE123456789"}
        )
        cls.partners = (
            cls._client("  Amal   Haddad ", email="amal@example.org", street="Marktstr. 1")
            | cls._client("Yusuf\n  Demir", vat="DE987654321")
            | cls._client("Lina Petrova", company_name="Reinigung Petrova")
            | jobcenter
            | Partner.create({"name": "Frau Yilmaz", "parent_id": jobcenter.id})
            | Partner.create({"parent_id": jobcenter.id, "type": "invoice"})
            | Partner.create({"name": "Nachbarschaftshilfe e.V.", "email": "info@nh.example"})
        )

    def test_names_are_the_platforms(self):
        for user in (self.env.user, self.case_manager_a, self.coordinator_a):
            for context in CONTEXTS:
                with self.subTest(user=user.login, context=context):
                    partners = self.partners.with_user(user).sudo().with_context(**context)
                    self.assertEqual(
                        _names(partners),
                        _names(partners, PlatformPartner._compute_display_name),
                    )

    def test_the_platform_names_only_who_is_filed_under_somebody(self):
        with records_passed_to(PlatformPartner, "_compute_display_name") as named:
            _names(self.partners)
        filed = self.partners.filtered(lambda p: p.parent_id or p.company_name)
        self.assertEqual(sorted(named), sorted(filed.ids))
        # a context asking for more leaves every name to the platform
        with records_passed_to(PlatformPartner, "_compute_display_name") as named:
            _names(self.partners.with_context(show_email=True))
        self.assertEqual(sorted(named), sorted(self.partners.ids))


@tagged("post_install", "-at_install")
class TestUserNames(KimCase):
    """Every case, contact and goal names its case manager: a user's name is read from the
    two columns it needs (res.users._compute_display_name), and is the platform's name."""

    def test_names_are_the_platforms_for_every_reader(self):
        archived = self._kim_user("gone", "kim_case.group_kim_case_manager", self.provider_b)
        archived.active = False
        users = self.case_manager_a | self.case_manager_b | self.coordinator_a | archived
        users |= self.env.ref("base.user_root") | self.env.ref("base.public_user")
        for reader in (self.env.user, self.case_manager_a, self.coordinator_a):
            with self.subTest(reader=reader.login):
                shown = users.with_user(reader)
                self.assertEqual(
                    _names(shown), _names(shown.sudo(), BaseModel._compute_display_name)
                )

    def test_only_a_new_user_goes_to_the_platform(self):
        users = (self.case_manager_a | self.case_manager_b).with_user(self.case_manager_a)
        with records_passed_to(BaseModel, "_compute_display_name") as named:
            self.assertEqual(_names(users), users.sudo().mapped("name"))
        self.assertFalse(named)
        platform = BaseModel._compute_display_name
        with patch.object(BaseModel, "_compute_display_name", autospec=True) as named:
            named.side_effect = platform
            new = self.env["res.users"].new({"name": "Neue Fallmanagerin", "login": "neu"})
            self.assertEqual(new.display_name, "Neue Fallmanagerin")
        self.assertEqual(named.call_count, 1)
