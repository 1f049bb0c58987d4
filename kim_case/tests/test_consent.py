from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KimCase


@tagged("post_install", "-at_install")
class TestConsent(KimCase):
    """Consent before processing, a waiver before every disclosure (seed 003 §7.2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.jobcenter = cls.env.ref("kim_case.recipient_jobcenter")
        cls.landlords = cls.env.ref("kim_case.recipient_landlords")

    def setUp(self):
        super().setUp()
        self.case = self._case()
        self.cm_case = self.case.with_user(self.case_manager_a).with_context(lang="de_DE")

    def _disclose(self, category=None, date=None, case=None, user=None):
        return (
            self.env["kim.disclosure"]
            .with_user(user or self.case_manager_a)
            .with_context(lang="de_DE")
            .create(
                {
                    "case_id": (case or self.case).id,
                    "category_id": (category or self.jobcenter).id,
                    "date": date or self.today,
                    "recipient_name": "Jobcenter Oberhausen, Arbeitsvermittlung",
                    "content": "Stand der Anerkennung",
                    "purpose": "Förderung abstimmen",
                }
            )
        )

    def _waiver(self, category):
        return self.case.consent_ids.filtered(lambda c: c.category_id == category)

    # Who reads consents ------------------------------------------------------------------------

    def test_whoever_reads_a_case_reads_all_its_consents_and_no_other(self):
        # A case shows the waivers of all its consents (waiver_category_ids, computed
        # without asking the consents' rules again): the consents' rules must stay the
        # cases' rules, for every role.
        self._consent(self.case, ["recipient_jobcenter"])
        foreign = self._case(self.case_manager_b, municipality=self.city_b)
        self._consent(foreign, ["recipient_landlords"])
        users = (
            *(self.case_manager_a, self.substitute_a, self.case_manager_b, self.traeger_admin_a),
            *(self.coordinator_a, self.coordinator_b, self.coordinator_district),
        )
        for user in users:
            with self.subTest(user=user.login):
                Case = self.env["kim.case"].with_user(user)
                cases = Case.search([]) if Case.has_access("read") else Case.browse()
                Consent = self.env["kim.consent"].with_user(user)
                consents = Consent.search([]) if Consent.has_access("read") else Consent.browse()
                self.assertEqual(consents.sudo(), cases.sudo().consent_ids)
        self.assertEqual(
            self.case.with_user(self.case_manager_a).waiver_category_ids, self.jobcenter
        )

    # Consent and the intake gate ---------------------------------------------------------------

    def test_nine_recipient_categories_ship(self):
        self.assertEqual(self.env["kim.recipient.category"].search_count([]), 9)

    def test_case_cannot_leave_intake_without_consent(self):
        self.cm_case.conclusion = "admitted"
        with self.refused("Einwilligung zur Datenverarbeitung", UserError):
            self.cm_case.stage_id = self.stage("assessment")
        self.assertEqual(self.case.stage_id, self.stage("erstberatung"))
        self.assertEqual(self.case.consent_state, "missing")

    def test_given_consent_opens_the_gate(self):
        self._consent(self.case)
        self.assertTrue(self.case.consent_given)
        self.cm_case.conclusion = "admitted"
        self.cm_case.stage_id = self.stage("assessment")
        self.assertEqual(self.case.stage_id, self.stage("assessment"))

    def test_a_draft_consent_does_not_open_the_gate(self):
        self.env["kim.consent"].with_user(self.case_manager_a).create(
            {"case_id": self.case.id, "kind": "processing", "date_signed": self.today}
        )
        self.assertEqual(self.case.consent_state, "draft")
        self.cm_case.conclusion = "admitted"
        with self.assertRaises(UserError):
            self.cm_case.stage_id = self.stage("assessment")

    def test_withdrawn_waiver_stays_out_of_the_consent_state(self):
        self._consent(self.case, ["recipient_jobcenter"])
        self.assertEqual(self.case.consent_state, "given")
        self.assertEqual(self.case.waiver_category_ids, self.jobcenter)

    def test_recording_creates_one_waiver_per_category(self):
        consents = self._consent(self.case, ["recipient_jobcenter", "recipient_landlords"])
        self.assertEqual(len(consents), 3)
        self.assertEqual(set(consents.mapped("state")), {"given"})
        processing = consents.filtered(lambda c: c.kind == "processing")
        self.assertTrue(processing.info_sheet_handed)
        self.assertEqual(processing.info_sheet_date, self.today)
        self.assertEqual(processing.taken_by_id, self.case_manager_a)
        self.assertIn("consent", self.case.sudo().audit_log_ids.mapped("action"))

    # The recording wizard: consent is an active choice (Art. 7 GDPR) -------------------------

    def _wizard_form(self):
        return Form(
            self.env["kim.consent.record"]
            .with_user(self.case_manager_a)
            .with_context(lang="de_DE", default_case_id=self.case.id)
        )

    def _form_categories(self):
        return self.env["kim.recipient.category"].search([])

    def test_wizard_opens_with_nothing_ticked(self):
        wizard = self._wizard_form()
        self.assertFalse(wizard.processing)
        self.assertFalse(wizard.info_sheet_handed)
        self.assertFalse(wizard.category_ids)
        self.assertFalse(wizard.full_form)
        # Created straight away, as a script would, the wizard holds nothing either.
        record = (
            self.env["kim.consent.record"]
            .with_user(self.case_manager_a)
            .create({"case_id": self.case.id})
        )
        self.assertFalse(record.processing or record.info_sheet_handed or record.category_ids)

    def test_nothing_ticked_records_nothing(self):
        wizard = self._wizard_form().save()
        with self.refused("mindestens"):
            wizard.action_record()
        self.assertFalse(self.case.consent_ids)
        self.assertEqual(self.case.consent_state, "missing")

    def test_full_form_ticks_every_category_of_the_form(self):
        wizard = self._wizard_form()
        wizard.full_form = True
        self.assertTrue(wizard.processing)
        self.assertEqual(wizard.category_ids[:], self._form_categories())
        self.assertFalse(wizard.info_sheet_handed, "the sheet is handed over only on request")
        wizard.info_sheet_handed = True
        wizard.save().action_record()
        self.assertEqual(len(self.case.consent_ids), 1 + len(self._form_categories()))
        self.assertEqual(set(self.case.consent_ids.mapped("state")), {"given"})
        self.assertEqual(self.case.waiver_category_ids, self._form_categories())

    def test_struck_out_category_stays_unticked(self):
        wizard = self._wizard_form()
        wizard.full_form = True
        wizard.category_ids.remove(id=self.landlords.id)
        # The form is no longer signed in full, and unticking one box changes nothing else.
        self.assertFalse(wizard.full_form)
        self.assertTrue(wizard.processing)
        self.assertEqual(wizard.category_ids[:], self._form_categories() - self.landlords)
        wizard.save().action_record()
        self.assertNotIn(self.landlords, self.case.waiver_category_ids)
        self.assertIn(self.jobcenter, self.case.waiver_category_ids)
        self.assertFalse(self._waiver(self.landlords))

    def test_unticking_the_full_form_unticks_what_it_ticked(self):
        wizard = self._wizard_form()
        wizard.full_form = True
        wizard.full_form = False
        self.assertFalse(wizard.processing)
        self.assertFalse(wizard.category_ids)

    def test_single_categories_are_ticked_one_by_one(self):
        wizard = self._wizard_form()
        wizard.processing = True
        wizard.category_ids.add(self.jobcenter)
        self.assertFalse(wizard.full_form)
        wizard.save().action_record()
        self.assertEqual(self.case.waiver_category_ids, self.jobcenter)
        processing = self.case.consent_ids.filtered(lambda c: c.kind == "processing")
        self.assertFalse(processing.info_sheet_handed)
        self.assertFalse(processing.info_sheet_date)

    def test_history_is_kept_in_the_chatter(self):
        consent = self._consent(self.case)
        self.env.cr.precommit.run()  # as if recorded in an earlier request
        consent.with_user(self.case_manager_a).valid_until = self.today + timedelta(days=365)
        self.env.cr.precommit.run()  # tracking is written when the transaction commits
        tracked = consent.sudo().message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("valid_until", tracked)

    def test_second_given_consent_is_refused(self):
        self._consent(self.case)
        draft = (
            self.env["kim.consent"]
            .with_user(self.case_manager_a)
            .with_context(lang="de_DE")
            .create({"case_id": self.case.id, "kind": "processing", "date_signed": self.today})
        )
        with self.refused("bereits"):
            draft.action_give()

    def test_given_declaration_is_not_deleted(self):
        consent = self._consent(self.case)
        with self.refused("widerrufen", UserError):
            consent.with_user(self.case_manager_a).with_context(lang="de_DE").unlink()

    def test_signature_in_future_is_refused(self):
        with self.refused("Zukunft"):
            self._consent(self.case, date_signed=self.today + timedelta(days=1))
        self.assertFalse(self.case.consent_ids)

    def test_expiry_run_lapses_declarations(self):
        consent = self._consent(self.case, date_signed=self.today - timedelta(days=30))
        consent.valid_until = self.today - timedelta(days=1)
        self.env["kim.consent"]._cron_expire()
        self.assertEqual(consent.state, "expired")
        self.assertFalse(self.case.consent_given)

    # Withdrawal ---------------------------------------------------------------------------------

    def _withdraw(self, consent, date, confirm=True):
        wizard = (
            self.env["kim.consent.withdraw"]
            .with_user(self.case_manager_a)
            .with_context(lang="de_DE")
            .create(
                {"consent_id": consent.id, "date_withdrawn": date, "confirm_anonymise": confirm}
            )
        )
        return wizard.action_withdraw()

    def test_withdrawal_dated_before_the_signature_is_refused(self):
        self._consent(self.case, ["recipient_jobcenter"], date_signed=self.today - timedelta(10))
        waiver = self._waiver(self.jobcenter)
        with self.refused("vor dem Tag"):
            self._withdraw(waiver, self.today - timedelta(days=11))
        self.assertEqual(waiver.state, "given")

    def test_withdrawn_waiver_blocks_further_disclosures(self):
        self._consent(self.case, ["recipient_jobcenter"], date_signed=self.today - timedelta(10))
        earlier = self._disclose(date=self.today - timedelta(days=5))
        self._withdraw(self._waiver(self.jobcenter), self.today - timedelta(days=2))
        with self.refused("Schweigepflicht"):
            self._disclose()
        # What was disclosed before the withdrawal stays covered and on record.
        self.assertEqual(earlier.waiver_id, self._waiver(self.jobcenter))
        self.assertEqual(self.case.consent_state, "given")

    def test_withdrawal_cannot_cut_off_a_covered_disclosure(self):
        self._consent(self.case, ["recipient_jobcenter"], date_signed=self.today - timedelta(10))
        self._disclose(date=self.today - timedelta(days=3))
        with self.refused("Deckung"):
            self._withdraw(self._waiver(self.jobcenter), self.today - timedelta(days=5))
        self.case.consent_ids.invalidate_recordset()
        self.assertEqual(self._waiver(self.jobcenter).state, "given")

    def test_processing_withdrawal_needs_confirmation(self):
        consent = self._consent(self.case)
        with self.refused("anonymisiert"):
            self._withdraw(consent, self.today, confirm=False)
        self.assertEqual(consent.state, "given")
        self.assertFalse(self.case.is_anonymised)

    # Disclosures --------------------------------------------------------------------------------

    def test_disclosure_without_waiver_is_refused(self):
        self._consent(self.case)
        with self.refused("Schweigepflichtentbindung"):
            self._disclose()
        self.assertFalse(self.env["kim.disclosure"].sudo().search([("case_id", "=", self.case.id)]))

    def test_disclosure_to_another_category_is_refused(self):
        self._consent(self.case, ["recipient_landlords"])
        with self.assertRaises(ValidationError):
            self._disclose(self.jobcenter)

    def test_disclosure_before_the_signature_is_refused(self):
        self._consent(self.case, ["recipient_jobcenter"], date_signed=self.today - timedelta(5))
        with self.assertRaises(ValidationError):
            self._disclose(date=self.today - timedelta(days=6))

    def test_disclosure_in_the_future_is_refused(self):
        self._consent(self.case, ["recipient_jobcenter"])
        with self.refused("im Voraus"):
            self._disclose(date=self.today + timedelta(days=1))

    def test_covered_disclosure_is_recorded_and_logged(self):
        self._consent(self.case, ["recipient_jobcenter"])
        disclosure = self._disclose()
        self.assertEqual(disclosure.waiver_id, self._waiver(self.jobcenter))
        log = self.case.sudo().audit_log_ids.filtered(lambda e: e.action == "disclose")
        self.assertEqual(log.user_id, self.case_manager_a)
        self.assertIn("Jobcenter", log.detail)

    def test_moving_a_disclosure_out_of_cover_is_refused(self):
        self._consent(self.case, ["recipient_jobcenter"])
        disclosure = self._disclose()
        with self.assertRaises(ValidationError):
            disclosure.with_context(lang="de_DE").category_id = self.landlords
        self.assertEqual(disclosure.category_id, self.jobcenter)

    def test_consent_backdated_after_a_covered_disclosure_is_refused(self):
        self._consent(self.case, ["recipient_jobcenter"], date_signed=self.today - timedelta(10))
        self._disclose(date=self.today - timedelta(days=8))
        waiver = self._waiver(self.jobcenter).with_user(self.case_manager_a)
        with self.refused("neue Erklärung", UserError):
            waiver.with_context(lang="de_DE").date_signed = self.today - timedelta(days=7)
        waiver.invalidate_recordset()
        self.assertEqual(waiver.date_signed, self.today - timedelta(days=10))

    def test_other_providers_case_manager_cannot_disclose(self):
        self._consent(self.case, ["recipient_jobcenter"])
        with self.denied():
            self._disclose(user=self.case_manager_b)

    def test_disclosures_are_not_deleted(self):
        self._consent(self.case, ["recipient_jobcenter"])
        disclosure = self._disclose()
        with self.assertRaises(AccessError):
            disclosure.with_user(self.case_manager_a).unlink()

    # Forms ----------------------------------------------------------------------------------------

    def test_forms_print_prefilled_and_are_logged(self):
        self.case.partner_id.write({"street": "Marktstr. 1", "zip": "46045", "city": "Oberhausen"})
        self.provider_a.kim_dpo_partner_id = self.env["res.partner"].create(
            {"name": "Datenschutz Träger A", "email": "dsb@traeger-a.example"}
        )
        Report = self.env["ir.actions.report"].with_user(self.case_manager_a)
        html, _ = Report._render_qweb_html("kim_case.report_consent_form", self.case.ids)
        html = html.decode()
        self.assertIn(self.case.partner_id.name, html)
        self.assertIn("Marktstr. 1", html)
        self.assertIn("Träger A", html)
        self.assertIn("Vermieter", html)
        self.assertIn("203", html)
        html, _ = Report._render_qweb_html("kim_case.report_privacy_notice", self.case.ids)
        html = html.decode()
        self.assertIn("dsb@traeger-a.example", html)
        self.assertIn("Art. 9", html)
        self.assertIn("ldi.nrw.de", html)
        prints = self.case.sudo().audit_log_ids.filtered(lambda e: e.action == "print")
        self.assertEqual(len(prints), 2)

    def test_forms_are_printed_in_german(self):
        html, _ = (
            self.env["ir.actions.report"]
            .with_user(self.case_manager_a)
            .with_context(lang="de_DE")
            ._render_qweb_html("kim_case.report_consent_form", self.case.ids)
        )
        self.assertIn("Einwilligung", html.decode())

    def test_other_provider_cannot_print_the_form(self):
        with self.denied():
            self.env["ir.actions.report"].with_user(self.case_manager_b)._render_qweb_html(
                "kim_case.report_consent_form", self.case.ids
            )
