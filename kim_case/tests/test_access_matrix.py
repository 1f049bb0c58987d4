from collections import defaultdict

from odoo.tests import TransactionCase, tagged

from .access_matrix import PERMS, kim_addons, load_matrix

KIM_GROUPS = {
    "kim_case.group_kim_case_manager",
    "kim_case.group_kim_traeger_admin",
    "kim_case.group_kim_coordinator",
}


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """The installed security is exactly what the access matrix declares."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.matrix = load_matrix(cls.env)
        cls.kim_modules = set(kim_addons(cls.env))

    def _xmlid(self, record):
        return record.get_external_id().get(record.id, "")

    def _from_kim(self, record):
        return self._xmlid(record).split(".")[0] in self.kim_modules

    def test_matrix_is_well_formed(self):
        self.assertTrue(self.matrix, "No access matrix was found")
        seen = set()
        for row in self.matrix:
            self.assertIn(row.model, self.env, f"{row.addon}: unknown model {row.model}")
            if row.group:
                self.assertTrue(self.env.ref(row.group, raise_if_not_found=False), row.group)
            self.assertNotIn((row.model, row.group), seen, f"{row.model}/{row.group} twice")
            seen.add((row.model, row.group))
            self.assertTrue(row.scope, f"{row.model}/{row.group}: say the scope in words")

    def test_kim_category_holds_the_roles_of_the_matrix(self):
        """The three roles of kim_case, and the roles other KIM addons add (their matrix
        names them): nothing else sits in the KIM category."""
        category = self.env.ref("kim_case.module_category_kim")
        groups = self.env["res.groups"].search([("privilege_id.category_id", "=", category.id)])
        matrix_groups = {row.group for row in self.matrix if row.group.startswith("kim_")}
        self.assertLessEqual(KIM_GROUPS, matrix_groups)
        self.assertEqual({self._xmlid(group) for group in groups}, matrix_groups)

    def test_access_rights_match(self):
        models = {row.model for row in self.matrix}
        expected = {(row.model, row.group): row.perms() for row in self.matrix if any(row.perms())}
        installed = {}
        accesses = self.env["ir.model.access"].search([("model_id.model", "in", list(models))])
        for access in accesses:
            model = self.env[access.model_id.model]
            owned_by_kim = self._from_kim(access) or model._original_module in self.kim_modules
            if not owned_by_kim:
                continue  # rights that core modules grant on their own models
            key = (access.model_id.model, self._xmlid(access.group_id) if access.group_id else "")
            perms = tuple(bool(access[f"perm_{perm}"]) for perm in PERMS)
            installed[key] = tuple(
                a or b for a, b in zip(installed.get(key, perms), perms, strict=True)
            )
        self.assertEqual(installed, expected)

    def test_record_rules_match(self):
        models = {row.model for row in self.matrix}
        expected = defaultdict(set)
        for row in self.matrix:
            for rule in row.rules:
                expected[rule].add(row.group)
        installed = defaultdict(set)
        rules = (
            self.env["ir.rule"]
            .with_context(active_test=False)
            .search([("model_id.model", "in", list(models))])
        )
        for rule in rules.filtered(self._from_kim):
            xmlid = self._xmlid(rule)
            self.assertTrue(rule.active, f"{xmlid} is archived")
            groups = {self._xmlid(group) for group in rule.groups} or {""}
            installed[xmlid] |= groups
            matrix_models = {row.model for row in self.matrix if xmlid in row.rules}
            self.assertEqual(matrix_models, {rule.model_id.model}, f"{xmlid} is on another model")
        self.assertEqual(dict(installed), dict(expected))
