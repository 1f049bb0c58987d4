from datetime import date, timedelta

from odoo.tests import tagged

from .common import KimCase, records_passed_to
from .operations import ACTIVITY_WIDGET


@tagged("post_install", "-at_install")
class TestActivityFields(KimCase):
    """The fields derived from a record's activities (state, next type, summary, icon,
    deadlines, exception) are set at once for the records without activities and computed
    by the platform for the others: the values are the platform's, in every model with
    activities, for every user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overdue, cls.planned, cls.idle, cls.other_idle = (
            cls._case(partner_id=cls._client(f"Aktivität {n}").id) for n in range(4)
        )
        warning = cls.env["mail.activity.type"].create(
            {"name": "Frist Ausländerbehörde", "decoration_type": "warning", "icon": "fa-gavel"}
        )
        cls.overdue.sudo().activity_schedule(
            activity_type_id=warning.id,
            summary="Aufenthaltstitel verlängern",
            date_deadline=date.today() - timedelta(days=2),
            user_id=cls.case_manager_a.id,
        )
        cls.planned.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Termin Jobcenter",
            date_deadline=date.today() + timedelta(days=3),
            user_id=cls.substitute_a.id,
        )
        cls.cases = cls.idle | cls.overdue | cls.other_idle | cls.planned
        cls.cases.sudo().substitute_ids = cls.substitute_a

    def _values(self, records, names):
        """The values as a list or kanban reads them, and as the platform computes them
        record by record."""
        records.env.invalidate_all()
        together = records.read(names)
        records.env.invalidate_all()
        alone = [record.read(names)[0] for record in records]
        return together, alone

    def test_the_widget_fields_are_derived_from_activities(self):
        derived = self.env["kim.case"]._kim_activity_derived()
        self.assertLessEqual(set(ACTIVITY_WIDGET), derived)
        self.assertNotIn("activity_ids", derived)

    def test_values_are_the_platforms_for_cases(self):
        names = sorted(self.env["kim.case"]._kim_activity_derived())
        for user in (self.case_manager_a, self.substitute_a, self.coordinator_a):
            with self.subTest(user=user.login):
                together, alone = self._values(self.cases.with_user(user), names)
                self.assertEqual(together, alone)
        together, _alone = self._values(self.cases.with_user(self.case_manager_a), names)
        states = [values["activity_state"] for values in together]
        self.assertEqual(states, [False, "overdue", False, "planned"])
        self.assertEqual(together[1]["activity_exception_decoration"], "warning")
        self.assertEqual(together[1]["activity_exception_icon"], "fa-gavel")
        self.assertEqual(together[3]["activity_summary"], "Termin Jobcenter")

    def test_values_are_the_platforms_in_every_model_with_activities(self):
        Mixin = type(self.env["mail.activity.mixin"])
        checked = []
        for name in self.env.registry:
            Model = self.env[name]
            if Model._abstract or not isinstance(Model, Mixin) or not Model._auto:
                continue
            records = Model.search([], limit=4)
            if len(records) < 2:
                continue
            records[1].activity_schedule("mail.mail_activity_data_todo", summary="Prüfen")
            names = sorted(Model._kim_activity_derived())
            with self.subTest(model=name):
                together, alone = self._values(records, names)
                self.assertEqual(together, alone)
                self.assertTrue(together[1]["activity_state"])
            checked.append(name)
        self.assertIn("kim.case", checked)
        self.assertIn("res.partner", checked)

    def test_the_platform_computes_only_records_with_activities(self):
        Case = type(self.env["kim.case"])
        with records_passed_to(Case, "_compute_activity_state") as computed:
            self.cases.with_user(self.case_manager_a).invalidate_recordset()
            self.cases.with_user(self.case_manager_a).read(["activity_state"])
        self.assertEqual(sorted(computed), sorted((self.overdue | self.planned).ids))
