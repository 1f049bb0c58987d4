from datetime import date, timedelta

from odoo.tests import tagged

from .common import KimCase
from .operations import CASE_WORK_ONLY, OPERATIONS, view_spec, web_env


class Context:
    """What an operation needs to know about the user's situation."""

    def __init__(self, env, case):
        self.uid, self.case_id = env.uid, case.id
        self.name, self.zip = "Klient", "46045"
        self._specs = {}

    def spec(self, model, view_type):
        key = (model._name, view_type)
        if key not in self._specs:
            self._specs[key] = view_spec(model, view_type)
        return self._specs[key]


@tagged("post_install", "-at_install")
class TestQueryCounts(KimCase):
    """Every everyday operation of the web client takes as many queries for a few records
    as for many: nobody adds a query per card, row, contact or goal unnoticed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household = cls.env["kim.household"].create({"name": "Haushalt"})
        cls.cases = cls._cases(3, contacts=2)
        # The opened case has a household and a substitute, as many have.
        cls.cases[:2].write({"household_id": cls.household.id})
        cls.cases[0].substitute_ids = cls.substitute_a

    @classmethod
    def _cases(cls, count, contacts=1):
        cases = cls.env["kim.case"]
        domain = cls.env.ref("kim_case.life_domain_work")
        for index in range(count):
            case = cls._case(partner_id=cls._client(f"Klient {index} {len(cases)}").id)
            case = case.sudo()
            cls.env["kim.case.contact"].create(
                [
                    {"case_id": case.id, "duration": 30, "date": date.today() - timedelta(n)}
                    for n in range(contacts)
                ]
            )
            cls.env["kim.case.goal"].create(
                [
                    {"case_id": case.id, "name": f"Ziel {n}", "life_domain_id": domain.id}
                    for n in range(contacts)
                ]
            )
            case.activity_schedule("mail.mail_activity_data_todo", user_id=case.user_id.id)
            cases |= case
        return cases

    def _counts(self, user):
        env = web_env(user)
        context = Context(env, self.cases[0])
        counts = {}
        for key, _label, operation in OPERATIONS:
            if key in CASE_WORK_ONLY and user == self.coordinator_a:
                continue
            operation(env, context)  # warm the caches a running server has
            env.invalidate_all()
            env.cr.cache.clear()  # but not those of the transaction: a request of its own
            before = env.cr.sql_log_count
            operation(env, context)
            env.flush_all()
            counts[key] = env.cr.sql_log_count - before
        return counts

    def test_operations_do_not_query_per_record(self):
        for user in (self.case_manager_a, self.coordinator_a):
            with self.subTest(user=user.login):
                few = self._counts(user)
                more = self._cases(6, contacts=5)
                more[:3].household_id = self.household
                many = self._counts(user)
                # Six more cards, rows, contacts, goals and household cases: a query
                # per record would show six times; caches allow one or two either way.
                for key, count in many.items():
                    self.assertLessEqual(count, few[key] + 2, key)

    def test_the_case_form_stays_within_its_query_budget(self):
        """The case form reads its lists when their tab opens (kim_lazy_list): a case
        with a household, a substitute, contacts and goals opens within 25 queries, the
        project's target, for the case manager and the coordinator."""
        counts = self._counts(self.case_manager_a)
        self.assertLessEqual(counts["case_form"], 25)
        self.assertLessEqual(counts["my_kanban"], 20)
        self.assertLessEqual(counts["name_search"], 4)
        self.assertLessEqual(self._counts(self.coordinator_a)["case_form"], 25)

    def test_the_case_form_reads_no_list_of_its_tabs(self):
        """What the tabs list (contacts, goals, measures, assessments, consents,
        disclosures) is not in the form's specification: it loads when a tab opens."""
        _root, spec = Context(self.env, self.cases[0]).spec(self.env["kim.case"], "form")
        for name in (
            *("contact_ids", "goal_ids", "measure_ids"),
            *("assessment_ids", "consent_ids", "disclosure_ids"),
        ):
            self.assertNotIn(name, spec)
