from odoo import models

from .base import is_guarded_model, missing_error


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """A client or KIM record the user may not read answers exactly like a missing one:
        ids cannot be probed, and no message names a foreign client or provider (Odoo's
        own message shows the record's name in debug mode and hints at its company)."""
        if is_guarded_model(records._name) and (
            operation == "read" or records._filtered_access("read") != records
        ):
            return missing_error(records)
        return super()._make_access_error(operation, records)
