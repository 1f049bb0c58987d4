from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..rules import stages
from .common import KimCase


@tagged("post_install", "-at_install")
class TestQuickEntry(KimCase):
    """Kontakt erfassen and Ziel vereinbaren open one compact dialog each."""

    def setUp(self):
        super().setUp()
        self.case = self._case()
        self.cm_case = self.case.with_user(self.case_manager_a)

    def test_record_contact_opens_the_compact_form_for_the_case(self):
        action = self.cm_case.action_record_contact()
        self.assertEqual(action["res_model"], "kim.case.contact")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"], {"default_case_id": self.case.id})
        # What the dialog saves: today's date, the usual length, the user as counsellor.
        contact = (
            self.env["kim.case.contact"]
            .with_user(self.case_manager_a)
            .with_context(**action["context"])
            .create({"note": "Wohngeld besprochen"})
        )
        self.assertEqual(contact.case_id, self.case)
        self.assertEqual(contact.user_id, self.case_manager_a)
        self.assertTrue(contact.date and contact.duration > 0)

    def test_the_compact_form_puts_the_note_first_and_topics_as_chips(self):
        arch = self.env["kim.case.contact"].get_view(view_type="form")["arch"]
        self.assertLess(arch.index('name="note"'), arch.index('name="topic_ids"'))
        self.assertIn('widget="kim_chips"', arch)
        self.assertIn('widget="kim_minutes"', arch)
        self.assertIn('js_class="kim_quick_form"', arch)

    def test_contact_without_duration_is_refused_in_german(self):
        form = Form(
            self.env["kim.case.contact"]
            .with_user(self.case_manager_a)
            .with_context(default_case_id=self.case.id, lang="de_DE")
        )
        form.note = "Kurz am Telefon"
        form.duration = 0
        with self.refused("mehr als null Minuten"):
            form.save()

    def test_agree_goal_opens_the_goal_dialog(self):
        action = self.cm_case.action_agree_goal()
        self.assertEqual(action["res_model"], "kim.case.goal")
        arch = self.env["kim.case.goal"].get_view(view_type="form")["arch"]
        self.assertLess(arch.index('name="name"'), arch.index('name="life_domain_id"'))

    def test_nothing_new_on_a_closed_case(self):
        self.case.sudo().write(
            {
                "case_type": "short",
                "closing_reason": self.case._fields["closing_reason"].selection[0][0],
            }
        )
        self.case.sudo().action_close()
        with self.refused("abgeschlossen", UserError):
            self.cm_case.with_context(lang="de_DE").action_record_contact()

    def test_coordinators_record_no_contacts(self):
        case = self.case.with_user(self.coordinator_a)
        with self.assertRaises(AccessError):
            case.action_record_contact()


@tagged("post_install", "-at_install")
class TestStageBar(KimCase):
    """A refused stage change leaves the case as it was and names what is missing, with
    the place of the form where it is recorded; once it is there, the change goes through."""

    def setUp(self):
        super().setUp()
        self.case = self._case()
        self.cm_case = self.case.with_user(self.case_manager_a).with_context(lang="de_DE")

    def test_intake_without_consent_points_to_data_protection(self):
        blockers = self.cm_case.kim_stage_blockers(self.stage("assessment").id)
        self.assertEqual([b["code"] for b in blockers], [stages.CONSENT, stages.CONCLUSION])
        self.assertEqual(blockers[0]["page"], "data_protection")
        self.assertEqual(blockers[0]["place"], "Datenschutz")
        self.assertEqual(blockers[1]["field"], "conclusion")
        self.assertEqual(self.case.stage_id, self.stage("erstberatung"))

    def test_once_fixed_the_change_goes_through(self):
        self._consent(self.case)
        self.cm_case.conclusion = "admitted"
        self.assertEqual(self.cm_case.kim_stage_blockers(self.stage("assessment").id), [])
        self.cm_case.stage_id = self.stage("assessment")
        self.assertEqual(self.case.stage_id, self.stage("assessment"))

    def test_moving_back_needs_nothing(self):
        self._consent(self.case)
        self.cm_case.conclusion = "admitted"
        self.cm_case.stage_id = self.stage("assessment")
        self.assertEqual(self.cm_case.kim_stage_blockers(self.stage("erstberatung").id), [])

    def test_the_server_refuses_what_the_bar_reports(self):
        with self.refused("Einwilligung", UserError):
            self.cm_case.stage_id = self.stage("assessment")

    def test_every_blocker_has_a_place_in_the_form(self):
        places = self.env["kim.case"]._stage_result_places()
        arch = self.env["kim.case"].get_view(view_type="form")["arch"]
        for code in (stages.CONSENT, *stages.REQUIREMENTS[1:]):
            page, field, _label = places[code]
            self.assertIn(f'name="{page}"', arch, code)
            # The field, or the list its tab loads when opened (kim_lazy_list).
            self.assertTrue(f'name="{field}"' in arch or f'field="{field}"' in arch, code)

    def test_no_stage_of_another_municipality(self):
        herne = self.env.ref("kim_case.stage_set_herne").stage_ids[-1]
        with self.refused("keine Phase"):
            self.cm_case.stage_id = herne
        self.assertEqual(self.case.stage_id, self.stage("erstberatung"))

    def test_a_new_case_starts_in_the_first_stage(self):
        """A stage sent with the new case goes through the gate like a click on the bar."""
        partner = self._client("Neu Erfasst")
        self._registered_by(partner, self.case_manager_a)
        with self.refused("Einwilligung", UserError):
            self.env["kim.case"].with_user(self.case_manager_a).with_context(lang="de_DE").create(
                {
                    "partner_id": partner.id,
                    "municipality_id": self.city_a.id,
                    "stage_id": self.stage("assessment").id,
                }
            )

    def test_a_foreign_case_reports_nothing(self):
        with self.denied():
            self.case.with_user(self.case_manager_b).kim_stage_blockers(self.stage("assessment").id)

    def test_only_missing_consent_suggests_obtaining_it(self):
        case = self.cm_case
        areas = self.env["kim.eligibility.item"].search([("kind", "=", "access_area")], limit=1)
        case.write(
            {
                "immigration_alternative": case._fields["immigration_alternative"].selection[0][0],
                "locally_responsible": True,
                "willing_to_cooperate": True,
                "target_group": "zg1",
                "zg1_further_need": True,
                "zg1_area_ids": [(6, 0, areas.ids)],
            }
        )
        self.assertEqual(case.suggested_conclusion, "consent_first")


