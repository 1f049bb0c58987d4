from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.kim_case.tests.common import KimCase

PARTICIPANT = "kim_conference.group_kim_conference_participant"


class KimConferenceCase(KimCase):
    """KimCase with the institutions of a case conference, a participant from the
    Jobcenter with a login of their own, and cases whose clients signed the consent and
    the waivers for the Jobcenter and the city administration."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The users work in German: messages are checked in their words.
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        Partner = cls.env["res.partner"]
        cls.jobcenter = Partner.create(
            {"name": "Jobcenter Teststadt", "is_company": True, "kim_actor": True}
        )
        cls.youth_office = Partner.create(
            {"name": "Jugendamt Teststadt", "is_company": True, "kim_actor": True}
        )
        cls.immigration_office = Partner.create(
            {"name": "Ausländerbehörde Teststadt", "is_company": True, "kim_actor": True}
        )
        cls.participant_jc = new_test_user(
            cls.env, login="kim_test_jobcenter", groups=PARTICIPANT, lang="de_DE"
        )
        cls.participant_ja = new_test_user(
            cls.env, login="kim_test_jugendamt", groups=PARTICIPANT, lang="de_DE"
        )
        cls.case_1, cls.case_2, cls.case_3, cls.case_4 = (
            cls._case(partner_id=cls._client(name).id)
            for name in ("Amal Haddad", "Yusuf Demir", "Olena Kovalenko", "Samir Haidari")
        )
        for case in (cls.case_1, cls.case_2, cls.case_3, cls.case_4):
            cls._consent(case, ("recipient_jobcenter", "recipient_city_administration"))
        cls.life_domain = cls.env["kim.life.domain"].search([], limit=1)
        cls.monday = fields.Date.today() + timedelta(days=7 - fields.Date.today().weekday())

    @classmethod
    def _request(cls, case, user=None, participants=None, **values):
        """A complete request as the case manager fills it in."""
        user = user or case.user_id
        participants = participants or [
            {
                "kind": "jobcenter",
                "institution_id": cls.jobcenter.id,
                "department": "Markt und Integration",
                "person": "Frau Berger",
                "user_id": cls.participant_jc.id,
                "question": "Kann die Maßnahme verlängert werden?",
            },
            {
                "kind": "jugendamt",
                "institution_id": cls.youth_office.id,
                "person": "Herr Yıldız",
                "user_id": cls.participant_ja.id,
            },
        ]
        return (
            cls.env["kim.conference.request"]
            .with_user(user)
            .create(
                {
                    "case_id": case.id,
                    "facts": "Die Familie lebt seit zwei Jahren hier. Die Maßnahmen stocken.",
                    "problem_areas": "- Sprache\n- Arbeit\n- Schule",
                    "question": "Wie stimmen Jobcenter und Jugendamt ihre Hilfen ab?",
                    "reason": "crisis",
                    "urgency": "urgent",
                    "participant_ids": [Command.create(vals) for vals in participants],
                    **values,
                }
            )
        )

    @classmethod
    def _checked(cls, case, **values):
        request = cls._request(case, **values)
        request.action_submit()
        request.with_user(cls.coordinator_a).action_check()
        return request

    @classmethod
    def _conference(cls, day=None, hour=9):
        day = day or fields.Date.today() + timedelta(days=24)
        return (
            cls.env["kim.conference"]
            .with_user(cls.coordinator_a)
            .create(
                {
                    "municipality_id": cls.city_a.id,
                    "date_start": datetime.combine(day, datetime.min.time())
                    + timedelta(hours=hour),
                    "location": "Rathaus, Raum 214",
                }
            )
        )

    @staticmethod
    def _slot_values(conference, request, offset_minutes=0, minutes=60):
        start = conference.date_start + timedelta(minutes=offset_minutes)
        return {
            "conference_id": conference.id,
            "request_id": request.id,
            "date_start": start,
            "date_stop": start + timedelta(minutes=minutes),
        }
