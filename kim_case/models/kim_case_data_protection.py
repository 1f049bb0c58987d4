from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.http import request

from ..rules import consent as rules
from ..trust import is_trusted, trusted
from .base import OVERVIEW_FIELDS

AUDITED_CHANGES_IGNORED = {"color", "activity_ids", "message_follower_ids", "message_ids"}


class KimCase(models.Model):
    """The data-protection side of a case: the client's declarations, the disclosures to
    third parties, the audit log and the anonymisation after withdrawal or retention."""

    _inherit = "kim.case"

    consent_ids = fields.One2many("kim.consent", "case_id", "Consents and waivers")
    disclosure_ids = fields.One2many("kim.disclosure", "case_id", "Disclosures")
    audit_log_ids = fields.Many2many(
        "kim.audit.log",
        "kim_audit_log_case_rel",
        "case_id",
        "log_id",
        "Audit log",
        readonly=True,
        help="The entries about this case, alone or among others.",
    )
    consent_given = fields.Boolean(
        "Consent to data processing given",
        compute="_compute_consent_state",
        store=True,
        help="The client signed the consent to the processing of their personal data and "
        "has not withdrawn it.",
    )
    consent_state = fields.Selection(
        [
            ("missing", "Missing"),
            (rules.DRAFT, "Draft"),
            (rules.GIVEN, "Given"),
            (rules.WITHDRAWN, "Withdrawn"),
            (rules.EXPIRED, "Expired"),
        ],
        "Consent",
        compute="_compute_consent_state",
        store=True,
    )
    # Computed over all the case's consents, without asking their rules again: they are
    # the case's rules, so whoever reads the case gets the same answer.
    waiver_category_ids = fields.Many2many(
        "kim.recipient.category",
        compute="_compute_waiver_categories",
        compute_sudo=True,
        string="Released towards",
        help="The recipient categories towards which a given waiver releases the case "
        "managers from confidentiality today.",
    )
    retention_hold = fields.Boolean(
        "Hold against deletion",
        tracking=True,
        help="A held case is not anonymised when its retention period ends, e.g. during "
        "legal proceedings.",
    )
    retention_hold_reason = fields.Text("Reason for the hold", tracking=True)
    retention_due_date = fields.Date(
        "Anonymised from",
        compute="_compute_retention_due_date",
        store=True,
        index=True,
        help="The day the retention period of the closed case ends.",
    )
    is_anonymised = fields.Boolean("Anonymised", readonly=True, index=True, copy=False)
    date_anonymised = fields.Date("Anonymised on", readonly=True, copy=False)
    anonymised_reason = fields.Selection(
        [("withdrawal", "Consent withdrawn"), ("retention", "Retention period ended")],
        "Anonymised because",
        readonly=True,
        copy=False,
    )

    @api.depends("consent_ids.state", "consent_ids.kind")
    def _compute_consent_state(self):
        order = (rules.GIVEN, rules.DRAFT, rules.EXPIRED, rules.WITHDRAWN)
        for case in self:
            states = set(
                case.consent_ids.filtered(lambda c: c.kind == rules.PROCESSING).mapped("state")
            )
            case.consent_state = next((s for s in order if s in states), "missing")
            case.consent_given = case.consent_state == rules.GIVEN

    @api.depends("consent_ids.state", "consent_ids.category_id")
    def _compute_waiver_categories(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.waiver_category_ids = case.consent_ids.filtered(
                lambda c: (
                    c.kind == rules.WAIVER
                    and rules.covers(c._declaration(), today, c.category_id.id)
                )
            ).category_id

    @api.depends("state", "date_closed", "municipality_id.retention_years")
    def _compute_retention_due_date(self):
        for case in self:
            closed = case.state == "closed" and case.date_closed
            case.retention_due_date = (
                rules.retention_end(closed, case.municipality_id.retention_years) or False
            )

    @api.constrains("retention_hold", "retention_hold_reason")
    def _check_retention_hold_reason(self):
        for case in self:
            if case.retention_hold and not (case.retention_hold_reason or "").strip():
                raise ValidationError(
                    self.env._("Give the reason why case %s is held against deletion.", case.name)
                )

    # Audit ---------------------------------------------------------------------------------------

    def _kim_audit(self, action, detail=None):
        return self.env["kim.audit.log"]._log(self, action, detail)

    # Opening a case (its form, or read and search_read of more than its name) is logged
    # once, for the cases the call was made for; lists, kanban cards, groupings and
    # drop-downs are logged only when they show special categories (base._read_format),
    # with one entry per request. What a route reads itself on the way (the rows of a
    # list, the cases of the household shown in a form) is part of it, not an opening.
    # All of these stay read-only routes: kim.audit.log writes its entries after a
    # read-only transaction, on a cursor of its own.

    def _kim_log_opening(self, fnames, records):
        """Logs that the user opened ``records`` by reading ``fnames`` of them."""
        if (
            records
            and not self.env.su
            and not is_trusted(self, "kim_audit_nested")
            and not set(fnames) <= OVERVIEW_FIELDS
            and _requested_model() in (None, self._name)
        ):
            records._kim_audit("read")

    def _kim_nested(self):
        return trusted(self, "kim_audit_nested")

    @api.readonly
    def web_read(self, specification):
        result = super(KimCase, self._kim_nested()).web_read(specification)
        self._kim_log_opening(specification, _read_records(self, result))
        return result

    @api.readonly
    def read(self, fields=None, load="_classic_read"):
        result = super(KimCase, self._kim_nested()).read(fields, load)
        self._kim_log_opening(fields or self._fields, _read_records(self, result))
        return result

    @api.model
    @api.readonly
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        result = super(KimCase, self._kim_nested()).search_read(
            domain, fields, offset, limit, order, **kwargs
        )
        self._kim_log_opening(fields or self._fields, _read_records(self, result))
        return result

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super(KimCase, self._kim_nested()).web_search_read(
            domain, specification, offset, limit, order, count_limit
        )

    @api.model
    @api.readonly
    def web_read_group(
        self, domain, groupby, aggregates=(), limit=None, offset=0, order=None, **kwargs
    ):
        # The cards of unfolded kanban columns are an overview, like a list.
        return super(KimCase, self._kim_nested()).web_read_group(
            domain, groupby, aggregates, limit, offset, order, **kwargs
        )

    @api.model
    @api.readonly
    def web_name_search(self, name, specification, domain=None, operator="ilike", limit=100):
        return super(KimCase, self._kim_nested()).web_name_search(
            name, specification, domain, operator, limit
        )

    @api.model_create_multi
    def create(self, vals_list):
        cases = super().create(vals_list)
        cases._kim_audit("create")
        return cases

    def write(self, vals):
        result = super().write(vals)
        changed = sorted(set(vals) - AUDITED_CHANGES_IGNORED)
        if changed:
            self._kim_audit("write", ", ".join(changed))
        return result

    # Withdrawal and retention --------------------------------------------------------------------

    def action_open_audit_log(self):
        """The case's audit log, opened without the reads (one per request, they would
        bury the changes): the filter "All but reads" is set and can be taken off, and
        the reads grouped by day and user."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Audit log of %s", self.name),
            "res_model": "kim.audit.log",
            "view_mode": "list,kanban,form",
            "mobile_view_mode": "kanban",
            "domain": [("case_ids", "in", self.id)],
            "context": {"search_default_not_read": 1},
        }

    @api.model
    def _kim_retention_due(self, today=None):
        """The closed cases whose retention period has ended and that are not held."""
        today = today or fields.Date.context_today(self)
        return self.sudo().search(
            [
                ("state", "=", "closed"),
                ("is_anonymised", "=", False),
                ("retention_hold", "=", False),
                ("retention_due_date", "<=", today),
            ],
            order="retention_due_date, id",
        )

    @api.model
    def _cron_retention(self):
        """Anonymises the closed cases whose retention period has ended, then purges the
        audit entries that have outlived the audit retention of their municipality."""
        due = self._kim_retention_due()
        if self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._commit_progress(remaining=len(due))
        self.env["kim.data.protection"]._anonymise_cases(due, "retention")
        today = fields.Date.context_today(self)
        cutoffs = {
            municipality.id: rules.retention_cutoff(today, municipality.audit_retention_years)
            for municipality in self.env["kim.municipality"].sudo().search([])
        }
        self.env["kim.audit.log"]._purge(cutoffs)
        return len(due)


def _read_records(records, result):
    """The records of ``records``' model that a read returned."""
    return records.browse([row["id"] for row in result if isinstance(row.get("id"), int)])


def _requested_model():
    """The model an RPC request was addressed to, None outside a request: a case read
    as part of another record (a contact's case) is not the opening of the case."""
    params = getattr(request, "params", None) if request else None
    return params.get("model") if isinstance(params, dict) else None
