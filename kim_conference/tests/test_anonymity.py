from odoo.tests import tagged

from .common import KimConferenceCase

# The models that must not lead to a client or a case: what they hold is anonymous.
ANONYMOUS_MODELS = (
    "kim.planning.vignette",
    "kim.peer.counselling",
    "kim.peer.counselling.participant",
    "kim.peer.counselling.phase",
    "kim.generative.theme",
    "kim.generative.theme.step",
    "kim.generative.theme.cluster",
)
PERSON_MODELS = {"kim.case", "kim.household", "kim.household.member", "kim.case.contact"}


@tagged("post_install", "-at_install")
class TestAnonymity(KimConferenceCase):
    def test_no_field_leads_to_a_case_or_a_client(self):
        """No relational field of a vignette, a peer counselling or a theme points at a case,
        a household or a counselling contact, directly or through another anonymous model
        or a meeting; partners are network actors or staff, never clients."""
        for name in ANONYMOUS_MODELS:
            model = self.env[name]
            for field in model._fields.values():
                if field.type not in ("many2one", "many2many", "one2many"):
                    continue
                with self.subTest(model=name, field=field.name):
                    self.assertNotIn(field.comodel_name, PERSON_MODELS)
                    if field.comodel_name.startswith("kim.") and field.comodel_name not in (
                        "kim.municipality",
                        "kim.life.domain",
                    ):
                        self.assertIn(field.comodel_name, ANONYMOUS_MODELS)
                    if field.comodel_name == "res.partner" and field.name not in (
                        "message_partner_ids",
                        "activity_user_id",
                    ):
                        self.assertEqual(field.domain, [("kim_actor", "=", True)], field.name)

    def test_a_vignette_derived_from_a_case_holds_categories_only(self):
        self.case_1.sudo().partner_id.write({"kim_birthdate": "1990-04-02", "kim_gender": "w"})
        wizard = (
            self.env["kim.vignette.wizard"]
            .with_user(self.case_manager_a)
            .create(
                {
                    "case_id": self.case_1.id,
                    "name": "Mutter mit Kindern",
                    "needs": "Kita-Platz, Sprachkurs",
                }
            )
        )
        action = wizard.action_create()
        vignette = self.env["kim.planning.vignette"].browse(action["res_id"])
        self.assertEqual(vignette.age_band, "27_39")
        self.assertEqual(vignette.gender, "w")
        client = self.case_1.sudo().partner_id
        for name, field in vignette._fields.items():
            value = vignette[name]
            if field.type in ("char", "text", "html"):
                self.assertNotIn(client.name, str(value or ""), name)
        self.assertEqual(
            self.env["kim.planning.vignette"].with_user(self.coordinator_a).search([]), vignette
        )

    def test_another_providers_case_cannot_be_derived(self):
        foreign = self._case(user=self.case_manager_b)
        with self.denied():
            self.env["kim.vignette.wizard"].with_user(self.case_manager_a).create(
                {"case_id": foreign.id, "name": "X"}
            )
