import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import (
    JAVASCRIPT_TRANSLATION_COMMENT,
    PYTHON_TRANSLATION_COMMENT,
    TranslationModuleReader,
    code_translations,
)


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
        """(type, name, source, German value in the database, comments) of each term of
        the module."""
        reader = TranslationModuleReader(self.env.cr, modules=[module], lang="de_DE")
        return [
            (ttype, name, source, value, comments)
            for (term_module, ttype, name, res_id, source, value, comments) in reader
            if term_module == module and source and source.strip() and self._ours(name, res_id)
        ]

    def _ours(self, name, xmlid):
        """Whether a term is of KIM's own: not a platform field that an addon extending the
        platform model merely lists, such as ``display_name`` of ``ir.actions.report``
        (whichever addon loads last names it)."""
        if name != "ir.model.fields,field_description":
            return True
        field = self.env.ref(xmlid, raise_if_not_found=False)
        return not field or field.model.startswith("kim.") or field.name.startswith("kim_")

    def test_every_term_is_translated_and_applied(self):
        modules = self._kim_modules()
        self.assertTrue(modules)
        for module in modules.mapped("name"):
            with self.subTest(module=module):
                po = polib.pofile(f"{get_module_path(module)}/i18n/de.po")
                german = {entry.msgid: entry.msgstr for entry in po if entry.msgstr}
                terms = self._terms(module)
                missing = sorted({term[2] for term in terms if term[2] not in german})
                self.assertFalse(
                    missing, f"{module}: {len(missing)} terms without German text: {missing[:20]}"
                )
                # Data translations must reach the database (code terms are looked up at
                # run time from the same file).
                not_applied = sorted(
                    {
                        (name, source)
                        for (ttype, name, source, value, _comments) in terms
                        if ttype == "model" and value and value != german[source]
                    }
                )
                self.assertFalse(
                    not_applied, f"{module}: German text not applied: {not_applied[:20]}"
                )

    def test_code_terms_reach_the_running_code(self):
        """A message of the Python or JavaScript code is looked up at run time among the
        entries of de.po marked for its side; an entry marked for the other side (e.g.
        after a text moved from a template into Python) stays English."""
        for module in self._kim_modules().mapped("name"):
            with self.subTest(module=module):
                po = polib.pofile(f"{get_module_path(module)}/i18n/de.po")
                german = {entry.msgid for entry in po if entry.msgstr}
                python = code_translations.get_python_translations(module, "de_DE")
                web = {
                    message["id"]
                    for message in code_translations.get_web_translations(module, "de_DE")[
                        "messages"
                    ]
                }
                lost = sorted(
                    source
                    for (ttype, _name, source, _value, comments) in self._terms(module)
                    if ttype == "code"
                    and source in german
                    and (
                        (PYTHON_TRANSLATION_COMMENT in comments and source not in python)
                        or (JAVASCRIPT_TRANSLATION_COMMENT in comments and source not in web)
                    )
                )
                self.assertFalse(lost, f"{module}: German text not found at run time: {lost[:20]}")
