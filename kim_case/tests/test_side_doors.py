import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, MissingError
from odoo.tests import HttpCase, tagged

from .access_matrix import load_matrix
from .common import KimCase

CLIENT = "Nadia Quellborn"
CHILD = "Jonas Quellborn"


class SideDoorsCommon(KimCase):
    """One client with a case at provider A and traces in every channel; one user per
    role. The attacker tests ask every channel whether each role gets to the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.matrix = load_matrix(env)
        cls.client = cls._client(CLIENT, phone="+49 208 5550123", email="nadia@example.org")
        cls.child = cls._client(CHILD)
        cls.household = env["kim.household"].create(
            {
                "name": "Haushalt 17",
                "member_ids": [
                    Command.create({"partner_id": cls.client.id, "role": "head"}),
                    Command.create({"partner_id": cls.child.id, "role": "child"}),
                ],
            }
        )
        cls.case = cls._case(partner_id=cls.client.id, household_id=cls.household.id)
        cls.case.sudo().substitute_ids = cls.substitute_a
        cls._consent(cls.case, ["recipient_jobcenter"])
        cls.disclosure = (
            env["kim.disclosure"]
            .with_user(cls.case_manager_a)
            .create(
                {
                    "case_id": cls.case.id,
                    "category_id": env.ref("kim_case.recipient_jobcenter").id,
                    "recipient_name": "Jobcenter",
                    "content": "Lebenslauf",
                    "purpose": "Vermittlung",
                }
            )
        )
        cls.messages = env["mail.message"]
        cls.attachments = env["ir.attachment"]
        cls.activities = env["mail.activity"]
        for record in (cls.case.sudo(), cls.client):
            cls.messages |= record.message_post(body=f"Vertraulich: {CLIENT}")
            cls.attachments |= env["ir.attachment"].create(
                {
                    "name": f"Bescheid {CLIENT}.pdf",
                    "res_model": record._name,
                    "res_id": record.id,
                    "raw": b"%PDF",
                }
            )
            cls.activities |= record.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=f"{CLIENT} anrufen",
                user_id=cls.case_manager_a.id,
            )
        now = fields.Datetime.now()
        cls.event = env["calendar.event"].create(
            {
                "name": f"Beratung {CLIENT}",
                "start": now,
                "stop": now + timedelta(hours=1),
                "user_id": cls.case_manager_a.id,
                "partner_ids": [Command.set([cls.client.id, cls.case_manager_a.partner_id.id])],
            }
        )
        cls.case_event = env["calendar.event"].create(
            {
                "name": "Hausbesuch",
                "start": now,
                "stop": now + timedelta(hours=1),
                "user_id": cls.case_manager_a.id,
                "partner_ids": [Command.set([cls.case_manager_a.partner_id.id])],
                "res_model_id": env["ir.model"]._get_id("kim.case"),
                "res_id": cls.case.id,
            }
        )
        cls.case.sudo().message_subscribe(partner_ids=cls.client.ids)
        cls.case.with_user(cls.case_manager_a).read(["name"])  # an audit entry
        export = env.ref("base.group_allow_export")
        cls.roles = {
            "case manager A": cls.case_manager_a,
            "substitute": cls.substitute_a,
            "case manager B": cls.case_manager_b,
            "coordinator": cls.coordinator_a,
            "coordinator elsewhere": cls.coordinator_b,
            "Träger admin": cls.traeger_admin_a,
            "other app": cls.internal_user,
        }
        # Exporting is granted deliberately; here everybody may, so the rules decide.
        for user in cls.roles.values():
            user.group_ids += export
        cls.may_see_case = {"case manager A", "substitute", "coordinator"}

    def _allowed(self, role, model):
        """What the access matrix grants the role on the model, narrowed to the case's
        scope: its own case manager, the substitute and the municipality's coordinator."""
        user = self.roles[role]
        rows = [
            row
            for row in self.matrix
            if row.model == model and row.group and row.read and user.has_group(row.group)
        ]
        if not rows:
            return False
        return role in self.may_see_case or any(not row.rules for row in rows)

    def _as(self, user, records):
        """The records as the user's own session would hold them."""
        return self.env[records._name].with_user(user).browse(records.ids)

    def _sees(self, user, record):
        """Whether the user reaches the record by search and by read."""
        record = self._as(user, record)
        found = record.search([("id", "=", record.id)])
        try:
            record.read(["display_name"])
            readable = True
        except (AccessError, MissingError):
            readable = False
        self.assertEqual(bool(found), readable, f"search and read disagree for {record}")
        return readable


