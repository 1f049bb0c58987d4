from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KimConferenceCase

CONFERENCE_MODELS = {
    "kim.conference",
    "kim.conference.slot",
    "kim.conference.request",
    "kim.conference.request.participant",
    "kim.conference.decision",
}


@tagged("post_install", "-at_install")
class TestExternalParticipant(KimConferenceCase):
    """Staff of another office with a login of their own see the slot, the form and the
    protocol part of the cases they are invited to, and nothing else of any case."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request_1 = cls._checked(cls.case_1)
        # The second case invites the Jugendamt only.
        cls.request_2 = cls._checked(
            cls.case_2,
            participants=[
                {
                    "kind": "jugendamt",
                    "institution_id": cls.youth_office.id,
                    "user_id": cls.participant_ja.id,
                }
            ],
        )
        cls.conference = cls._conference()
        Slot = cls.env["kim.conference.slot"].with_user(cls.coordinator_a)
        cls.slot_1 = Slot.create(cls._slot_values(cls.conference, cls.request_1))
        cls.slot_2 = Slot.create(cls._slot_values(cls.conference, cls.request_2, 60))
        cls.env["kim.conference.decision"].with_user(cls.coordinator_a).create(
            [
                {
                    "slot_id": slot.id,
                    "name": f"Beschluss {index}",
                    "institution_id": cls.youth_office.id,
                    "date_deadline": "2030-01-01",
                    "life_domain_id": cls.life_domain.id,
                }
                for index, slot in enumerate((cls.slot_1, cls.slot_2))
            ]
        )

    def test_the_jobcenter_sees_its_slot_only(self):
        env = self.env(user=self.participant_jc)
        self.assertEqual(env["kim.conference.slot"].search([]), self.slot_1)
        self.assertEqual(env["kim.conference.request"].search([]), self.request_1)
        self.assertEqual(env["kim.conference"].search([]), self.conference)
        self.assertEqual(env["kim.conference.decision"].search([]).mapped("name"), ["Beschluss 0"])
        form = env["kim.conference.request"].browse(self.request_1.id)
        self.assertEqual(form.client_name, self.case_1.sudo().partner_id.name)
        self.assertEqual(
            len(env["kim.conference"].browse(self.conference.id).read(["slot_ids"])[0]["slot_ids"]),
            1,
        )
        with self.denied():
            env["kim.conference.slot"].browse(self.slot_2.id).read(["date_start"])
        with self.denied():
            env["kim.conference.request"].browse(self.request_2.id).read(["question"])

    def test_the_jugendamt_sees_both_of_its_slots(self):
        env = self.env(user=self.participant_ja)
        self.assertEqual(env["kim.conference.slot"].search([]), self.slot_1 | self.slot_2)

    def test_nothing_else_of_any_case(self):
        env = self.env(user=self.participant_jc)
        request = env["kim.conference.request"].browse(self.request_1.id)
        self.assertNotIn("case_id", request.fields_get())
        self.assertNotIn("case_id", env["kim.conference.slot"].fields_get())
        for name in self.env.registry:
            model = self.env[name]
            if not name.startswith("kim.") or model._abstract or model._transient:
                continue
            if name in CONFERENCE_MODELS:
                continue
            with self.subTest(model=name):
                try:
                    found = env[name].search_count([])
                except AccessError:
                    continue
                # What they may read of the rest is reference data without persons.
                self.assertFalse(
                    found and name in ("kim.case", "kim.case.contact", "kim.household"),
                    f"{name} is readable",
                )
        with self.denied():
            self.case_1.with_user(self.participant_jc).read(["name"])
        client = self.case_1.sudo().partner_id
        self.assertFalse(env["res.partner"].search([("id", "=", client.id)]))
        self.assertFalse(env["res.partner"].name_search(client.name))

    def test_the_participant_writes_nothing(self):
        with self.assertRaises(AccessError):
            self.slot_1.with_user(self.participant_jc).minutes = "Notiz"
        with self.assertRaises(AccessError):
            self.request_1.with_user(self.participant_jc).other_notes = "Notiz"
        with self.assertRaises(AccessError):
            self.env["kim.conference.decision"].with_user(self.participant_jc).create(
                {
                    "slot_id": self.slot_1.id,
                    "name": "Eigenmächtig",
                    "institution_id": self.jobcenter.id,
                    "date_deadline": "2030-01-01",
                    "life_domain_id": self.life_domain.id,
                }
            )

    def test_the_participant_prints_their_protocol(self):
        report = self.env.ref("kim_conference.report_kim_conference_protocol")
        html, _kind = report.with_user(self.participant_jc)._render_qweb_html(
            report.report_name, self.slot_1.ids
        )
        self.assertIn("Beschluss 0", html.decode())
        with self.denied():
            report.with_user(self.participant_jc)._render_qweb_html(
                report.report_name, self.slot_2.ids
            )
