from odoo.tests import tagged

from ..models.base import Admitted
from .common import KimCase, KimOwnAndForeignContact

MIXIN = "kim.name.cache.mixin"


def cached_models(env):
    return [name for name in env[MIXIN]._inherit_children if not env[name]._abstract]


@tagged("post_install", "-at_install")
class TestNameCache(KimCase):
    """Reference data shows its names from the registry's cache, and shows a change at
    once."""

    def test_every_cached_catalogue_is_public(self):
        """Names come from the cache without the user's rules: only catalogues without
        read rules may have one."""
        names = cached_models(self.env)
        self.assertIn("kim.life.domain", names)
        self.assertIn("kim.municipality", names)
        for name in names:
            with self.subTest(model=name):
                rules = self.env["ir.rule"].search(
                    [("model_id.model", "=", name), ("perm_read", "=", True)]
                )
                self.assertFalse(rules, f"{name} has read rules, its names may not be cached")

    def test_names_cost_no_query_and_follow_every_change(self):
        env = self.env(user=self.case_manager_a)
        for name in cached_models(self.env):
            records = env[name].sudo().with_context(active_test=False).search([], limit=5)
            if not records:
                continue
            with self.subTest(model=name):
                records.with_env(env).mapped("display_name")  # warm, as a running server is
                env.invalidate_all()
                with self.assertQueryCount(0):
                    shown = records.with_env(env).mapped("display_name")
                self.assertEqual(shown, [str(r[r._rec_name] or "") for r in records.with_env(env)])

        topic = self.env["kim.topic"].create({"name": "Wohnungssuche", "code": "test_wohnen"})
        self.assertEqual(topic.with_env(env).display_name, "Wohnungssuche")
        topic.name = "Wohnraum"
        self.assertEqual(topic.with_env(env).display_name, "Wohnraum")
        topic.update_field_translations("name", {"de_DE": "Wohnen", "en_US": "Housing"})
        self.assertEqual(topic.with_env(env).with_context(lang="de_DE").display_name, "Wohnen")
        self.assertEqual(topic.with_env(env).with_context(lang="en_US").display_name, "Housing")
        self.city_a.name = "Neustadt"
        self.assertEqual(self.city_a.with_env(env).display_name, "Neustadt")
        # A Gemeinde's name names its Kreis: renaming the Kreis shows in the Gemeinde.
        self.district.name = "Neukreis"
        self.assertIn("Neukreis", self.town.with_env(env).display_name)
        topic.unlink()
        self.assertNotIn(topic.id, self.env["kim.topic"]._kim_cached_names())


@tagged("post_install", "-at_install")
class TestAdmittedRecords(KimOwnAndForeignContact):
    """Records a search has just returned under the user's read rules are read back
    without a second check; nothing a client sends can claim the same."""

    def spec(self):
        return {"date": {}, "duration": {}, "topic_ids": {"fields": {"display_name": {}}}}

    def test_a_list_checks_the_rules_once(self):
        Contact = self.env["kim.case.contact"]
        domain = [("case_id", "=", self.own.id)]
        counts = {}
        for label, env in (("su", self.env), ("user", self.env(user=self.case_manager_a))):
            Contact.with_env(env).web_search_read(domain, self.spec())  # warm
            env.invalidate_all()
            before = env.cr.sql_log_count
            result = Contact.with_env(env).web_search_read(domain, self.spec())
            counts[label] = env.cr.sql_log_count - before
            self.assertEqual([row["id"] for row in result["records"]], self.own_contact.ids)
        self.assertEqual(counts["user"], counts["su"])

    def test_a_client_cannot_claim_records_admitted(self):
        env = self.env(user=self.case_manager_a)
        foreign = self.foreign_contact.id
        for claimed in ([foreign], {"ids": [foreign]}, str(foreign), True):
            with self.subTest(claimed=claimed):
                forged = (
                    self.env["kim.case.contact"].with_env(env).with_context(kim_admitted=claimed)
                )
                with self.denied():
                    forged.browse(foreign).read(["duration"])

    def test_admitted_records_cover_only_themselves(self):
        env = self.env(user=self.case_manager_a)
        mine = self.own_contact.with_env(env)
        admitted = Admitted(mine)
        self.assertTrue(admitted.covers(mine, "read"))
        for records, operation in (
            (mine, "write"),
            (mine | self.foreign_contact.with_env(env), "read"),
            (self.own_contact.with_env(self.env(user=self.case_manager_b)), "read"),
            (self.own.with_env(env), "read"),
        ):
            with self.subTest(records=records, operation=operation):
                self.assertFalse(admitted.covers(records, operation))
        # A search's own result carries the mark, for its own ids only.
        found = self.env["kim.case.contact"].with_env(env).search_fetch([], ["duration"])
        self.assertIn(self.own_contact, found)
        self.assertNotIn(self.foreign_contact, found)
        with self.denied():
            found.browse(self.foreign_contact.id).read(["duration"])
