from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KimConferenceCase


@tagged("post_install", "-at_install")
class TestConferenceRequest(KimConferenceCase):
    def test_case_manager_submits_and_coordinator_checks(self):
        request = self._request(self.case_1)
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.client_name, "the basics are copied on submission")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.date_requested, fields.Date.today())
        self.assertEqual(request.client_name, self.case_1.sudo().partner_id.name)
        self.assertEqual(request.window_start, fields.Date.today() + timedelta(days=21))
        self.assertEqual(request.window_end, fields.Date.today() + timedelta(days=28))
        with self.refused("Koordination", UserError):
            request.action_check()
        request.with_user(self.coordinator_a).action_check()
        self.assertEqual(request.state, "checked")
        self.assertEqual(request.checked_by_id, self.coordinator_a)
        actions = self.case_1.sudo().audit_log_ids.mapped("action")
        self.assertIn("conference", actions)

    def test_the_basics_name_the_residence_title_once(self):
        case = self.case_1.sudo()
        case.write({"residence_status": "permanent", "residence_title": "Niederlassungserlaubnis"})
        request = self._request(self.case_1)
        request.action_submit()
        self.assertEqual(request.client_residence_status.count("Niederlassungserlaubnis"), 1)
        case.residence_title = "§ 9 AufenthG"
        request = self._request(self.case_1)
        request.action_submit()
        self.assertIn("(§ 9 AufenthG)", request.client_residence_status)

    def test_no_request_without_consent(self):
        case = self._case()
        request = self._request(case)
        with self.refused("Einwilligung", UserError):
            request.action_submit()
        self.assertEqual(request.state, "draft")

    def test_an_institution_without_waiver_is_refused(self):
        case = self._case()
        self._consent(case, ("recipient_jobcenter",))
        request = self._request(case)
        with self.refused("Jugendamt Teststadt", UserError):
            request.action_submit()
        self.assertEqual(request.state, "draft")
        # Without the Jugendamt, the waiver for the Jobcenter covers the request.
        request.participant_ids.filtered(lambda p: p.kind == "jugendamt").unlink()
        request.action_submit()
        self.assertEqual(request.state, "submitted")

    def test_a_participant_needs_a_recipient_category(self):
        with self.refused("Empfängerkategorie"):
            self._request(
                self.case_1,
                participants=[{"kind": "other", "institution_id": self.immigration_office.id}],
            )

    def test_an_incomplete_form_is_refused(self):
        request = self._request(self.case_1, facts=" ")
        with self.refused("Sachdarstellung", UserError):
            request.action_submit()

    def test_coordinator_records_for_the_jobcenter(self):
        request = self._request(
            self.case_1,
            user=self.coordinator_a,
            requester_kind="jobcenter",
            requester_id=self.jobcenter.id,
        )
        request.action_submit()
        self.assertEqual(request.requester_id, self.jobcenter)
        with self.refused("Institution"):
            self._request(self.case_2, user=self.coordinator_a, requester_kind="jugendamt")

    def test_rejection_needs_a_reason_and_ends_the_request(self):
        request = self._request(self.case_1)
        request.action_submit()
        as_coordinator = request.with_user(self.coordinator_a)
        with self.refused("Grund", UserError):
            as_coordinator.action_reject()
        as_coordinator.reject_reason = "Kein Einzelfallbezug."
        as_coordinator.action_reject()
        self.assertEqual(request.state, "rejected")
        with self.assertRaises(UserError):
            request.action_submit()

    def test_a_checked_form_does_not_change(self):
        request = self._checked(self.case_1)
        with self.refused("geprüfte", UserError):
            request.facts = "Anders."
        with self.refused("geprüft", UserError):
            request.participant_ids[:1].person = "Jemand anderes"
        self.assertIn("zwei Jahren", request.facts)

    def test_the_state_moves_by_its_actions_only(self):
        request = self._request(self.case_1)
        with self.assertRaises(AccessError):
            request.write({"state": "checked"})
        with self.assertRaises(AccessError):
            request.write({"client_name": "Jemand"})
        with self.assertRaises(AccessError):
            self.env["kim.conference.request"].with_user(self.case_manager_a).with_context(
                default_state="scheduled"
            ).create({"case_id": self.case_2.id})

    def test_another_providers_case_cannot_be_named(self):
        foreign = self._case(user=self.case_manager_b)
        with self.denied():
            self._request(foreign, user=self.case_manager_a)

    def test_preparation_and_follow_up_are_counselling_contacts(self):
        request = self._checked(self.case_1)
        action = request.action_record_preparation()
        self.assertEqual(action["res_model"], "kim.case.contact")
        contact = (
            self.env["kim.case.contact"]
            .with_user(self.case_manager_a)
            .with_context(**action["context"])
            .create({"duration": 45})
        )
        self.assertEqual(contact.case_id, self.case_1)
        self.assertEqual(contact.conference_purpose, "preparation")
        self.assertTrue(request.prepared)
        self.assertFalse(request.followed_up)

    def test_only_drafts_are_deleted(self):
        request = self._request(self.case_1)
        request.action_submit()
        with self.refused("Entwurf", UserError):
            request.unlink()
