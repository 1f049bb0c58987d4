from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KimConferenceCase


@tagged("post_install", "-at_install")
class TestConferenceAttacks(KimConferenceCase):
    """What an insider tried over RPC against the conferences, each refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls._checked(cls.case_1)
        cls.conference = cls._conference()
        cls.slot = (
            cls.env["kim.conference.slot"]
            .with_user(cls.coordinator_a)
            .create(cls._slot_values(cls.conference, cls.request))
        )
        cls.draft = cls._request(cls.case_2)

    def test_no_decision_maker_slips_into_a_checked_request(self):
        line = self.draft.participant_ids[:1]
        with self.assertRaises(AccessError):
            line.write({"request_id": self.request.id})
        with self.refused("geprüft", UserError):
            self.request.participant_ids[:1].unlink()
        self.assertEqual(len(self.request.participant_ids), 2)

    def test_calling_an_institution_kim_cm_needs_a_release_all_the_same(self):
        case = self._case()
        self._consent(case)
        request = self._request(
            case,
            participants=[
                {
                    "kind": "kim_cm",
                    "institution_id": self.jobcenter.id,
                    "user_id": self.participant_jc.id,
                    "category_id": self.env.ref("kim_case.recipient_jobcenter").id,
                }
            ],
        )
        with self.refused("Schweigepflichtentbindung", UserError):
            request.action_submit()
        # The case's own provider needs none.
        own = self._request(
            case,
            participants=[{"kind": "kim_cm", "institution_id": case.company_id.partner_id.id}],
        )
        own.action_submit()
        self.assertEqual(own.state, "submitted")

    def test_only_the_coordination_transfers_decisions(self):
        self.env["kim.conference.decision"].with_user(self.coordinator_a).create(
            {
                "slot_id": self.slot.id,
                "name": "Sprachkurs",
                "institution_id": self.jobcenter.id,
                "date_deadline": fields.Date.today(),
                "life_domain_id": self.life_domain.id,
            }
        )
        self.conference.action_held()
        for user in (self.participant_jc, self.case_manager_a):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.conference.with_user(user).action_transfer_decisions()
        self.assertFalse(self.slot.decision_ids.measure_id)
        with self.assertRaises(UserError):
            self.conference.with_user(self.participant_jc).action_create_evaluation()

    def test_an_institution_is_a_network_actor_never_a_client(self):
        client = self.case_1.sudo().partner_id
        with self.refused("kann hier nicht gewählt werden"):
            self.env["kim.conference.decision"].with_user(self.coordinator_a).create(
                {
                    "slot_id": self.slot.id,
                    "name": "X",
                    "institution_id": client.id,
                    "date_deadline": fields.Date.today(),
                    "life_domain_id": self.life_domain.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["kim.planning.vignette"].with_user(self.case_manager_a).create(
                {"name": "V", "municipality_id": self.city_a.id, "actor_ids": [(6, 0, client.ids)]}
            )
        with self.assertRaises(ValidationError):
            self.draft.participant_ids[:1].institution_id = client

    def test_a_talk_belongs_to_the_case_of_its_conference(self):
        with self.refused("gehört zu dem Fall", ValidationError):
            self.env["kim.case.contact"].with_user(self.case_manager_a).create(
                {
                    "case_id": self.case_2.id,
                    "conference_request_id": self.request.id,
                    "conference_purpose": "follow_up",
                }
            )
        self.assertFalse(self.request.followed_up)

    def test_the_form_sent_does_not_change(self):
        with self.assertRaises(UserError):
            self.request.other_notes = "Nachträglich"
        with self.assertRaises(AccessError):
            self.env["kim.conference.decision"].with_user(self.coordinator_a).create(
                {
                    "slot_id": self.slot.id,
                    "name": "X",
                    "institution_id": self.jobcenter.id,
                    "date_deadline": fields.Date.today(),
                    "life_domain_id": self.life_domain.id,
                }
            ).write({"slot_id": self.slot.id + 1000})

    def test_the_participant_records_no_talk(self):
        with self.assertRaises(AccessError):
            self.request.with_user(self.participant_jc).action_record_preparation()

    def test_the_evaluation_stays_in_its_municipality(self):
        self.conference.action_held()
        self.conference.with_user(self.coordinator_a).action_create_evaluation()
        survey = self.conference.survey_client_id
        self.assertTrue(survey.with_user(self.coordinator_a).has_access("read"))
        self.coordinator_b.group_ids |= self.env.ref("survey.group_survey_user")
        self.assertFalse(
            self.env["survey.survey"].with_user(self.coordinator_b).search([("id", "=", survey.id)])
        )
