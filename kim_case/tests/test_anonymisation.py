from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models import kim_data_protection
from ..models.kim_data_protection import (
    CLEARED,
    CLEARED_EVERYWHERE,
    CONTENT_TYPES,
    kept_fields,
)
from .common import KimCase

NAME = "Zeynep Quirinwald"
BIRTHDATE = "1987-05-14"
PHONE = "+49 208 5550199"
EMAIL = "zeynep.quirinwald@example.org"
CHILD = "Elif Quirinwald"
# Found by no identifier of the client: only the structure of the data can remove it.
MARKER = "Zaunkoenig-7Q4X"
# Every way the client's data was seen to survive a withdrawal, and the marker.
NEEDLES = [
    NAME,
    "Quirinwald",
    PHONE,
    "5550199",
    EMAIL,
    "Quirinweg",
    BIRTHDATE,
    "14.05.1987",
    MARKER,
]


def text_columns(cr):
    """Every text-like column of every table in the database."""
    cr.execute(
        """
        SELECT c.table_name, c.column_name
          FROM information_schema.columns c
          JOIN information_schema.tables t
            ON t.table_name = c.table_name AND t.table_schema = c.table_schema
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.data_type IN ('character varying', 'text', 'jsonb', 'character')
        """
    )
    return cr.fetchall()


