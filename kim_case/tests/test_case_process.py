from odoo.exceptions import RedirectWarning, UserError
from odoo.tests import Form, tagged

from .common import KimCase


@tagged("post_install", "-at_install")
class TestCaseProcess(KimCase):
    """Stage gates, short counselling and closing (seed 003 §4)."""

    def setUp(self):
        super().setUp()
        self.case = self._case()
        self._consent(self.case)
        self.cm_case = self.case.with_user(self.case_manager_a)
        self.domain_housing = self.env.ref("kim_case.life_domain_housing")

    def _contact(self, case, **values):
        return (
            self.env["kim.case.contact"]
            .with_user(self.case_manager_a)
            .create({"case_id": case.id, "duration": 45, **values})
        )

    def test_new_case_starts_in_first_stage(self):
        self.assertEqual(self.case.stage_id, self.stage("erstberatung"))
        self.assertTrue(self.case.name.startswith("KIM-"))
        self.assertTrue(self.case.partner_id.kim_is_client)

    def test_kanban_shows_every_stage_in_order(self):
        result = (
            self.env["kim.case"]
            .with_user(self.case_manager_a)
            .with_context(read_group_expand=True)
            .web_read_group(
                [("id", "in", self.case.ids)],
                ["stage_id"],
                ["__count"],
                unfold_read_specification={"name": {}},
            )
        )
        columns = [group["stage_id"][0] for group in result["groups"]]
        self.assertEqual(columns, self.env.ref("kim_case.stage_set_oberhausen").stage_ids.ids)

    def test_no_assessment_stage_without_conclusion(self):
        with self.assertRaisesRegex(UserError, "Fazit"):
            self.cm_case.with_context(lang="de_DE").stage_id = self.stage("assessment")
        self.assertEqual(self.case.stage_id, self.stage("erstberatung"))
        self.cm_case.conclusion = "admitted"
        self.cm_case.stage_id = self.stage("assessment")
        self.assertEqual(self.case.stage_id, self.stage("assessment"))

    def test_no_goal_agreement_before_an_assessment(self):
        self.cm_case.conclusion = "admitted"
        with self.assertRaises(UserError):
            self.cm_case.stage_id = self.stage("zielvereinbarung")
        self.env["kim.case.assessment"].with_user(self.case_manager_a).create(
            {"case_id": self.case.id, "life_domain_id": self.domain_housing.id, "need_level": "3"}
        )
        self.cm_case.stage_id = self.stage("zielvereinbarung")

    def test_moving_back_needs_nothing(self):
        self.cm_case.conclusion = "admitted"
        self.cm_case.stage_id = self.stage("assessment")
        self.cm_case.stage_id = self.stage("erstberatung")
        self.assertEqual(self.case.stage_id, self.stage("erstberatung"))

    def test_no_closing_without_evaluation(self):
        self.cm_case.closing_reason = "goals_reached"
        with self.assertRaisesRegex(UserError, "Auswertung"):
            self.cm_case.with_context(lang="de_DE").action_close()
        self.assertEqual(self.case.state, "open")

    def test_closing_with_evaluation_moves_to_the_closing_stage(self):
        goal = (
            self.env["kim.case.goal"]
            .with_user(self.case_manager_a)
            .create(
                {
                    "case_id": self.case.id,
                    "name": "Wohnung",
                    "life_domain_id": self.domain_housing.id,
                }
            )
        )
        self.env["kim.case.measure"].with_user(self.case_manager_a).create(
            {"goal_id": goal.id, "name": "WBS beantragen"}
        )
        self.env["kim.case.assessment"].with_user(self.case_manager_a).create(
            {"case_id": self.case.id, "life_domain_id": self.domain_housing.id, "need_level": "3"}
        )
        goal.outcome = "reached"
        self.cm_case.write(
            {
                "conclusion": "admitted",
                "closing_reason": "goals_reached",
                "eval_goals": "<p>Wohnung gefunden</p>",
                "eval_methods": "<p>Zusammenarbeit mit dem Wohnungsamt</p>",
                "eval_satisfaction": "1",
            }
        )
        self.cm_case.action_close()
        self.assertEqual(self.case.state, "closed")
        self.assertEqual(self.case.stage_id, self.stage("abschluss"))
        self.assertTrue(self.case.date_closed)

    def test_short_counselling_holds_five_conversations(self):
        case = self._case(case_type="short", partner_id=self._client("Kurz").id)
        for _ in range(5):
            self._contact(case)
        with self.assertRaises(RedirectWarning) as refused:
            self._contact(case)
        self.assertEqual(case.contact_count, 5)
        action = refused.exception.args[1]
        self.assertEqual(action["res_model"], "kim.case.convert")
        wizard = Form(
            self.env["kim.case.convert"]
            .with_user(self.case_manager_a)
            .with_context(**action["context"])
        ).save()
        wizard.action_convert()
        self.assertEqual(case.case_type, "cm")
        self._contact(case)
        self.assertEqual(case.contact_count, 6)

    def test_review_date_schedules_an_activity(self):
        goal = (
            self.env["kim.case.goal"]
            .with_user(self.case_manager_a)
            .create(
                {
                    "case_id": self.case.id,
                    "name": "Sprachkurs",
                    "life_domain_id": self.domain_housing.id,
                    "review_date": "2099-01-15",
                }
            )
        )
        review_type = self.env.ref("kim_case.mail_activity_type_goal_review")
        activity = self.case.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        self.assertEqual(str(activity.date_deadline), "2099-01-15")
        self.assertEqual(activity.user_id, self.case_manager_a)
        goal.outcome = "reached"
        self.assertFalse(
            self.case.activity_ids.filtered(lambda a: a.activity_type_id == review_type)
        )

    def test_reassessment_shows_progress(self):
        Assessment = self.env["kim.case.assessment"]
        first = Assessment.create(
            {
                "case_id": self.case.id,
                "life_domain_id": self.domain_housing.id,
                "need_level": "3",
                "date": "2026-01-10",
            }
        )
        later = Assessment.create(
            {
                "case_id": self.case.id,
                "life_domain_id": self.domain_housing.id,
                "need_level": "1",
                "date": "2026-06-10",
            }
        )
        self.assertFalse(first.is_reassessment)
        self.assertTrue(later.is_reassessment)
        self.assertEqual(later.trend, "better")

    def test_social_area_from_postal_code(self):
        area = self.env["kim.social.area"].create(
            {
                "name": "Osterfeld",
                "code": "76",
                "municipality_id": self.city_a.id,
                "postal_codes": "46117, 46119",
            }
        )
        case = self._case(partner_id=self._client("Osterfeld", zip="46119").id)
        self.assertEqual(case.social_area_id, area)

    def test_effort_counts_minutes(self):
        self._contact(self.case, duration=30)
        self._contact(self.case, duration=60)
        self.assertEqual(self.case.contact_count, 2)
        self.assertEqual(self.case.effort_hours, 1.5)
