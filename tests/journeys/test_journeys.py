"""A case manager walks a new case from the intake to its closing in headless Chromium, at
desk width (1366 px) and on a phone (390 px, touch). Every screen must fit the width and
show no English text of ours.

Driven with Playwright (from PyPI) and the system's Chromium rather than with Odoo tours:
the journey spans several actions and dialogs, is written once for both sizes, and checks
each screen from the outside, as a user sees it. Playwright runs in a venv of its own
(.venv-browser), because it needs a newer greenlet than Odoo pins; the server is Odoo's
own test server (HttpCase), so the journey runs in the test's transaction and leaves
nothing behind."""

import json
import os
import resource
import shutil
import subprocess

from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER_PYTHON = os.path.join(
    os.path.dirname(os.path.dirname(HERE)), ".venv-browser", "bin", "python"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOGIN, PASSWORD = "kim.cm.caritas", "kim-demo"
NOTE = "Erstes Gespräch: Wohnungssuche und Anmeldung besprochen"
GOAL = "Eine eigene Wohnung finden"


def _lift_memory_limit():
    # Chromium reserves more address space than Odoo's memory limit allows; Odoo's own
    # test browser is started the same way.
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


@tagged("post_install", "-at_install")
class TestCaseJourney(HttpCase):
    def setUp(self):
        super().setUp()
        if not (os.path.exists(BROWSER_PYTHON) and CHROMIUM):
            self.skipTest("Chromium or .venv-browser is missing (make test installs both)")
        if not self.env["res.users"].search([("login", "=", LOGIN)]):
            self.skipTest("the database was installed without demo data")

    def _walk(self, size, last_name):
        session = self.authenticate(LOGIN, PASSWORD)
        with self.allow_requests():
            # The login's session, and the key by which the test server lets the browser's
            # requests into the test's transaction.
            cookies = [
                {"name": "session_id", "value": session.sid},
                {"name": TEST_CURSOR_COOKIE_NAME, "value": self.http_request_key},
            ]
            run = subprocess.run(
                [
                    BROWSER_PYTHON,
                    os.path.join(HERE, "run_journey.py"),
                    self.base_url(),
                    size,
                    last_name,
                ],
                input=json.dumps(cookies),
                capture_output=True,
                text=True,
                timeout=600,
                preexec_fn=_lift_memory_limit,
                check=False,
            )
        self.assertEqual(run.returncode, 0, run.stderr[-3000:])
        result = json.loads(run.stdout.strip().splitlines()[-1])
        self.assertNotIn("error", result, result)
        return result

    def _check(self, size, last_name):
        result = self._walk(size, last_name)
        self.assertEqual(result["problems"], {}, f"screens at {size} width")
        case = self.env["kim.case"].search([("name", "=", result["reference"])])
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
