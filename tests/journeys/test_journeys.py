"""KIM's users walk their journeys in headless Chromium, at desk width (1366 px) and on a
phone (390 px, touch): a case manager takes a new case from the intake to its closing,
refers a client to a service of the network, and asks for a case conference that the
coordination checks, plans and holds. Every screen must fit the width and show no
English text of ours; afterwards the database must hold what the users did.

Driven with Playwright (from PyPI) and the system's Chromium rather than with Odoo tours:
a journey spans several actions, dialogs and users, is written once for both sizes, and
checks each screen from the outside, as a user sees it. Playwright runs in a venv of its
own (.venv-browser), because it needs a newer greenlet than Odoo pins; the server is
Odoo's own test server (HttpCase), so the journeys run in the test's transaction and leave
nothing behind."""

import json
import logging
import os
import resource
import shutil
import subprocess

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

_logger = logging.getLogger(__name__)

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER_PYTHON = os.path.join(
    os.path.dirname(os.path.dirname(HERE)), ".venv-browser", "bin", "python"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOGIN, COORDINATOR, PASSWORD = "kim.cm.caritas", "kim.koordination", "kim-demo"
NOTE = "Erstes Gespräch: Wohnungssuche und Anmeldung besprochen"
GOAL = "Eine eigene Wohnung finden"
# A demo client of LOGIN's in need of care, with consent and releases from confidentiality
# for the city's offices and the Jobcenter.
CLIENT = "Ramazan Kaya"
SERVICE, TOPIC = "Pflegeberatung der Stadt Oberhausen", "Pflege"
REFERRAL = {
    "reason": "Pflegegrad beantragen, Beratung zur häuslichen Pflege",
    "data": "Name, Anschrift, Telefonnummer",
    "feedback": "Termin zur Pflegeberatung am Montag vereinbart",
    "outcome": "Pflegegrad 2 beantragt, ein Pflegedienst kommt zweimal pro Woche",
}
INSTITUTION, PERSON = "Jobcenter Oberhausen", "Sabine Brandt"
CONFERENCE = {
    "facts": "Pflegt die Mutter zu Hause und droht die Arbeitsstelle zu verlieren.",
    "question": "Wie lassen sich Pflege und Arbeit vereinbaren?",
    "location": "Rathaus Oberhausen, Raum 112",
    "results": "Jobcenter prüft Teilzeit, die Pflegeberatung kommt ins Haus.",
}


def _lift_memory_limit():
    # Chromium reserves more address space than Odoo's memory limit allows; Odoo's own
    # test browser is started the same way.
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


class KimJourney(HttpCase):
    """Runs a journey of run_journey.py against the test server and fails on any screen
    with a problem."""

    def setUp(self):
        super().setUp()
        if not (os.path.exists(BROWSER_PYTHON) and CHROMIUM):
            self.skipTest("Chromium or .venv-browser is missing (make test installs both)")
        if not self.env["res.users"].search([("login", "=", LOGIN)]):
            self.skipTest("the database was installed without demo data")

    def _session(self, login):
        # authenticate() ends the session it opened before: each user keeps their own.
        self.session = None
        return self.authenticate(login, PASSWORD).sid

    def _walk(self, journey, size, *args, users=(("case_manager", LOGIN),)):
        sessions = {role: self._session(login) for role, login in users}
        with self.allow_requests():
            # Each user's session, and the key by which the test server lets the browser's
            # requests into the test's transaction.
            cookies = {
                role: [
                    {"name": "session_id", "value": sid},
                    {"name": TEST_CURSOR_COOKIE_NAME, "value": self.http_request_key},
                ]
                for role, sid in sessions.items()
            }
            run = subprocess.run(
                [
                    BROWSER_PYTHON,
                    os.path.join(HERE, "run_journey.py"),
                    self.base_url(),
                    journey,
                    size,
                ],
                input=json.dumps({"sessions": cookies, "args": args}),
                capture_output=True,
                text=True,
                timeout=600,
                preexec_fn=_lift_memory_limit,
                check=False,
            )
        self.assertEqual(run.returncode, 0, run.stderr[-3000:])
        result = json.loads(run.stdout.strip().splitlines()[-1])
        self.assertNotIn("error", result, result)
        self.assertEqual(result["problems"], {}, f"screens at {size} width")
        # How long each screen waited for the server, for the README (not a timed test).
        slowest = sorted(result["waits"].items(), key=lambda item: -item[1])[:3]
        _logger.info("journey %s at %s width, longest waits (ms): %s", journey, size, slowest)
        return result["result"]

    def _client_case(self):
        case = self.env["kim.case"].search(
            [
                ("partner_id.name", "=", CLIENT),
                ("user_id.login", "=", LOGIN),
                ("state", "=", "open"),
            ]
        )
        if not case:
            self.skipTest(f"the demo case of {CLIENT} is missing")
        return case


@tagged("post_install", "-at_install")
class TestCaseJourney(KimJourney):
    def _check(self, size, last_name):
        reference = self._walk("case", size, "Lina", last_name)
        case = self.env["kim.case"].search([("name", "=", reference)])
        self.assertEqual(case.partner_id.name, f"Lina {last_name}")
        self.assertEqual(case.state, "closed")
        self.assertTrue(case.consent_given)
        self.assertEqual(case.contact_ids.note, NOTE)
        self.assertEqual(case.contact_ids.topic_ids.name, "Wohnen")
        self.assertEqual(case.goal_ids.name, GOAL)

    def test_new_case_at_desk(self):
        self._check("desk", "Schreibtisch")

    def test_new_case_on_a_phone(self):
        self._check("phone", "Telefon")


@tagged("post_install", "-at_install")
class TestReferralJourney(KimJourney):
    def _check(self, size):
        case = self._client_case()
        referral_id = self._walk(
            "referral", size, CLIENT, case.client_zip, TOPIC, SERVICE, REFERRAL
        )
        referral = self.env["kim.referral"].browse(referral_id)
        self.assertEqual(referral.case_id, case)
        self.assertEqual(referral.direction, "outgoing")
        self.assertEqual(referral.service_id.name, SERVICE)
        self.assertEqual(referral.state, "done")
        today = fields.Date.context_today(referral)
        self.assertEqual((referral.date_answered, referral.date_closed), (today, today))
        for name, text in REFERRAL.items():
            if name != "data":
                self.assertEqual(referral[name], text)
        # The data passed on is a disclosure to the service's organisation, under the
        # client's release for its recipient category.
        disclosure = referral.disclosure_id
        self.assertEqual(disclosure.case_id, case)
        self.assertEqual(disclosure.content, REFERRAL["data"])
        self.assertEqual(disclosure.recipient_partner_id, referral.service_id.actor_id)
        self.assertEqual(disclosure.category_id, referral.service_id.recipient_category_id)
        self.assertIn(referral, case.referral_ids)

    def test_referral_at_desk(self):
        self._check("desk")

    def test_referral_on_a_phone(self):
        self._check("phone")


@tagged("post_install", "-at_install")
class TestConferenceJourney(KimJourney):
    def _check(self, size):
        case = self._client_case()
        ids = self._walk(
            "conference",
            size,
            CLIENT,
            INSTITUTION,
            PERSON,
            CONFERENCE,
            users=(("case_manager", LOGIN), ("coordinator", COORDINATOR)),
        )
        request = self.env["kim.conference.request"].browse(ids["request"])
        conference = self.env["kim.conference"].browse(ids["conference"])
        self.assertEqual(request.case_id, case)
        self.assertEqual(
            (request.facts, request.question), (CONFERENCE["facts"], CONFERENCE["question"])
        )
        self.assertEqual(request.participant_ids.institution_id.name, INSTITUTION)
        self.assertEqual(request.participant_ids.person, PERSON)
        self.assertEqual(request.checked_by_id.login, COORDINATOR)
        self.assertEqual(request.state, "followed_up")
        # Scheduled: the case has its slot in the conference, which was held.
        self.assertEqual(request.slot_id.conference_id, conference)
        self.assertEqual(request.slot_id.case_id, case)
        self.assertEqual(conference.state, "held")
        self.assertEqual(conference.location, CONFERENCE["location"])
        self.assertTrue(conference.event_id and request.slot_id.event_id)
        # The form went to the Jobcenter as a disclosure of the client's data.
        self.assertIn(
            INSTITUTION,
            case.disclosure_ids.filtered(
                lambda d: d.date == fields.Date.context_today(d)
            ).recipient_partner_id.mapped("name"),
        )
        # The client heard the results in a talk recorded on the case.
        talk = case.contact_ids.filtered(lambda c: c.conference_request_id == request)
        self.assertEqual(talk.conference_purpose, "follow_up")
        self.assertIn(CONFERENCE["results"], talk.note)

    def test_conference_at_desk(self):
        self._check("desk")

    def test_conference_on_a_phone(self):
        self._check("phone")
