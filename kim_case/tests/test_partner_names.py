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

    def _names(self, partners, compute=None):
        field = partners._fields["display_name"]
        partners.invalidate_recordset(["display_name"])
        if compute is None:
            return [partner.display_name for partner in partners]
        with partners.env.protecting([field], partners):
            compute(partners)
            return [field._get_cache(partners.env)[partner.id] for partner in partners]

    def test_names_are_the_platforms(self):
        for user in (self.env.user, self.case_manager_a, self.coordinator_a):
            for context in CONTEXTS:
                with self.subTest(user=user.login, context=context):
                    partners = self.partners.with_user(user).sudo().with_context(**context)
                    self.assertEqual(
                        self._names(partners),
                        self._names(partners, PlatformPartner._compute_display_name),
                    )

    def test_the_platform_names_only_who_is_filed_under_somebody(self):
        with records_passed_to(PlatformPartner, "_compute_display_name") as named:
            self._names(self.partners)
        filed = self.partners.filtered(lambda p: p.parent_id or p.company_name)
        self.assertEqual(sorted(named), sorted(filed.ids))
        # a context asking for more leaves every name to the platform
        with records_passed_to(PlatformPartner, "_compute_display_name") as named:
            self._names(self.partners.with_context(show_email=True))
        self.assertEqual(sorted(named), sorted(self.partners.ids))
