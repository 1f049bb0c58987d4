from unittest.mock import patch

from odoo import Command, models
from odoo.fields import Domain
from odoo.tests import tagged

from ..models import base
from .common import KimOwnAndForeignContact


@tagged("post_install", "-at_install")
class TestReadRules(KimOwnAndForeignContact):
    """Searches take the user's read rules from a cache of the transaction (base._read_rules)
    instead of optimising them for every query. They must find exactly the rows the
    platform's own search finds, on every model with rules and for every role, and follow
    every change made in the transaction."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = (
            cls.case_manager_a
            | cls.case_manager_b
            | cls.substitute_a
            | cls.traeger_admin_a
            | cls.coordinator_a
            | cls.coordinator_district
            | cls.internal_user
        )
        cls.own.sudo().substitute_ids = cls.substitute_a

    def _models_with_read_rules(self):
        rules = self.env["ir.rule"].search([("perm_read", "=", True)])
        names = set(rules.model_id.mapped("model"))
        names |= {name for name in self.env.registry if base.is_guarded_model(name)}
        return sorted(
            name
            for name in names
            if not self.env[name]._abstract
            and self.env[name]._auto
            and not self.env[name]._transient
        )

    def _found(self, search, model, domain=()):
        return set(search(model, list(domain), active_test=False).get_result_ids())

    def test_same_rows_as_the_platform_for_every_model_and_role(self):
        checked = 0
        for user in self.users:
            for name in self._models_with_read_rules():
                model = self.env[name].with_user(user)
                if not model.has_access("read"):
                    continue
                with self.subTest(model=name, user=user.login):
                    self.env.cr.cache.pop(base.READ_RULES, None)
                    ours = self._found(base.Base._search, model)
                    platform = self._found(models.BaseModel._search, model)
                    self.assertEqual(ours, platform)
                    # a second search in the transaction takes the cached rules
                    self.assertEqual(self._found(base.Base._search, model), platform)
                    checked += 1
        self.assertGreater(checked, 50)

    def test_cases_and_contacts_follow_a_change_in_the_transaction(self):
        Case = self.env["kim.case"].with_user(self.substitute_a)
        Contact = self.env["kim.case.contact"].with_user(self.substitute_a)
        other = self._case()
        self.assertEqual(Case.search([("id", "in", (self.own | other).ids)]), self.own)
        self.assertFalse(Contact.search([("case_id", "=", other.id)]))
        # made a substitute without anything being stored yet: the next search sees it
        other.sudo().write({"substitute_ids": [Command.link(self.substitute_a.id)]})
        self.assertEqual(Case.search([("id", "in", (self.own | other).ids)]), self.own | other)
        contact = self.env["kim.case.contact"].create({"case_id": other.id, "duration": 15})
        self.assertEqual(Contact.search([("case_id", "=", other.id)]), contact)
        other.sudo().write({"substitute_ids": [Command.unlink(self.substitute_a.id)]})
        self.assertEqual(Case.search([("id", "in", (self.own | other).ids)]), self.own)
        self.assertFalse(Contact.search([("case_id", "=", other.id)]))

    def test_a_transfer_in_the_transaction_hides_the_case_at_once(self):
        Case = self.env["kim.case"].with_user(self.case_manager_a)
        self.assertIn(self.own, Case.search([]))
        self.own.sudo().write(
            {"substitute_ids": [Command.clear()], "user_id": self.substitute_a.id}
        )
        self.assertNotIn(self.own, Case.search([]))
        self.assertIn(self.own, Case.with_user(self.substitute_a).search([]))

    def test_rules_are_optimised_once_until_something_changes(self):
        Contact = self.env["kim.case.contact"].with_user(self.coordinator_a)
        first = base._read_rules(Contact)
        self.assertIs(base._read_rules(Contact), first)
        # another user, another set of companies: rules of their own
        self.assertIsNot(base._read_rules(Contact.with_user(self.case_manager_a)), first)
        self.assertIs(base._read_rules(Contact), first)
        self.own_contact.sudo().duration = 40
        self.assertIsNot(base._read_rules(Contact), first)

    def test_a_model_without_read_access_is_refused_before_any_rule(self):
        Audit = self.env["kim.audit.log"].with_user(self.internal_user)
        with self.denied():
            Audit.search([])

    def test_a_colleague_is_checked_on_the_few_columns_the_rules_ask(self):
        """A user's read rules test their contact (res.users inherits it): checking a
        colleague of another provider loads those columns and the name, not the whole
        contact, and decides in memory."""
        colleague = self.case_manager_b.with_user(self.coordinator_a)
        colleague.invalidate_recordset()
        colleague.partner_id.invalidate_recordset()
        self.assertTrue(colleague.has_access("read"))
        partner = colleague.sudo().partner_id
        loaded = {
            name
            for name, field in partner._fields.items()
            if partner.id in field._get_cache(partner.env)
        }
        self.assertIn("partner_share", loaded)
        self.assertIn("name", loaded)
        self.assertNotIn("email", loaded)
        self.assertNotIn("street", loaded)
        # and the same verdict as the database's
        self.assertEqual(
            self._found(models.BaseModel._search, colleague.browse(), [("id", "=", colleague.id)]),
            {colleague.id},
        )

    def test_rules_holding_a_query_are_not_kept(self):
        """The platform completes a Query it finds in a domain in place: such rules are
        optimised for each search."""
        Case = self.env["kim.case"]
        query = Case._search([("state", "=", "open")])
        nested = Domain("case_id", "any", Domain("id", "in", query))
        self.assertTrue(base._holds_query(nested))
        self.assertTrue(base._holds_query(Domain("id", "in", query) | Domain("id", "=", 1)))
        Contact = self.env["kim.case.contact"].with_user(self.case_manager_a)
        self.assertFalse(base._holds_query(base._read_rules(Contact)))
        self.env.cr.cache.pop(base.READ_RULES, None)
        with patch.object(base, "_holds_query", return_value=True):
            first = base._read_rules(Contact)
            self.assertIsNot(base._read_rules(Contact), first)
            self.assertEqual(base._read_rules(Contact), first)
