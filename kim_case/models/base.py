"""What every model inherits from KIM: the checks that make every value a client sends
over RPC count as hostile.

- References. A user may put into a relational field only records they may read
  themselves: a client (``res.partner``) or any KIM record. Otherwise a case manager could
  point a record of their own at another provider's client and read that client through
  display names, related fields or address sync. Checked on create and write of every
  model, for every relational field whose target is guarded. A relational field KIM
  defines with a fixed domain takes only records of that domain (an institution is a
  network actor, never a client), whatever the client sends.
- Workflow and immutable fields of KIM models and of the fields KIM adds to platform
  models. Workflow fields (``state``, every stored
  read-only field, plain or computed, and fields marked ``kim_workflow=True``) are set by
  the server only: a client may neither create a record with them nor write them.
  Immutable fields (the ``case_id`` a record hangs on, the stored ``company_id``, stored
  related fields and fields marked ``kim_immutable=True``) are set on create and never
  change. The action that changes them raises ``trust.allow(records, *fields)``.
- Special categories (Art. 9 GDPR). Fields marked ``kim_special=True`` are logged in the
  audit log whenever a user reads them, filters on them, counts by them or groups by them,
  whatever the route (``read``, ``search_read``, ``web_search_read``, ``web_read``,
  ``search_count``, read_group): one entry per request for all the records it showed.
  The routes stay read-only (a replica serves them); the entry is written after them.
- No probing. Lists of guarded records in a read show only those the viewer may read; a
  guarded record that does not exist answers like one the viewer may not see. Grouping by
  a field needs the right to read it.
- Changes and exports of KIM records are logged for the cases they belong to.

The superuser (server code running ``sudo()``) is not checked: a client cannot become
it. Server code that writes on behalf of a client with ``sudo()`` passes the client's
values through ``_kim_check_delegated_values`` first.
"""

import functools
import itertools

from odoo import Command, api, models
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.fields import Domain
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.orm.domains import DomainBool, DomainNary, DomainNot, DomainOr
from odoo.tools import SQL, OrderedSet, Query
from odoo.tools.translate import get_translation

from ..trust import allowed_fields

# kim_special: a special category (Art. 9 GDPR), audited on every read.
# kim_workflow / kim_immutable: see the module docstring (True or False overrides the default).
# kim_sudo_reason: why a related field may read as superuser (see test_guards).
# kim_kept: a fact that stays when the client's data is anonymised (kim_data_protection.KEPT,
# for the fields of other addons).
FIELD_PARAMETERS = {
    "kim_special",
    "kim_workflow",
    "kim_immutable",
    "kim_sudo_reason",
    "kim_kept",
}
RELATIONAL = ("many2one", "many2many", "one2many")
ANY_OPERATORS = ("any", "not any", "any!", "not any!")
# The fields that every list and drop-down shows; reading them alone is not "reading a case".
OVERVIEW_FIELDS = {"id", "display_name", "name"}
# Kanban columns ranked at once (Base._kim_rank_openings).
RANKED_FIELD_TYPES = ("many2one", "selection")
# Ranking reads every record of the columns; beyond this many, the searches per column,
# which stop at their first cards along an index of the order, cost less.
RANKED_MAX_RECORDS = 2000


def is_guarded_model(model_name):
    """Models whose records a user may reference only when they may read them."""
    return model_name == "res.partner" or model_name.startswith("kim.")


def rules_in_database(model_name):
    """Models whose record rules are asked of the database for records a request already
    holds (see _check_access): the guarded ones, and the users every case shows (its case
    manager, substitutes and authors), whose rules test companies and partners that the
    platform would otherwise load one relation at a time."""
    return is_guarded_model(model_name) or model_name == "res.users"


def is_kim_model(model_name):
    return model_name.startswith("kim.")


def is_kim_field(field):
    """Whether a KIM addon defined the field (also on a platform model)."""
    return (field._module or "").startswith("kim_")


# A stamp taken by every create, write and unlink of this process (see Admitted).
_STAMPS = itertools.count(1)
_last_change = 0


def _changed():
    global _last_change  # one number for the process, set atomically
    _last_change = next(_STAMPS)


class Admitted:
    """The ids of one model that a search under a user's read rules has just returned
    together with their fields (``search_read``, ``web_search_read``): reading those
    fields back in the same call needs no second check of the same rules. It travels in
    the records' context, where no client can put one: JSON has no such value.

    It holds only while nothing changed since the search: a create, write or unlink (a
    new case manager, a transfer, a changed rule or group) may have changed what the
    rules let the user read, and the records are checked again."""

    __slots__ = ("ids", "model", "stamp", "uid")

    def __init__(self, records):
        self.model, self.uid, self.ids = records._name, records.env.uid, frozenset(records._ids)
        self.stamp = _last_change

    def covers(self, records, operation):
        return (
            operation == "read"
            and self.stamp == _last_change
            and self.model == records._name
            and self.uid == records.env.uid
            and self.ids.issuperset(records._ids)
        )


