from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.kim_case.tests.common import KimCase

MEETING_TYPES = [
    "event_type_case_conference",
    "event_type_peer_counselling",
    "event_type_planning_conference",
    "event_type_team_meeting",
    "event_type_case_reconstruction",
    "event_type_steering_group",
]


@tagged("post_install", "-at_install")
class TestMeetings(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env.ref("kim_conference.kim_meeting_action")

    def test_every_meeting_type_is_listed(self):
        listed_types = set(safe_eval(self.action.domain)[0][2])
        for xmlid in MEETING_TYPES:
            self.assertIn(self.env.ref(f"kim_conference.{xmlid}").id, listed_types, xmlid)

    def test_coordinator_plans_a_team_meeting(self):
        events = (
            self.env["calendar.event"]
            .with_user(self.coordinator_a)
            .with_context(**safe_eval(self.action.context))
        )
        with Form(events) as form:
            form.name = "Teamsitzung KIM"
        meeting = form.record
        self.assertEqual(meeting.categ_ids, self.env.ref("kim_conference.event_type_team_meeting"))
        self.assertIn(meeting, events.search(safe_eval(self.action.domain)))

    def test_other_meetings_are_not_listed(self):
        private = self.env["calendar.event"].create(
            {"name": "Zahnarzt", "start": "2026-12-01 08:00:00", "stop": "2026-12-01 09:00:00"}
        )
        self.assertNotIn(private, self.env["calendar.event"].search(safe_eval(self.action.domain)))


@tagged("post_install", "-at_install")
class TestMeetingsInTheBrowser(HttpCase):
    def test_meetings_open_for_the_coordinator(self):
        if not self.env.ref("kim_conference.demo_case_conference", raise_if_not_found=False):
            self.skipTest("the database was installed without demo data")
        self.start_tour(
            "/odoo/action-kim_conference.kim_meeting_action",
            "kim_conference_meetings",
            login="kim.koordination",
        )

    def test_timekeeper_runs_the_peer_counselling(self):
        session = self.env.ref("kim_conference.demo_peer_counselling", raise_if_not_found=False)
        if not session:
            self.skipTest("the database was installed without demo data")
        self.start_tour(
            f"/odoo/action-kim_conference.kim_peer_counselling_action/{session.id}",
            "kim_conference_peer_timer",
            login="kim.cm.prowohnen",
        )
        self.assertEqual(session.state, "running")
        self.assertEqual(session.current_phase_id.sequence, 2)

    def test_demo_participant_finds_only_their_conferences(self):
        if not self.env["res.users"].search([("login", "=", "kim.jobcenter")]):
            self.skipTest("the database was installed without demo data")
        self.authenticate("kim.jobcenter", "kim-demo")
        menus = {str(key) for key in self.url_open("/web/webclient/load_menus").json()}
        self.assertNotIn(str(self.env.ref("kim_case.menu_kim_root").id), menus)
        root = self.env.ref("kim_conference.menu_kim_conference_participant_root")
        self.assertIn(str(root.id), menus)
