from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from ..rules import passwords
from .base import linked_ids, missing_error

CASE_MANAGER = "kim_case.group_kim_case_manager"
TRAEGER_ADMIN = "kim_case.group_kim_traeger_admin"
COORDINATOR = "kim_case.group_kim_coordinator"
KIM_GROUPS = (CASE_MANAGER, TRAEGER_ADMIN, COORDINATOR)
# What anybody may read of a colleague (chatter, mentions, avatars).
PUBLIC_USER_FIELDS = {"id", "display_name", "name", "avatar_128", "im_status", "partner_id"}
# The platform's user screens and the staff screens a Träger admin gets instead.
STAFF_VIEWS = {
    "form": ("base.view_users_form", "kim_case.res_users_view_form_kim_staff"),
    "list": ("base.view_users_tree", "kim_case.res_users_view_list_kim_staff"),
    "kanban": ("base.view_res_users_kanban", "kim_case.res_users_view_kanban_kim_staff"),
}
# Users without a KIM role see nothing of KIM, not even colleagues' weekly hours.
KIM_FIELD_GROUPS = ",".join((*KIM_GROUPS, "base.group_erp_manager"))
# What a Träger admin may set on the users of their own provider, and nothing else.
DELEGATED_WRITE = {
    "name",
    "active",
    "kim_weekly_hours",
    "kim_is_case_manager",
    "kim_is_traeger_admin",
    "kim_substitute_user_ids",
}
DELEGATED_CREATE = DELEGATED_WRITE | {"login", "email", "company_id", "company_ids", "lang", "tz"}