# Rows of guarded models that a query under the user's read rules returned in this
# transaction (see Base._fetch_query), kept in the cursor's cache, which the rollback of
# the transaction or to a savepoint clears with the ORM's cache (a savepoint taken without
# flushing leaves both as they were: whoever rolls back to one invalidates them).
ADMITTED_ROWS = "kim_case.admitted_rows"
ADMITTED_MAX = 10000


def _settled(env):
    """The change stamp, when the transaction has nothing left to compute or to write, so
    that what a query answers now is what the rules see (the platform does not store the
    computed tables of who may see a person before a search); None otherwise."""
    transaction = env.transaction
    if any(transaction.tocompute.values()) or any(transaction.field_dirty.values()):
        return None
    return _last_change


def _admit(records, stamp):
    """Takes note of ``records`` as let through by the user's read rules in a query run at
    ``stamp`` (see _settled), if nothing changed since; ten thousand at most: a report
    over half a million cases would keep their ids for nothing."""
    if stamp is not None and stamp == _last_change and len(records) <= ADMITTED_MAX:
        _admitted_rows(records).update(records._ids)


def _admitted_rows(records):
    """The ids of ``records``' model that the user's read rules let through in this
    transaction since the last change, in the rules' present scope (user and companies:
    what the rules' own cache is keyed by)."""
    key = _rules_scope(records)
    store = records.env.cr.cache.setdefault(ADMITTED_ROWS, {})
    stamp, ids = store.get(key, (None, None))
    if stamp != _last_change:
        ids = set()
        store[key] = (_last_change, ids)
    return ids


def _rules_scope(model):
    """What the user's rules on ``model`` depend on, as their own cache keys it: the model,
    the user and the provider selection."""
    scope = tuple(model.env["ir.rule"]._compute_domain_context_values())
    return (model._name, model.env.uid, scope)


# The users' read rules on each model as a search applies them, fully optimised (see
# _read_rules), kept in the cursor's cache like ADMITTED_ROWS (and like them left as they
# are by the rollback to a savepoint taken without flushing).
READ_RULES = "kim_case.read_rules"


def _read_rules(model):
    """The read rules of ``model``'s user as one domain, optimised the way the platform's
    ``_search`` does it before each query: as the superuser, with archived records. That
    optimisation resolves hierarchies (the platform's partner rule asks for the parents of
    the user's companies) and runs the search methods of computed fields the rules name; a
    case form has it done some forty times. It is done once per transaction here, again
    after any change (_last_change) and whenever the rules' own cache key (user, companies)
    or the language and time zone change."""
    context = model.env.context
    key = (*_rules_scope(model), context.get("lang"), context.get("tz"))
    store = model.env.cr.cache.setdefault(READ_RULES, {})
    stamp, domain = store.get(key, (None, None))
    if stamp != _last_change:
        # the stamp before the work: a change while optimising makes the next search redo it
        stamp = _last_change
        domain = model.env["ir.rule"]._compute_domain(model._name, "read")
        domain = domain.optimize_full(model.sudo().with_context(active_test=False))
        if not _holds_query(domain):
            store[key] = (stamp, domain)
    return domain


def _holds_query(domain):
    """Whether a condition of ``domain``, or of a domain it nests, compares with a Query
    (what some search methods return): the platform completes such a query in place when
    it makes SQL of it, so that a domain holding one is used once only."""
    for condition in Domain(domain).iter_conditions():
        if isinstance(condition.value, Query):
            return True
        if isinstance(condition.value, Domain) and _holds_query(condition.value):
            return True
    return False


