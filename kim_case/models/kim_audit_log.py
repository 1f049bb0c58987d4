import functools

from odoo import SUPERUSER_ID, api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL, OrderedSet

from ..trust import is_trusted

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
# Where a transaction keeps the entries it has still to write, in the data of the
# cursor's pre-commit (read/write cursor) or post-commit (read-only cursor) callbacks:
# a rollback clears them with the callbacks, so a retried request starts afresh.
BUFFER = "kim_case.audit_log"
DETAIL_SIZE = 250


class KimAuditLog(models.Model):
    """Who read, changed, exported, printed or disclosed which cases, and when.

    Append-only: entries are written by the system on behalf of the acting user; nobody
    can change or delete them, not from the interface, not over RPC, not as administrator.
    Only the retention run of the municipality purges entries that have outlived their
    period. Entries name the cases by their reference and never hold the client's data.

    One entry per request and kind of access: what a transaction logs is collected and
    written once, at its end, as one row per user, action and detail (reads: one row for
    everything read, with the fields shown). On a read/write cursor the row goes into the
    same transaction; a read-only request (served by a replica) never writes in its own
    cursor: its rows are written after it, on a cursor of the primary database."""

    _name = "kim.audit.log"
    _description = "KIM audit log entry"
    _order = "id desc"
    _log_access = False

    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    case_id = fields.Many2one(
        "kim.case",
        readonly=True,
        index=True,
        ondelete="set null",
        help="The case, when the entry is about exactly one.",
    )
    case_ids = fields.Many2many(
        "kim.case",
        "kim_audit_log_case_rel",
        "log_id",
        "case_id",
        "Cases",
        readonly=True,
        help="Every case the entry is about.",
    )
    case_ref = fields.Char("Case reference", required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        "Provider",
        readonly=True,
        index=True,
        help="The provider of the cases, when they all have the same.",
    )
    municipality_id = fields.Many2one(
        "kim.municipality",
        readonly=True,
        index=True,
        help="The municipality of the cases, when they all have the same.",
    )
    action = fields.Selection(ACTIONS, required=True, readonly=True, index=True)
    detail = fields.Char(readonly=True, help="What was read, changed or handed on.")

    # Logging -------------------------------------------------------------------------------------

    @api.model
    def _log(self, cases, action, detail=None):
        """Logs ``action`` on ``cases`` for the current user. The entry is written at the
        end of the transaction, merged with the other entries of the same user, action
        and detail (see ``_log_read`` for reads). Only server code can skip it
        (anonymisation writes its own single entry); no caller's context can."""
        self._kim_buffer_add(cases, action, detail=detail)
        return self.browse()

    @api.model
    def _log_read(self, cases, names=(), how=None):
        """Logs that the current user read ``cases``: opened them, or saw the fields
        ``names`` of them (``how``: searched, counted, grouped by them). All reads of a
        transaction make one entry that lists the fields."""
        self._kim_buffer_add(cases, "read", shown=(how, names))

    def _kim_buffer_add(self, cases, action, detail=None, shown=None):
        if not cases or is_trusted(self, "kim_audit_skip"):
            return
        ids = [id_ for id_ in cases._ids if isinstance(id_, int)]
        if not ids:
            return
        if action == "read":
            key = (self.env.uid, action)
        else:
            key = (self.env.uid, action, detail and detail[:DETAIL_SIZE])
        buffer = self._kim_buffer()
        entry = buffer.get(key)
        if entry is None:
            entry = buffer[key] = {
                "date": fields.Datetime.now(),
                "user_id": self.env.uid,
                "action": action,
                "detail": key[2] if len(key) > 2 else None,
                "fields": {},
                "case_ids": OrderedSet(),
                "first_ref": self.env["kim.case"].sudo().browse(ids[0]).name,
                "lang": self.env.lang,
            }
        entry["case_ids"].update(ids)
        # The cases' lists of entries are read again, which writes what is pending (the
        # public invalidation would flush the log, i.e. write it at once).
        self.env["kim.case"]._fields["audit_log_ids"]._invalidate_cache(self.env, ids)
        if shown:
            how, names = shown
            entry["fields"].setdefault(how, set()).update(names)

    @api.model
    def _kim_buffer(self):
        """The entries of this transaction still to write, by (user, action[, detail]).
        The first entry registers the hook that writes them: before the commit on a
        read/write cursor, after it on a read-only one."""
        cr = self.env.cr
        callbacks = cr.postcommit if cr.readonly else cr.precommit
        buffer = callbacks.data.get(BUFFER)
        if buffer is None:
            buffer = callbacks.data[BUFFER] = {}
            if cr.readonly:
                callbacks.add(functools.partial(_write_after_commit, self.env.registry, buffer))
            else:
                callbacks.add(functools.partial(self._kim_write_before_commit, buffer))
        return buffer

    def _kim_write_buffer(self, buffer):
        """Writes the entries of ``buffer`` in this transaction and empties it."""
        entries = list(buffer.values())
        buffer.clear()
        if entries:
            self.env(context={}, su=True)["kim.audit.log"]._kim_create(entries)

    def _kim_write_before_commit(self, buffer):
        """Pre-commit hook of a read/write transaction."""
        self._kim_write_buffer(buffer)
        self.env.flush_all()

    @api.model
    def _kim_write_pending(self):
        """Writes what this transaction logged so far, when it may write (read/write
        cursor): whoever consults the log sees it complete."""
        if not self.env.cr.readonly:
            buffer = self.env.cr.precommit.data.get(BUFFER)
            if buffer:
                self._kim_write_buffer(buffer)

    # Whoever consults the log in the transaction that logged sees its entries: the ORM
    # flushes the model before a query names its fields, and searches it (also for the
    # entries of a case) through _search.

    @api.private
    def flush_model(self, fnames=None):
        self._kim_write_pending()
        return super().flush_model(fnames)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        self._kim_write_pending()
        return super()._search(domain, offset, limit, order, **kwargs)

    @api.model
    def _kim_case_frames(self, case_ids):
        """{case id: (provider id, municipality id)}. What the request has read already
        comes from the ORM's cache (a form, a list); the rest from one query, without
        loading it into the cache: a Land's annual report counts half a million cases.
        Cases deleted since are missing and named by their reference only."""
        fields = self.env["kim.case"]._fields
        companies = fields["company_id"]._get_cache(self.env)
        municipalities = fields["municipality_id"]._get_cache(self.env)
        frame, rest = {}, []
        for id_ in case_ids:
            if id_ in companies and id_ in municipalities:
                frame[id_] = (companies[id_], municipalities[id_])
            else:
                rest.append(id_)
        if rest:
            self.env["kim.case"].flush_model(["company_id", "municipality_id"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT id, company_id, municipality_id FROM kim_case WHERE id = ANY(%s)",
                    rest,
                )
            )
            frame.update((id_, (company, municipality)) for id_, company, municipality in rows)
        return frame

    @api.model
    def _kim_create(self, entries):
        """Creates one row per buffered entry with its cases, in one statement each: every
        request that opens a case writes one, and the ORM's create would cost the request
        more than the case's own rules. Cases deleted since they were logged stay named in
        the reference."""
        all_ids = list(OrderedSet(id_ for entry in entries for id_ in entry["case_ids"]))
        frame = self._kim_case_frames(all_ids)
        cases = self._fields["case_ids"]
        actions = self._fields["action"].get_values(self.env)
        created = []
        for entry in entries:
            if entry["action"] not in actions:
                raise ValueError(f"Unknown action of the audit log: {entry['action']!r}")
            ids = [id_ for id_ in entry["case_ids"] if id_ in frame]
            companies = {frame[id_][0] for id_ in ids}
            municipalities = {frame[id_][1] for id_ in ids}
            in_lang = self.with_context(lang=entry["lang"])
            rows = self.env.execute_query(
                SQL(
                    """WITH entry AS (
                           INSERT INTO %(table)s (date, user_id, case_id, case_ref, company_id,
                                                  municipality_id, action, detail)
                           VALUES (%(date)s, %(user)s, %(case)s, %(ref)s, %(company)s,
                                   %(municipality)s, %(action)s, %(detail)s)
                           RETURNING id),
                       cases AS (
                           INSERT INTO %(relation)s (%(entry_column)s, %(case_column)s)
                           SELECT entry.id, unnest(%(cases)s::int[]) FROM entry)
                       SELECT id FROM entry""",
                    table=SQL.identifier(self._table),
                    relation=SQL.identifier(cases.relation),
                    entry_column=SQL.identifier(cases.column1),
                    case_column=SQL.identifier(cases.column2),
                    date=entry["date"],
                    user=entry["user_id"],
                    case=ids[0] if len(entry["case_ids"]) == 1 and ids else None,
                    ref=in_lang._kim_case_ref(entry),
                    company=companies.pop() if len(companies) == 1 else None,
                    municipality=municipalities.pop() if len(municipalities) == 1 else None,
                    action=entry["action"],
                    detail=_detail(entry, in_lang._kim_labels()) or None,
                    cases=ids,
                )
            )
            created.append(rows[0][0])
        # what the ORM's create would have added to the cases' lists of entries
        self.env["kim.case"].browse(all_ids).invalidate_recordset(["audit_log_ids"], flush=False)
        return self.browse(created)

    @api.model
    @tools.ormcache("self.env.lang")
    def _kim_labels(self):
        """The labels of the special categories, in the language of the context: the
        entries name what was read as the user saw it, not by technical names. Kept in the
        registry's cache, which a change of a field's label clears."""
        labels = {}
        for model_name in self.env.registry:
            model = self.env[model_name]
            if model._abstract or not model_name.startswith("kim."):
                continue
            for name in model._kim_field_kinds()[2]:
                labels.setdefault(name, model._fields[name]._description_string(self.env))
        return tools.frozendict(labels)

    @api.depends("action", "case_ref")
    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for entry in self:
            entry.display_name = f"{actions.get(entry.action, '')} · {entry.case_ref or ''}"

    @api.model
    def _kim_case_ref(self, entry):
        others = len(entry["case_ids"]) - 1
        if not others:
            return entry["first_ref"]
        return self.env._(
            "%(reference)s and %(count)s more", reference=entry["first_ref"], count=others
        )

    # Append-only ---------------------------------------------------------------------------------

    # The system writes entries by SQL (_kim_create); nobody creates them, not even sudo code.
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        raise AccessError(self.env._("The audit log is written by the system only."))

    # Not even sudo code may rewrite history: there is no super() to reach.
    def write(self, vals):  # pylint: disable=method-required-super
        raise AccessError(self.env._("The audit log cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise AccessError(self.env._("The audit log cannot be deleted."))

    def _kim_audit_cases(self):
        # Exporting entries is logged for the cases they are about.
        return self.sudo().case_ids.sudo(False)

    @api.model
    def _purge(self, cutoffs):
        """Deletes the entries older than their municipality's audit retention.
        ``cutoffs`` maps municipality ids to the first day to keep; entries about cases
        of several municipalities keep the longest retention of all."""
        self._kim_write_pending()
        self.env.flush_all()
        for municipality_id, cutoff in cutoffs.items():
            self.env.cr.execute(
                "DELETE FROM kim_audit_log WHERE municipality_id = %s AND date < %s",
                (municipality_id, cutoff),
            )
        if cutoffs:
            self.env.cr.execute(
                "DELETE FROM kim_audit_log WHERE municipality_id IS NULL AND date < %s",
                (min(cutoffs.values()),),
            )
        self.invalidate_model()


def _detail(entry, labels):
    """The entry's detail: for reads, the fields shown (and searched, counted or grouped
    by), by their labels; otherwise what the caller logged."""
    if entry["action"] != "read":
        return entry["detail"] or False
    parts = []
    for how, names in sorted(entry["fields"].items(), key=lambda item: item[0] or ""):
        if names:
            listed = ", ".join(sorted(labels.get(name, name) for name in names))
            parts.append(f"{how}: {listed}" if how else listed)
    return "; ".join(parts)[:DETAIL_SIZE] or False


def _write_after_commit(registry, buffer):
    """Post-commit hook of a read-only transaction: writes its entries on a cursor of
    the primary database (as res.device does for the devices of read-only requests)."""
    if not buffer:
        return
    entries = list(buffer.values())
    buffer.clear()
    with registry.cursor() as cr:
        api.Environment(cr, SUPERUSER_ID, {})["kim.audit.log"]._kim_create(entries)