@tagged("post_install", "-at_install")
class TestSideDoors(SideDoorsCommon):
    """Every channel answers each role exactly as the access matrix says."""

    def test_case_records_by_search_and_read(self):
        records = {
            "kim.case": self.case,
            "kim.consent": self.case.sudo().consent_ids[:1],
            "kim.disclosure": self.disclosure,
            "kim.household": self.household,
            "kim.audit.log": self.case.sudo().audit_log_ids[:1],
        }
        for model, record in records.items():
            for role, user in self.roles.items():
                with self.subTest(role=role):
                    expected = self._allowed(role, model)
                    if not any(
                        row.model == model and row.group and user.has_group(row.group)
                        for row in self.matrix
                    ):
                        with self.assertRaises(AccessError, msg=f"{role} on {model}"):
                            self.env[model].with_user(user).search([])
                        continue
                    self.assertEqual(self._sees(user, record), expected, f"{role} on {model}")

    def test_client_and_household_member_contact(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                expected = role in self.may_see_case
                self.assertEqual(self._sees(user, self.client), expected)
                self.assertEqual(self._sees(user, self.child), expected)

    def test_name_search(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                found = self.env["res.partner"].with_user(user).name_search(CLIENT)
                self.assertEqual(bool(found), role in self.may_see_case)
                found = self.env["res.partner"].with_user(user).name_search("Quellborn")
                self.assertEqual(len(found), 2 if role in self.may_see_case else 0)

    def test_grouped_read(self):
        domain = [("name", "ilike", "Quellborn")]
        for role, user in self.roles.items():
            with self.subTest(role=role):
                groups = (
                    self.env["res.partner"]
                    .with_user(user)
                    .formatted_read_group(domain, ["is_company"], ["__count"])
                )
                count = sum(group["__count"] for group in groups)
                self.assertEqual(count, 2 if role in self.may_see_case else 0)

    def test_grouped_read_of_cases(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                if not self._allowed(role, "kim.case") and role not in self.may_see_case:
                    try:
                        groups = (
                            self.env["kim.case"]
                            .with_user(user)
                            .formatted_read_group([("id", "=", self.case.id)], [], ["__count"])
                        )
                    except (AccessError, MissingError):
                        continue
                    self.assertEqual(sum(g["__count"] for g in groups), 0)

    def test_export(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                if role in self.may_see_case:
                    rows = self._as(user, self.client).export_data(["name", "phone"])["datas"]
                    self.assertEqual(rows[0][0], CLIENT)
                    continue
                with self.denied():
                    self._as(user, self.client).export_data(["name", "phone"])
                with self.denied():
                    self._as(user, self.case).export_data(["name", "partner_id"])

    def test_messages(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                Message = self.env["mail.message"].with_user(user)
                found = Message.search([("id", "in", self.messages.ids)])
                self.assertEqual(len(found), 2 if role in self.may_see_case else 0)
                found = Message.search([("body", "ilike", CLIENT)])
                if role not in self.may_see_case:
                    self.assertFalse(found)
                    with self.denied():
                        self._as(user, self.messages).read(["body"])

    def test_attachments(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                Attachment = self.env["ir.attachment"].with_user(user)
                found = Attachment.search([("id", "in", self.attachments.ids)])
                self.assertEqual(len(found), 2 if role in self.may_see_case else 0)
                if role not in self.may_see_case:
                    with self.denied():
                        self._as(user, self.attachments).read(["name", "raw"])

    def test_activities(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                found = (
                    self.env["mail.activity"]
                    .with_user(user)
                    .search([("id", "in", self.activities.ids)])
                )
                # Activities follow the right to post on the document (Odoo's
                # _mail_post_access): coordinators read cases but do not work on them.
                expected = {"case manager A": 2, "substitute": 2, "coordinator": 1}
                self.assertEqual(len(found), expected.get(role, 0))

    def test_calendar(self):
        attendees = self.event.attendee_ids | self.case_event.attendee_ids
        for role, user in self.roles.items():
            with self.subTest(role=role):
                organiser = user == self.case_manager_a
                Event = self.env["calendar.event"].with_user(user)
                found = Event.search([("id", "in", (self.event | self.case_event).ids)])
                self.assertEqual(len(found), 2 if organiser else 0)
                client_attendees = (
                    self.env["calendar.attendee"]
                    .with_user(user)
                    .search([("id", "in", attendees.ids), ("partner_id", "=", self.client.id)])
                )
                self.assertEqual(bool(client_attendees), organiser)

    def test_followers(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                found = (
                    self.env["mail.followers"]
                    .with_user(user)
                    .search([("partner_id", "=", self.client.id)])
                )
                self.assertFalse(found, role)

    def test_report_rendering(self):
        Report = self.env["ir.actions.report"]
        for role, user in self.roles.items():
            with self.subTest(role=role):
                if role in ("case manager A", "substitute", "coordinator"):
                    html, _ = Report.with_user(user)._render_qweb_html(
                        "kim_case.report_consent_form", self.case.ids
                    )
                    self.assertIn(CLIENT, html.decode())
                    continue
                with self.denied():
                    Report.with_user(user)._render_qweb_html(
                        "kim_case.report_consent_form", self.case.ids
                    )

    def test_other_contacts_stay_visible(self):
        """Closing the side doors leaves Odoo's other contacts alone."""
        partner = self.env["res.partner"].create({"name": "Stadtwerke"})
        for _role, user in self.roles.items():
            with self.subTest(role=_role):
                self.assertTrue(self._sees(user, partner))
                self.assertTrue(self._sees(user, self.case_manager_b.partner_id))

    def test_case_manager_registers_a_client_before_the_case(self):
        Partner = self.env["res.partner"].with_user(self.case_manager_b)
        new = Partner.create({"name": "Neu Registriert", "kim_is_client": True})
        self.assertTrue(self._sees(self.case_manager_b, new))
        self.assertFalse(self._sees(self.internal_user, new))


@tagged("post_install", "-at_install")
class TestSideDoorsRpc(SideDoorsCommon, HttpCase):
    """The same answers over JSON-RPC, as a browser or a script would ask."""

    def _call(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_json_rpc(self):
        for role, user in self.roles.items():
            with self.subTest(role=role):
                self.authenticate(user.login, user.login)
                allowed = role in self.may_see_case
                result = self._call(
                    "res.partner",
                    "web_search_read",
                    [[("name", "ilike", "Quellborn")], {"name": {}, "phone": {}}],
                )
                self.assertEqual(result["result"]["length"], 2 if allowed else 0, role)
                result = self._call("res.partner", "read", [self.client.ids, ["name", "email"]])
                self.assertEqual("error" not in result, allowed, role)
                if not allowed:
                    self.assertNotIn(CLIENT, json.dumps(result))
                result = self._call("kim.case", "read", [self.case.ids, ["partner_id"]])
                self.assertEqual("error" not in result, allowed, role)
                result = self._call(
                    "mail.message", "search_read", [[("id", "in", self.messages.ids)], ["body"]]
                )
                self.assertEqual(len(result.get("result", [])), 2 if allowed else 0, role)
