"""Context flags that only server code can raise.

Odoo copies the context of every RPC call into the environment, so a plain context key is
the caller's to choose. A flag that lifts one of KIM's checks (an action changing workflow
state, a transfer changing the provider, the system writing without an audit entry)
therefore carries this module's private token as its value: JSON and XML-RPC cannot produce
it, only code that imports this module can.

    from odoo.addons.kim_case.trust import allow, is_trusted, trusted

    allow(consent, "state").write({"state": "given"})     # an action sets its workflow field
    trusted(case, "kim_audit_skip").write(...)           # the system writes without an entry
    if not is_trusted(self, "kim_transfer"):
        raise UserError(...)
"""

_TOKEN = object()
ALLOWED_FIELDS = "kim_allowed_fields"


class _Allowed(frozenset):
    """Field names an action may set although clients may not (see ``allow``)."""


def trusted(records, *flags):
    """``records`` in an environment where the given flags are raised."""
    return records.with_context(**dict.fromkeys(flags, _TOKEN))


def is_trusted(records, flag):
    """Whether server code raised ``flag``; a value sent by a client never counts."""
    return records.env.context.get(flag) is _TOKEN


def allow(records, *field_names):
    """``records`` in an environment where an action may write the given workflow or
    immutable fields (see ``base._kim_field_kinds``). Records that ``create`` returns in
    that environment keep it: hand them on as ``records.with_env(self.env)``."""
    return records.with_context(**{ALLOWED_FIELDS: _Allowed(field_names)})


def allowed_fields(records):
    """The field names server code allowed; whatever a client sends counts for nothing."""
    value = records.env.context.get(ALLOWED_FIELDS)
    return value if isinstance(value, _Allowed) else frozenset()
