from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KimConferenceCase

ROLES = ["case_giver", "moderator", "minute_taker", "timekeeper", "observer", "advisor"]


@tagged("post_install", "-at_install")
class TestPeerCounselling(KimConferenceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = [cls.case_manager_a, cls.substitute_a, cls.case_manager_b]
        for index in range(8):
            cls.team.append(
                new_test_user(
                    cls.env,
                    login=f"kim_test_team_{index}",
                    groups="kim_case.group_kim_case_manager",
                    company_id=cls.provider_a.id,
                    lang="de_DE",
                )
            )

    def _session(self, roles, user=None):
        return (
            self.env["kim.peer.counselling"]
            .with_user(user or self.coordinator_a)
            .create(
                {
                    "name": "Schule trotz Sprachbarriere",
                    "municipality_id": self.city_a.id,
                    "date_start": fields.Datetime.now(),
                    "presentation": "Eine Mutter von drei Kindern, seit einem Jahr hier.",
                    "participant_ids": [
                        Command.create({"user_id": user.id, "role": role})
                        for user, role in zip(self.team, roles, strict=False)
                    ],
                }
            )
        )

    def test_nine_phases_of_the_guide(self):
        session = self._session(ROLES)
        phases = session.phase_ids.sorted("sequence")
        self.assertEqual(phases.mapped("minutes"), [10, 10, 10, 5, 5, 15, 5, 5, 10])
        self.assertIn("KEINE NACHFRAGEN", phases[0].rules)
        self.assertIn("Falldarstellung", phases[0].name)

    def test_four_or_eleven_participants_are_refused(self):
        with self.refused("5 bis 10"):
            self._session(ROLES[:4])
        with self.refused("5 bis 10"):
            self._session(ROLES + ["advisor"] * 5)
        self.assertFalse(
            self.env["kim.peer.counselling"].search([("name", "=", "Schule trotz Sprachbarriere")])
        )

    def test_a_role_left_empty_is_refused(self):
        roles = ["case_giver", "moderator", "minute_taker", "timekeeper", "advisor", "advisor"]
        with self.refused("Prozessbeobachter"):
            self._session(roles)
        with self.refused("Nur eine Person"):
            self._session([*ROLES, "moderator"])

    def test_the_timekeeper_runs_the_phases(self):
        session = self._session(ROLES)
        timekeeper = self.team[ROLES.index("timekeeper")]
        advisor = self.team[ROLES.index("advisor")]
        mine = session.with_user(timekeeper)
        self.assertEqual(mine.my_role, "timekeeper")
        mine.action_start()
        self.assertEqual(session.state, "running")
        self.assertIn("Falldarstellung", session.current_phase_name)
        self.assertEqual(session.current_phase_minutes, 10)
        self.assertIn("Verständnisfragen", session.next_phase_name)
        with self.refused("Zeitnehmer", UserError):
            session.with_user(advisor).action_next_phase()
        for _phase in range(8):
            mine.action_next_phase()
        self.assertIn("Feedback", session.current_phase_name)
        self.assertFalse(session.next_phase_name)
        mine.action_next_phase()
        self.assertEqual(session.state, "done")
        self.assertTrue(all(session.phase_ids.mapped("ended_at")))
        with self.assertRaises(AccessError):
            session.with_user(timekeeper).write({"state": "running"})

    def test_the_minute_taker_writes_the_result(self):
        session = self._session(ROLES)
        minute_taker = session.with_user(self.team[ROLES.index("minute_taker")])
        minute_taker.write(
            {
                "key_themes": "Elternarbeit",
                "proposals": "Schulsozialarbeit einbinden",
                "taken_up": "Termin mit der Schule",
            }
        )
        self.assertEqual(session.taken_up, "Termin mit der Schule")

    def test_outsiders_do_not_see_the_session(self):
        session = self._session([*ROLES[:5], "advisor"])
        outsider = self.team[-1]
        self.assertFalse(
            self.env["kim.peer.counselling"].with_user(outsider).search([("id", "=", session.id)])
        )
        member = self.env["kim.peer.counselling"].with_user(self.team[0])
        self.assertEqual(member.search([]), session)

    def test_schedule_puts_it_in_every_calendar(self):
        session = self._session(ROLES)
        session.action_schedule()
        self.assertEqual(session.event_id.partner_ids, session.participant_ids.user_id.partner_id)
        self.assertEqual(session.event_id.stop - session.event_id.start, timedelta(minutes=75))

    def test_only_the_organisers_set_the_group(self):
        session = self._session(ROLES)
        advisor = self.team[ROLES.index("advisor")]
        mine = session.participant_ids.filtered(lambda p: p.user_id == advisor)
        with self.refused("organisiert", UserError):
            mine.with_user(advisor).role = "timekeeper"
        with self.refused("organisiert", UserError):
            session.participant_ids[:1].with_user(advisor).unlink()
        outsider = self.team[-1]
        with self.assertRaises(AccessError):
            self.env["kim.peer.counselling.participant"].with_user(outsider).create(
                {"session_id": session.id, "user_id": outsider.id, "role": "advisor"}
            )
        moderator = self.team[ROLES.index("moderator")]
        mine.with_user(moderator).user_id = outsider
        self.assertIn(outsider, session.participant_ids.user_id)
        session.with_user(self.team[ROLES.index("timekeeper")]).action_start()
        with self.refused("begonnen", UserError):
            session.participant_ids[:1].with_user(moderator).role = "advisor"
