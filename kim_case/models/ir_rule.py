from odoo import models

from ..rules import visibility
from .base import is_guarded_model, missing_error

COORDINATOR = "kim_case.group_kim_coordinator"
CASE_MANAGER = "kim_case.group_kim_case_manager"


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _eval_context(self):
        """Every KIM rule names its cases by these values (rules/visibility.py), computed
        once per user and provider selection: the rules' domains are cached with exactly
        those keys, and a change of a user's municipalities or of the districts' towns
        clears that cache."""
        context = super()._eval_context()
        user = self.env.user.sudo()
        municipality_ids = set(user._kim_coordinated_municipality_ids())
        company_ids = context["company_ids"]
        context.update(
            kim_municipality_ids=sorted(municipality_ids),
            kim_own_cases=visibility.own_cases(user.id, company_ids),
            kim_municipality_cases=visibility.municipality_cases(municipality_ids),
        )
        roles = {
            "case_manager": user.has_group(CASE_MANAGER),
            "coordinator": user.has_group(COORDINATOR),
        }
        context.update(
            kim_visible_persons=visibility.visible_persons(user.id, municipality_ids, **roles),
        )
        return context

    def _make_access_error(self, operation, records):
        """A client or KIM record the user may not read answers exactly like a missing one:
        ids cannot be probed, and no message names a foreign client or provider (Odoo's
        own message shows the record's name in debug mode and hints at its company)."""
        if is_guarded_model(records._name) and (
            operation == "read" or records._filtered_access("read") != records
        ):
            return missing_error(records)
        return super()._make_access_error(operation, records)
