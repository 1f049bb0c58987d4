from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..trust import is_trusted, trusted

ACTIONS = [
    ("read", "Read"),
    ("create", "Created"),
    ("write", "Changed"),
    ("export", "Exported"),
    ("print", "Printed"),
    ("disclose", "Disclosed"),
    ("consent", "Consent recorded"),
    ("withdraw", "Withdrawn"),
    ("anonymise", "Anonymised"),
    ("transfer", "Transfer"),
]


class KimAuditLog(models.Model):
    """Who read, changed, exported, printed or disclosed which case, and when.

    Append-only: entries are written by the system on behalf of the acting user; nobody
    can change or delete them, not from the interface, not over RPC, not as administrator.
    Only the retention run of the municipality purges entries that have outlived their
    period. Entries name the case by its reference and never hold the client's data."""

    _name = "kim.audit.log"
    _description = "KIM audit log entry"
    _order = "id desc"
    _log_access = False

    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    case_id = fields.Many2one("kim.case", readonly=True, index=True, ondelete="set null")
    case_ref = fields.Char("Case reference", required=True, readonly=True)
    company_id = fields.Many2one("res.company", "Provider", readonly=True, index=True)
    municipality_id = fields.Many2one("kim.municipality", readonly=True, index=True)
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    detail = fields.Char(readonly=True)

    @api.model
    def _log(self, cases, action, detail=None):
        """Appends one entry per case for the current user. Only server code can skip
        it (anonymisation writes its own single entry); no caller's context can."""
        if not cases or is_trusted(self, "kim_audit_skip"):
            return self.browse()
        now = fields.Datetime.now()
        user_id = self.env.uid
        vals_list = [
            {
                "date": now,
                "user_id": user_id,
                "case_id": case.id,
                "case_ref": case.name,
                "company_id": case.company_id.id,
                "municipality_id": case.municipality_id.id,
                "action": action,
                "detail": detail and detail[:250],
            }
            for case in cases.sudo()
        ]
        return trusted(self.sudo(), "kim_audit_append").create(vals_list)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self, "kim_audit_append"):
            raise AccessError(self.env._("The audit log is written by the system only."))
        return super().create(vals_list)

    # Not even sudo code may rewrite history: there is no super() to reach.
    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(self.env._("The audit log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("The audit log cannot be deleted."))

    @api.model
    def _purge(self, cutoffs):
        """Deletes the entries older than their municipality's audit retention.
        ``cutoffs`` maps municipality ids to the first day to keep."""
        self.env.flush_all()
        for municipality_id, cutoff in cutoffs.items():
            self.env.cr.execute(
                "DELETE FROM kim_audit_log WHERE municipality_id = %s AND date < %s",
                (municipality_id, cutoff),
            )
        self.invalidate_model()
