import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestGermanComplete(TransactionCase):
    """Every term of every KIM addon has its German text in the addon's i18n/de.po, and the
    installed database shows it: field labels, selections, group and privilege names,
    menus, views, reports, demo data, messages of the Python and JavaScript code."""

    def _kim_modules(self):
        return self.env["ir.module.module"].search(
            [("name", "=like", "kim\\_%"), ("state", "=", "installed")]
        )

    def _terms(self, module):
        """(type, name, source, German value in the database) of each term of the module."""
        reader = TranslationModuleReader(self.env.cr, modules=[module], lang="de_DE")
        return [
            (ttype, name, source, value)
            for (term_module, ttype, name, _res_id, source, value, _comments) in reader
            if term_module == module and source and source.strip()
        ]

    def test_every_term_is_translated_and_applied(self):
        modules = self._kim_modules()
        self.assertTrue(modules)
        for module in modules.mapped("name"):
            with self.subTest(module=module):
                po = polib.pofile(f"{get_module_path(module)}/i18n/de.po")
                german = {entry.msgid: entry.msgstr for entry in po if entry.msgstr}
                terms = self._terms(module)
                missing = sorted({source for (_t, _n, source, _v) in terms if source not in german})
                self.assertFalse(
                    missing, f"{module}: {len(missing)} terms without German text: {missing[:20]}"
                )
                # Data translations must reach the database (code terms are looked up at
                # run time from the same file).
                not_applied = sorted(
                    {
                        (name, source)
                        for (ttype, name, source, value) in terms
                        if ttype == "model" and value and value != german[source]
                    }
                )
                self.assertFalse(
                    not_applied, f"{module}: German text not applied: {not_applied[:20]}"
                )
