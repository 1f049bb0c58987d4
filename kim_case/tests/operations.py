"""The everyday operations of the web client, called exactly as it calls them: the same
methods with the same field specifications, built from the views the user gets. Shared by
the query-count tests and by the scale benchmark (tools/scale/benchmark.py).

Each operation takes an environment and a context object with ``uid`` (whose "Meine
Fälle" to load), ``case_id`` (the case to open), ``name`` (a client name fragment),
``zip`` (a postal code) and ``spec(model, view_type)`` (a cached :func:`view_spec`).
"""

import json

from lxml import etree

# Widgets load fields the arch does not name (their fieldDependencies in the web client).
ACTIVITY_WIDGET = {
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}


# Field specifications as the web client builds them from the arch -------------------------


def _field_nodes(node):
    """The field nodes of a view, not descending into the sub-views of x2many fields."""
    for child in node.iterchildren(tag=etree.Element):
        if child.tag == "field":
            yield child
        else:
            yield from _field_nodes(child)


def _spec(model, node, limit=40):
    spec = {}
    for field_node in _field_nodes(node):
        name = field_node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        entry = {}
        if field.type == "many2one":
            entry = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            if name == "activity_ids":
                entry = {}  # the widget shows the fields below, not the activities
            else:
                sub = next(
                    (c for c in field_node.iterchildren(tag=etree.Element) if c.tag == "list"),
                    None,
                )
                comodel = model.env[field.comodel_name]
                if sub is not None:
                    entry = {"fields": _spec(comodel, sub), "limit": limit}
                else:
                    entry = {"fields": {"display_name": {}}}
        if field_node.get("widget") in ("kanban_activity", "list_activity"):
            spec.update(ACTIVITY_WIDGET)
        spec[name] = entry
    return spec


def view_spec(model, view_type):
    views = model.get_views([(False, view_type)])
    arch = views["views"][view_type]["arch"]
    root = etree.fromstring(arch)
    return root, _spec(model, root)


def web_context(user):
    """What the web client sends with every call: the user's language and time zone (from
    their preferences) and their current company."""
    return {
        **user.env["res.users"].with_user(user).context_get(),
        "allowed_company_ids": [user.company_id.id],
    }


def web_env(user):
    """The environment of the user's requests."""
    return user.env(user=user.id, su=False, context=web_context(user))


# The operations -----------------------------------------------------------------------------


def my_domain(uid):
    return ["&", "|", ("user_id", "=", uid), ("substitute_ids", "in", uid), ("state", "=", "open")]


OPEN = [("state", "=", "open")]


def op_my_kanban(env, ctx):
    model = env["kim.case"]
    root, spec = ctx.spec(model, "kanban")
    bar = root.find("progressbar")
    domain = my_domain(ctx.uid)
    model.web_read_group(
        domain,
        ["stage_id"],
        ["__count"],
        auto_unfold=True,
        unfold_read_specification=spec,
        unfold_read_default_limit=40,
    )
    model.read_progress_bar(
        domain, "stage_id", {"field": bar.get("field"), "colors": json.loads(bar.get("colors"))}
    )


def op_my_list(env, ctx):
    model = env["kim.case"]
    _root, spec = ctx.spec(model, "list")
    model.web_search_read(my_domain(ctx.uid), spec, limit=80, count_limit=10001)


def op_open_list(env, ctx):
    model = env["kim.case"]
    _root, spec = ctx.spec(model, "list")
    model.web_search_read(OPEN, spec, limit=80, count_limit=10001)


def op_open_count(env, ctx):
    env["kim.case"].search_count(OPEN)


def op_name_search(env, ctx):
    env["res.partner"].web_name_search(
        ctx.name, {"display_name": {}}, domain=[("is_company", "=", False)], limit=8
    )


def op_case_form(env, ctx):
    model = env["kim.case"]
    _root, spec = ctx.spec(model, "form")
    model.browse(ctx.case_id).web_read(spec)


def op_contacts(env, ctx):
    model = env["kim.case.contact"]
    spec = {
        "date": {},
        "duration": {},
        "channel": {},
        "interpreter": {},
        "topic_ids": {"fields": {"display_name": {}}},
        "note": {},
        "user_id": {"fields": {"display_name": {}}},
    }
    model.web_search_read([("case_id", "=", ctx.case_id)], spec, limit=40, order="date desc")


def op_group_stage(env, ctx):
    env["kim.case"].formatted_read_group(OPEN, ["stage_id"], ["__count"])


def op_group_provider(env, ctx):
    env["kim.case"].formatted_read_group(OPEN, ["company_id"], ["__count"])


CASELOAD_FIELDS = (
    *("user_id", "company_id", "municipality_id", "open_cases"),
    *("capacity", "limit", "load_percent", "status"),
)


def op_caseload(env, ctx):
    model = env["kim.caseload"]
    spec = {
        name: ({"fields": {"display_name": {}}} if model._fields[name].type == "many2one" else {})
        for name in CASELOAD_FIELDS
    }
    model.web_search_read([], spec, limit=80)


def op_directory(env, ctx):
    """The service directory searched by postal code (kim_network), or, without it, the
    network's organisations of that postal code."""
    if "kim.service" not in env:
        env["res.partner"].web_search_read(
            [("is_company", "=", True), ("zip", "=", ctx.zip)],
            {"display_name": {}, "zip": {}, "city": {}, "phone": {}, "email": {}},
            limit=80,
        )
        return
    model = env["kim.service"]
    _root, spec = ctx.spec(model, "list")
    model.web_search_read([("serves_zip", "=", ctx.zip)], spec, limit=80, count_limit=10001)


OPERATIONS = [
    ("my_kanban", "Meine Fälle, Kanban gruppiert mit Fortschrittsbalken", op_my_kanban),
    ("my_list", "Meine Fälle, Liste", op_my_list),
    ("open_list", "Offene Fälle, Listenseite", op_open_list),
    ("open_count", "Offene Fälle, Anzahl", op_open_count),
    ("name_search", "Klient:in per Name suchen", op_name_search),
    ("case_form", "Fallakte öffnen", op_case_form),
    ("contacts", "Reiter Beratungskontakte", op_contacts),
    ("group_stage", "Gruppiert nach Phase", op_group_stage),
    ("group_provider", "Gruppiert nach Träger", op_group_provider),
    ("caseload", "Fallzahlen", op_caseload),
    ("directory", "Dienste-Verzeichnis nach Postleitzahl", op_directory),
]
# Coordinators have no cases of their own.
CASE_WORK_ONLY = {"my_kanban", "my_list"}
