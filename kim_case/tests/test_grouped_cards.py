from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.kim_case.models import base as kim_base

from .common import KimCase

ORDERS = (None, "name desc", "next_review_date asc", "user_id desc, name", "stage_id")
SPEC = {"name": {}, "partner_id": {"fields": {"display_name": {}}}, "stage_id": {}}


@contextmanager
def ranking():
    """The number of columns each ranking served."""
    served = []
    original = kim_base.Base._kim_rank_openings

    def spy(records, *args):
        columns = original(records, *args)
        served.append(len(columns))
        return columns

    with patch.object(kim_base.Base, "_kim_rank_openings", spy):
        yield served


@contextmanager
def column_by_column():
    """The platform's way: a search per column."""
    with patch.object(kim_base.Base, "_kim_rank_openings", lambda *args: set()):
        yield


@tagged("post_install", "-at_install")
class TestGroupedCards(KimCase):
    """The columns of a KIM kanban grouped by a stored many2one or selection field are
    filled by one ranked query: the same cards in the same order as the platform's search
    per column, for every user, order, offset, folded column and progress-bar filter
    (kim.case orders by id last; records other orders rank alike come by id)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        stages = cls.env.ref("kim_case.stage_set_oberhausen").stage_ids[:4]
        cls.cases = cls.env["kim.case"]
        for n in range(9):
            cls.cases |= cls._case(
                partner_id=cls._client(f"Karte {n}").id,
                case_type=("cm", "short", "referral")[n % 3],
            )
        cls.cases[:3].sudo().write(
            {"substitute_ids": [(6, 0, cls.substitute_a.ids)], "residence_status": "duldung"}
        )
        cls.cases[7:].sudo().user_id = cls.substitute_a
        cls.other = cls._case(user=cls.case_manager_b, partner_id=cls._client("Fremd").id)
        cls.env.flush_all()
        # stage and review date set directly: the stage gates are not what is tested here
        for n, case in enumerate(cls.cases):
            cls.env.cr.execute(
                SQL(
                    "UPDATE kim_case SET stage_id = %s, next_review_date = %s WHERE id = %s",
                    stages[n % 4].id,
                    f"2026-12-{10 + n % 4}" if n % 2 else None,
                    case.id,
                )
            )
        cls.env.invalidate_all()
        cls.domain = [("id", "in", (cls.cases | cls.other).ids)]

    def _kanban(self, user, groupby, order=None, limit=2, **kwargs):
        return (
            self.env["kim.case"]
            .with_user(user)
            .web_read_group(
                self.domain,
                [groupby],
                ["__count"],
                order=order,
                auto_unfold=True,
                unfold_read_specification=SPEC,
                unfold_read_default_limit=limit,
                **kwargs,
            )
        )

    def _both(self, *args, **kwargs):
        self.env.invalidate_all()
        with ranking() as served:
            ranked = self._kanban(*args, **kwargs)
        self.served = sum(served)
        self.env.invalidate_all()
        with column_by_column():
            return ranked, self._kanban(*args, **kwargs)

    def test_columns_are_the_platforms(self):
        users = (self.case_manager_a, self.substitute_a, self.coordinator_a, self.env.user)
        for user in users:
            for groupby in ("stage_id", "case_type", "user_id"):
                for order in ORDERS:
                    for limit in (2, 80):
                        with self.subTest(user=user.login, groupby=groupby, order=order):
                            ranked, platform = self._both(user, groupby, order, limit)
                            self.assertEqual(ranked, platform)
                            self.assertTrue(any("__records" in g for g in ranked["groups"]))
                            if groupby == "stage_id":
                                self.assertGreaterEqual(self.served, 2)

    def test_opened_columns_are_the_platforms(self):
        stages = self.cases.stage_id
        self.assertEqual(len(stages), 4)
        opening_info = [
            {"value": stages[0].id, "folded": False, "limit": 2, "offset": 1},
            {"value": stages[1].id, "folded": False, "limit": 1, "offset": 0},
            {"value": stages[2].id, "folded": True, "limit": 2, "offset": 0},
            {
                "value": stages[3].id,
                "folded": False,
                "limit": 2,
                "offset": 0,
                "progressbar_domain": [("case_type", "=", "short")],
            },
        ]
        for user in (self.case_manager_a, self.coordinator_a):
            with self.subTest(user=user.login):
                ranked, platform = self._both(user, "stage_id", opening_info=opening_info)
                self.assertEqual(ranked, platform)
                # the first two columns ranked, the folded one closed, the filtered one
                # searched by the platform
                self.assertEqual(self.served, 2)

    def test_odd_limits_and_offsets_are_left_to_the_platform(self):
        """Whatever a client sends as a column's limit or offset, the answer (or the error)
        is the platform's."""
        stages = self.cases.stage_id
        for limit, offset in ((2, None), ("2", 0), (1.5, 0), (2, -1), (-1, 0), (True, 0)):
            opening_info = [
                {"value": stage.id, "folded": False, "limit": limit, "offset": offset}
                for stage in stages
            ]
            with self.subTest(limit=limit, offset=offset):
                outcomes = []
                for ranked in (True, False):
                    self.env.invalidate_all()
                    try:
                        with self.env.cr.savepoint():
                            if ranked:
                                kanban = self._kanban(
                                    self.case_manager_a, "stage_id", opening_info=opening_info
                                )
                            else:
                                with column_by_column():
                                    kanban = self._kanban(
                                        self.case_manager_a, "stage_id", opening_info=opening_info
                                    )
                            outcomes.append(kanban)
                    except Exception as error:  # the platform's error, or the ranking's
                        outcomes.append(type(error))
                self.assertEqual(outcomes[0], outcomes[1])

    def test_one_query_for_all_columns(self):
        def queries(domain):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.domain = domain
            self._kanban(self.case_manager_a, "stage_id")
            return self.env.cr.sql_log_count - before

        queries(self.domain)  # the caches of rules and access rights filled

        two_columns = [
            ("id", "in", self.cases.filtered(lambda c: c.stage_id != self.cases[2].stage_id).ids)
        ]
        three_columns = [("id", "in", self.cases.ids)]
        self.assertEqual(queries(two_columns), queries(three_columns))
        with column_by_column():
            self.assertLess(queries(two_columns), queries(three_columns))

    def test_many_records_are_left_to_the_platform(self):
        with ranking() as served:
            self._kanban(self.case_manager_a, "stage_id")
            with patch.object(kim_base, "RANKED_MAX_RECORDS", 5):
                self._kanban(self.case_manager_a, "stage_id")
        self.assertEqual([bool(count) for count in served], [True, False])

    def test_special_categories_are_logged_as_by_the_platform(self):
        """Cards found by filtering on a special category are logged as found by it."""
        Log = self.env["kim.audit.log"]
        calls = []
        original = type(Log)._log_read

        def spy(log, cases, names, how=None):
            calls.append((cases.ids, tuple(names), how))
            return original(log, cases, names, how)

        self.domain = [("id", "in", self.cases.ids), ("residence_status", "=", "duldung")]
        logged = []
        for ranked in (True, False):
            calls.clear()
            self.env.invalidate_all()
            with patch.object(type(Log), "_log_read", spy):
                if ranked:
                    self._kanban(self.case_manager_a, "case_type")
                else:
                    with column_by_column():
                        self._kanban(self.case_manager_a, "case_type")
            # the request's entry: which cases, read how
            entry = {}
            for ids, names, how in calls:
                entry.setdefault((names, how), set()).update(ids)
            logged.append(entry)
        self.assertEqual(logged[0], logged[1])
        # grouped by the filter, and the cards shown found by it
        self.assertEqual(len(logged[0]), 2)
