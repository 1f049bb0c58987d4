from odoo import api, models


class KimCaseWorkMixin(models.AbstractModel):
    """The records of a case's counselling work: contacts, goals, measures and
    assessments. They are recorded, changed and deleted while the case is open
    (kim.case._kim_check_open, which the case's buttons that record work ask too). The
    system's own runs (anonymisation, withdrawal, retention) work as the superuser and
    are not held."""

    _name = "kim.case.work.mixin"
    _description = "Record of a case's counselling work"

    def _kim_check_case_open(self):
        if self.env.su:
            return
        self.sudo().case_id._kim_check_open()

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
