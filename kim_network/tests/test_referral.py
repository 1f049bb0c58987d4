from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KimNetworkCase


@tagged("post_install", "-at_install")
class TestReferral(KimNetworkCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case(municipality=cls.oberhausen)
        cls.case.sudo().partner_id.write({"zip": "46119", "city": "Oberhausen"})
        cls.foreign = cls._case(cls.case_manager_b, municipality=cls.oberhausen)
        cls.mbe = cls.Service.search(
            [("serves_zip", "=", "46119"), ("interface_id.code", "=", "MBE")], limit=1
        )
        cls.Referral = cls.env["kim.referral"].with_user(cls.case_manager_a)

    def _refer(self, **values):
        return self.Referral.create(
            {
                "case_id": self.case.id,
                "service_id": self.mbe.id,
                "kind": "warm_handover",
                "reason": "Sprachkurs und Orientierung",
                **values,
            }
        )

    # Routing -------------------------------------------------------------------------------------

    def test_the_case_manager_sees_who_is_responsible_for_46119_and_why(self):
        action = self.case.with_user(self.case_manager_a).action_kim_routing()
        wizard = (
            self.env["kim.routing.wizard"].browse(action["res_id"]).with_user(self.case_manager_a)
        )
        kim = wizard.line_ids.filtered(lambda line: line.category == "kim")
        self.assertEqual(set(kim.service_id.actor_id.mapped("kim_abbreviation")), {"CV", "PW"})
        self.assertTrue(all("46119" in line.reason for line in kim))
        self.assertIn("76", wizard.summary)
        refer = kim[0].action_refer()
        self.assertEqual(refer["context"]["default_case_id"], self.case.id)

    def test_first_integration_follows_age_and_residence_title(self):
        today = fields.Date.context_today(self.case)
        self.case.sudo().write(
            {
                "client_birthdate": today.replace(year=today.year - 30),
                "residence_issued": today - timedelta(days=365),
                "target_group": "zg1",
            }
        )
        wizard = (
            self.env["kim.routing.wizard"]
            .with_user(self.case_manager_a)
            .create({"case_id": self.case.id})
        )
        self.assertIn("MBE", wizard.summary)
        self.assertIn(self.mbe, wizard.line_ids.service_id)

    def test_an_unknown_or_malformed_postal_code_is_refused(self):
        Wizard = self.env["kim.routing.wizard"].with_user(self.case_manager_a)
        wizard = Wizard.create({"case_id": self.case.id})
        wizard.zip = "12345"
        with self.assertRaises(UserError):
            wizard.action_refresh()
        with self.assertRaises(ValidationError):
            Wizard.create({"case_id": self.case.id, "zip": "4611"})

    # Referrals and the release from confidentiality ----------------------------------------------

    def test_a_referral_with_data_needs_a_covering_waiver(self):
        values = {"with_data": True, "data_shared": "Name, Telefon, Anliegen"}
        self.assertEqual(self.mbe.recipient_category_id, self.env.ref("kim_case.recipient_welfare"))
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._refer(**values)
        self.assertFalse(self.env["kim.referral"].search([("case_id", "=", self.case.id)]))
        self.assertFalse(self.case.disclosure_ids)
        self._consent(self.case, categories=("recipient_welfare",))
        referral = self._refer(**values)
        self.assertEqual(
            referral.disclosure_id.waiver_id.category_id, self.mbe.recipient_category_id
        )
        self.assertEqual(referral.disclosure_id.recipient_partner_id, self.mbe.actor_id)

    def test_a_referral_without_data_needs_no_waiver(self):
        referral = self._refer()
        self.assertFalse(referral.disclosure_id)
        self.assertEqual(referral.state, "requested")
        self.assertEqual(referral.user_id, self.case_manager_a)

    def test_transitions_are_guarded(self):
        referral = self._refer(date_follow_up=fields.Date.context_today(self.case))
        self.assertEqual(len(referral.activity_ids), 1)
        with self.assertRaises(UserError):
            referral.action_reject()  # no reason yet
        referral.action_accept()
        self.assertEqual(referral.state, "accepted")
        with self.assertRaises(UserError):
            referral.action_accept()
        referral.action_done()
        self.assertEqual(referral.state, "done")
        self.assertFalse(referral.activity_ids)
        withdrawn = self._refer()
        withdrawn.action_withdraw()
        with self.assertRaises(UserError):
            withdrawn.action_accept()
        self.assertEqual(withdrawn.state, "withdrawn")
        rejected = self._refer()
        rejected.reject_reason = "Keine Kapazität"
        rejected.action_reject()
        self.assertEqual(rejected.state, "rejected")
        with self.assertRaises(AccessError):
            rejected.write({"state": "accepted"})

    def test_a_referral_to_an_archived_service_is_refused(self):
        self.mbe.action_archive()
        with self.assertRaises(ValidationError):
            self._refer()

    def test_a_referral_on_a_foreign_case_is_refused_like_a_missing_one(self):
        with self.assertRaises(AccessError):
            self._refer(case_id=self.foreign.id)

    def test_an_incoming_referral_opens_the_intake(self):
        institution = self.env.ref("kim_network.oberhausen_actor_jobcenter_ob")
        incoming = self.Referral.create(
            {
                "direction": "incoming",
                "kind": "warm_handover",
                "institution_id": institution.id,
                "client_name": "Nadia Karimi",
                "municipality_id": self.oberhausen.id,
                "reason": "Mehrere Problemlagen in der Familie",
            }
        )
        # Defaults a caller sends for contacts are not the person's data.
        action = incoming.with_context(
            default_parent_id=institution.id, default_kim_actor=True, default_is_company=True
        ).action_accept()
        case = self.env["kim.case"].browse(action["res_id"])
        self.assertFalse(case.partner_id.parent_id or case.partner_id.kim_actor)
        self.assertEqual(incoming.case_id, case)
        self.assertEqual(case.access_route, "warm_handover")
        self.assertEqual(case.referring_partner_id, institution)
        self.assertEqual(case.partner_id.name, "Nadia Karimi")

    def test_referrals_follow_the_case_s_visibility(self):
        referral = self._refer()
        self.assertFalse(
            self.env["kim.referral"]
            .with_user(self.case_manager_b)
            .search([("id", "=", referral.id)])
        )
        self.assertTrue(
            self.env["kim.referral"]
            .with_user(self.coordinator_ob)
            .search([("id", "=", referral.id)])
        )
        with self.assertRaises(AccessError):
            referral.with_user(self.coordinator_ob).write({"outcome": "x"})

    def test_measures_name_the_service(self):
        goal = self.env["kim.case.goal"].create(
            {
                "case_id": self.case.id,
                "name": "Deutsch B1",
                "life_domain_id": self.env["kim.life.domain"].search([], limit=1).id,
            }
        )
        measure = self.env["kim.case.measure"].create(
            {
                "goal_id": goal.id,
                "name": "Kurs",
                "responsible": "provider",
                "service_id": self.mbe.id,
            }
        )
        self.assertEqual(measure.service_id, self.mbe)

    def test_an_incoming_referral_stays_in_the_provider_s_municipalities(self):
        institution = self.env.ref("kim_network.oberhausen_actor_jobcenter_ob")
        with self.assertRaises(ValidationError):
            self.Referral.create(
                {
                    "direction": "incoming",
                    "institution_id": institution.id,
                    "client_name": "Nadia Karimi",
                    "municipality_id": self.herne.id,
                    "reason": "Mehrere Problemlagen",
                }
            )

    def test_clients_are_never_network_members(self):
        network = self._loaded("herne", "network")[0]
        with self.assertRaises(ValidationError):
            network.member_ids = [(0, 0, {"role": "member", "partner_id": self.case.partner_id.id})]

    def test_data_goes_to_the_service_s_own_organisation_only(self):
        self._consent(self.case, categories=("recipient_welfare",))
        other = self.env.ref("kim_network.oberhausen_actor_jobcenter_ob")
        with self.assertRaises(ValidationError):
            self._refer(with_data=True, data_shared="Name", institution_id=other.id)
        referral = self._refer()
        with self.assertRaises(ValidationError):
            referral.institution_id = other

    def test_incoming_referrals_without_a_case_go_after_the_retention_period(self):
        institution = self.env.ref("kim_network.oberhausen_actor_jobcenter_ob")
        years = self.oberhausen.retention_years
        today = fields.Date.context_today(self.case)
        values = {
            "direction": "incoming",
            "institution_id": institution.id,
            "client_name": "Nadia Karimi",
            "municipality_id": self.oberhausen.id,
            "reason": "Mehrere Problemlagen",
        }
        old = self.Referral.create(
            {**values, "date_requested": today.replace(year=today.year - years - 1)}
        )
        recent = self.Referral.create(values)
        with_case = self._refer(date_requested=today.replace(year=today.year - years - 1))
        self.env["kim.case"]._cron_retention()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(with_case.exists())
