"""Pytest plugin for the plain-Python rules of the KIM addons.

Each addon's ``rules`` package is free of Odoo imports. Importing it as ``kim_case.rules``
would run the addon's ``__init__`` (which imports the models and so Odoo); this plugin
registers every addon as a bare namespace first, so ``kim_case.rules`` imports nothing else.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    for rules in sorted(ROOT.glob("kim_*/rules/__init__.py")):
        addon_dir = rules.parent.parent
        module = types.ModuleType(addon_dir.name)
        module.__path__ = [str(addon_dir)]
        sys.modules.setdefault(addon_dir.name, module)
    sys.modules["odoo"] = None  # any import of Odoo from a rule fails loudly