class ResUsers(models.Model):
    _inherit = "res.users"

    kim_municipality_ids = fields.Many2many(
        "kim.municipality",
        "kim_municipality_user_rel",
        "user_id",
        "municipality_id",
        "KIM municipalities",
        groups=KIM_FIELD_GROUPS,
        help="Coordinators supervise the cases of these municipalities (a district includes "
        "its towns), whichever provider employs the case manager.",
    )
    kim_weekly_hours = fields.Float(
        "Weekly hours",
        default=39.0,
        groups=KIM_FIELD_GROUPS,
        help="Contractual weekly hours of a case manager; a full-time post has 39 "
        "(36 operative, 1 strategic, 2 team hours).",
    )

    kim_is_case_manager = fields.Boolean(
        "Case manager",
        compute="_compute_kim_roles",
        inverse="_inverse_kim_is_case_manager",
        search="_search_kim_is_case_manager",
        groups=KIM_FIELD_GROUPS,
        help="Works KIM cases of the provider.",
    )
    kim_is_traeger_admin = fields.Boolean(
        "Provider administrator",
        compute="_compute_kim_roles",
        inverse="_inverse_kim_is_traeger_admin",
        groups=KIM_FIELD_GROUPS,
        help="Manages the provider's KIM staff.",
    )
    kim_substitute_user_ids = fields.Many2many(
        "res.users",
        "kim_user_substitute_rel",
        "user_id",
        "substitute_id",
        "Standing substitutes",
        groups=KIM_FIELD_GROUPS,
        domain="[('share', '=', False), ('company_ids', 'in', company_ids), "
        "('kim_is_case_manager', '=', True)]",
        help="Colleagues who stand in for this case manager: they become substitutes of "
        "the case manager's open cases and of every new one (Vertretungsregelung).",
    )

    @api.depends("group_ids")
    def _compute_kim_roles(self):
        case_manager = self.env.ref(CASE_MANAGER)
        traeger_admin = self.env.ref(TRAEGER_ADMIN)
        for user in self:
            groups = user.sudo().all_group_ids
            user.kim_is_case_manager = case_manager in groups
            user.kim_is_traeger_admin = traeger_admin in groups

    def _search_kim_is_case_manager(self, operator, value):
        """The users holding the case manager role, directly or through a group that
        implies it: one condition on the table of the users' groups, with the ids of
        those groups (which the platform keeps in its cache of group definitions). The
        platform checks the groups of a field only on the condition it puts into SQL, here
        the groups: the role stays hidden from users without KIM like the field."""
        self._check_field_access(self._fields["kim_is_case_manager"], "read")
        if operator not in ("in", "not in"):
            return NotImplemented
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(CASE_MANAGER)
        implying = self.env["res.groups"].sudo().browse(group_id).all_implied_by_ids
        holders = Domain("group_ids", "in", implying.ids)
        if set(value) >= {True, False}:
            return Domain(operator == "in")
        if True not in value:
            holders = ~holders
        return holders if operator == "in" else ~holders

    @tools.ormcache("self._get_group_ids()", "group_spec", cache="groups")
    def _kim_in_groups(self, group_spec):
        """``has_groups`` kept per set of the user's groups: the key follows their groups
        (``_get_group_ids``) and the cache is emptied when groups are redefined."""
        return self.has_groups(group_spec)

    def _compute_display_name(self):
        # A user is shown by their contact's name. The platform gets it through the
        # inherited field, which fetches every column of the users and of their contacts:
        # each case, contact and goal names its case manager. Only the two columns the name
        # needs are read here, as superuser like the name of any many2one the web client
        # shows (whoever may read the user, by the users' rules, which include their
        # contact's, may read that name), unless the context asks for more than the name or
        # a user is still being filled in.
        asking = self.pool.field_depends_context[self._fields["display_name"]]
        if not all(self._ids) or any(self.env.context.get(key) for key in asking if key != "lang"):
            return super()._compute_display_name()
        users = self.sudo()
        users.fetch(["partner_id"])
        users.partner_id.fetch(["name"])
        for user, shown in zip(self, users, strict=True):
            user.display_name = shown.partner_id.name or False
        return None

    def _kim_set_group(self, xml_id, granted):
        group = self.env.ref(xml_id)
        command = Command.link(group.id) if granted else Command.unlink(group.id)
        self.sudo().write({"group_ids": [command]})

    def _inverse_kim_is_case_manager(self):
        for user in self:
            user._kim_set_group(CASE_MANAGER, user.kim_is_case_manager)

    def _inverse_kim_is_traeger_admin(self):
        for user in self:
            user._kim_set_group(TRAEGER_ADMIN, user.kim_is_traeger_admin)

    # Delegated administration by Träger admins ---------------------------------------------------

    def _kim_coordinated_municipality_ids(self):
        """The ids of the municipalities this user coordinates, a district with all its
        towns (archived ones included): what the record rules and every check of "may this
        coordinator act for that municipality" go by."""
        self.ensure_one()
        own = self.sudo().kim_municipality_ids
        if not own:
            return []
        Municipality = self.env["kim.municipality"].sudo().with_context(active_test=False)
        return Municipality.search([("id", "child_of", own.ids)]).ids

    def _kim_acts_as_traeger_admin(self):
        """True when the current user administers users only as a Träger admin (not as an
        Odoo administrator): then only the delegated fields of their own staff may change."""
        env = self.env
        return (
            not env.su
            and env.user.has_group(TRAEGER_ADMIN)
            and not env.user.has_group("base.group_erp_manager")
        )

    def _kim_check_delegation(self, vals, creating=False):
        """What a Träger admin sends passes on (with sudo) only as whitelisted fields and,
        in relational fields, only as links to their own providers and their own staff:
        never a nested create or update, never another provider."""
        admin = self.env.user
        own = admin.company_ids.ids
        own_staff = [("share", "=", False), ("company_ids", "not any", [("id", "not in", own)])]
        allowed = {
            "name": None,
            "active": None,
            "kim_weekly_hours": None,
            "kim_is_case_manager": None,
            "kim_is_traeger_admin": None,
            "kim_substitute_user_ids": own_staff,
        }
        if creating:
            allowed |= {
                "login": None,
                "email": None,
                "lang": None,
                "tz": None,
                "company_id": [("id", "in", own)],
                "company_ids": [("id", "in", own)],
            }
        forbidden = set(vals) - set(allowed)
        if forbidden:
            raise AccessError(
                self.env._(
                    "As provider administrator you may set name, roles, weekly hours, substitutes "
                    "and whether a user is active, not: %s.",
                    self._kim_field_labels(forbidden),
                )
            )
        companies = set()
        for name in ("company_id", "company_ids"):
            if name in vals:
                companies |= linked_ids(vals[name], self._fields[name].type) or set()
        if companies - set(own):
            raise AccessError(
                self.env._("You may only give users the providers you administer yourself.")
            )
        self._kim_check_delegated_values(vals, allowed)
        if creating:
            return
        if admin in self and {"kim_is_case_manager", "kim_is_traeger_admin", "active"} & set(vals):
            raise AccessError(self.env._("You cannot change your own roles."))
        self._kim_check_own_staff()

    @api.model_create_multi
    def create(self, vals_list):
        if self._kim_acts_as_traeger_admin():
            for vals in vals_list:
                vals.setdefault("company_id", self.env.company.id)
                vals.setdefault("company_ids", [Command.set([vals["company_id"]])])
                self._kim_check_delegation(vals, creating=True)
            users = super(ResUsers, self.sudo()).create(vals_list)
            return users.sudo(False)
        return super().create(vals_list)

    def write(self, vals):
        if self._kim_acts_as_traeger_admin() and not (
            self == self.env.user and set(vals) <= set(self.SELF_WRITEABLE_FIELDS)
        ):
            self._kim_check_delegation(vals)
            result = super(ResUsers, self.sudo()).write(vals)
        else:
            result = super().write(vals)
        if "kim_substitute_user_ids" in vals:
            self._kim_apply_standing_substitutes()
        return result

    def action_kim_send_invitation(self):
        """Sends the signup invitation (Odoo's auth_signup) to the users who never logged
        in and the password reset link to the others. A Träger admin sends it only to the
        staff of their own providers, the way they may change them; administrators to
        anybody; nobody else at all."""
        if self._kim_acts_as_traeger_admin():
            self._kim_check_own_staff()
            users = self.sudo()
        elif self.env.su or self.env.user.has_group("base.group_erp_manager"):
            users = self
        else:
            raise AccessError(
                self.env._("Only administrators and provider administrators send invitations.")
            )
        new = users.filtered(lambda user: not user.login_date)
        known = users - new
        if new:
            new.with_context(create_user=1).action_reset_password()
        if known:
            known.action_reset_password()
        messages = []
        if new:
            messages.append(
                self.env._("Invitation sent to %s.", ", ".join(new.mapped("display_name")))
            )
        if known:
            messages.append(
                self.env._(
                    "Password reset link sent to %s.", ", ".join(known.mapped("display_name"))
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": " ".join(messages), "type": "success", "sticky": False},
        }

    def _kim_check_own_staff(self):
        """A Träger admin changes and invites only their own staff: internal users of
        their providers, no coordinators, no administrators."""
        admin = self.env.user
        for user in self.sudo():
            if user.share or user.company_ids - admin.company_ids:
                raise AccessError(
                    self.env._(
                        "%s belongs to another provider; as provider administrator you manage "
                        "only your own staff.",
                        user.name,
                    )
                )
            if user.has_group(COORDINATOR) or user.has_group("base.group_erp_manager"):
                raise AccessError(
                    self.env._(
                        "%s is a coordinator or an administrator; only an administrator "
                        "manages them.",
                        user.name,
                    )
                )

    def _get_invalidation_fields(self):
        # The record rules hold the ids of a coordinator's municipalities.
        return super()._get_invalidation_fields() | {"kim_municipality_ids"}

    def _kim_apply_standing_substitutes(self):
        """The standing substitutes stand in on every open case of the case manager."""
        cases = (
            self.env["kim.case"]
            .sudo()
            .search([("user_id", "in", self.ids), ("state", "=", "open")])
        )
        for case in cases:
            standing = case.user_id.kim_substitute_user_ids - case.user_id
            if standing - case.substitute_ids:
                case.substitute_ids |= standing

    # The platform's user screens stay with administrators ----------------------------------

    @api.model
    def get_views(self, views, options=None):
        """A Träger admin sees users through the staff list and form only, also when a link
        or /odoo/res.users/<id> asks for the default user form (issue 8, class 11)."""
        if self._kim_acts_as_traeger_admin():
            views = [self._kim_staff_view(view_id, view_type) for view_id, view_type in views]
        return super().get_views(views, options)

    @api.model
    def _kim_staff_view(self, view_id, view_type):
        if view_type in STAFF_VIEWS:
            platform, staff = (self.env.ref(xml_id).id for xml_id in STAFF_VIEWS[view_type])
            if not view_id or view_id == platform:
                return [staff, view_type]
        return [view_id, view_type]

    def web_read(self, specification):
        """A Träger admin opens the staff form of their own staff only; another provider's
        user (or an administrator) answers as if missing. Names and avatars, as chatter
        and mentions need them, stay readable. What is checked are the stored users behind
        the records: a new colleague being entered in the staff form (the form's onchange
        reads the new record) has none, the edit of an existing user has that user."""
        if self._kim_acts_as_traeger_admin() and set(specification) - PUBLIC_USER_FIELDS:
            stored = self._origin
            own = self.env.user.company_ids.ids
            staff = stored.sudo().search(
                [
                    ("id", "in", stored.ids),
                    ("share", "=", False),
                    ("company_ids", "not any", [("id", "not in", own)]),
                ]
            )
            foreign = stored - staff.sudo(False)
            if foreign:
                raise missing_error(foreign)
        return super().web_read(specification)

    def get_formview_id(self, access_uid=None):
        user = self.env["res.users"].browse(access_uid) if access_uid else self.env.user
        if self.with_user(user)._kim_acts_as_traeger_admin():
            return self.env.ref(STAFF_VIEWS["form"][1]).id
        return super().get_formview_id(access_uid=access_uid)

    # Login hardening ------------------------------------------------------------------------------

    def _kim_has_role(self):
        user = self.sudo()
        return any(user.has_group(group) for group in KIM_GROUPS)

    def _mfa_type(self):
        """KIM users log in with a second factor: their authenticator app, or else a code
        sent by e-mail (Odoo's auth_totp_mail). The system parameter kim_case.require_2fa
        switches it off (the demo database does, so that its logins can be tried)."""
        kind = super()._mfa_type()
        if kind is None and self._kim_has_role():
            param = self.env["ir.config_parameter"].sudo().get_param("kim_case.require_2fa", "1")
            if param.lower() not in ("0", "false", ""):
                return "totp_mail"
        return kind

    def _check_password_policy(self, passwords_to_check):
        """Odoo's length policy, and for KIM the character kinds and no login inside."""
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("kim_case.password_policy"):
            min_length = max(
                int(params.get_param("auth_password_policy.minlength", 0) or 0),
                passwords.MIN_LENGTH,
            )
            messages = {
                passwords.TOO_SHORT: self.env._(
                    "A password has at least %s characters.", min_length
                ),
                passwords.TOO_FEW_KINDS: self.env._(
                    "A password mixes at least three kinds of characters: small letters, "
                    "capital letters, digits and special characters."
                ),
                passwords.CONTAINS_LOGIN: self.env._("A password does not contain the login."),
            }
            for user, password in zip(self, passwords_to_check, strict=False):
                if not password:
                    continue
                found = passwords.problems(password, user.login, min_length)
                if found:
                    raise UserError("\n".join(messages[code] for code in found))
        return super()._check_password_policy(passwords_to_check)

    @api.constrains("kim_weekly_hours")
    def _check_kim_weekly_hours(self):
        for user in self:
            if not 0 <= user.kim_weekly_hours <= 60:
                raise ValidationError(
                    self.env._("Weekly hours lie between 0 and 60, not %s.", user.kim_weekly_hours)
                )

    @api.constrains("partner_id")
    def _check_kim_no_client_account(self):
        # A client is a person of their own, never a user (persons.CLIENT_DOMAIN): an
        # account, portal access included, would sign them in with what users see.
        for user in self.sudo():
            if user.partner_id.kim_is_client:
                raise ValidationError(
                    self.env._("%s is a client and gets no user account.", user.partner_id.name)
                )