class Base(models.AbstractModel):
    _inherit = "base"

    # Searches under the read rules -----------------------------------------------------------

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False
    ):
        # The platform's search, with its read rules taken from _read_rules instead of
        # optimised anew for every query: same access check first, same rules, applied as
        # the same condition on the same query.
        if self.env.su or bypass_access:
            return super()._search(
                domain, offset, limit, order, active_test=active_test, bypass_access=bypass_access
            )
        self.browse().check_access("read")
        rules = _read_rules(self)
        if rules.is_false():
            return self.browse()._as_query()
        query = super()._search(
            domain, offset, limit, order, active_test=active_test, bypass_access=True
        )
        if not rules.is_true() and not query.is_empty():
            model = self.sudo().with_context(active_test=False)
            query.add_where(rules._to_sql(model, self._table, query))
        return query

    def _valid_field_parameter(self, field, name):
        return name in FIELD_PARAMETERS or super()._valid_field_parameter(field, name)

    # Field groups ------------------------------------------------------------------------------

    @api.model
    def _has_field_access(self, field, operation):
        # The platform asks the user's groups each time a value of a field with groups is
        # read, per record: six times per kanban card for the activity fields alone. The
        # answer is the same for the same groups of the user, so it is kept with them.
        # "base.group_no_one" depends on the request's debug mode and is asked each time.
        # Every value read by a user passes here, most of them of fields without groups.
        if not field.groups:
            return True
        if not self.env.su and "base.group_no_one" not in field.groups:
            return self.env.user._kim_in_groups(field.groups)
        return super()._has_field_access(field, operation)

    # Which fields are guarded ------------------------------------------------------------------

    @api.model
    def _kim_field_kinds(self):
        """``(workflow, immutable, special)`` field names of this model, computed once per
        registry class."""
        cls = type(self)
        kinds = cls.__dict__.get("_kim_field_kinds_cache")
        if kinds is None:
            workflow, immutable, special = set(), set(), set()
            for name, field in self._fields.items():
                if name in LOG_ACCESS_COLUMNS or name == "id":
                    continue
                # KIM models, and the fields KIM adds to the platform's (the stored
                # visibility relations of a contact are as much server state as a case's).
                kim = is_kim_model(self._name) or is_kim_field(field)
                if getattr(field, "kim_special", False):
                    special.add(name)
                marked = getattr(field, "kim_workflow", None)
                if marked or (
                    marked is None
                    and kim
                    and field.store
                    and not field.related
                    and (name == "state" or (field.readonly and not field.inverse))
                    and not (field.compute and not field.readonly)
                ):
                    workflow.add(name)
                    continue
                # A mark reaches the fields related to the marked one too; they store nothing.
                marked = getattr(field, "kim_immutable", None)
                if (marked and field.store) or (
                    marked is None
                    and kim
                    and field.store
                    and (
                        (field.related and field.readonly)
                        or (
                            not field.compute
                            and (
                                (name == "case_id" and field.comodel_name == "kim.case")
                                or name == "company_id"
                            )
                        )
                    )
                ):
                    immutable.add(name)
            kinds = (frozenset(workflow), frozenset(immutable), frozenset(special))
            cls._kim_field_kinds_cache = kinds
        return kinds

    # Create and write ---------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        _changed()
        if not self.env.su:
            self._kim_check_client_values(self._kim_with_context_defaults(vals_list), creating=True)
        records = super().create(vals_list)
        _changed()
        return records

    def _kim_with_context_defaults(self, vals_list):
        """The values a create writes from the client: those it sent and those its context
        names as ``default_<field>`` (the context is the caller's as much as the values)."""
        defaults = {
            key[len("default_") :]: value
            for key, value in self.env.context.items()
            if key.startswith("default_") and key[len("default_") :] in self._fields
        }
        if not defaults:
            return vals_list
        return [{**defaults, **vals} for vals in vals_list]

    def write(self, vals):
        _changed()
        if not self.env.su:
            self._kim_check_client_values([vals], creating=False)
        result = super().write(vals)
        _changed()
        if not self.env.su and is_kim_model(self._name) and self._name != "kim.case":
            # A change of what hangs on a case is a change of the case (kim.case logs its
            # own writes).
            cases = self._kim_audit_cases()
            if cases:
                cases._kim_audit("write", f"{self._description}: {', '.join(sorted(vals))}")
        return result

    def unlink(self):
        _changed()
        result = super().unlink()
        _changed()
        return result

    def _kim_check_client_values(self, vals_list, creating):
        workflow, immutable, _special = self._kim_field_kinds()
        guarded = workflow if creating else workflow | immutable
        if guarded:
            self._kim_check_guarded_fields(vals_list, guarded - allowed_fields(self), creating)
        self._kim_check_references(vals_list, creating)

    def _kim_check_guarded_fields(self, vals_list, guarded, creating):
        """Refuses values for workflow and immutable fields, unless they change nothing
        (the default on create, the current value on write)."""
        names = set().union(*vals_list) & guarded
        if not names:
            return
        # The defaults of the model, not those a caller's context sets (hence a context
        # without the default_ keys, not one with them changed).
        own = {k: v for k, v in self.env.context.items() if not k.startswith("default_")}
        model = self.with_context(own)  # pylint: disable=context-overridden
        defaults = model.default_get(list(names)) if creating else {}
        for name in names:
            field = self._fields[name]
            for vals in vals_list:
                if name not in vals:
                    continue
                value = normalise(field, vals[name], self)
                if creating:
                    unchanged = value == normalise(field, defaults.get(name, False), self)
                else:
                    unchanged = all(
                        normalise(field, record[name], record) == value for record in self.sudo()
                    )
                if not unchanged:
                    raise AccessError(
                        self.env._(
                            "“%(field)s” of %(model)s is set by its action only, not directly.",
                            field=field._description_string(self.env),
                            # The model's name in the reader's language, as a field's label.
                            model=self.env["ir.model"].sudo()._get(self._name).name,
                        )
                    )

    def _kim_check_references(self, vals_list, creating):
        """Refuses references to guarded records the user may not read (or that do not
        exist: both answer the same, so that ids cannot be probed)."""
        wanted, restricted = {}, {}
        for vals in vals_list:
            for name, value in vals.items():
                field = self._fields.get(name)
                if field is None or field.type not in RELATIONAL:
                    continue
                guarded = is_guarded_model(field.comodel_name)
                domain = _static_domain(self, field)
                if not guarded and not domain:
                    continue
                ids = _referenced_ids(value)
                if ids and not creating:
                    ids -= set(self.sudo()[name].ids)
                if ids and guarded:
                    wanted.setdefault(field, set()).update(ids)
                if ids and domain:
                    restricted.setdefault(field, set()).update(ids)
        for field, ids in wanted.items():
            records = self.env[field.comodel_name].browse(ids)
            usable = records.exists()._filtered_access("read")
            if len(usable) < len(ids):
                raise AccessError(
                    self.env._(
                        "“%(field)s”: the record does not exist or you may not use it.",
                        field=field._description_string(self.env),
                    )
                )
        for field, ids in restricted.items():
            # The choices a KIM field offers are the only ones it takes: a network actor
            # stays an actor, a staff member a staff member, whatever a client sends.
            comodel = self.env[field.comodel_name].sudo().with_context(active_test=False)
            found = comodel.search_count(Domain("id", "in", list(ids)) & Domain(field.domain))
            if found < len(ids):
                raise ValidationError(
                    self.env._(
                        "“%(field)s”: this record cannot be chosen here.",
                        field=field._description_string(self.env),
                    )
                )

    def _kim_field_labels(self, names):
        """The labels of the fields ``names``, for a message."""
        return ", ".join(
            sorted(
                self._fields[name]._description_string(self.env) if name in self._fields else name
                for name in names
            )
        )

    def _kim_check_delegated_values(self, vals, allowed):
        """Before server code writes a client's ``vals`` with ``sudo()``: only the
        ``allowed`` fields, plain values for plain fields, and for relational fields only
        links to existing records (link, unlink, replace; never create or update a
        related record). ``allowed`` maps each field name to ``None`` or, for a relational
        field, the domain that every linked record must satisfy."""
        forbidden = set(vals) - set(allowed)
        if forbidden:
            raise AccessError(
                self.env._(
                    "You may not set: %s.",
                    self._kim_field_labels(forbidden),
                )
            )
        for name, value in vals.items():
            field = self._fields[name]
            label = field._description_string(self.env)
            if field.type not in RELATIONAL:
                if isinstance(value, (list, tuple, dict)):
                    raise AccessError(self.env._("“%s” takes a plain value.", label))
                continue
            ids = linked_ids(value, field.type)
            if ids is None:
                raise AccessError(
                    self.env._(
                        "“%s” only links existing records; it cannot create or change them.",
                        label,
                    )
                )
            if not ids:
                continue
            comodel = self.env[field.comodel_name].sudo().with_context(active_test=False)
            found = comodel.search_count(Domain("id", "in", list(ids)) & Domain(allowed[name]))
            if found < len(ids):
                raise AccessError(
                    self.env._(
                        "“%(field)s”: the record does not exist or you may not use it.",
                        field=label,
                    )
                )

    # Record rules on given records ----------------------------------------------------------------

    def _check_access(self, operation):
        """The rules of guarded models are evaluated on what is loaded already, and
        otherwise asked of the database in one query, the way every search applies them.
        The platform evaluates them in Python always, loading each field and relation the
        rules name first (a contact's case, the case's manager and substitutes, a person's
        cases): three queries for a single contact. Where only part of the values is
        loaded, it may decide already (_cached_verdict: an internal user needs no look at
        their companies). Same rules, same result; records that do not exist count as
        forbidden, which is how they answer anyway (see read).
        Records that a search has just returned with their fields pass without asking
        again (see Admitted), and so do rows the same rules let through earlier in the
        transaction, as long as nothing changed since (see _fetch_query)."""
        ids = self._ids
        admitted = self.env.context.get("kim_admitted")
        if isinstance(admitted, Admitted) and not self.env.su and admitted.covers(self, operation):
            return None
        if (
            operation == "read"
            and ids
            and not self.env.su
            and is_guarded_model(self._name)
            and _admitted_rows(self).issuperset(ids)
        ):
            return None
        if (
            self.env.su
            or not rules_in_database(self._name)
            or not ids
            or not all(isinstance(id_, int) for id_ in ids)
            or not self.env["ir.model.access"].check(self._name, operation, False)
        ):
            return super()._check_access(operation)
        Rule = self.env["ir.rule"]
        domain = Rule._compute_domain(self._name, operation)
        if not domain or _loaded(self.sudo(), domain):
            return super()._check_access(operation)
        _load_parents(self.sudo(), domain)
        if all(_cached_verdict(record, domain) for record in self.sudo()):
            return None
        model = self.sudo().with_context(active_test=False)
        _flush_relations(model, domain)
        query = model._search(Domain("id", "in", ids) & Domain(domain))
        stamp = _settled(self.env)
        allowed = {id_ for (id_,) in self.env.execute_query(query.select())}
        if operation == "read":
            _admit(self.browse(allowed), stamp)
        if len(allowed) == len(set(ids)):
            return None
        forbidden = self.browse(id_ for id_ in ids if id_ not in allowed)
        return forbidden, functools.partial(Rule._make_access_error, operation, forbidden)

    def _fetch_query(self, query, fields):
        # fetch and search_fetch, the only callers, build the query with _search, which
        # applies the user's read rules (or check them first, when no column is fetched):
        # the rows it returns need no second look at the same rules, unless the transaction
        # had changes still to store. A form reads its client's fields through the case and
        # the client's name afterwards.
        stamp = _settled(self.env)
        fetched = super()._fetch_query(query, fields)
        if fetched and not self.env.su and is_guarded_model(self._name):
            _admit(fetched, stamp)
        return fetched

    # Foreign and missing records answer alike --------------------------------------------------

    def read(self, fields=None, load="_classic_read"):
        """A guarded record that does not exist answers like one the user may not see
        (see ir.rule._make_access_error), so that ids cannot be probed."""
        result = super().read(fields, load)
        # Where no rule hides a record (catalogues), a missing one gives nothing away.
        if (
            is_guarded_model(self._name)
            and not self.env.su
            and self._ids
            and self.env["ir.rule"]._compute_domain(self._name, "read")
        ):
            fetched = [self._fields[name] for name in fields or ()]
            if fields and not any(field.store and field.column_type for field in fetched):
                # No column of the table was asked for: nothing told missing rows apart.
                missing = self - self.exists()
            else:
                # The fetch left missing records out of the result: no query to find them.
                found = {row["id"] for row in result}
                missing = self.browse(id_ for id_ in self._ids if id_ not in found)
            if missing:
                raise missing_error(missing)
        return result

    def _kim_readable_x2many(self, result, fnames):
        """Lists of guarded records in a read show only what the viewer may read (a
        household's cases, a person's cases): no ids of other providers' records."""
        for name in fnames:
            field = self._fields.get(name)
            if field is None or field.type not in ("one2many", "many2many"):
                continue
            if not is_guarded_model(field.comodel_name):
                continue
            ids = {id_ for row in result for id_ in (row.get(name) or ())}
            if not ids:
                continue
            readable = set(self.env[field.comodel_name].browse(ids)._filtered_access("read")._ids)
            if len(readable) < len(ids):
                for row in result:
                    if row.get(name):
                        row[name] = [id_ for id_ in row[name] if id_ in readable]

    # Audit of special categories and exports ------------------------------------------------------

    def _kim_audit_cases(self):
        """The cases whose audit log records what happens to these records."""
        if self._name == "kim.case":
            return self
        field = self._fields.get("case_id")
        if field is not None and field.type == "many2one" and field.comodel_name == "kim.case":
            return self.sudo().case_id.sudo(False)
        return self.env["kim.case"]

    def _kim_special_names(self, names):
        """The special-category fields among ``names`` (dotted paths are followed)."""
        found = []
        for name in names:
            model, parts = self, name.split(".")
            for part in parts:
                field = model._fields.get(part)
                if field is None:
                    break
                if part in model._kim_field_kinds()[2]:
                    found.append(part)
                    break
                if field.type not in RELATIONAL:
                    break
                model = self.env[field.comodel_name]
        return found

    def _kim_special_in_domain(self, domain):
        """The special-category fields ``domain`` filters on, also inside the sub-domain
        of a relational field (``any``: what the platform makes of a dotted path)."""
        found = []
        for condition in Domain(domain).iter_conditions():
            path = condition.field_expr
            found += self._kim_special_names([path])
            if condition.operator not in ANY_OPERATORS:
                continue
            if not isinstance(condition.value, (Domain, list, tuple)):
                continue
            model = self
            for part in path.split("."):
                field = model._fields.get(part)
                if field is None or field.type not in RELATIONAL:
                    break
                model = self.env[field.comodel_name]
            else:
                found += model._kim_special_in_domain(condition.value)
        return found

    def _kim_log_special(self, names, how=None):
        """Logs that the user saw the special-category fields ``names`` of these records
        (``how``: searched, counted or grouped by them). A request writes one entry for
        all it read (see kim.audit.log)."""
        if self.env.su or not names:
            return
        cases = self._kim_audit_cases()
        if cases:
            self.env["kim.audit.log"]._log_read(cases, names, how)

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if not self.env.su and result:
            self._kim_readable_x2many(result, fnames)
            if is_kim_model(self._name):
                self.browse([row["id"] for row in result])._kim_log_read(fnames)
        return result

    def _kim_log_read(self, fnames):
        """Called after a user read ``fnames`` of these records, by whatever route."""
        self._kim_log_special(self._kim_special_names(fnames))

    def _kim_log_searched(self, domain):
        """Logs the special-category fields of ``domain`` for these records, found by it."""
        if not self.env.su and self and is_kim_model(self._name):
            self._kim_log_special(self._kim_special_in_domain(domain), self.env._("searched"))

    @api.model
    @api.private
    @api.readonly
    def search_fetch(self, domain, field_names=None, offset=0, limit=None, order=None):
        records = super().search_fetch(domain, field_names, offset, limit, order)
        records._kim_log_searched(domain)
        if field_names and not self.env.su and records and is_guarded_model(self._name):
            # The search applied the read rules and fetched the fields: see Admitted.
            records = records.with_context(kim_admitted=Admitted(records))
        return records

    @api.model
    @api.readonly
    def search_count(self, domain, limit=None):
        count = super().search_count(domain, limit)
        if not self.env.su and count and is_kim_model(self._name):
            special = self._kim_special_in_domain(domain)
            if special:
                found = self.browse(self._search(domain, limit=limit))
                found._kim_log_special(special, self.env._("counted"))
        return count

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        specs = (*groupby, *aggregates)
        self._kim_check_grouping(specs)
        result = super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        self._kim_log_grouping(domain, specs)
        return result

    @api.model
    def _read_grouping_sets(self, domain, grouping_sets, aggregates=(), order=None):
        # The pivot's grouping sets (formatted_read_grouping_sets), like _read_group.
        specs = (*(spec for groupby in grouping_sets for spec in groupby), *aggregates)
        self._kim_check_grouping(specs)
        result = super()._read_grouping_sets(domain, grouping_sets, aggregates, order)
        self._kim_log_grouping(domain, specs)
        return result

    def _kim_check_grouping(self, specs):
        """Grouping by a field reveals its values: the field's groups apply, as to read."""
        if not self.env.su:
            for spec in specs:
                field = self._fields.get(spec.split(":")[0].split(".")[0])
                if field is not None:
                    self._check_field_access(field, "read")

    def _kim_log_grouping(self, domain, specs):
        if not self.env.su and is_kim_model(self._name):
            names = [spec.split(":")[0] for spec in specs]
            special = self._kim_special_names(names) + self._kim_special_in_domain(domain)
            if special:
                self.browse(self._search(domain))._kim_log_special(special, self.env._("grouped"))

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if is_kim_model(self._name):
            cases = self._kim_audit_cases()
            if cases:
                detail = ", ".join(fields_to_export)
                if self._name != "kim.case":
                    detail = f"{self._description}: {detail}"
                cases._kim_audit("export", detail)
        return result

    # Kanban columns ------------------------------------------------------------------------------

    # A kanban opens each column with a search of its own: for a case manager's six stages,
    # six times the same rules over the same cases. For the KIM models, the columns of a
    # grouping by one stored many2one or selection field are filled by one query instead,
    # which ranks the records of every column at once in the order the platform searches them
    # (records the order ranks alike by their ids).
    # Which columns open, their counts, progress bars, offsets and deeper groupings stay the
    # platform's; so do a column it opens otherwise (filtered by its progress bar) and columns
    # holding more records than ranking them all is worth.

    @api.model
    @api.readonly
    def web_read_group(
        self,
        domain,
        groupby,
        aggregates=(),
        limit=None,
        offset=0,
        order=None,
        *,
        auto_unfold=False,
        opening_info=None,
        unfold_read_specification=None,
        unfold_read_default_limit=80,
        groupby_read_specification=None,
    ):
        result = super().web_read_group(
            domain,
            groupby,
            aggregates,
            limit,
            offset,
            order,
            auto_unfold=auto_unfold,
            opening_info=opening_info,
            unfold_read_specification=unfold_read_specification,
            unfold_read_default_limit=unfold_read_default_limit,
            groupby_read_specification=groupby_read_specification,
        )
        ranked = [group for group in result["groups"] if "__kim_ranked" in group]
        if ranked:
            ids = [id_ for group in ranked for id_ in group["__kim_ranked"]]
            records = self.browse(ids)
            if not self.env.su:
                # found by the ranking under the user's read rules a moment ago
                records = records.with_context(kim_admitted=Admitted(records))
            values = records.web_read(unfold_read_specification)
            by_id = dict(zip(ids, values, strict=True))
            for group in ranked:
                group["__records"] = [by_id[id_] for id_ in group.pop("__kim_ranked")]
        return result

    def _open_groups(
        self,
        *,
        records_opening_info,
        groups,
        domain,
        groupby,
        aggregates,
        dict_order,
        auto_unfold,
        opening_info,
        unfold_read_default_limit,
        parent_opening_info,
        parent_group_domain,
    ):
        start = len(records_opening_info)
        result = super()._open_groups(
            records_opening_info=records_opening_info,
            groups=groups,
            domain=domain,
            groupby=groupby,
            aggregates=aggregates,
            dict_order=dict_order,
            auto_unfold=auto_unfold,
            opening_info=opening_info,
            unfold_read_default_limit=unfold_read_default_limit,
            parent_opening_info=parent_opening_info,
            parent_group_domain=parent_group_domain,
        )
        if is_kim_model(self._name) and len(groupby) == 1:
            ranked = self._kim_rank_openings(
                records_opening_info[start:], domain, groupby[0], dict_order
            )
            if ranked:
                records_opening_info[start:] = [
                    opening for opening in records_opening_info[start:] if id(opening) not in ranked
                ]
        return result

    def _kim_rank_openings(self, openings, domain, groupby, dict_order):
        """Finds the records of the columns in ``openings`` that show a whole column of the
        grouping by ``groupby`` in one query, hands them to web_read_group on their column
        (``__kim_ranked``) and returns the ``id()`` of the openings it served."""
        field = self._fields.get(groupby)
        if field is None or not field.store or field.type not in RANKED_FIELD_TYPES:
            return set()
        columns = {}
        for opening in openings:
            group = opening["group"]
            value = group[groupby][0] if isinstance(group[groupby], tuple) else group[groupby]
            if (
                group["__count"]
                and _count(opening["limit"], 1)
                and _count(opening["offset"], 0)
                and opening["domain"] == Domain(groupby, "=", value)
            ):
                columns[value] = opening
        if (
            len(columns) < 2
            or sum(opening["group"]["__count"] for opening in columns.values()) > RANKED_MAX_RECORDS
        ):
            return set()
        # the order of web_read_group's searches: the requested one, then the model's
        order = [
            f"{name} {direction}"
            for name, direction in dict_order.items()
            if name not in (groupby, "__count")
        ]
        order += [
            part
            for part in self._order.split(",")
            if part.strip().split(" ", 1)[0] not in (*dict_order, groupby)
        ]
        # records the order ranks alike come in the order of their ids (a search per
        # column leaves them in whatever order PostgreSQL finds them)
        if "id" not in (part.strip().split(" ", 1)[0] for part in order):
            order.append("id")
        searched = domain & Domain(groupby, "in", list(columns))
        query = self._search(searched)
        column = self._field_to_sql(self._table, groupby, query)
        rank = SQL(
            "row_number() OVER (PARTITION BY %s ORDER BY %s)",
            column,
            self._order_to_sql(", ".join(order), query),
        )
        rows = self.env.execute_query(
            SQL(
                "SELECT id, value FROM (%s) AS ranked(id, value, rank)"
                " WHERE rank <= %s ORDER BY rank",
                query.select(SQL.identifier(self._table, "id"), column, rank),
                max(opening["offset"] + opening["limit"] for opening in columns.values()),
            )
        )
        found = {value: [] for value in columns}
        for id_, value in rows:
            found[False if value is None else value].append(id_)
        shown = []
        for value, opening in columns.items():
            ids = found[value][opening["offset"] : opening["offset"] + opening["limit"]]
            opening["group"]["__kim_ranked"] = ids
            shown += ids
        self.browse(shown)._kim_log_searched(searched)
        return {id(opening) for opening in columns.values()}


