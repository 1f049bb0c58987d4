from odoo.tests import tagged

from .common import KimConferenceCase


@tagged("post_install", "-at_install")
class TestEvaluation(KimConferenceCase):
    """The evaluation questionnaires of a conference (Anlage 9.2.6): a copy per conference
    for clients and participants, answered anonymously, summarised per conference and year."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        request = cls._checked(cls.case_1)
        cls.conference = cls._conference()
        cls.env["kim.conference.slot"].with_user(cls.coordinator_a).create(
            cls._slot_values(cls.conference, request)
        )
        cls.conference.action_held()

    def test_each_conference_gets_its_questionnaires(self):
        self.conference.with_user(self.coordinator_a).action_create_evaluation()
        client, participant = (
            self.conference.survey_client_id,
            self.conference.survey_participant_id,
        )
        self.assertTrue(client and participant)
        self.assertEqual(client.kim_conference_id, self.conference)
        self.assertIn(self.conference.name, client.title)
        template = self.env.ref("kim_conference.survey_evaluation_client")
        self.assertEqual(len(client.question_ids), len(template.question_ids))
        # A second call keeps them.
        self.conference.with_user(self.coordinator_a).action_create_evaluation()
        self.assertEqual(self.conference.survey_client_id, client)

    def test_answers_are_anonymous_and_summarised(self):
        self.conference.with_user(self.coordinator_a).action_create_evaluation()
        # Answered through the survey's public page, which works as superuser.
        survey = self.conference.survey_participant_id.sudo()
        answer = survey._create_answer(user=self.participant_jc, email="berger@example.org")
        self.assertFalse(answer.partner_id)
        self.assertFalse(answer.email)
        question = survey.question_ids.filtered(lambda q: q.question_type == "scale")[:1]
        answer._save_lines(question, "4")
        answer_2 = survey._create_answer(user=self.participant_ja)
        answer_2._save_lines(question, "2")
        Line = self.env["survey.user_input.line"].with_user(self.coordinator_a)
        groups = Line._read_group(
            [("kim_conference_id", "=", self.conference.id), ("answer_type", "=", "scale")],
            ["question_id", "kim_conference_date:year"],
            ["kim_score:avg"],
        )
        self.assertEqual([(q, avg) for q, _year, avg in groups], [(question, 3.0)])