@tagged("post_install", "-at_install")
class TestAnonymisation(KimCase):
    """Withdrawal deletes at once, retention deletes after the period (seed 003 §7.2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.syria = cls.env.ref("base.sy")

    def setUp(self):
        super().setUp()
        self.client = self._client(
            NAME,
            kim_birthdate=BIRTHDATE,
            kim_gender="w",
            kim_nationality_ids=[Command.set(self.syria.ids)],
            phone=PHONE,
            email=EMAIL,
            street="Quirinweg 7",
            zip="46045",
            city="Oberhausen",
        )
        self.child = self._client(CHILD, kim_birthdate="2015-02-01")
        self.household = self.env["kim.household"].create(
            {
                "name": f"Familie {NAME}",
                "member_ids": [
                    Command.create({"partner_id": self.client.id, "role": "head"}),
                    Command.create({"partner_id": self.child.id, "role": "child"}),
                ],
            }
        )
        self.case = self._case(
            partner_id=self.client.id,
            household_id=self.household.id,
            target_group="zg2",
            motto_goal=f"{NAME} will arbeiten",
            health_limitations=f"Rückenleiden von {NAME}",
            religion="Alevitisch",
            residence_status="duldung",
            residence_title=f"§ 60a AufenthG {MARKER}",
            residence_issued="2023-01-10",
            residence_valid_until="2026-01-09",
            special_protection=True,
            special_protection_note="Traumatisiert",
            addiction=True,
            care_need=True,
            care_grade="2",
            care_grade_state="granted",
            doctors="Dr. Hausarzt",
            has_medical_record=True,
            has_vaccination_card=True,
            note_internal=f"<p>{MARKER}</p>",
        )
        self.consent = self._consent(self.case, ["recipient_jobcenter"]).filtered(
            lambda c: c.kind == "processing"
        )
        self.assertEqual(self.consent.child_ids, self.child, "the household's minor child")
        self._fill(self.case)

    def _fill(self, case):
        """Traces in every channel: contacts, goals, messages, attachments, activities,
        events, disclosures, followers."""
        env = self.env
        cm = self.case_manager_a
        env["kim.case.contact"].with_user(cm).create(
            [
                {"case_id": case.id, "duration": 30, "note": f"Gespräch mit {NAME}, Tel. {PHONE}"}
                for _ in range(3)
            ]
        )
        goal = (
            env["kim.case.goal"]
            .with_user(cm)
            .create(
                {
                    "case_id": case.id,
                    "name": f"{NAME} findet Arbeit",
                    "life_domain_id": env.ref("kim_case.life_domain_work").id,
                    "review_note": f"{NAME} ist motiviert",
                    "review_date": self.today + timedelta(days=30),
                }
            )
        )
        env["kim.case.measure"].with_user(cm).create(
            {"goal_id": goal.id, "name": f"Bewerbung {NAME}", "provider_name": "Frau Meier"}
        )
        env["kim.disclosure"].with_user(cm).create(
            {
                "case_id": case.id,
                "category_id": env.ref("kim_case.recipient_jobcenter").id,
                "recipient_name": "Jobcenter",
                "content": f"Lebenslauf von {NAME}",
                "purpose": "Vermittlung",
            }
        )
        case.with_user(cm).message_post(body=f"Notiz zu {NAME}, {EMAIL}")
        self.client.message_post(body=f"Anruf von {NAME}")
        case.with_user(cm).write({"client_phone": "+49 208 5550100"})
        case.with_user(cm).write({"client_phone": PHONE})
        for record in (case, self.client):
            env["ir.attachment"].create(
                {
                    "name": f"Pass {NAME}.pdf",
                    "res_model": record._name,
                    "res_id": record.id,
                    "raw": f"Reisepass {NAME} {BIRTHDATE}".encode(),
                }
            )
        case.with_user(cm).activity_schedule(
            "mail.mail_activity_data_todo", summary=f"{NAME} anrufen", note=EMAIL
        )
        env["calendar.event"].create(
            {
                "name": f"Beratung {NAME}",
                "start": fields.Datetime.now(),
                "stop": fields.Datetime.now() + timedelta(hours=1),
                "user_id": cm.id,
                "partner_ids": [Command.set([self.client.id, cm.partner_id.id])],
                "res_model_id": env["ir.model"]._get_id("kim.case"),
                "res_id": case.id,
            }
        )
        self.conference = env["calendar.event"].create(
            {
                "name": f"Fallkonferenz {NAME}",
                "description": "Mit Jobcenter",
                "start": fields.Datetime.now(),
                "stop": fields.Datetime.now() + timedelta(hours=1),
                "partner_ids": [
                    Command.set(
                        [self.client.id, cm.partner_id.id, self.coordinator_a.partner_id.id]
                    )
                ],
            }
        )
        case.message_subscribe(partner_ids=self.client.ids)
        self._fill_side_doors()

    def _fill_side_doors(self):
        """Traces outside the client's own records, as they were found after a withdrawal:
        a shared appointment with a note, the invitations Odoo sent for it and a tracked
        change, a queued mail naming the client, a colleague's message, another client's
        counselling note."""
        env = self.env
        cm = self.case_manager_a
        start = fields.Datetime.now() + timedelta(days=7)
        # Created as Odoo's calendar does: invitations go to every attendee.
        self.appointment = env["calendar.event"].create(
            {
                "name": "Fallkonferenz Frau Quirinwald",
                "description": f"<p>{MARKER}: Rückfrage bei der Ausländerbehörde</p>",
                "location": f"Hausbesuch Quirinweg 7, {MARKER}",
                "start": start,
                "stop": start + timedelta(hours=1),
                "user_id": cm.id,
                "partner_ids": [
                    Command.set(
                        [self.client.id, cm.partner_id.id, self.coordinator_a.partner_id.id]
                    )
                ],
            }
        )
        # Tracking values are written when a transaction commits, and only for records
        # of an earlier one.
        env.flush_all()
        env.cr.precommit.run()
        self.appointment.write({"location": "Raum 3"})
        env.flush_all()
        env.cr.precommit.run()
        self.queued_mail = env["mail.mail"].create(
            {
                "subject": f"Einladung zur Fallkonferenz {NAME}",
                "body_html": f"<p>Frau Quirinwald kommt mit Dolmetscherin. {MARKER}</p>",
                "email_to": "kollegin@example.org",
                "state": "outgoing",
            }
        )
        self.mail_to_client = env["mail.mail"].create(
            {
                "subject": "Ihr Termin",
                "body_html": f"<p>{MARKER}</p>",
                "recipient_ids": [Command.set(self.client.ids)],
                "state": "outgoing",
            }
        )
        self.colleague_note = self.coordinator_a.partner_id.message_post(
            body=f"Rückruf wegen Frau Quirinwald unter {PHONE}, geb. 14.05.1987"
        )
        # A contact filed under the client (as before nothing could be filed under a
        # client), a supporter, and a notification on its way to a colleague's browser.
        self.private_address = env["res.partner"].create(
            {
                "name": f"{NAME} (privat)",
                "type": "other",
                "street": "Quirinweg 9",
                "email": "zq@privat.example.org",
            }
        )
        env.flush_all()
        env.cr.execute(
            "UPDATE res_partner SET parent_id = %s WHERE id = %s",
            (self.client.id, self.private_address.id),
        )
        self.private_address.invalidate_recordset(["parent_id"])
        self.client.invalidate_recordset(["child_ids"])
        self.private_address.modified(["parent_id"])  # its complete name and the like
        env.flush_all()
        self.supporter = env["kim.client.supporter"].create(
            {"client_id": self.client.id, "kind": "sponsor", "name": "Patin", "phone": PHONE}
        )
        env["bus.bus"]._sendone(
            cm.partner_id, "kim.test/client", {"name": NAME, "email": EMAIL, "note": MARKER}
        )
        env.flush_all()
        env.cr.precommit.run()
        self.other_case = self._case(partner_id=self._client("Amal Haddad").id)
        self.other_contact = env["kim.case.contact"].create(
            {
                "case_id": self.other_case.id,
                "duration": 30,
                "note": f"Nachbarin {NAME} ({BIRTHDATE}) hat übersetzt.",
            }
        )

    def _leaks(self, needles):
        self.env.flush_all()
        cr = self.env.cr
        found = []
        for table, column in text_columns(cr):
            for needle in needles:
                cr.execute(
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',
                    (f"%{needle}%",),
                )
                if cr.fetchone()[0]:
                    found.append(f"{table}.{column}: {needle}")
        return found

    def _placeholder(self):
        """The word that replaces personal data, in the provider's language."""
        return self.env["kim.data.protection"].with_user(self.case_manager_a)._placeholder()

    def _withdraw(self):
        wizard = (
            self.env["kim.consent.withdraw"]
            .with_user(self.case_manager_a)
            .create(
                {
                    "consent_id": self.consent.id,
                    "date_withdrawn": self.today,
                    "confirm_anonymise": True,
                }
            )
        )
        wizard.action_withdraw()

    def test_the_traces_exist_before(self):
        """The leak check finds the client's data before the withdrawal, in every place the
        withdrawal has to sweep."""
        leaks = self._leaks(NEEDLES)
        for table in (
            "res_partner",
            "mail_message",
            "kim_case_contact",
            "mail_mail",
            "mail_tracking_value",
            "calendar_event",
            "calendar_attendee",
            "ir_attachment",
            "bus_bus",
        ):
            with self.subTest(table=table):
                self.assertTrue(any(leak.startswith(f"{table}.") for leak in leaks), leaks)
        for needle in NEEDLES:
            with self.subTest(needle=needle):
                self.assertTrue(any(leak.endswith(f": {needle}") for leak in leaks), needle)
        invitations = self.env["mail.mail"].search([("recipient_ids", "in", self.client.ids)])
        self.assertTrue(invitations - self.mail_to_client, "Odoo invited the client")
        self.assertTrue(self.case.residence_status)

    def test_withdrawal_leaves_no_personal_data_in_any_text_column(self):
        """Every text, varchar and jsonb column of every table: mail queues, notifications,
        tracking values, appointments and their attendees, attachments included."""
        self._withdraw()
        self.assertEqual(self._leaks(NEEDLES), [])
        self.env.cr.execute(
            "SELECT count(*) FROM res_partner WHERE kim_birthdate IS NOT NULL AND id IN %s",
            ((self.client.id, self.child.id),),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

    def test_many_identifiers_are_found_alike(self):
        """A retention batch looks for many identifiers at once, by another query: it
        finds the same traces."""
        with patch.object(kim_data_protection, "FEW_KEYS", 0):
            self._withdraw()
        self.assertEqual(self._leaks(NEEDLES), [])

    def test_withdrawal_clears_the_special_categories(self):
        """Residence status, religion and health (Art. 9 GDPR) do not survive, whatever
        their type; nor does any other field marked as a special category."""
        self._withdraw()
        case = self.case.sudo()
        cleared = {
            name for name, field in case._fields.items() if getattr(field, "kim_special", False)
        } | set(CLEARED["kim.case"])
        self.assertIn("residence_status", cleared)
        for name in sorted(cleared):
            with self.subTest(field=name):
                self.assertFalse(case[name])
        self.env.cr.execute(
            """SELECT residence_status, residence_title, residence_issued, religion,
                      health_limitations, care_grade, special_protection
                 FROM kim_case WHERE id = %s""",
            (case.id,),
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None, None, None, None, None, False))

    def test_withdrawal_sweeps_mail_queues_and_shared_appointments(self):
        self._withdraw()
        env = self.env
        self.assertFalse(self.queued_mail.exists(), "a queued mail naming the client")
        self.assertFalse(self.mail_to_client.exists(), "a mail to the client")
        self.assertFalse(env["mail.mail"].search([("recipient_ids", "in", self.client.ids)]))
        self.assertFalse(
            env["mail.notification"].search([("res_partner_id", "in", self.client.ids)])
        )
        self.assertFalse(env["calendar.attendee"].search([("partner_id", "=", self.client.id)]))
        self.assertFalse(self.supporter.exists())
        self.assertTrue(self.private_address.kim_is_anonymised, "a contact filed under the client")
        self.assertFalse(self.private_address.parent_id)
        appointment = self.appointment.sudo()
        self.assertTrue(appointment.exists(), "the colleagues keep their appointment")
        self.assertNotIn(self.client, appointment.partner_ids)
        self.assertIn(self.coordinator_a.partner_id, appointment.partner_ids)
        self.assertFalse(appointment.description, "the note goes with the client")
        placeholder = self._placeholder()
        self.assertEqual(appointment.name, f"Fallkonferenz Frau {placeholder}")
        self.assertFalse(
            appointment.message_ids.filtered(lambda m: m.message_type != "comment"),
            "invitations, updates and tracking quoted the note",
        )
        # A colleague's message and another client's note stay, without the client.
        self.assertIn(placeholder, self.colleague_note.body)
        self.assertNotIn("Quirinwald", self.colleague_note.body)
        self.assertEqual(
            self.other_contact.note, f"Nachbarin {placeholder} ({placeholder}) hat übersetzt."
        )
        self.assertEqual(appointment.location, "Raum 3")

    def test_withdrawal_spares_what_identifies_others(self):
        """An identifier that a remaining contact shares (a first name here) stays, and so
        do the words of a remark that a contact's name carries in brackets."""
        namesake = self._client("Zeynep Yilmaz", kim_landlord="Hausverwaltung (privat)")
        note = self.env["kim.case.contact"].create(
            {
                "case_id": self._case(partner_id=namesake.id).id,
                "duration": 30,
                "note": f"Zeynep Yilmaz kam mit {NAME}.",
            }
        )
        self._withdraw()
        self.assertEqual(namesake.name, "Zeynep Yilmaz")
        self.assertEqual(namesake.kim_landlord, "Hausverwaltung (privat)")
        self.assertEqual(note.note, f"Zeynep Yilmaz kam mit {self._placeholder()}.")

    def test_every_fact_that_stays_is_listed(self):
        """Each stored field of the anonymised records is a fact listed in KEPT, a field
        that is cleared (CLEARED, marked ``kim_special``), a text, file or JSON field (which
        goes), or derived by a computation: a field added later must be classified, or
        the test fails, so that the README's list of kept facts stays complete."""
        protection = self.env["kim.data.protection"]
        models = ["kim.case", "kim.household", "res.partner"]
        models += [name for name in protection._owned_models() if not self.env[name]._transient]
        for model_name in models:
            model = self.env[model_name]
            kept = kept_fields(model)
            cleared = set(CLEARED.get(model_name, ())) | set(CLEARED_EVERYWHERE)
            for name, field in model._fields.items():
                if model_name == "res.partner" and not name.startswith("kim_"):
                    continue
                if name in ("id", "create_uid", "create_date", "write_uid", "write_date"):
                    continue
                if not field.store or field.related or field.type == "one2many":
                    continue
                if field.compute and field.readonly:
                    continue
                special = getattr(field, "kim_special", False) or name in cleared
                with self.subTest(model=model_name, field=name):
                    self.assertFalse(special and name in kept, "kept and cleared at once")
                    if field.type not in CONTENT_TYPES and not special:
                        self.assertIn(name, kept, "classify it in KEPT or CLEARED")
            with self.subTest(model=model_name):
                self.assertFalse(kept - set(model._fields), "KEPT names no such field")

    def test_withdrawal_keeps_the_statistics(self):
        self._withdraw()
        case = self.case.sudo()
        self.assertTrue(case.is_anonymised)
        self.assertEqual(case.anonymised_reason, "withdrawal")
        self.assertEqual(case.target_group, "zg2")
        self.assertEqual(case.contact_count, 3)
        self.assertEqual(len(case.goal_ids), 1)
        self.assertEqual(len(case.disclosure_ids), 1)
        client = case.partner_id
        self.assertEqual(client.kim_gender, "w")
        self.assertEqual(client.kim_nationality_ids, self.syria)
        self.assertEqual((client.kim_birth_year, client.kim_birth_quarter), (1987, "2"))
        self.assertEqual(len(self.household.member_ids), 2)
        counted = (
            self.env["kim.case"]
            .sudo()
            .search_count(
                [("id", "=", case.id), ("target_group", "=", "zg2"), ("date_open", "!=", False)]
            )
        )
        self.assertEqual(counted, 1)

    def test_withdrawal_removes_every_trace(self):
        self._withdraw()
        env = self.env
        for model, records in (("kim.case", self.case), ("res.partner", self.client)):
            domain = [("res_model", "=", model), ("res_id", "in", records.ids)]
            self.assertFalse(env["ir.attachment"].sudo().search(domain), model)
            self.assertFalse(env["mail.activity"].sudo().search(domain), model)
        messages = (
            env["mail.message"]
            .sudo()
            .search([("model", "=", "kim.case"), ("res_id", "=", self.case.id)])
        )
        self.assertEqual(len(messages), 1, "only the note of the anonymisation stays")
        self.assertFalse(messages.tracking_value_ids)
        self.assertFalse(env["calendar.event"].sudo().search([("res_id", "=", self.case.id)]))
        self.assertTrue(self.conference.exists())
        self.assertNotIn(self.client, self.conference.partner_ids)
        self.assertFalse(self.case.message_partner_ids & self.client)
        self.assertEqual(self.consent.state, "withdrawn")
        self.assertFalse(self.consent.scan)
        entries = self.case.sudo().audit_log_ids.mapped("action")
        self.assertIn("withdraw", entries)
        self.assertIn("anonymise", entries)

    def test_withdrawal_covers_the_clients_cases_at_other_providers(self):
        other = self._case(user=self.case_manager_b, partner_id=self.client.id)
        other.with_user(self.case_manager_b).message_post(body=f"Erstgespräch {NAME}")
        self._withdraw()
        self.assertTrue(other.sudo().is_anonymised)
        self.assertEqual(self._leaks([NAME]), [])

    def test_a_household_member_with_own_case_is_spared(self):
        spouse = self._client("Kemal Quirinbach", kim_birthdate="1985-01-01")
        self.household.member_ids = [Command.create({"partner_id": spouse.id, "role": "partner"})]
        self._case(user=self.case_manager_b, partner_id=spouse.id, household_id=self.household.id)
        self._withdraw()
        self.assertEqual(spouse.name, "Kemal Quirinbach")
        household = self.household.sudo()
        self.assertTrue(household.exists())
        self.assertIn(spouse, household.member_ids.partner_id)
        self.assertEqual(household.name, f"Familie {self._placeholder()}", "it was the client's")

    # Retention ------------------------------------------------------------------------------------

    def _close(self, case, days_ago):
        case.sudo().write(
            {
                "state": "closed",
                "date_open": self.today - timedelta(days=days_ago + 100),
                "date_closed": self.today - timedelta(days=days_ago),
                "closing_reason": "goals_reached",
            }
        )

    def test_retention_anonymises_closed_cases_after_the_period(self):
        self._close(self.case, 2 * 365 + 2)
        self.assertEqual(self.env["kim.case"]._cron_retention(), 1)
        self.assertTrue(self.case.is_anonymised)
        self.assertEqual(self.case.anonymised_reason, "retention")
        self.assertEqual(self._leaks([NAME, PHONE, EMAIL]), [])

    def test_retention_period_is_configurable_per_municipality(self):
        self._close(self.case, 400)
        self.assertFalse(self.env["kim.case"]._kim_retention_due())
        self.city_a.retention_years = 1
        self.assertEqual(self.env["kim.case"]._kim_retention_due(), self.case)

    def test_retention_spares_held_and_recent_cases(self):
        self._close(self.case, 3 * 365)
        with self.refused("Grund"):
            self.case.with_context(lang="de_DE").retention_hold = True
        self.case.write({"retention_hold": True, "retention_hold_reason": "Klageverfahren"})
        recent = self._case(partner_id=self._client("Neu").id)
        self._close(recent, 30)
        self.assertEqual(self.env["kim.case"]._cron_retention(), 0)
        self.assertFalse(self.case.is_anonymised)
        self.assertEqual(self.client.name, NAME)

    def test_retention_keeps_the_person_of_a_still_open_case(self):
        self._close(self.case, 3 * 365)
        self._case(user=self.case_manager_b, partner_id=self.client.id)
        self.env["kim.case"]._cron_retention()
        self.assertTrue(self.case.is_anonymised)
        self.assertEqual(self.client.name, NAME)
        self.assertFalse(self.case.sudo().contact_ids.filtered("note"))

    # Audit log ------------------------------------------------------------------------------------

    def test_opening_a_case_is_logged(self):
        self.case.with_user(self.coordinator_a).web_read({"name": {}, "partner_id": {}})
        reads = self.case.sudo().audit_log_ids.filtered(
            lambda e: e.action == "read" and e.user_id == self.coordinator_a
        )
        self.assertEqual(len(reads), 1)
        self.assertEqual(reads.case_ref, self.case.name)

    def test_changes_and_exports_are_logged(self):
        # Exporting is a right of its own that an administrator grants deliberately.
        self.case_manager_a.group_ids += self.env.ref("base.group_allow_export")
        self.case.with_user(self.case_manager_a).write({"motto_goal": "Neues Ziel"})
        self.case.with_user(self.case_manager_a).export_data(["name", "motto_goal"])
        log = self.case.sudo().audit_log_ids
        self.assertIn("motto_goal", log.filtered(lambda e: e.action == "write").mapped("detail"))
        self.assertEqual(log.filtered(lambda e: e.action == "export").detail, "name, motto_goal")

    def test_audit_log_is_append_only_for_everybody(self):
        entry = self.case.sudo().audit_log_ids[:1]
        admin = self.env.ref("base.user_admin")
        for user in (self.case_manager_a, self.traeger_admin_a, self.coordinator_a, admin):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    entry.with_user(user).write({"detail": "gefälscht"})
                with self.assertRaises(AccessError):
                    entry.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["kim.audit.log"].with_user(user).with_context(
                        kim_audit_append=True
                    ).create({"case_ref": "X", "action": "read", "date": fields.Datetime.now()})
        with self.assertRaises(AccessError):
            entry.sudo().write({"detail": "gefälscht"})
        with self.assertRaises(AccessError):
            entry.sudo().unlink()
        self.assertNotEqual(entry.detail, "gefälscht")

    def test_audit_log_is_visible_to_its_case_manager_and_coordinator_only(self):
        Log = self.env["kim.audit.log"]
        domain = [("case_id", "=", self.case.id)]
        self.assertTrue(Log.with_user(self.case_manager_a).search(domain))
        self.assertTrue(Log.with_user(self.coordinator_a).search(domain))
        self.assertFalse(Log.with_user(self.case_manager_b).search(domain))
        self.assertFalse(Log.with_user(self.coordinator_b).search(domain))
        for user in (self.traeger_admin_a, self.internal_user):
            with self.assertRaises(AccessError):
                Log.with_user(user).search(domain)

    def test_audit_log_has_its_own_retention(self):
        entry = self.case.sudo().audit_log_ids[:1]
        self.env.cr.execute(
            "UPDATE kim_audit_log SET date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=4 * 365), entry.id),
        )
        self.env["kim.case"]._cron_retention()
        self.assertFalse(entry.exists())
        self.assertTrue(self.case.sudo().audit_log_ids)