def _count(value, least):
    """Whether ``value`` (a limit or offset a client sent) is a whole number from ``least``."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= least


def _tested_fields(domain):
    """The fields of the model itself that ``domain`` tests (the first of a dotted path)."""
    return OrderedSet(c.field_expr.split(".")[0] for c in Domain(domain).iter_conditions())


def _flush_relations(model, domain):
    """Stores what this transaction changed in the computed many2many fields ``domain``
    tests (who may see a person): before a query the platform stores pending columns, but
    not the tables of many2many fields."""
    names = [
        name
        for name in _tested_fields(domain)
        if (field := model._fields.get(name)) is not None
        and field.type == "many2many"
        and field.store
        and field.compute
    ]
    if names:
        model.flush_model(names)


def _load_parents(records, domain):
    """Loads the columns that ``domain`` tests of the rows the records of an ``_inherits``
    model extend (a user's partner), in one query, so that the rules can mostly be decided
    on them without a query of their own (_cached_verdict): a colleague's contact is no
    client, whatever else the rule would ask of it. Only those columns and the name, which
    is what a screen shows of a user (res.users._compute_display_name)."""
    conditions = list(Domain(domain).iter_conditions())
    for parent_model, parent_field in records._inherits.items():
        tested = OrderedSet()
        for condition in conditions:
            if (
                condition.field_expr == parent_field
                and condition.operator in ANY_OPERATORS
                and isinstance(condition.value, (Domain, list, tuple))
            ):
                tested.update(_tested_fields(condition.value))
        parents = records.env[parent_model]
        columns = OrderedSet(
            name
            for name in tested
            if (field := parents._fields.get(name)) is not None and field.column_type
        )
        if not columns:
            continue
        if parents._rec_name in parents._fields:
            columns.add(parents._rec_name)
        records.fetch([parent_field])  # nothing to do where a read loaded them
        cache = records._fields[parent_field]._get_cache(records.env)
        parent_ids = {cache[id_] for id_ in records._ids if id_ in cache}
        parents.browse(filter(None, parent_ids)).fetch(list(columns))


def _cached_verdict(record, domain):
    """True or False where the cache decides ``domain`` for one record, None where it
    cannot: an ``or`` with one true operand is true and an ``and`` with one false operand
    false, whatever the others would need loaded (a user who is internal needs no look at
    their companies)."""
    domain = Domain(domain)
    if isinstance(domain, DomainBool):
        return domain.is_true()
    if isinstance(domain, DomainNot):
        verdict = _cached_verdict(record, domain.child)
        return None if verdict is None else not verdict
    if isinstance(domain, DomainNary):
        decisive = isinstance(domain, DomainOr)  # the value that decides the whole
        verdicts = set()
        # A hierarchy (parent_of, child_of) loads the tree: asked last, if still needed.
        for child in sorted(domain.children, key=lambda child: _is_hierarchy(child)):
            verdict = _cached_verdict(record, child)
            if verdict is decisive:
                return decisive
            verdicts.add(verdict)
        return None if None in verdicts else not decisive
    field = record._fields.get(domain.field_expr)
    if (
        domain.operator in ANY_OPERATORS
        and field is not None
        and field.type in RELATIONAL
        and isinstance(domain.value, (Domain, list, tuple))
        and record.id in field._get_cache(record.env)
    ):
        verdicts = {_cached_verdict(line, domain.value) for line in record[field.name]}
        found = True if True in verdicts else None if None in verdicts else False
        if found is None or domain.operator in ("any", "any!"):
            return found
        return not found
    if _loaded(record, domain):
        return bool(record.filtered_domain(domain))
    return None


def _computable(records, field):
    """Whether ``field`` is computed in memory from fields of the records that are all
    loaded (a case's workers from its manager and substitutes)."""
    if field.store or not field.compute:
        return False
    depends, depends_context = field.get_depends(records)
    depends = list(depends)
    return (
        bool(depends)
        and not list(depends_context)
        and all(
            "." not in name
            and name in records._fields
            and not records._fields[name].compute
            and all(id_ in records._fields[name]._get_cache(records.env) for id_ in records._ids)
            for name in depends
        )
    )


def _is_hierarchy(domain):
    return getattr(domain, "operator", None) in ("parent_of", "child_of")


def _loaded(records, domain):
    """Whether every value ``domain`` tests on ``records`` is in the cache, through the
    relations it follows (``any`` and dotted paths): then Python evaluates it for free."""
    for condition in Domain(domain).iter_conditions():
        model = records
        parts = condition.field_expr.split(".")
        for index, name in enumerate(parts):
            field = model._fields.get(name)
            if field is None:
                return False
            if name == "id":
                break
            cache = field._get_cache(model.env)
            if any(id_ not in cache for id_ in model._ids) and not _computable(model, field):
                return False
            follow = index < len(parts) - 1 or condition.operator in ANY_OPERATORS
            if not follow:
                break
            if field.type not in RELATIONAL:
                return False
            model = model[name]
        if condition.operator in ANY_OPERATORS:
            if not isinstance(condition.value, (Domain, list, tuple)):
                return False
            if model and not _loaded(model, condition.value):
                return False
    return True


def _static_domain(model, field):
    """The fixed domain of a relational field KIM defined (on its own models or on the
    platform's), or None: a domain written as a string or a function depends on the
    record or the user and is the view's business."""
    if not (is_kim_model(model._name) or is_kim_field(field)):
        return None
    domain = field.domain
    if isinstance(domain, (list, tuple)) and domain:
        return list(domain)
    return None


def missing_error(records):
    """The very error, in the very words (Odoo's own translation), that Odoo gives for a
    record that does not exist."""
    lang = records.env.lang or "en_US"
    return MissingError(
        "\n".join(
            [
                get_translation("base", lang, "Record does not exist or has been deleted.", ()),
                get_translation(
                    "base",
                    lang,
                    "(Record: %(record)s, User: %(user)s)",
                    {"record": records, "user": records.env.uid},
                ),
            ]
        )
    )


def normalise(field, value, record):
    """A value as the cache holds it, for comparing what a client sends with what is."""
    if isinstance(value, models.BaseModel):
        value = value.ids if field.type in ("many2many", "one2many") else value.id
    if field.type == "many2one":
        return value or False
    return field.convert_to_cache(value, record, validate=False)


def _referenced_ids(value):
    """The ids a relational value links (nested create and update commands are checked
    when their own create and write run)."""
    if isinstance(value, models.BaseModel):
        return set(value.ids)
    if isinstance(value, int) and not isinstance(value, bool):
        return {value}
    ids = set()
    if isinstance(value, (list, tuple)):
        for command in value:
            if isinstance(command, int) and not isinstance(command, bool):
                ids.add(command)
            elif isinstance(command, (list, tuple)) and command:
                if command[0] == Command.LINK:
                    ids.add(command[1])
                elif command[0] == Command.SET:
                    ids.update(command[2] or ())
    return {id_ for id_ in ids if isinstance(id_, int)}


def linked_ids(value, field_type):
    """The ids a delegated relational value links, or None when it holds anything but
    links (create, update, delete commands, nested values)."""
    if field_type == "many2one":
        if value is False or value is None:
            return set()
        return {value} if isinstance(value, int) and not isinstance(value, bool) else None
    if not isinstance(value, (list, tuple)):
        return None
    ids = set()
    for command in value:
        if isinstance(command, int) and not isinstance(command, bool):
            ids.add(command)
        elif not isinstance(command, (list, tuple)) or not command:
            return None
        elif command[0] in (Command.LINK, Command.UNLINK) and len(command) >= 2:
            if not isinstance(command[1], int) or isinstance(command[1], bool):
                return None
            if command[0] == Command.LINK:
                ids.add(command[1])
        elif command[0] == Command.SET and len(command) == 3:
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in command[2]):
                return None
            ids.update(command[2])
        elif command[0] != Command.CLEAR:
            return None
    return ids
