from odoo import api, models
from odoo.exceptions import UserError


class KimCaseWorkMixin(models.AbstractModel):
    """The records of a case's counselling work: contacts, goals, measures and
    assessments. They are recorded, changed and deleted while the case is open; a closed
    case is reopened first, as its header buttons say, so that what was closed and
    evaluated stays as it was. The system's own runs (anonymisation, withdrawal,
    retention) work as the superuser and are not held."""

    _name = "kim.case.work.mixin"
    _description = "Record of a case's counselling work"

    def _kim_check_case_open(self):
        if self.env.su:
            return
        closed = self.sudo().case_id.filtered(lambda case: case.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "Case %s is closed: reopen it to record or change anything.", closed[0].name
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._kim_check_case_open()
        return records

    def write(self, vals):
        self._kim_check_case_open()
        return super().write(vals)

    def unlink(self):
        self._kim_check_case_open()
        return super().unlink()
