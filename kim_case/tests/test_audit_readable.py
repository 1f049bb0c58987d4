"""A readable audit log (issue 13, "Daily use"): reads, one per request, outnumber the
changes many times over. The log filters changes, exports, prints, disclosures,
withdrawals and reads, groups reads by day and user, and opens from a case without the
reads, the changes in view at once."""

from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KimCase

DAY_1 = "2026-03-02 09:00:00"
DAY_2 = "2026-03-03 09:00:00"
# What each filter of the search view shows, by the logged action.
SHOWN = {
    "changes": {"create", "write", "consent", "withdraw", "transfer", "anonymise"},
    "exports": {"export"},
    "prints": {"print"},
    "disclosures": {"disclose"},
    "withdrawals": {"withdraw"},
    "reads": {"read"},
}


@tagged("post_install", "-at_install")
class TestAuditReadable(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case()
        cls.case.sudo().substitute_ids = cls.substitute_a
        Log = cls.env["kim.audit.log"]
        # Three reads by the case manager on two days, one by the substitute; each read
        # is written before the next, as separate requests would.
        for user, moment in (
            (cls.case_manager_a, DAY_1),
            (cls.case_manager_a, DAY_1),
            (cls.case_manager_a, DAY_2),
            (cls.substitute_a, DAY_2),
        ):
            with freeze_time(moment):
                cls.case.with_user(user).read(["partner_id", "stage_id"])
                Log._kim_write_pending()
        case = cls.case.with_user(cls.case_manager_a)
        case.crisis_reason = "Wohnungsverlust droht"
        for action, detail in (
            ("consent", "Einwilligung"),
            ("withdraw", "Einwilligung widerrufen"),
            ("transfer", "Übergabe beantragt"),
            ("export", "Export: Name, Phase"),
            ("print", "Fallakte"),
            ("disclose", "Jobcenter: Frau Beispiel"),
        ):
            Log.with_user(cls.case_manager_a)._log(case, action, detail)
        Log._kim_write_pending()
        cls.entries = Log.with_user(cls.case_manager_a).search([("case_ids", "in", cls.case.id)])

    def _search_arch(self):
        arch = self.env["kim.audit.log"].get_views([(False, "search")])["views"]["search"]["arch"]
        return etree.fromstring(arch)

    def _filter(self, name):
        node = self._search_arch().find(f".//filter[@name='{name}']")
        self.assertIsNotNone(node, f"the search view has a filter {name}")
        return node

    def _found(self, *filters):
        """The case's entries the case manager finds with ``filters`` (of one group, so
        they add up, as in the search panel)."""
        domain = Domain.OR(
            safe_eval(self._filter(name).get("domain"), {"uid": self.case_manager_a.id})
            for name in filters
        )
        Log = self.env["kim.audit.log"].with_user(self.case_manager_a)
        return Log.search(domain & Domain("case_ids", "in", self.case.id))

    def test_reads_outnumber_the_rest(self):
        """The situation of the issue, here on a small scale."""
        reads = self.entries.filtered(lambda entry: entry.action == "read")
        self.assertEqual(len(reads), 4)
        self.assertIn("write", self.entries.mapped("action"))

    def test_each_filter_shows_its_kind(self):
        for name, actions in SHOWN.items():
            with self.subTest(filter=name):
                expected = self.entries.filtered(lambda entry, a=actions: entry.action in a)
                self.assertTrue(expected, f"the case has entries for {name}")
                self.assertEqual(self._found(name), expected)

    def test_changes_are_a_case_of_their_own(self):
        changes = self._found("changes")
        self.assertIn("create", changes.mapped("action"))
        self.assertTrue(
            any("crisis_reason" in (entry.detail or "") for entry in changes),
            "the change of the crisis reason is among the changes",
        )
        self.assertFalse({"read", "export", "print", "disclose"} & set(changes.mapped("action")))

    def test_filters_of_one_group_add_up(self):
        found = self._found("exports", "prints", "disclosures")
        self.assertEqual(set(found.mapped("action")), {"export", "print", "disclose"})

    def test_the_case_opens_its_log_without_reads(self):
        action = self.case.with_user(self.case_manager_a).action_open_audit_log()
        defaults = [
            key.removeprefix("search_default_")
            for key, value in action["context"].items()
            if key.startswith("search_default_") and value
        ]
        self.assertTrue(defaults, "the log opens with a filter set")
        domain = Domain(action["domain"]) & Domain.AND(
            safe_eval(self._filter(name).get("domain"), {"uid": self.case_manager_a.id})
            for name in defaults
        )
        shown = self.env["kim.audit.log"].with_user(self.case_manager_a).search(domain)
        self.assertEqual(shown, self.entries.filtered(lambda entry: entry.action != "read"))
        self.assertEqual(shown & self._found("changes"), self._found("changes"))

    def test_the_menu_opens_the_log_without_reads(self):
        context = safe_eval(self.env.ref("kim_case.kim_audit_log_action").context)
        self.assertTrue(context.get("search_default_not_read"))

    def test_reads_group_by_day_and_user(self):
        groupbys = []
        for name in ("group_day", "group_user"):
            context = safe_eval(self._filter(name).get("context"))
            groupbys.append(context["group_by"])
        self.assertEqual(groupbys, ["date:day", "user_id"])
        Log = self.env["kim.audit.log"].with_user(self.case_manager_a).with_context(tz="UTC")
        reads = safe_eval(self._filter("reads").get("domain"))
        groups = Log._read_group(
            Domain(reads) & Domain("case_ids", "in", self.case.id), groupbys, ["__count"]
        )
        self.assertEqual(
            {(day.date(), user, count) for day, user, count in groups},
            {
                (date(2026, 3, 2), self.case_manager_a, 2),
                (date(2026, 3, 3), self.case_manager_a, 1),
                (date(2026, 3, 3), self.substitute_a, 1),
            },
        )