@tagged("post_install", "-at_install")
class TestIntake(KimCase):
    """Neue*r Klient*in: a German intake that proposes a person already filed."""

    def _intake(self, user=None, **values):
        user = user or self.case_manager_a
        return (
            self.env["kim.intake"]
            .with_user(user)
            .with_company(user.company_id)
            .with_context(lang="de_DE")
            .create(
                {
                    "first_name": "Amina",
                    "last_name": "Yusuf",
                    "birthdate": "1990-04-12",
                    "municipality_id": self.city_a.id,
                    **values,
                }
            )
        )

    def test_files_the_person_and_opens_the_case(self):
        action = self._intake(gender="w", zip="46045", city="Oberhausen").action_file()
        case = self.env["kim.case"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "kim.case")
        self.assertEqual(case.partner_id.name, "Amina Yusuf")
        self.assertTrue(case.partner_id.kim_is_client)
        self.assertEqual(case.partner_id.kim_gender, "w")
        self.assertEqual(case.user_id, self.case_manager_a)
        self.assertEqual(case.company_id, self.provider_a)

    def test_same_name_and_birth_date_is_proposed_not_filed(self):
        first = self.env["kim.case"].browse(self._intake().action_file()["res_id"])
        # Family name first and other spacing: the same person.
        again = self._intake(first_name=" Yusuf ", last_name="amina")
        self.assertEqual(again.duplicate_ids, first.partner_id)
        persons = self.env["res.partner"].search_count([("name", "ilike", "Yusuf")])
        with self.refused("bereits erfasst", UserError):
            again.action_file()
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "ilike", "Yusuf")]), persons
        )
        again.existing_partner_id = first.partner_id
        self.assertEqual(again.action_open_case_of()["res_id"], first.id)

    def test_another_person_after_checking(self):
        first = self.env["kim.case"].browse(self._intake().action_file()["res_id"])
        other = self._intake(another_person=True).action_file()
        self.assertNotEqual(
            self.env["kim.case"].browse(other["res_id"]).partner_id, first.partner_id
        )

    def test_other_providers_persons_stay_invisible(self):
        self._intake().action_file()
        self.assertFalse(
            self._intake(user=self.case_manager_b, municipality_id=self.city_a.id).duplicate_ids
        )

    def test_a_stranger_cannot_be_chosen(self):
        stranger = self._client("Fremde Person")
        intake = self._intake()
        intake.sudo().existing_partner_id = stranger
        with self.refused("vorgeschlagenen", UserError):
            intake.action_open_case_of()

    def test_a_household_member_through_the_intake(self):
        """From a household: a child joins it without a case, an accompanied adult with
        one; both are visible through the household's case; nobody is filed twice."""
        case = self.env["kim.case"].browse(self._intake().action_file()["res_id"])
        household = (
            self.env["kim.household"]
            .with_user(self.case_manager_a)
            .create({"name": "Familie Yusuf", "municipality_id": self.city_a.id})
        )
        case.household_id = household
        child = self._intake(
            first_name="Omar",
            birthdate="2019-02-01",
            household_id=household.id,
            member_role="child",
        )
        self.assertFalse(child.open_case)
        self.assertEqual(child.action_file(), {"type": "ir.actions.act_window_close"})
        adult = self._intake(first_name="Samir", birthdate="1988-07-30", household_id=household.id)
        adult.open_case = True
        action = adult.action_file()
        members = household.with_user(self.case_manager_a).member_ids
        self.assertEqual(
            sorted(members.mapped(lambda m: (m.partner_id.name, m.role))),
            [("Omar Yusuf", "child"), ("Samir Yusuf", "relative")],
        )
        new_case = self.env["kim.case"].browse(action["res_id"])
        self.assertEqual(
            (new_case.partner_id.name, new_case.household_id), ("Samir Yusuf", household)
        )
        self.assertEqual(
            self.env["kim.case"].search_count([("household_id", "=", household.id)]), 2
        )
        # The same child again: proposed; choosing them adds nobody.
        again = self._intake(first_name="Omar", birthdate="2019-02-01", household_id=household.id)
        self.assertEqual(again.duplicate_ids.name, "Omar Yusuf")
        again.existing_partner_id = again.duplicate_ids
        again.open_case = False
        again.action_open_case_of()
        self.assertEqual(len(household.member_ids), 2)

    def test_no_member_for_a_household_one_may_not_see(self):
        household = self.env["kim.household"].create(
            {"name": "Fremder Haushalt", "company_id": self.provider_b.id}
        )
        with self.assertRaises(AccessError):
            self._intake(household_id=household.id)
