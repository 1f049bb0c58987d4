"""The attacker's pass over the shortcuts of the read path: records a search admitted
(base.Admitted), catalogue names from the registry's cache (kim.name.cache.mixin) and the
directory's postal code as a sub-query (kim.service.serves_zip)."""

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KimOwnAndForeignContact

# What a client can put into a context over JSON-RPC in place of the mark.
FORGED = (
    "Admitted",
    1,
    True,
    None,
    [0],
    {"model": "kim.case.contact", "uid": 0, "ids": [0]},
)


@tagged("post_install", "-at_install")
class TestAttackerAdmitted(KimOwnAndForeignContact):
    def contacts(self, user=None, **context):
        env = self.env(user=user or self.case_manager_a)
        return self.env["kim.case.contact"].with_env(env).with_context(**context)

    # Records a search admitted --------------------------------------------------------------

    def test_a_forged_mark_admits_nothing(self):
        foreign = self.foreign_contact.id
        for claimed in FORGED:
            claimed = (
                {**claimed, "uid": self.case_manager_a.id, "ids": [foreign]}
                if isinstance(claimed, dict)
                else [foreign]
                if isinstance(claimed, list)
                else claimed
            )
            with self.subTest(claimed=claimed):
                Contact = self.contacts(kim_admitted=claimed)
                with self.denied():
                    Contact.browse(foreign).read(["duration"])
                with self.denied():
                    Contact.browse(foreign).web_read({"duration": {}})
                self.assertFalse(Contact.browse(foreign).has_access("read"))
                self.assertFalse(Contact.search_read([("id", "=", foreign)], ["duration"]))
                found = Contact.web_search_read([("id", "=", foreign)], {"duration": {}})
                self.assertFalse(found["records"])

    def test_the_mark_stays_with_its_user_ids_and_model(self):
        found = self.contacts().search_fetch([], ["duration"])
        self.assertIn(self.own_contact, found)
        self.assertNotIn(self.foreign_contact, found)
        foreign = self.foreign_contact.id
        for label, records in (
            ("another id", found.browse(foreign)),
            ("mixed", found | found.browse(foreign)),
            ("other company", found.with_company(self.provider_b).browse(foreign)),
            ("inactive too", found.with_context(active_test=False).browse(foreign)),
            ("sudo and back", found.sudo().sudo(False).browse(foreign)),
            ("another user", found.with_user(self.case_manager_b).browse(self.own_contact.id)),
            ("without role", found.with_user(self.internal_user).browse(self.own_contact.id)),
        ):
            with self.subTest(label), self.denied():
                records.read(["duration"])
        self.assertEqual(found._filtered_access("read"), found)
        self.assertEqual((found | found.browse(foreign))._filtered_access("read"), found)
        # The case of the admitted contact is another model: checked as always.
        with self.denied():
            found.env["kim.case"].browse(self.foreign.id).read(["name"])

    def test_the_mark_ends_when_anything_changes(self):
        found = self.contacts().search_fetch([("id", "=", self.own_contact.id)], ["duration"])
        self.assertEqual(found, self.own_contact)
        found.read(["duration"])
        # The case passes to a colleague: case manager A no longer sees it.
        self.own.sudo().write({"user_id": self.substitute_a.id})
        with self.denied():
            self.contacts().browse(self.own_contact.id).read(["duration"])
        found.invalidate_recordset()
        with self.denied():
            found.read(["duration"])
        with self.denied():
            found.web_read({"duration": {}})
        self.assertFalse(found._filtered_access("read"))

    def test_every_read_route_shows_own_records_only(self):
        domain = ["|", ("id", "=", self.foreign_contact.id), ("case_id", "=", self.own.id)]
        Contact = self.contacts()
        self.assertEqual(
            [row["id"] for row in Contact.search_read(domain, ["duration"])],
            self.own_contact.ids,
        )
        spec = {"duration": {}, "case_id": {"fields": {"display_name": {}}}}
        rows = Contact.web_search_read(domain, spec)["records"]
        self.assertEqual([row["id"] for row in rows], self.own_contact.ids)
        groups = Contact.formatted_read_group(domain, ["case_id"], ["duration:sum"])
        self.assertEqual([group["duration:sum"] for group in groups], [30])
        # A case's list of contacts, read together with the case.
        case = self.own.with_env(Contact.env)
        rows = case.web_read({"contact_ids": {"fields": {"duration": {}}}})
        self.assertEqual([row["id"] for row in rows[0]["contact_ids"]], self.own_contact.ids)
        # Linking another provider's contact to an own case is refused.
        with self.assertRaises(UserError):
            case.write({"contact_ids": [(4, self.foreign_contact.id)]})

    # Rows the rules let through earlier in the transaction -----------------------------------

    def test_rows_fetched_under_the_rules_are_not_asked_again(self):
        own, foreign = self.own_contact.id, self.foreign_contact.id
        self.contacts().browse(own).fetch(["duration"])
        with self.assertQueryCount(0):
            self.contacts().browse(own).check_access("read")
        # what the rules kept back is asked again, and refused
        with self.denied():
            self.contacts().browse(foreign).fetch(["duration"])
        with self.denied():
            self.contacts().browse([own, foreign]).read(["duration"])
        # for this user only
        with self.denied():
            self.contacts(self.case_manager_b).browse(own).read(["duration"])

    def test_admitted_rows_end_with_a_change_or_a_rollback(self):
        own = self.own_contact.id
        with self.env.cr.savepoint() as savepoint:
            self.contacts().browse(own).fetch(["duration"])
            savepoint.rollback()
        with self.assertQueryCount(1):
            self.contacts().browse(own).check_access("read")
        # the case passes to a colleague: case manager A no longer sees its contact
        self.own.sudo().write({"user_id": self.substitute_a.id})
        with self.denied():
            self.contacts().browse(own).check_access("read")

    def test_a_search_before_changes_are_stored_admits_nothing(self):
        """The platform searches the tables of who may see a person as they were stored: a
        search right after a change that is not stored yet is not taken as the rules'
        word."""
        client = self.own.partner_id.id
        Partner = self.env(user=self.case_manager_a)["res.partner"]
        self.env.flush_all()
        self.assertTrue(Partner.browse(client).has_access("read"))
        # the case passes to a colleague; nothing is stored yet
        self.own.sudo().write({"user_id": self.substitute_a.id})
        Partner.search([("id", "=", client)])
        self.env.flush_all()
        self.assertFalse(Partner.browse(client).has_access("read"))

    # Catalogue names from the cache --------------------------------------------------------

    def test_cached_names_only_for_who_may_read_them_all(self):
        Topic = self.env["kim.topic"]
        hidden = Topic.create({"name": "Verdeckt", "code": "test_attacker_hidden"})
        shown = Topic.create({"name": "Sichtbar", "code": "test_attacker_shown"})
        case_manager = self.env(user=self.case_manager_a)
        self.assertEqual(hidden.with_env(case_manager).display_name, "Verdeckt")

        # A user without any KIM role has no access to the catalogue at all.
        other = self.env(user=self.internal_user)
        other.invalidate_all()
        with self.denied():
            hidden.with_env(other).display_name  # noqa: B018

        # A rule per user or company: the names follow it, not the cache.
        self.env["ir.rule"].create(
            {
                "name": "test: one topic hidden from case managers",
                "model_id": self.env["ir.model"]._get_id("kim.topic"),
                "groups": [(4, self.env.ref("kim_case.group_kim_case_manager").id)],
                "domain_force": f"[('id', '!=', {hidden.id})]",
                "perm_read": True,
                "perm_write": False,
                "perm_create": False,
                "perm_unlink": False,
            }
        )
        case_manager.invalidate_all()
        self.assertEqual(shown.with_env(case_manager).display_name, "Sichtbar")
        case_manager.invalidate_all()
        with self.denied():
            hidden.with_env(case_manager).display_name  # noqa: B018
        # As a value of a record the user may read, the platform names it as ever.
        self.assertEqual(hidden.sudo().display_name, "Verdeckt")

    def test_cached_names_never_outlive_a_rollback(self):
        topic = self.env["kim.topic"].create({"name": "Beratung", "code": "test_attacker_rb"})
        env = self.env(user=self.case_manager_a)
        self.assertEqual(topic.with_env(env).display_name, "Beratung")
        # A request that renames and fails: the service rolls back and resets the
        # registry's changes (odoo.service.model.retrying).
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(ZeroDivisionError),
            self.env.cr.savepoint(),
        ):
            topic.name = "Umbenannt"
            env.invalidate_all()
            self.assertEqual(topic.with_env(env).display_name, "Umbenannt")
            1 / 0  # noqa: B018
        self.env.registry.reset_changes()
        env.invalidate_all()
        self.assertEqual(topic.with_env(env).display_name, "Beratung")
        # Archiving keeps the name; a translation shows at once.
        topic.action_archive()
        env.invalidate_all()
        self.assertEqual(topic.with_env(env).display_name, "Beratung")
        topic.update_field_translations("name", {"de_DE": "Beratung DE", "en_US": "Advice"})
        self.assertEqual(topic.with_env(env).with_context(lang="de_DE").display_name, "Beratung DE")
        self.assertEqual(topic.with_env(env).with_context(lang="en_US").display_name, "Advice")

    # The directory's postal code ------------------------------------------------------------

    def test_serves_zip_takes_hostile_values_calmly(self):
        if "kim.service" not in self.env:
            self.skipTest("kim_network is not installed")
        env = self.env(user=self.case_manager_a, context={"lang": "de_DE"})
        Service = self.env["kim.service"].with_env(env)
        code = self.env["kim.postal.code"].sudo().search([("code", "=like", "4%")], limit=1).code
        code = code or "46119"
        expected = self.env["kim.service"].search([("serves_zip", "=", code)])
        found = Service.search([("serves_zip", "=", code)])
        self.assertEqual(found, expected.with_env(env)._filtered_access("read"))
        self.assertEqual(Service.search_count([("serves_zip", "=", code)]), len(found))
        self.assertEqual(Service.search([("serves_zip", "in", [code, int(code)])]), found)
        for operator, value in (
            ("=", None),
            ("=", False),
            ("in", []),
            ("in", [None]),
            ("=", "46119') OR 1=1 --"),
            ("in", ["46119", "1 OR 1=1"]),
            ("ilike", "%"),
        ):
            with self.subTest(operator=operator, value=value):
                try:
                    result = Service.search([("serves_zip", operator, value)])
                except UserError as error:
                    self.assertIn("Postleitzahl", str(error))
                    continue
                self.assertFalse(result, "no postal code, no service")
        # Values JSON can carry but no postal code is: refused in German, never answered
        # with services.
        for operator, value in (("=", 4.6), ("in", [46119.0]), ("in", [True])):
            with self.subTest(operator=operator, value=value):
                with self.assertRaises(UserError) as caught:
                    Service.search([("serves_zip", operator, value)])
                self.assertIn("Postleitzahl", str(caught.exception))
        # Values the platform cannot even put into a set (a list in a list, a dict) it
        # refuses itself, before any search.
        for operator, value in (("in", [["46119"]]), ("=", {"a": 1})):
            with self.subTest(operator=operator, value=value), self.assertRaises(TypeError):
                Service.search([("serves_zip", operator, value)])
