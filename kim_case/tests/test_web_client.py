import datetime
import json
import re
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.fields import Domain
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

# Role: (xml id of the demo user, demo password).
KIM_ROLES = {
    "case manager Caritas": ("kim_case.user_kim_cm_caritas", "kim-demo"),
    "case manager Stadt": ("kim_case.user_kim_cm_stadt", "kim-demo"),
    "coordinator": ("kim_case.user_kim_coordinator", "kim-demo"),
    "Träger admin Caritas": ("kim_case.user_kim_admin_caritas", "kim-demo"),
    "system administrator": ("base.user_admin", "admin"),
}
X2MANY = ("one2many", "many2many")
AGGREGATABLE = ("integer", "float", "monetary")


class ServerError(Exception):
    """The error answer of the server to one call of the web client."""


class View(NamedTuple):
    model: str
    type: str
    arch: etree._Element
    models: dict
    domain: list
    context: dict
    group_by: list


@tagged("post_install", "-at_install")
class TestWebClient(HttpCase):
    """Every role opens every KIM menu as the Odoo 19 web client does, over JSON-RPC: the
    action, its views, then the first page of each view mode. Any error answer fails."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("kim_case.require_2fa", "0")

    def test_every_menu_opens_for_every_role(self):
        users = {
            role: (self.env.ref(xml_id, raise_if_not_found=False), password)
            for role, (xml_id, password) in KIM_ROLES.items()
        }
        if not all(user for user, _password in users.values()):
            self.skipTest("the database was installed without demo data")
        errors = []
        for role, (user, password) in users.items():
            errors += self._open_kim(role, user.login, password, kim_role=True)
        password = "Andere-App-2026"
        plain = new_test_user(
            self.env, login="kim_web_plain", groups="base.group_user", password=password
        )
        errors += self._open_kim("plain internal user", plain.login, password, kim_role=False)
        self.assertFalse(errors, "\n" + "\n".join(errors))

    # Session and menus ----------------------------------------------------------------------------

    def _open_kim(self, role, login, password, kim_role):
        """Log in, load the menus and open every action below the KIM app and the home action."""
        self.authenticate(login, password)
        info = self._rpc("/web/session/get_session_info", {})
        self.session_uid, self.partner_id = info["uid"], info["partner_id"]
        self.user_context = {
            **info["user_context"],
            "uid": info["uid"],
            "allowed_company_ids": [info["user_companies"]["current_company"]],
        }
        menus = self.url_open("/web/webclient/load_menus").json()
        kim_menus = [
            menu["name"] for menu in menus.values() if (menu.get("xmlid") or "").startswith("kim_")
        ]
        if not kim_role:
            return [f"{role} sees KIM menus: {', '.join(kim_menus)}"] if kim_menus else []
        root = str(self.env.ref("kim_case.menu_kim_root").id)
        if root not in menus:
            return [f"{role} has no KIM menu"]
        actions = {}
        self._collect_actions(menus, root, menus[root]["name"], actions)
        if not actions:
            return [f"{role} has no KIM menu with a window action"]
        if info["home_action_id"]:
            actions.setdefault(info["home_action_id"], "home action")
        errors = []
        for action_id, path in actions.items():
            errors += self._open_action(f"{role} > {path}", action_id)
        return errors

    def _collect_actions(self, menus, menu_id, path, actions):
        menu = menus[str(menu_id)]
        if menu["actionModel"] == "ir.actions.act_window" and menu["id"] != menu["appID"]:
            actions.setdefault(menu["actionID"], path)
        for child in menu["children"]:
            self._collect_actions(menus, child, f"{path} > {menus[str(child)]['name']}", actions)

    # Actions and views ----------------------------------------------------------------------------

    def _open_action(self, where, action_id):
        try:
            action = self._rpc(
                "/web/action/load", {"action_id": action_id, "context": self.user_context}
            )
        except ServerError as error:
            return [f"{where}: {error}"]
        if action["type"] != "ir.actions.act_window":
            return []
        model = action["res_model"]
        context = {**self.user_context, **self._eval(action["context"] or "{}", self.user_context)}
        domain = self._eval(action["domain"] or "[]", context)
        views = [[view_id, view_type] for view_id, view_type in action["views"]]
        if all(view_type in ("form", "search") for _view_id, view_type in views):
            views = [view for view in views if view[1] == "form"]
        else:
            search_view = action["search_view_id"]
            views.append([search_view[0] if search_view else False, "search"])
        try:
            descriptions = self._call(
                model,
                "get_views",
                [],
                {
                    "views": views,
                    "options": {
                        "action_id": action["id"],
                        "embedded_action_id": False,
                        "embedded_parent_res_id": False,
                        "load_filters": views[-1][1] == "search",
                        "toolbar": True,
                    },
                    "context": {
                        key: value
                        for key, value in context.items()
                        if key == "lang" or key.endswith("_view_ref")
                    },
                },
            )
        except ServerError as error:
            return [f"{where} > {model}: {error}"]
        group_by = context.get("group_by") or []
        if "search" in descriptions["views"]:
            search = etree.fromstring(descriptions["views"]["search"]["arch"])
            search_domain, search_group_by = self._search_defaults(search, context)
            domain = [*domain, *search_domain]
            group_by = search_group_by or group_by
        group_by = [group_by] if isinstance(group_by, str) else group_by
        loaders = {
            "list": self._load_records,
            "kanban": self._load_records,
            "pivot": self._load_pivot,
            "graph": self._load_graph,
            "calendar": self._load_calendar,
            "activity": self._load_activity,
            "form": self._load_form,
        }
        errors, record_ids = [], []
        view_types = sorted(descriptions["views"], key=lambda view_type: view_type == "form")
        for view_type in view_types:
            if view_type not in loaders:
                continue
            arch = etree.fromstring(descriptions["views"][view_type]["arch"])
            view = View(model, view_type, arch, descriptions["models"], domain, context, group_by)
            try:
                record_ids += loaders[view_type](view, record_ids)
            except ServerError as error:
                errors.append(f"{where} > {model} > {view_type}: {error}")
        return errors

    def _search_defaults(self, search, context):
        """Domain and grouping of the filters that the action's search_default_* keys switch
        on. Filters between two separators are alternatives; the groups all apply."""
        groups, current = [], []
        for node in search.iter():
            if node.tag == "filter":
                current.append(node)
            elif node.tag in ("separator", "group", "field"):
                groups.append(current)
                current = []
        groups.append(current)
        domain, group_by = [], []
        for group in groups:
            active = [node for node in group if context.get(f"search_default_{node.get('name')}")]
            domains = [self._eval(node.get("domain"), context) for node in active]
            if any(domains):
                domain += list(Domain.OR(leaves for leaves in domains if leaves))
            for node in active:
                grouping = self._eval(node.get("context") or "{}", context).get("group_by")
                if grouping:
                    group_by.append(grouping)
        return domain, group_by

    def _eval(self, expression, context):
        """A domain or context written in the view or action, evaluated as the client does."""
        if not isinstance(expression, str):
            return expression
        today = datetime.date.today()
        return safe_eval(
            expression,
            {
                **context,
                "context_today": lambda: today,
                "current_date": today.isoformat(),
                "datetime": safe_datetime,
                "time": safe_time,
                "relativedelta": relativedelta,
            },
        )

    # First page of each view type ---------------------------------------------------------------

    def _load_records(self, view, record_ids):
        """List and kanban: a page of records, or its groups with their first records."""
        kanban = view.type == "kanban"
        spec = self._spec(view.arch, view.model, view.models)
        limit = int(view.arch.get("limit") or (40 if kanban else 80))
        order = view.arch.get("default_order") or ""
        group_by = view.group_by
        if kanban and not group_by and view.arch.get("default_group_by"):
            group_by = [view.arch.get("default_group_by")]
        if not group_by:
            result = self._call(
                view.model,
                "web_search_read",
                [],
                {
                    "domain": view.domain,
                    "specification": spec,
                    "offset": 0,
                    "order": order,
                    "limit": limit,
                    "context": {"bin_size": True, **view.context},
                    "count_limit": 10001,
                },
            )
            return [record["id"] for record in result["records"]]
        fields = view.models[view.model]["fields"]
        aggregates = [
            f"{name}:{fields[name]['aggregator']}"
            for name in spec
            if fields[name].get("aggregator") and fields[name]["type"] in AGGREGATABLE
        ]
        result = self._call(
            view.model,
            "web_read_group",
            [],
            {
                "domain": view.domain,
                "groupby": group_by,
                "aggregates": [] if kanban else aggregates,
                "offset": 0,
                "order": order,
                "auto_unfold": kanban,
                "opening_info": [],
                "unfold_read_specification": spec,
                "unfold_read_default_limit": limit,
                "groupby_read_specification": {},
                "context": {"read_group_expand": True, **view.context},
            },
        )
        progressbar = view.arch.find(".//progressbar")
        if kanban and progressbar is not None:
            self._call(
                view.model,
                "read_progress_bar",
                [],
                {
                    "domain": view.domain,
                    "group_by": group_by[0],
                    "progress_bar": {
                        "colors": json.loads(progressbar.get("colors")),
                        "field": progressbar.get("field"),
                        "help": progressbar.get("help"),
                    },
                    "context": view.context,
                },
            )
        return [record["id"] for group in result["groups"] for record in group.get("__records", [])]

    def _load_form(self, view, record_ids):
        """The first record met in the other views (or any), else a new record."""
        spec = self._spec(view.arch, view.model, view.models)
        if not record_ids:
            found = self._call(
                view.model,
                "web_search_read",
                [],
                {"domain": view.domain, "specification": {}, "limit": 1, "context": view.context},
            )
            record_ids = [record["id"] for record in found["records"]]
        if not record_ids:
            # The web client offers a new record only where the server left "create" on.
            if view.arch.get("create") not in ("0", "false", "False"):
                self._call(view.model, "onchange", [[], {}, [], spec], {"context": view.context})
            return []
        self._call(
            view.model,
            "web_read",
            [record_ids[:1]],
            {"specification": spec, "context": {"bin_size": True, **view.context}},
        )
        if view.arch.find(".//chatter") is not None:
            self._rpc(
                "/mail/thread/messages",
                {"thread_model": view.model, "thread_id": record_ids[0], "fetch_params": {}},
            )
        return []

    def _load_pivot(self, view, record_ids):
        """All grouping sets of the row and column groupings, in one call."""
        fields = view.models[view.model]["fields"]
        rows = view.group_by or self._group_specs(view.arch, fields, ("row",))
        cols = self._group_specs(view.arch, fields, ("col",))
        measures = [
            self._measure(node.get("name"), fields)
            for node in view.arch.iter("field")
            if node.get("type") == "measure"
        ]
        grouping_sets = []
        for row_depth in range(len(rows) + 1):
            for col_depth in range(len(cols) + 1):
                grouping_set = rows[:row_depth] + cols[:col_depth]
                if grouping_set not in grouping_sets:
                    grouping_sets.append(grouping_set)
        self._call(
            view.model,
            "formatted_read_grouping_sets",
            [],
            {
                "domain": view.domain,
                "grouping_sets": grouping_sets,
                "aggregates": [*measures, "__count"],
                "context": view.context,
            },
        )
        return []

    def _load_graph(self, view, record_ids):
        """The groups of the graph's groupings with its measure."""
        fields = view.models[view.model]["fields"]
        measure = next(
            (node.get("name") for node in view.arch.iter("field") if node.get("type") == "measure"),
            None,
        )
        self._call(
            view.model,
            "formatted_read_group",
            [],
            {
                "domain": view.domain,
                "groupby": view.group_by
                or self._group_specs(view.arch, fields, ("row", "col", None)),
                "aggregates": ["__count"] + ([self._measure(measure, fields)] if measure else []),
                "context": {"fill_temporal": True, **view.context},
            },
        )
        return []

    def _load_calendar(self, view, record_ids):
        """This month's events, the user's filters and, for attendee calendars, their data."""
        arch, fields = view.arch, view.models[view.model]["fields"]
        mapping = {key: arch.get(key) for key in ("date_start", "date_stop", "date_delay")}
        names = {arch.get(key) for key in ("date_start", "date_stop", "date_delay", "color")}
        names |= {arch.get("all_day") or "allday"} & set(fields)
        names |= {node.get("name") for node in arch.iter("field")}
        start = datetime.datetime.combine(datetime.date.today().replace(day=1), datetime.time())
        end = start + relativedelta(months=1, seconds=-1)
        if fields.get(mapping["date_start"], {}).get("type") == "date":
            start, end = start.date(), end.date()
        domain = [*view.domain, [mapping["date_start"], "<=", str(end)]]
        if mapping["date_stop"]:
            domain.append([mapping["date_stop"], ">=", str(start)])
        elif not mapping["date_delay"]:
            domain.append([mapping["date_start"], ">=", str(start)])
        filter_partners = []
        for node in arch.iter("field"):
            write_field = node.get("write_field")
            if node.get("filters") and node.get("write_model"):
                filters = self._call(
                    node.get("write_model"),
                    "search_read",
                    [],
                    {
                        "domain": [["user_id", "=", self.session_uid]],
                        "fields": [write_field, node.get("filter_field")],
                    },
                )
                filter_partners += [row[write_field][0] for row in filters if row[write_field]]
        records = self._call(
            view.model,
            "search_read",
            [],
            {"domain": domain, "fields": sorted(names - {None}), "context": view.context},
        )
        if arch.get("js_class") == "attendee_calendar":
            self._rpc("/calendar/check_credentials", {})
            self._call("res.users", "check_synchronization_status", [[self.session_uid]], {})
            self._call(view.model, "get_default_duration", [], {})
            self._call(
                "res.partner",
                "get_attendee_detail",
                [[self.partner_id, *filter_partners], [record["id"] for record in records]],
                {},
            )
        return [record["id"] for record in records]

    def _load_activity(self, view, record_ids):
        """The activity matrix and the records that have activities."""
        domain = [*view.domain, ["activity_ids.active", "in", [True, False]]]
        self._call(
            "mail.activity",
            "get_activity_data",
            [],
            {
                "res_model": view.model,
                "domain": domain,
                "limit": 80,
                "offset": 0,
                "fetch_done": False,
                "context": view.context,
            },
        )
        result = self._call(
            view.model,
            "web_search_read",
            [],
            {
                "domain": domain,
                "specification": self._spec(view.arch, view.model, view.models),
                "offset": 0,
                "limit": 80,
                "context": {"bin_size": True, **view.context},
            },
        )
        return [record["id"] for record in result["records"]]

    # Arch helpers ---------------------------------------------------------------------------------

    def _spec(self, node, model, models):
        """The fields specification of an arch: its field nodes, without those of the
        subviews of x2many fields, which become the x2many's own specification."""
        fields = models[model]["fields"]
        spec = {}
        for child in node:
            if not isinstance(child.tag, str) or child.tag == "groupby":
                continue
            if child.tag != "field":
                spec.update(self._spec(child, model, models))
            elif child.get("name") in fields:
                spec[child.get("name")] = self._field_spec(child, fields[child.get("name")], models)
        return spec

    def _field_spec(self, node, field, models):
        if field["type"] in ("many2one", "reference"):
            return {"fields": {"display_name": {}}}
        if field["type"] not in X2MANY or node.get("invisible") in ("1", "True"):
            return {}
        subview = next((sub for sub in node if sub.tag in ("list", "kanban")), None)
        if subview is None or field["relation"] not in models:
            return {"fields": {"display_name": {}}}
        return {"fields": self._spec(subview, field["relation"], models), "limit": 40}

    def _group_specs(self, arch, fields, kinds):
        specs = []
        for node in arch.iter("field"):
            name = node.get("name")
            if node.get("type") not in kinds or name not in fields:
                continue
            interval = node.get("interval")
            if not interval and fields[name]["type"] in ("date", "datetime"):
                interval = "month"
            specs.append(f"{name}:{interval}" if interval else name)
        return specs

    def _measure(self, name, fields):
        field = fields[name]
        aggregator = "count_distinct" if field["type"] == "many2one" else field.get("aggregator")
        return f"{name}:{aggregator}"

    # JSON-RPC -------------------------------------------------------------------------------------

    def _call(self, model, method, args, kwargs):
        """An ORM call as orm_service.js sends it: the user's context under the call's own."""
        kwargs = {**kwargs, "context": {**self.user_context, **kwargs.get("context", {})}}
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs}
        return self._rpc(f"/web/dataset/call_kw/{model}/{method}", params)

    def _rpc(self, route, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}
        response = self.url_open(
            route,
            data=json.dumps(payload, default=str),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        if response.status_code != 200:
            raise ServerError(f"{route}: HTTP {response.status_code}")
        body = response.json()
        if "error" in body:
            data = body["error"].get("data", {})
            frames = re.findall(r'File "([^"]+)", line (\d+)', data.get("debug", ""))
            at = f" ({'/'.join(frames[-1][0].split('/')[-3:])}:{frames[-1][1]})" if frames else ""
            raise ServerError(f"{route}: {data.get('name')}: {data.get('message')}{at}")
        return body.get("result")
