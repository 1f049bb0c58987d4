from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KimConferenceCase


@tagged("post_install", "-at_install")
class TestConferenceScheduling(KimConferenceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.requests = [cls._checked(case) for case in (cls.case_1, cls.case_2, cls.case_3)]
        cls.conference = cls._conference()
        Slot = cls.env["kim.conference.slot"].with_user(cls.coordinator_a)
        cls.slots = Slot.create(
            [
                cls._slot_values(cls.conference, request, offset_minutes=60 * index)
                for index, request in enumerate(cls.requests)
            ]
        )

    def test_three_cases_in_slots_of_their_own(self):
        self.assertEqual(self.conference.case_count, 3)
        self.assertEqual({r.state for r in self.requests}, {"scheduled"})
        self.assertEqual(self.conference.date_stop, self.conference.date_start + timedelta(hours=3))
        plan = self.slots[0].phase_plan.splitlines()
        self.assertEqual(len(plan), 4)
        self.assertIn("Information", plan[0])

    def test_a_fourth_case_is_refused(self):
        fourth = self._checked(self.case_4)
        with self.refused("höchstens 3 Fälle"):
            self.env["kim.conference.slot"].with_user(self.coordinator_a).create(
                self._slot_values(self.conference, fourth, offset_minutes=180)
            )
        self.assertEqual(fourth.state, "checked")
        self.assertEqual(self.conference.case_count, 3)

    def test_overlapping_and_long_slots_are_refused(self):
        conference = self._conference(hour=14)
        fourth = self._checked(self.case_4)
        Slot = self.env["kim.conference.slot"].with_user(self.coordinator_a)
        with self.refused("länger als 60 Minuten"):
            Slot.create(self._slot_values(conference, fourth, minutes=75))
        slot = Slot.create(self._slot_values(conference, fourth, minutes=60))
        self.assertEqual(fourth.state, "scheduled")
        with self.refused("überschneiden"):
            self.slots[2].write(
                {
                    "conference_id": conference.id,
                    "date_start": conference.date_start + timedelta(minutes=30),
                    "date_stop": conference.date_start + timedelta(minutes=90),
                }
            )
        self.assertEqual(slot.duration, 60)

    def test_only_checked_requests_are_scheduled(self):
        draft = self._request(self.case_4)
        with self.refused("geprüfte", UserError):
            self.env["kim.conference.slot"].with_user(self.coordinator_a).create(
                self._slot_values(self._conference(hour=15), draft)
            )

    def test_a_slot_outside_the_urgency_window_warns(self):
        self.assertFalse(self.slots[0].window_note)
        late = self._conference(day=fields.Date.today() + timedelta(days=60))
        fourth = self._checked(self.case_4)
        slot = (
            self.env["kim.conference.slot"]
            .with_user(self.coordinator_a)
            .create(self._slot_values(late, fourth))
        )
        self.assertIn("Dringlichkeit", slot.window_note)
        self.assertTrue(late.warning)

    def test_the_transfer_of_the_form_is_a_disclosure(self):
        disclosures = self.case_1.sudo().disclosure_ids
        self.assertEqual(disclosures.recipient_partner_id, self.jobcenter | self.youth_office)
        self.assertTrue(all(disclosures.mapped("waiver_id")))

    def test_invitations_per_slot(self):
        self.conference.action_send_invitations()
        event = self.conference.event_id
        self.assertEqual(event.privacy, "private")
        self.assertNotIn(self.participant_jc.partner_id, event.partner_ids)
        for slot in self.slots:
            self.assertEqual(slot.event_id.start, slot.date_start)
            self.assertIn(self.participant_jc.partner_id, slot.event_id.partner_ids)
            client = slot.sudo().case_id.partner_id
            self.assertNotIn(client.name, slot.event_id.name)
            self.assertNotIn(client, slot.event_id.partner_ids)

    def test_decisions_become_measures_and_activities(self):
        Decision = self.env["kim.conference.decision"].with_user(self.coordinator_a)
        decisions = Decision.create(
            [
                {
                    "slot_id": self.slots[0].id,
                    "name": "Sprachkurs B1 beantragen",
                    "institution_id": self.jobcenter.id,
                    "person": "Frau Berger",
                    "date_deadline": fields.Date.today() + timedelta(days=30),
                    "life_domain_id": self.life_domain.id,
                },
                {
                    "slot_id": self.slots[0].id,
                    "name": "Hilfeplangespräch mit dem Jugendamt",
                    "institution_id": self.case_1.company_id.partner_id.id,
                    "date_deadline": fields.Date.today() + timedelta(days=14),
                    "life_domain_id": self.life_domain.id,
                },
            ]
        )
        with self.refused("stattgefunden", UserError):
            self.conference.action_transfer_decisions()
        self.conference.action_held()
        self.assertEqual({r.state for r in self.requests}, {"held"})
        self.conference.action_transfer_decisions()
        measures = decisions.sudo().measure_id
        self.assertEqual(len(measures), 2)
        self.assertEqual(measures.goal_id.case_id, self.case_1)
        self.assertEqual(set(measures.mapped("responsible")), {"provider", "case_manager"})
        summaries = self.case_1.sudo().activity_ids.mapped("summary")
        self.assertTrue(any("Sprachkurs B1" in s for s in summaries))
        # The case manager sees the measures of their help plan.
        self.assertEqual(self.case_1.with_user(self.case_manager_a).goal_ids.measure_ids, measures)
        # Transferring twice adds nothing; a transferred decision does not change.
        self.conference.action_transfer_decisions()
        self.assertEqual(len(self.case_1.sudo().goal_ids.measure_ids), 2)
        with self.refused("Hilfeplan", UserError):
            decisions[0].with_user(self.coordinator_a).name = "Etwas anderes"

    def test_a_decision_names_a_goal_of_its_own_case(self):
        goal = self.env["kim.case.goal"].create(
            {"case_id": self.case_2.id, "name": "Arbeit", "life_domain_id": self.life_domain.id}
        )
        with self.refused("Hilfeplan dieses Falls"):
            self.env["kim.conference.decision"].with_user(self.coordinator_a).create(
                {
                    "slot_id": self.slots[0].id,
                    "name": "X",
                    "institution_id": self.jobcenter.id,
                    "date_deadline": fields.Date.today(),
                    "goal_id": goal.id,
                }
            )

    def test_follow_up_completes_the_request(self):
        self.conference.action_held()
        request = self.requests[0]
        with self.refused("Nachbereitungsgespräch", UserError):
            request.action_followed_up()
        action = request.action_record_follow_up()
        self.env["kim.case.contact"].with_user(self.case_manager_a).with_context(
            **action["context"]
        ).create({"duration": 30})
        request.action_followed_up()
        self.assertEqual(request.state, "followed_up")

    def test_cancelling_returns_the_requests(self):
        self.conference.action_send_invitations()
        events = self.slots.event_id | self.conference.event_id
        self.conference.action_cancel()
        self.assertEqual({r.state for r in self.requests}, {"checked"})
        self.assertFalse(events.exists())
        self.assertEqual(self.conference.state, "cancelled")

    def test_protocol_prints_one_part_per_case(self):
        report = self.env.ref("kim_conference.report_kim_conference_protocol")
        html, _kind = report.with_user(self.coordinator_a)._render_qweb_html(
            report.report_name, self.slots.ids
        )
        html = html.decode()
        for request in self.requests:
            self.assertIn(request.client_name, html)
        single, _kind = report.with_user(self.participant_jc)._render_qweb_html(
            report.report_name, self.slots[:1].ids
        )
        self.assertIn(self.requests[0].client_name, single.decode())
        self.assertNotIn(self.requests[1].client_name, single.decode())
        form = self.env.ref("kim_conference.report_kim_conference_request")
        html, _kind = form._render_qweb_html(form.report_name, self.requests[0].ids)
        self.assertIn("Markt und Integration", html.decode())

    def test_case_manager_sees_only_their_slot_of_the_conference(self):
        other = self._case(user=self.case_manager_b)
        self._consent(other, ("recipient_jobcenter", "recipient_city_administration"))
        request = self._checked(other)
        conference = self._conference(hour=15)
        Slot = self.env["kim.conference.slot"].with_user(self.coordinator_a)
        Slot.create(self._slot_values(conference, self._checked(self.case_4)))
        slot_b = Slot.create(self._slot_values(conference, request, offset_minutes=60))
        as_cm = conference.with_user(self.case_manager_a)
        self.assertEqual(len(as_cm.read(["slot_ids"])[0]["slot_ids"]), 1)
        with self.denied():
            slot_b.with_user(self.case_manager_a).read(["date_start"])

    def test_only_the_coordination_organises(self):
        values = self._slot_values(self._conference(hour=16), self._checked(self.case_4))
        with self.assertRaises(AccessError):
            self.env["kim.conference.slot"].with_user(self.case_manager_a).create(values)
        with self.assertRaises(AccessError):
            self.conference.with_user(self.case_manager_a).date_start = fields.Datetime.now()
        with self.assertRaises(AccessError):
            self.conference.with_user(self.coordinator_a).write({"state": "held"})
        with self.assertRaises(ValidationError):
            self.env["kim.conference.decision"].with_user(self.coordinator_a).create(
                {
                    "slot_id": self.slots[0].id,
                    "name": "Ohne Bereich",
                    "institution_id": self.jobcenter.id,
                    "date_deadline": fields.Date.today(),
                }
            )
