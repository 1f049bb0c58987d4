"""The attacker's proof (issue 8): an insider with one user per role attacks every KIM model
over the ORM, JSON-RPC, XML-RPC and the HTTP routes, class by class.

Organisation: ``attacker_common.py`` holds the two providers' worlds (A and B, each a
client with a child, household, case with special categories, declarations, disclosure,
case work, chatter, attachment, activity and appointment; a household shared by a case of
each) and the generic means: KIM models from the registry, fields from ``_fields`` and
``_kim_field_kinds()``, the records a role owns or may not touch from the record rules,
attempts in rolled-back savepoints. Each test below is one class of the issue; it
collects every failed attack and fails once, naming role, model, field and route. Heavy
loops over every model and field run over the ORM (``with_user``); JSON-RPC and XML-RPC
carry a representative subset, every context key and positional arguments; the HTTP
routes are attacked by every role without access.
"""

import base64
import contextlib
import io
import json
import re
import zipfile
from datetime import date, datetime, timedelta

from odoo import Command, http
from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .attacker_common import (
    NOISY_LOGGERS,
    PLATFORM_CONTEXT_KEYS,
    RELATIONAL,
    SKIP,
    X2MANY,
    AttackerCommon,
    Outcome,
    is_guarded,
    kim_context_keys,
    kim_model_names,
)
from .replica import ReadOnlyRequests

PROTOCOLS = ("JSON-RPC", "XML-RPC")
# Models outside KIM whose references to clients the issue names.
REFERENCING_PLATFORM_MODELS = ("res.partner", "calendar.event", "calendar.attendee")
# Users of other apps must not even count these per KIM record.
METADATA_MODELS = {
    "mail.followers": ("res_model", "partner_id"),
    "mail.message": ("model", "author_id"),
    "mail.activity": ("res_model", "user_id"),
    "ir.attachment": ("res_model", "create_uid"),
    "calendar.event": ("res_model", "user_id"),
}
# Where answers carry case ids.
CASE_KEYS = {"case_ids", "household_case_ids", "kim_case_ids", "case_id"}
EXTRA_NOISE = ("odoo.addons.web.controllers.export", "odoo.addons.web.controllers.report")


def plain(value):
    """Commands as plain lists of plain ints, as a JSON or XML-RPC client sends them."""
    return json.loads(json.dumps(value, default=str))


@tagged("post_install", "-at_install")
class TestAttacker(ReadOnlyRequests, AttackerCommon, HttpCase):
    def assertNoHoles(self, problems, minimum=1):
        """Fails with every hole found; first makes sure the attacks ran at all."""
        self.assertGreaterEqual(
            self.attempts, minimum, f"only {self.attempts} attacks ran: the setup is broken"
        )
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def _kind(self, record, user):
        return "own" if record.with_user(user)._filtered_access("write") else "foreign"

    # 1. Nested x2many commands ---------------------------------------------------------------

    def test_01_nested_commands_in_every_kim_x2many(self):
        """Every x2many of every KIM model, every role: update and delete of records the
        role may not change, links to records it may not read, and nested creates that
        carry a foreign reference or a workflow value."""
        problems = []
        for role, user in self.roles.items():
            for model_name in kim_model_names(self.env):
                Model = self.env[model_name]
                # A computed field without inverse is not written at all (Odoo drops the value).
                x2many = [
                    field
                    for field in Model._fields.values()
                    if field.type in X2MANY
                    and (field.store or field.inverse)
                    and not field.name.startswith(("message_", "activity_"))
                ]
                if not x2many:
                    continue
                record = self.own_record(model_name, user) or self.sample_record(model_name)
                if not record:
                    continue
                kind = self._kind(record, user)
                for field in x2many:
                    for label, value in self._nested_attacks(record, field, user):
                        outcome = self.attempt(
                            lambda record=record, field=field, value=value, user=user: (
                                record.with_user(user).write({field.name: value})
                            ),
                            probe=lambda record=record, field=field: self._tables_of(record, field),
                            user=user,
                        )
                        if not outcome.refused:
                            problems.append(
                                f"[1 nested] {role} / {model_name}.{field.name} = {label} "
                                f"on {kind} record {record.id} (ORM write): {outcome.describe()}"
                                + _effect(outcome)
                            )
        self.assertNoHoles(problems, minimum=100)

    def _tables_of(self, record, field):
        """What a command on ``field`` of ``record`` could change."""
        tables = {record._table, self.env[field.comodel_name]._table}
        if field.type == "many2many" and field.store:
            tables.add(field.relation)
        return self.fingerprint(*sorted(tables))

    def _nested_attacks(self, record, field, user):
        comodel = field.comodel_name
        current = record.sudo()[field.name]
        attacks = []
        vals = self.plain_field(comodel)
        target = self.untouchable(comodel, user, "write")
        if target and vals:
            attacks.append(
                (
                    f"[Command.update({comodel} {target.id} the role may not change)]",
                    [Command.update(target.id, vals)],
                )
            )
        target = self.untouchable(comodel, user, "unlink")
        if target:
            attacks.append(
                (
                    f"[Command.delete({comodel} {target.id} the role may not delete)]",
                    [Command.delete(target.id)],
                )
            )
        target = self.foreign_record(comodel, user, exclude=current)
        if target:
            attacks.append(
                (f"[Command.link(unreadable {comodel} {target.id})]", [Command.link(target.id)])
            )
            attacks.append(
                (f"[Command.set([unreadable {comodel} {target.id}])]", [Command.set(target.ids)])
            )
        nested = self._hostile_create(field, user)
        if nested:
            label, values = nested
            attacks.append((f"[Command.create({label})]", [Command.create(values)]))
        return attacks

    def _hostile_create(self, field, user):
        """Values for a nested create that the role must not get through: a reference to
        a record it may not read, else a workflow value, else anything when the role may
        not create such records at all."""
        comodel = field.comodel_name
        Model = self.env[comodel]
        inverse = field.inverse_name if field.type == "one2many" else None
        values = dict(self.template(comodel, user) or {})
        values.pop(inverse, None)
        for name, sub in Model._fields.items():
            if (
                sub.type == "many2one"
                and is_guarded(sub.comodel_name)
                and name != inverse
                and sub.store
                and not sub.compute
                and not sub.related
                and name not in LOG_ACCESS_COLUMNS
            ):
                target = self.foreign_record(sub.comodel_name, user)
                if target:
                    return f"{name}=unreadable {sub.comodel_name} {target.id}", {
                        **values,
                        name: target.id,
                    }
        if comodel.startswith("kim."):
            for name in sorted(Model._kim_field_kinds()[0]):
                value = self.other_value(Model._fields[name], False, user)
                if value is not SKIP and name != inverse:
                    return f"workflow field {name}={value!r}", {**values, name: value}
        if not self.may(user, comodel, "create"):
            return f"{comodel} the role may not create", values or self.plain_field(comodel) or {}
        return None

    def test_01_traeger_admin_nested_commands_in_every_user_x2many(self):
        """A Träger admin creates and changes users with every x2many of res.users holding
        create, update, delete, or links to another provider and its users (ORM)."""
        admin, staff = self.traeger_admin_a, self.case_manager_a
        Users = self.env["res.users"].with_user(admin)
        probe = self._user_tables
        problems = []
        for field in self._x2many(self.env["res.users"]):
            for label, value in self._user_commands(field):
                for how in ("create", "write on own staff"):
                    if how == "create":
                        vals = {"name": "Neue Fachkraft", "login": "kim_atk_neu", field.name: value}
                        call = lambda vals=vals: Users.create(vals)  # noqa: E731
                    else:
                        vals = {field.name: value}
                        call = lambda vals=vals: Users.browse(staff.id).write(vals)  # noqa: E731
                    outcome = self.attempt(call, probe=probe, user=admin)
                    if not outcome.refused or outcome.changed:
                        problems.append(
                            f"[1 nested users] Traeger admin A / res.users.{field.name} = {label} "
                            f"({how}, ORM): {outcome.describe()}"
                            + (" - companies, groups or users changed" if outcome.changed else "")
                        )
        self.assertNoHoles(problems, minimum=100)

    def _x2many(self, Model):
        return [
            field
            for field in Model._fields.values()
            if field.type in X2MANY and not field.name.startswith(("message_", "activity_"))
        ]

    def _user_tables(self):
        return self.fingerprint(
            "res_company",
            "res_groups",
            "res_users",
            "res_company_users_rel",
            "res_groups_users_rel",
            "kim_user_substitute_rel",
            "kim_case_substitute_rel",
        )

    def _user_commands(self, field):
        """Create, update, delete and foreign links for a field of res.users."""
        comodel = field.comodel_name
        foreign = {
            "res.users": self.case_manager_b,
            "res.company": self.provider_b,
            "res.groups": self.env.ref("base.group_system"),
        }.get(comodel) or self.pool(comodel, limit=1)
        own = {"res.users": self.substitute_a, "res.company": self.provider_a}.get(comodel)
        new = {"name": "Angriff"}
        if comodel == "res.users":
            new["login"] = "kim_atk_nested"
        commands = [(f"[Command.create({comodel})]", [Command.create(new)])]
        for target in (own, foreign):
            if target:
                commands.append(
                    (
                        f"[Command.update({comodel} {target.id})]",
                        [Command.update(target.id, {"name": "Umbenannt"})],
                    )
                )
        if foreign:
            commands += [
                (f"[Command.delete({comodel} {foreign.id})]", [Command.delete(foreign.id)]),
                (f"[Command.link(foreign {comodel} {foreign.id})]", [Command.link(foreign.id)]),
                (f"[Command.set([foreign {comodel} {foreign.id}])]", [Command.set(foreign.ids)]),
            ]
        return commands

    def test_01_traeger_admin_cannot_reach_another_provider_over_rpc(self):
        """The attacks of the issue over JSON-RPC and XML-RPC: create companies through a
        user, attach own users to provider B, make a user a standing substitute there."""
        admin, staff, sub = self.traeger_admin_a, self.case_manager_a, self.substitute_a
        foreign = self.case_manager_b
        system = self.env.ref("base.group_system").id
        coordinator = self.env.ref("kim_case.group_kim_coordinator").id
        a, b = self.provider_a.id, self.provider_b.id
        creates = {
            "company_ids Command.create": {"company_ids": [Command.create({"name": "Traeger X"})]},
            "company_ids Command.update own": {
                "company_ids": [Command.update(a, {"name": "Umbenannt"})]
            },
            "company_ids Command.update B": {
                "company_ids": [Command.update(b, {"kim_municipality_ids": [Command.clear()]})]
            },
            "company_ids Command.delete B": {"company_ids": [Command.delete(b)]},
            "company_ids Command.link B": {"company_ids": [Command.link(b)]},
            # Beside a link to the own provider, as the attacker did: a lone
            # nested command might be refused only by accident.
            "company_ids link A + Command.create": {
                "company_id": a,
                "company_ids": [Command.link(a), Command.create({"name": "Schatten"})],
            },
            "company_ids link A + Command.update B": {
                "company_id": a,
                "company_ids": [Command.link(a), Command.update(b, {"name": "Umbenannt"})],
            },
            "company_ids link A + Command.update A": {
                "company_id": a,
                "company_ids": [Command.link(a), Command.update(a, {"name": "Umbenannt"})],
            },
            "company_ids Command.set [A, B]": {"company_ids": [Command.set([a, b])]},
            "company_id B": {"company_id": b, "company_ids": [Command.set([b])]},
            "kim_substitute_user_ids link B's user": {
                "kim_substitute_user_ids": [Command.link(foreign.id)]
            },
            "kim_substitute_user_ids Command.create": {
                "kim_substitute_user_ids": [Command.create({"name": "X", "login": "kim_atk_x"})]
            },
            "kim_substitute_user_ids update own staff to admin": {
                "kim_substitute_user_ids": [
                    Command.update(staff.id, {"group_ids": [Command.link(system)]})
                ]
            },
            "kim_substitute_user_ids update B's user into provider A": {
                "kim_substitute_user_ids": [
                    Command.update(foreign.id, {"company_ids": [Command.link(a)]})
                ]
            },
            "kim_substitute_user_ids delete B's user": {
                "kim_substitute_user_ids": [Command.delete(foreign.id)]
            },
            "group_ids coordinator": {"group_ids": [Command.link(coordinator)]},
        }
        writes = [
            ("attach own staff to provider B", staff, {"company_ids": [Command.link(b)]}),
            ("own staff into B only", staff, {"company_ids": [Command.set([b])]}),
            ("own staff company_id B", staff, {"company_id": b}),
            (
                "B's case manager as standing substitute of own staff",
                staff,
                {"kim_substitute_user_ids": [Command.link(foreign.id)]},
            ),
            (
                "own user as standing substitute of B's case manager",
                foreign,
                {"kim_substitute_user_ids": [Command.link(sub.id)]},
            ),
            (
                "nested: B's case manager gets own user as substitute",
                staff,
                {
                    "kim_substitute_user_ids": [
                        Command.update(
                            foreign.id, {"kim_substitute_user_ids": [Command.link(sub.id)]}
                        )
                    ]
                },
            ),
            (
                "nested: own substitute moved into provider B",
                staff,
                {
                    "kim_substitute_user_ids": [
                        Command.update(sub.id, {"company_ids": [Command.link(b)]})
                    ]
                },
            ),
            ("B's case manager renamed", foreign, {"name": "Umbenannt"}),
            ("own staff made system admin", staff, {"group_ids": [Command.link(system)]}),
        ]
        problems = []
        for protocol in PROTOCOLS:
            for label, vals in creates.items():
                vals = plain({"name": "Neue Fachkraft", "login": "kim_atk_rpc", **vals})
                outcome = self.rpc_attempt(
                    lambda vals=vals, protocol=protocol: self.rpc(
                        protocol, admin, "res.users", "create", [vals]
                    ),
                    probe=self._user_tables,
                )
                if not outcome.refused or outcome.changed:
                    problems.append(
                        f"[1 users] Traeger admin A / res.users create {label} ({protocol}, "
                        f"/web/dataset/call_kw or /xmlrpc/2/object): {outcome.describe()}"
                        + (" - companies, groups or users changed" if outcome.changed else "")
                    )
            for label, user, vals in writes:
                vals = plain(vals)
                outcome = self.rpc_attempt(
                    lambda user=user, vals=vals, protocol=protocol: self.rpc(
                        protocol, admin, "res.users", "write", [[user.id], vals]
                    ),
                    probe=self._user_tables,
                )
                if not outcome.refused or outcome.changed:
                    problems.append(
                        f"[1 users] Traeger admin A / res.users write {label} ({protocol}): "
                        f"{outcome.describe()}"
                        + (" - companies, groups or users changed" if outcome.changed else "")
                    )
        self.assertNoHoles(problems)

    def test_01_nested_commands_over_rpc(self):
        """A representative subset of the nested commands over JSON-RPC and XML-RPC, as
        case manager A on their own case and household, against B's records."""
        user, own, theirs = self.case_manager_a, self.worlds["A"], self.worlds["B"]
        secrets = self.secrets_hidden_from(user)
        attacks = [
            (
                "kim.case",
                own["case"],
                "goal_ids",
                [Command.update(theirs["goal"].id, {"name": "X"})],
            ),
            ("kim.case", own["case"], "goal_ids", [Command.delete(theirs["goal"].id)]),
            ("kim.case", own["case"], "goal_ids", [Command.link(theirs["goal"].id)]),
            ("kim.case", own["case"], "consent_ids", [Command.link(theirs["processing"].id)]),
            (
                "kim.case",
                own["case"],
                "consent_ids",
                [
                    Command.create(
                        {
                            "kind": "waiver",
                            "state": "given",
                            "date_signed": "2020-01-01",
                            "category_id": self.env.ref("kim_case.recipient_landlords").id,
                        }
                    )
                ],
            ),
            (
                "kim.case",
                own["case"],
                "substitute_ids",
                [Command.create({"name": "X", "login": "kim_atk_sub"})],
            ),
            (
                "kim.case",
                own["case"],
                "substitute_ids",
                [Command.update(self.case_manager_b.id, {"name": "X"})],
            ),
            (
                "kim.case",
                own["case"],
                "audit_log_ids",
                [Command.delete(own["case"].audit_log_ids[:1].id)],
            ),
            (
                "kim.case",
                own["case"],
                "audit_log_ids",
                [Command.update(own["case"].audit_log_ids[:1].id, {"detail": "X"})],
            ),
            (
                "kim.household",
                own["household"],
                "member_ids",
                [Command.create({"partner_id": theirs["client"].id})],
            ),
            (
                "kim.household",
                own["household"],
                "member_ids",
                [Command.update(theirs["household"].member_ids[:1].id, {"role": "child"})],
            ),
            ("kim.household", own["household"], "case_ids", [Command.link(theirs["case"].id)]),
            (
                "kim.consent",
                own["processing"],
                "child_ids",
                [Command.update(theirs["child"].id, {"name": "X"})],
            ),
            (
                "kim.consent",
                own["processing"],
                "child_ids",
                [Command.create({"name": "X", "parent_id": theirs["client"].id})],
            ),
        ]
        problems = []
        for protocol in PROTOCOLS:
            for model, record, name, value in attacks:
                outcome = self.rpc_attempt(
                    lambda model=model, record=record, name=name, value=value, protocol=protocol: (
                        self.rpc(protocol, user, model, "write", [record.ids, plain({name: value})])
                    ),
                    probe=lambda record=record, name=name: self._tables_of(
                        record, record._fields[name]
                    ),
                )
                where = f"[1 nested] case manager A / {model}.{name} = {plain(value)} ({protocol})"
                if not outcome.refused or outcome.changed:
                    problems.append(f"{where}: {outcome.describe()}" + _effect(outcome))
                if leaked := self.leaked(outcome.text, secrets):
                    problems.append(f"{where}: the answer names {leaked}")
        self.assertNoHoles(problems)

    # 2. Reading foreign records by referencing them -------------------------------------------

    def test_02_references_to_unreadable_records(self):
        """Every relational field to a client or a KIM record, of every KIM model and of
        contacts and appointments: create and write an own record with the id of a record
        the role may not read, and with a missing id. Both are refused alike, and no
        answer names the foreign client."""
        problems = []
        attackers = ("case manager A", "case manager B", "substitute A")
        attackers += ("coordinator B (other municipality)",)
        targets = kim_model_names(self.env) + list(REFERENCING_PLATFORM_MODELS)
        for role in attackers:
            user = self.roles[role]
            secrets = self.secrets_hidden_from(user)
            other_company = (
                self.provider_b if self.provider_a in user.company_ids else self.provider_a
            )
            for model_name in targets:
                Model = self.env[model_name]
                references = [
                    field
                    for field in Model._fields.values()
                    if field.type in RELATIONAL
                    and is_guarded(field.comodel_name)
                    and field.name not in LOG_ACCESS_COLUMNS
                ]
                if not references:
                    continue
                own = self.own_record(model_name, user)
                template = self.template(model_name, user) if own else None
                can_create = template is not None and (
                    self.attempt(
                        lambda t=template, M=Model, u=user: M.with_user(u).create(t), user=user
                    ).ok
                )
                company = Model._fields.get("company_id")
                variants = [("", {})]
                if company and company.store and not company.related:
                    variants.append((" and company_id of the other provider", other_company))
                for field in references:
                    problems += self._reference_attacks(
                        role,
                        user,
                        Model,
                        field,
                        own,
                        template if can_create else None,
                        variants,
                        secrets,
                    )
        self.assertNoHoles(problems, minimum=200)

    def _reference_attacks(self, role, user, Model, field, own, template, variants, secrets):
        problems = []
        comodel = field.comodel_name
        current = own.sudo()[field.name] if own else None
        foreign = self.foreign_record(comodel, user, exclude=current)
        ids = {"missing": self.missing_id(comodel)}
        if foreign:
            ids["foreign"] = foreign.id
        for how in ("write", "create"):
            record = own if how == "write" else None
            if (how == "write" and not own) or (how == "create" and template is None):
                continue
            for suffix, company in variants:
                outcomes = {}
                for kind, id_ in ids.items():
                    value = id_ if field.type == "many2one" else [Command.link(id_)]
                    vals = {field.name: value}
                    if company:
                        vals["company_id"] = company.id
                    if how == "write":
                        outcome = self.attempt(
                            lambda r=record, v=vals: r.with_user(user).write(v), user=user
                        )
                    else:
                        outcome = self.attempt(
                            lambda v={**template, **vals}: Model.with_user(user).create(v),
                            user=user,
                        )
                    outcomes[kind] = outcome
                    where = (
                        f"[2 reference] {role} / {Model._name}.{field.name} ({how}{suffix}, ORM) "
                        f"with a {kind} {comodel} id {id_}"
                    )
                    if not outcome.refused:
                        problems.append(f"{where}: {outcome.describe()}")
                    if leaked := self.leaked(outcome.text, secrets):
                        problems.append(f"{where}: the answer names {leaked}")
                if (
                    len(outcomes) == 2
                    and outcomes["foreign"].shape() != outcomes["missing"].shape()
                ):
                    problems.append(
                        f"[2 probing] {role} / {Model._name}.{field.name} ({how}{suffix}, ORM): "
                        f"a foreign id answers {outcomes['foreign'].describe()}, a missing id "
                        f"{outcomes['missing'].describe()}"
                    )
        return problems

    def test_02_references_over_rpc(self):
        """The examples of the issue over JSON-RPC and XML-RPC, as case manager A with B's
        client, child, household and case: refused, alike for a missing id, unnamed."""
        user, own, theirs = self.case_manager_a, self.worlds["A"], self.worlds["B"]
        secrets = self.secrets_hidden_from(user)
        now = datetime.now().replace(microsecond=0)
        jobcenter = self.env.ref("kim_case.recipient_jobcenter").id
        city = self.city_a.id
        # (model, method, record or None, values with X for the attacked id, comodel, foreign)
        scenarios = [
            (
                "kim.case",
                "create",
                None,
                {"partner_id": "X", "municipality_id": city},
                theirs["client"],
            ),
            (
                "kim.case",
                "create",
                None,
                {"partner_id": "X", "municipality_id": city, "company_id": self.provider_b.id},
                theirs["client"],
            ),
            ("kim.case", "write", own["case"], {"household_id": "X"}, theirs["household"]),
            (
                "kim.case",
                "write",
                own["case"],
                {"partner_id": "X", "company_id": self.provider_b.id},
                theirs["client"],
            ),
            (
                "kim.household.member",
                "create",
                None,
                {"household_id": own["household"].id, "partner_id": "X"},
                theirs["client"],
            ),
            (
                "kim.client.supporter",
                "create",
                None,
                {"client_id": "X", "kind": "sponsor"},
                theirs["client"],
            ),
            ("kim.consent", "write", own["processing"], {"child_ids": [[4, "X"]]}, theirs["child"]),
            (
                "res.partner",
                "create",
                None,
                {"name": "Neuer Kontakt", "parent_id": "X"},
                theirs["client"],
            ),
            ("res.partner", "write", own["client"], {"child_ids": [[4, "X"]]}, theirs["child"]),
            (
                "calendar.event",
                "create",
                None,
                {
                    "name": "Termin",
                    "start": str(now),
                    "stop": str(now + timedelta(hours=1)),
                    "partner_ids": [[6, 0, ["X"]]],
                },
                theirs["client"],
            ),
            (
                "kim.disclosure",
                "create",
                None,
                {
                    "case_id": "X",
                    "category_id": jobcenter,
                    "recipient_name": "Jobcenter",
                    "content": "Lebenslauf",
                    "purpose": "Vermittlung",
                },
                theirs["case"],
            ),
            ("kim.case.contact", "create", None, {"case_id": "X"}, theirs["case"]),
            (
                "kim.case.goal",
                "create",
                None,
                {"case_id": "X", "name": "Ziel", "life_domain_id": own["goal"].life_domain_id.id},
                theirs["case"],
            ),
            (
                "kim.consent.record",
                "create",
                None,
                {"case_id": "X", "date_signed": str(date.today())},
                theirs["case"],
            ),
            (
                "kim.case.transfer",
                "create",
                None,
                {"case_id": "X", "to_user_id": self.case_manager_b.id, "reason": "Umzug"},
                theirs["case"],
            ),
        ]
        problems = []
        for protocol in PROTOCOLS:
            for model, method, record, template, foreign in scenarios:
                outcomes = {}
                for kind, id_ in (
                    ("foreign", foreign.id),
                    ("missing", self.missing_id(foreign._name)),
                ):
                    vals = plain(_replace(template, id_))
                    args = [vals] if method == "create" else [[record.id], vals]
                    outcome = self.rpc_attempt(
                        lambda model=model, method=method, args=args, protocol=protocol: self.rpc(
                            protocol, user, model, method, args
                        )
                    )
                    outcomes[kind] = outcome
                    where = (
                        f"[2 reference] case manager A / {model}.{method} {sorted(template)} "
                        f"({protocol}) with a {kind} {foreign._name} id"
                    )
                    if not outcome.refused:
                        problems.append(f"{where}: {outcome.describe()}")
                    if leaked := self.leaked(outcome.text, secrets):
                        problems.append(f"{where}: the answer names {leaked}")
                if outcomes["foreign"].shape() != outcomes["missing"].shape():
                    problems.append(
                        f"[2 probing] case manager A / {model}.{method} {sorted(template)} "
                        f"({protocol}): a foreign id answers {outcomes['foreign'].describe()}, a "
                        f"missing id {outcomes['missing'].describe()}"
                    )
        self.assertNoHoles(problems)

    # 3. Audit ----------------------------------------------------------------------------------

    def _context_variants(self):
        keys = kim_context_keys(self.env) + list(PLATFORM_CONTEXT_KEYS)
        variants = [(f"{key}=True", {key: True}) for key in keys]
        variants.append(("all keys True", dict.fromkeys(keys, True)))
        variants.append(
            (
                "kim_allowed_fields as a list",
                {"kim_allowed_fields": ["name", "state", "company_id"]},
            )
        )
        return keys, variants

    def test_03_no_context_switches_the_audit_off(self):
        """Every ``kim_*`` context key of the KIM code and the platform's tracking keys,
        sent with every read and write route of the case, over JSON-RPC and XML-RPC: the
        audit entry is written all the same."""
        keys, variants = self._context_variants()
        self.assertIn("kim_audit_skip", keys, "the grep for context keys found nothing")
        problems = []
        user = self.case_manager_a
        targets = self._special_targets(user)
        self.assertTrue(targets, "no KIM model with special-category fields")
        for protocol in PROTOCOLS:
            for model_name, record, special in targets:
                case = record._kim_audit_cases()
                spec = {name: {} for name in special}
                for label, context in variants:
                    calls = [
                        ("read", [record.ids, special]),
                        ("search_read", [[("id", "=", record.id)], special]),
                        ("web_search_read", [[("id", "=", record.id)], spec]),
                        ("web_read", [record.ids, spec]),
                        ("write", [record.ids, {special[0]: self._changed(record, special[0])}]),
                    ]
                    for method, args in calls:
                        before = self.audit_entries(case)
                        outcome = self.rpc(
                            protocol, user, model_name, method, plain(args), {"context": context}
                        )
                        new = self.audit_entries(case) - before
                        action = "write" if method == "write" else "read"
                        where = (
                            f"[3 audit] case manager A / {model_name}.{method} of "
                            f"{', '.join(special) if action == 'read' else special[0]} with "
                            f"context {label} ({protocol})"
                        )
                        if not outcome.ok:
                            problems.append(
                                f"{where}: the call itself failed: {outcome.describe()}"
                            )
                        elif not new.filtered(
                            lambda e, a=action: e.action == a and e.user_id == user
                        ):
                            problems.append(f"{where}: no '{action}' entry in the audit log")
        self.assertNoHoles(problems)

    def _special_targets(self, user):
        """(model, a record the user may read, its special-category fields) for every
        KIM model that has such fields."""
        targets = []
        for model_name in kim_model_names(self.env):
            special = sorted(self.env[model_name]._kim_field_kinds()[2])
            if not special:
                continue
            record = self.own_record(model_name, user)
            if record and record._kim_audit_cases():
                targets.append((model_name, record.sudo(), special))
        return targets

    def _changed(self, record, name):
        value = self.other_value(record._fields[name], record[name], self.case_manager_a)
        if isinstance(value, str):
            value = f"{value} {self.env['kim.audit.log'].sudo().search_count([])}"
        return value

    def test_03_special_categories_are_logged_on_every_route(self):
        """Filtering, grouping, counting, name search and export of special categories
        write an audit entry like reading them."""
        user = self.case_manager_a
        problems = []
        for model_name, record, special in self._special_targets(user):
            case = record._kim_audit_cases()
            name = next((f for f in special if record[f]), special[0])
            value = record[name]
            condition = (
                [(name, "=", value)] if value not in (False, None) else [(name, "!=", False)]
            )
            domain = [("id", "=", record.id), *condition]
            groupable = [f for f in special if record._fields[f]._description_groupable(self.env)]
            calls = [
                (
                    "web_search_read (filter only)",
                    "web_search_read",
                    [domain, {"display_name": {}}],
                    "read",
                ),
                ("search (filter)", "search", [domain], "read"),
                ("search_count (filter)", "search_count", [domain], "read"),
                ("name_search (filter)", "name_search", ["", domain], "read"),
                ("export_data", "export_data", [record.ids, special], "export"),
            ]
            if groupable:
                calls += [
                    (
                        "formatted_read_group",
                        "formatted_read_group",
                        [[("id", "=", record.id)], [groupable[0]], ["__count"]],
                        "read",
                    ),
                    (
                        "web_read_group",
                        "web_read_group",
                        [[("id", "=", record.id)], [groupable[0]]],
                        "read",
                    ),
                ]
            for label, method, args, action in calls:
                before = self.audit_entries(case)
                outcome = self.json_kw(user, model_name, method, plain(args))
                new = self.audit_entries(case) - before
                where = f"[3 audit] case manager A / {model_name}.{label} on {name} (JSON-RPC)"
                if not outcome.ok:
                    problems.append(f"{where}: the call itself failed: {outcome.describe()}")
                elif not new.filtered(lambda e, a=action: e.action == a):
                    problems.append(f"{where}: no '{action}' entry in the audit log")
        self.assertNoHoles(problems)

    def test_03_case_reference_is_immutable(self):
        """Nobody rewrites a case's reference, whatever the context; later entries keep
        the real reference."""
        _keys, variants = self._context_variants()
        problems = []
        for role, user in self.roles.items():
            case = self.case_b if user == self.case_manager_b else self.case_a
            reference = case.name
            for protocol in PROTOCOLS:
                for label, context in [("no context", {}), *variants[-2:]]:
                    outcome = self.rpc_attempt(
                        lambda user=user, case=case, context=context, protocol=protocol: self.rpc(
                            protocol,
                            user,
                            "kim.case",
                            "write",
                            [
                                case.ids,
                                {
                                    "name": self.case_b.name
                                    if case == self.case_a
                                    else self.case_a.name
                                },
                            ],
                            {"context": context},
                        ),
                        probe=lambda case=case: self.row_print(case),
                    )
                    if not outcome.refused or outcome.changed:
                        problems.append(
                            f"[3 reference] {role} / kim.case.name write with {label} "
                            f"({protocol}): {outcome.describe()}"
                        )
            self.env.invalidate_all()
            if case.name != reference:
                problems.append(f"[3 reference] {role}: the reference of {reference} changed")
        outcome = self.rpc_attempt(
            probe=lambda: (
                self.env["kim.case"].sudo().search_count([("name", "=", self.case_b.name)])
            ),
            call=lambda: self.json_kw(
                self.case_manager_a,
                "kim.case",
                "create",
                [
                    {
                        "name": self.case_b.name,
                        "partner_id": self.spare_clients[self.case_manager_a.id].id,
                        "municipality_id": self.city_a.id,
                    }
                ],
            ),
        )
        if outcome.changed or (not outcome.ok and not outcome.refused):
            problems.append(
                f"[3 reference] case manager A / kim.case create with B's reference "
                f"(JSON-RPC): {outcome.describe()}"
            )
        self.assertNoHoles(problems)

    def test_03_printing_is_logged_whatever_the_context(self):
        """A printed case document writes its entry even with every context key set."""
        keys, _variants = self._context_variants()
        context = json.dumps(dict.fromkeys(keys, True))
        problems = []
        user = self.case_manager_a
        self.login(user)
        for report in self._kim_reports():
            record = self._report_record(report, self.worlds["A"])
            if not record:
                continue
            case = record._kim_audit_cases()
            before = self.audit_entries(case)
            self.attempts += 1
            with mute_logger(*NOISY_LOGGERS, *EXTRA_NOISE):
                response = self.url_open(
                    f"/report/html/{report.report_name}/{record.id}?context={context}"
                )
            new = self.audit_entries(case) - before
            if response.status_code != 200:
                problems.append(
                    f"[3 audit] case manager A / /report/html/{report.report_name}: "
                    f"HTTP {response.status_code}"
                )
            elif not new.filtered(lambda e: e.action == "print"):
                problems.append(
                    f"[3 audit] case manager A / /report/html/{report.report_name} with every "
                    f"context key: no 'print' entry"
                )
        self.assertNoHoles(problems)

    # 4. Workflow state -------------------------------------------------------------------------

    def test_04_workflow_and_immutable_fields_of_every_model(self):
        """Every workflow field (``_kim_field_kinds()``) of every KIM model: created with
        another value than the default and written; every immutable field written; by
        every role, over the ORM."""
        problems = []
        for role, user in self.roles.items():
            for model_name in kim_model_names(self.env):
                Model = self.env[model_name]
                workflow, immutable, _special = Model._kim_field_kinds()
                if not workflow | immutable:
                    continue
                own = self.own_record(model_name, user)
                record = own or self.sample_record(model_name)
                template = self.template(model_name, user) if own else None
                if (
                    template is not None
                    and not self.attempt(
                        lambda t=template, M=Model, u=user: M.with_user(u).create(t), user=user
                    ).ok
                ):
                    template = None
                defaults = Model.default_get(sorted(workflow))
                for name in sorted(workflow | immutable):
                    field = Model._fields[name]
                    if record:
                        value = self.other_value(field, record[name], user)
                        if value is not SKIP:
                            outcome = self.attempt(
                                lambda r=record, v={name: value}, u=user: r.with_user(u).write(v),
                                probe=lambda r=record: self.row_print(r),
                                user=user,
                            )
                            if not outcome.refused or outcome.changed:
                                problems.append(
                                    f"[4 workflow] {role} / {model_name}.{name} written "
                                    f"({'own' if own else 'foreign'} record, ORM) = {value!r}: "
                                    f"{outcome.describe()}"
                                )
                            if own and role == "case manager A":
                                outcome = self.rpc_attempt(
                                    lambda r=record, v={name: value}, u=user: self.json_kw(
                                        u, r._name, "write", [r.ids, plain(v)]
                                    ),
                                    probe=lambda r=record: self.row_print(r),
                                )
                                if not outcome.refused or outcome.changed:
                                    problems.append(
                                        f"[4 workflow] {role} / {model_name}.{name} written "
                                        f"(own record, JSON-RPC) = {value!r}: {outcome.describe()}"
                                    )
                    if name in workflow and template is not None:
                        value = self.other_value(field, defaults.get(name, False), user)
                        if value is SKIP:
                            continue
                        outcome = self.attempt(
                            lambda v={**template, name: value}, M=Model, u=user, n=name, w=value: (
                                holds(M.with_user(u).create(dict(v)), n, w)
                            ),
                            user=user,
                        )
                        # A value the server replaces by its own (a sequence) is no hole.
                        held = outcome.ok and outcome.value
                        if held or (not outcome.ok and not outcome.refused):
                            problems.append(
                                f"[4 workflow] {role} / {model_name}.{name} created = {value!r} "
                                f"(ORM): {outcome.describe()}"
                            )
        self.assertNoHoles(problems, minimum=50)

    def test_04_consent_and_disclosure_state_over_rpc(self):
        """The issue's examples over JSON-RPC and XML-RPC, by case manager A on their own
        case: nothing changes, no entry appears, the client is not anonymised."""
        user, world = self.case_manager_a, self.worlds["A"]
        processing, waiver, draft = world["processing"], world["waiver"], world["draft"]
        disclosure = world["disclosure"]
        attacks = [
            ("kim.consent", "write", processing, {"state": "withdrawn"}),
            ("kim.consent", "write", processing, {"state": "draft"}),
            ("kim.consent", "write", processing, {"state": "expired"}),
            ("kim.consent", "write", processing, {"date_withdrawn": str(date.today())}),
            ("kim.consent", "write", draft, {"state": "given"}),
            ("kim.consent", "unlink", processing, None),
            ("kim.consent", "unlink", waiver, None),
            ("kim.disclosure", "write", disclosure, {"waiver_id": False}),
            ("kim.disclosure", "write", disclosure, {"waiver_id": draft.id}),
            ("kim.disclosure", "write", disclosure, {"user_id": self.substitute_a.id}),
            ("kim.case.transfer", "write", self.transfer, {"state": "accepted"}),
            ("kim.case", "write", world["case"], {"state": "closed"}),
            (
                "kim.consent",
                "create",
                None,
                {
                    "case_id": world["case"].id,
                    "kind": "waiver",
                    "category_id": self.env.ref("kim_case.recipient_landlords").id,
                    "state": "given",
                    "date_signed": "2020-01-01",
                },
            ),
        ]
        problems = []
        case = world["case"]
        for protocol in PROTOCOLS:
            for model, method, record, vals in attacks:
                if method == "create":
                    args = [vals]
                    probe = lambda model=model: self.fingerprint(self.env[model]._table)  # noqa: E731
                else:
                    args = [record.ids] + ([vals] if vals is not None else [])
                    probe = lambda record=record: self.row_print(record)  # noqa: E731
                entries = self.audit_entries(case)
                outcome = self.rpc_attempt(
                    lambda model=model, method=method, args=args, protocol=protocol: self.rpc(
                        protocol, user, model, method, plain(args)
                    ),
                    probe=probe,
                )
                where = f"[4 workflow] case manager A / {model}.{method} {vals or ''} ({protocol})"
                if not outcome.refused or outcome.changed:
                    problems.append(f"{where}: {outcome.describe()}")
                if self.audit_entries(case) != entries:
                    problems.append(f"{where}: the audit log changed although refused")
        self.env.invalidate_all()
        if world["client"].name != world["names"]["client"]:
            problems.append("[4 workflow] the client was anonymised by a refused write")
        self.assertNoHoles(problems)

    def test_04_signature_of_a_given_declaration_is_not_rewritten_silently(self):
        """Back-dating the signature of a given waiver changes what it covers: it is
        refused, or at least written to the audit log."""
        user, world = self.case_manager_a, self.worlds["A"]
        case = world["case"]
        problems = []
        for label, consent in (("waiver", world["waiver"]), ("consent", world["processing"])):
            for protocol in PROTOCOLS:
                outcome = self.rpc_attempt(
                    lambda consent=consent, protocol=protocol: self.rpc(
                        protocol,
                        user,
                        "kim.consent",
                        "write",
                        [consent.ids, {"date_signed": "2020-01-01"}],
                    ),
                    probe=lambda: len(self.audit_entries(case)),
                )
                if outcome.ok and not outcome.changed:
                    problems.append(
                        f"[4 workflow] case manager A / kim.consent.date_signed of the given "
                        f"{label} back-dated to 2020-01-01 ({protocol}): accepted without an "
                        f"audit entry"
                    )
        self.assertNoHoles(problems)

    # 6. Provider of a case ---------------------------------------------------------------------

    def test_06_company_id_written_directly_by_every_role(self):
        """A case changes provider only by a transfer: a plain write of ``company_id`` on
        the case or on anything hanging on it is refused to every role, over RPC and ORM."""
        keys, _variants = self._context_variants()
        problems = []
        for role, user in self.roles.items():
            own_b = user == self.case_manager_b
            case = self.case_b if own_b else self.case_a
            other = self.provider_a if own_b else self.provider_b
            for protocol in PROTOCOLS:
                for label, context in (
                    ("no context", {}),
                    ("every key", dict.fromkeys(keys, True)),
                    ("kim_allowed_fields", {"kim_allowed_fields": ["company_id"]}),
                ):
                    outcome = self.rpc_attempt(
                        lambda user=user, case=case, other=other, context=context, p=protocol: (
                            self.rpc(
                                p,
                                user,
                                "kim.case",
                                "write",
                                [case.ids, {"company_id": other.id}],
                                {"context": context},
                            )
                        ),
                        probe=lambda case=case: self.row_print(case),
                    )
                    if not outcome.refused or outcome.changed:
                        problems.append(
                            f"[6 provider] {role} / kim.case.company_id with {label} "
                            f"({protocol}): {outcome.describe()}"
                        )
            # Every KIM model with a provider, over the ORM.
            for model_name in kim_model_names(self.env):
                Model = self.env[model_name]
                if "company_id" not in Model._fields:
                    continue
                record = self.own_record(model_name, user) or self.sample_record(model_name)
                if not record or not record.sudo().company_id:
                    continue
                other = (
                    self.provider_a
                    if record.sudo().company_id == self.provider_b
                    else self.provider_b
                )
                outcome = self.attempt(
                    lambda r=record, o=other, u=user: r.with_user(u).write({"company_id": o.id}),
                    probe=lambda r=record: (
                        r.sudo().company_id.name,
                        (self.case_a | self.case_b).sudo().company_id.mapped("name"),
                    ),
                    user=user,
                )
                if role == "case manager A":
                    rpc = self.rpc_attempt(
                        lambda r=record, o=other, u=user: self.json_kw(
                            u, r._name, "write", [r.ids, {"company_id": o.id}]
                        ),
                        probe=lambda r=record: r.sudo().company_id.name,
                    )
                    if not rpc.refused or rpc.changed:
                        problems.append(
                            f"[6 provider] {role} / {model_name}.company_id (JSON-RPC): "
                            f"{rpc.describe()}" + _effect(rpc)
                        )
                if not outcome.refused or outcome.changed:
                    problems.append(
                        f"[6 provider] {role} / {model_name}.company_id (ORM): {outcome.describe()}"
                        + _effect(outcome)
                        + (
                            f": the record now names {outcome.after[0]!r}, its case "
                            f"{record.sudo()._kim_audit_cases().company_id.name!r}"
                            if outcome.changed
                            else ""
                        )
                    )
        self.assertNoHoles(problems)

    # 7. Users of other apps --------------------------------------------------------------------

    def test_07_users_of_other_apps_see_nothing_of_kim(self):
        """A user without KIM role counts nothing on KIM records (followers, messages,
        activities, attachments, appointments) and sees no KIM field of users."""
        user = self.internal_user
        # Something to count: a standing substitute and part-time hours.
        self.case_manager_a.sudo().write(
            {
                "kim_substitute_user_ids": [Command.set(self.substitute_a.ids)],
                "kim_weekly_hours": 19.5,
            }
        )
        problems = []
        for model, (model_field, group_field) in METADATA_MODELS.items():
            domain = [(model_field, "=like", "kim.%")]
            calls = [
                ("search_count", [domain]),
                ("formatted_read_group", [domain, [group_field], ["__count"]]),
                ("web_read_group", [domain, [group_field]]),
                ("search_read", [domain, ["display_name"]]),
            ]
            for method, args in calls:
                outcome = self.json_kw(user, model, method, args)
                where = f"[7 metadata] other app user / {model}.{method} on KIM records (JSON-RPC)"
                if outcome.ok and _counts(outcome.value):
                    problems.append(f"{where}: answered {str(outcome.value)[:200]}")
                elif not outcome.ok and not outcome.refused:
                    problems.append(f"{where}: {outcome.describe()}")
        colleague = self.case_manager_a
        kim_fields = sorted(
            name for name in self.env["res.users"]._fields if name.startswith("kim_")
        )
        for name in kim_fields:
            calls = [
                ("read", [colleague.ids, [name]]),
                ("web_read", [colleague.ids, {name: {}}]),
                ("search_read", [[("id", "=", colleague.id)], [name]]),
                ("search_count", [[(name, "!=", False)]]),
                ("formatted_read_group", [[], [name], ["__count"]]),
            ]
            protocols = (
                PROTOCOLS
                if name in ("kim_weekly_hours", "kim_substitute_user_ids")
                else ("JSON-RPC",)
            )
            for method, args in calls:
                for protocol in protocols:
                    outcome = self.rpc(protocol, user, "res.users", method, args)
                    where = (
                        f"[7 user fields] other app user / res.users.{name} by {method} "
                        f"({protocol})"
                    )
                    counted = method in ("search_count", "formatted_read_group")
                    if outcome.ok and (counted or name in outcome.text):
                        problems.append(f"{where}: answered {outcome.text[:200]}")
                    elif not outcome.ok and not outcome.refused:
                        problems.append(f"{where}: {outcome.describe()}")
        for model in ("res.users", "res.partner"):
            for protocol in PROTOCOLS:
                outcome = self.rpc(
                    protocol, user, model, "fields_get", [], {"attributes": ["string"]}
                )
                shown = sorted(name for name in (outcome.value or {}) if name.startswith("kim_"))
                if shown:
                    problems.append(
                        f"[7 fields_get] other app user / {model}.fields_get ({protocol}) shows "
                        f"{', '.join(shown)}"
                    )
        for model_name in kim_model_names(self.env):
            outcome = self.json_kw(user, model_name, "search_count", [[]])
            if outcome.ok and outcome.value:
                problems.append(
                    f"[7 counts] other app user / {model_name}.search_count (JSON-RPC): "
                    f"{outcome.value}"
                )
        self.assertNoHoles(problems)

    # 8. Shared records and probing -------------------------------------------------------------

    def test_08_shared_household_shows_only_what_a_may_read(self):
        user = self.case_manager_a
        household = self.household_shared
        foreign_case = self.case_shared_b
        secrets = [*self.secrets_hidden_from(user), foreign_case.name]
        problems = []
        x2many_spec = {"fields": {"display_name": {}}}
        requests = [
            (
                "kim.household",
                "web_read",
                [
                    household.ids,
                    {
                        "case_ids": x2many_spec,
                        "member_ids": {
                            "fields": {
                                "display_name": {},
                                "partner_id": {"fields": {"display_name": {}}},
                            }
                        },
                    },
                ],
            ),
            ("kim.household", "read", [household.ids, ["case_ids", "member_ids"]]),
            (
                "kim.case",
                "read",
                [self.case_shared_a.ids, ["household_case_ids", "household_member_ids"]],
            ),
            (
                "kim.case",
                "web_read",
                [
                    self.case_shared_a.ids,
                    {"household_case_ids": x2many_spec, "household_member_ids": x2many_spec},
                ],
            ),
            (
                "res.partner",
                "read",
                [self.case_shared_a.partner_id.ids, ["kim_case_ids", "kim_household_member_ids"]],
            ),
        ]
        for member in household.member_ids:
            requests.append(("res.partner", "read", [member.partner_id.ids, ["kim_case_ids"]]))
            requests.append(
                ("res.partner", "web_read", [member.partner_id.ids, {"kim_case_ids": x2many_spec}])
            )
        for protocol in PROTOCOLS:
            for model, method, args in requests:
                outcome = self.rpc(protocol, user, model, method, args)
                asked = args[1] if method == "read" else sorted(args[1])
                where = f"[8 shared] case manager A / {model}.{method} {asked} ({protocol})"
                if not outcome.ok and not outcome.refused:
                    problems.append(f"{where}: {outcome.describe()}")
                if foreign_case.id in _ids_under(outcome.value, CASE_KEYS):
                    problems.append(f"{where}: answers the id of B's case {foreign_case.id}")
                if leaked := self.leaked(outcome.text, secrets):
                    problems.append(f"{where}: the answer names {leaked}")
        problems += self._sweep_references(user, "case manager A")
        self.assertNoHoles(problems)

    def _sweep_references(self, user, role):
        """Every relational field of every KIM record the user may read: the ids it shows
        are ids the user may read, and no display name comes from a record they may not."""
        problems = []
        for model_name in kim_model_names(self.env):
            if not self.may(user, model_name, "read"):
                continue
            Model = self.env[model_name].with_user(user)
            with mute_logger(*NOISY_LOGGERS):
                records = Model.search([], order="id desc", limit=8)
                visible = Model.fields_get(attributes=["type"])
            names = [
                name
                for name, field in Model._fields.items()
                if field.type in RELATIONAL
                and is_guarded(field.comodel_name)
                and name in visible
                and name not in LOG_ACCESS_COLUMNS
            ]
            if not records or not names:
                continue
            outcome = self.attempt(lambda r=records, n=names: r.read(n), user=user)
            if not outcome.ok:
                if not outcome.refused:
                    problems.append(f"[8 sweep] {role} / {model_name}.read: {outcome.describe()}")
                continue
            for row in outcome.value:
                for name in names:
                    field = Model._fields[name]
                    value = row.get(name)
                    ids = [value[0]] if field.type == "many2one" and value else list(value or [])
                    ids = [id_ for id_ in ids if isinstance(id_, int)]
                    if not ids:
                        continue
                    shown = self.env[field.comodel_name].browse(ids)
                    hidden = shown.sudo().exists() - self.readable(shown, user)
                    if hidden:
                        problems.append(
                            f"[8 sweep] {role} / {model_name} {row['id']}.{name} (ORM read) shows "
                            f"{field.comodel_name} {hidden.ids} the user may not read"
                            + (f", named {value[1]!r}" if field.type == "many2one" else "")
                        )
        return problems

    def test_08_wizards_of_others_stay_hidden(self):
        """Transient KIM models (wizards) hold case data too: a role finds only the
        wizard records it created itself."""
        problems = []
        for role, user in self.roles.items():
            secrets = self.secrets_hidden_from(user)
            for model_name in kim_model_names(self.env):
                Model = self.env[model_name]
                if not Model._transient or not self.may(user, model_name, "read"):
                    continue
                found = Model.with_user(user).search([])
                others = found.sudo().filtered(lambda r, u=user: r.create_uid != u)
                if others:
                    problems.append(
                        f"[8 wizards] {role} / {model_name}.search (ORM) finds {len(others)} "
                        f"wizard records of other users"
                    )
                names = [
                    name
                    for name, field in Model._fields.items()
                    if field.type in ("many2one", "many2many", "char", "text", "binary")
                    and name not in LOG_ACCESS_COLUMNS
                ]
                outcome = self.json_kw(user, model_name, "search_read", [[], names])
                if leaked := self.leaked(_decoded(outcome.text), secrets):
                    problems.append(
                        f"[8 wizards] {role} / {model_name}.search_read {names} (JSON-RPC): "
                        f"the answer names {leaked}"
                    )
        self.assertNoHoles(problems)

    def test_08_foreign_and_missing_ids_answer_alike(self):
        """For every KIM model and every role that may read it: reading a record of
        another provider and reading an id that does not exist give the same answer."""
        differences = {}
        problems = []
        methods = [
            ("read", lambda i: [[i], ["display_name"]]),
            ("web_read", lambda i: [[i], {"display_name": {}}]),
        ]
        for role, user in self.roles.items():
            secrets = self.secrets_hidden_from(user)
            for model_name in [*kim_model_names(self.env), "res.partner"]:
                if not self.may(user, model_name, "read"):
                    continue
                foreign = self.foreign_record(model_name, user)
                if not foreign:
                    continue
                missing = self.missing_id(model_name)
                for method, args in methods:
                    protocols = PROTOCOLS if model_name == "kim.case" else ("JSON-RPC",)
                    for protocol in protocols:
                        got = {
                            kind: self.rpc(protocol, user, model_name, method, args(id_))
                            for kind, id_ in (("foreign", foreign.id), ("missing", missing))
                        }
                        where = f"{model_name}.{method} ({protocol})"
                        if got["foreign"].ok:
                            problems.append(
                                f"[8 probing] {role} / {where}: a foreign record is answered: "
                                f"{got['foreign'].describe()}"
                            )
                        elif got["foreign"].shape() != got["missing"].shape():
                            key = (where, got["foreign"].shape(), got["missing"].shape())
                            differences.setdefault(key, (got, []))[1].append(role)
                        if leaked := self.leaked(got["foreign"].text, secrets):
                            problems.append(
                                f"[8 probing] {role} / {where}: the answer names {leaked}"
                            )
        for (where, _foreign, _missing), (got, roles) in differences.items():
            problems.append(
                f"[8 probing] {', '.join(roles)} / {where}: a foreign id answers "
                f"{got['foreign'].describe()}, a missing id {got['missing'].describe()}"
            )
        self.assertNoHoles(problems, minimum=40)

    # 9. Positional arguments -------------------------------------------------------------------

    def test_09_positional_arguments_over_rpc(self):
        """The platform's read methods with positional arguments, as the web client and
        scripts send them, on every KIM model: an answer or a refusal, never a crash."""
        problems = []
        for role in ("case manager A", "coordinator B (other municipality)", "other app user"):
            user = self.roles[role]
            for model_name in kim_model_names(self.env):
                Model = self.env[model_name]
                group = next(
                    (
                        name
                        for name, field in Model._fields.items()
                        if field.type in ("many2one", "selection")
                        and field.store
                        and field._description_groupable(self.env)
                    ),
                    None,
                )
                calls = [
                    ("search_read", [[], ["display_name"], 0, 5, "id desc"]),
                    ("web_search_read", [[], {"display_name": {}}, 0, 5, "id desc", 100]),
                    ("search_count", [[]]),
                    ("name_search", ["", [], "ilike", 5]),
                    ("formatted_read_group", [[], [], ["__count"]]),
                ]
                if group:
                    calls.append(("web_read_group", [[], [group], ["__count"], 5, 0]))
                for method, args in calls:
                    for protocol in PROTOCOLS if model_name == "kim.case" else ("JSON-RPC",):
                        outcome = self.rpc(protocol, user, model_name, method, args)
                        if not outcome.ok and not outcome.refused:
                            problems.append(
                                f"[9 positional] {role} / {model_name}.{method}{tuple(args)} "
                                f"({protocol}): {outcome.describe()}"
                            )
        self.assertNoHoles(problems, minimum=100)

    # HTTP routes -------------------------------------------------------------------------------

    def _kim_reports(self):
        return self.env["ir.actions.report"].sudo().search([("model", "=like", "kim.%")])

    def _report_record(self, report, world):
        for value in world.values():
            if hasattr(value, "_name") and value._name == report.model and value:
                return value[:1].sudo()
        return None

    def test_10_http_routes_refuse_foreign_cases(self):
        """Every role without access to a case, on every route that serves its data:
        binary content, images, reports, exports and the chatter's routes."""
        attacks = [
            ("case manager B", "A"),
            ("coordinator B (other municipality)", "A"),
            ("Traeger admin A", "A"),
            ("other app user", "A"),
            ("case manager A", "B"),
        ]
        problems = self._route_controls()
        for role, target in attacks:
            user = self.roles[role]
            world = self.worlds[target]
            secrets = self.secrets_hidden_from(user)
            self.assertTrue(secrets, f"{role} may read every fixture")
            own_case = self.case_a if role == "case manager A" else world["case"]
            for label, method, route, payload in self._routes(world, own_case):
                outcome = self._http(user, method, route, payload)
                where = f"[routes] {role} / {label} {route} on provider {target}'s case"
                if leaked := self.leaked(outcome.text, secrets):
                    problems.append(f"{where}: the answer names {leaked}")
                served = label.startswith(("content", "report")) or (
                    label.startswith("export") and outcome.value
                )
                if method in ("GET", "FORM") and outcome.ok and served:
                    problems.append(
                        f"{where}: served ({outcome.message[:120]}, rows {outcome.value})"
                    )
                if (
                    method == "JSON"
                    and outcome.ok
                    and world["message"].id
                    in _ids_under(outcome.value, {"messages", "mail.message"})
                ):
                    problems.append(f"{where}: serves the case's message {world['message'].id}")
        self.assertNoHoles(problems)

    def _route_controls(self):
        """Each kind of route serves the client's data to its own case manager: otherwise
        the checks of the attacks would prove nothing."""
        owner, world = self.case_manager_a, self.worlds["A"]
        secret = [world["names"]["client"]]
        served = {}
        for label, method, route, payload in self._routes(world, world["case"]):
            kind = label.split()[0]
            if kind in ("content", "chatter", "export", "report") and not served.get(kind):
                outcome = self._http(owner, method, route, payload)
                served[kind] = bool(self.leaked(outcome.text, secret))
        return [
            f"[routes control] case manager A: no {kind} route serves their own client"
            for kind, found in served.items()
            if not found
        ]

    def _routes(self, world, own_case):
        case, attachment, consent = world["case"], world["attachment"], world["processing"]
        client = world["client"]
        routes = [
            ("content", "GET", f"/web/content/{attachment.id}", None),
            ("content", "GET", f"/web/content/ir.attachment/{attachment.id}/datas", None),
            ("content", "GET", f"/web/content/ir.attachment/{attachment.id}/raw", None),
            ("content", "GET", f"/web/content/kim.consent/{consent.id}/scan", None),
            (
                "content",
                "GET",
                f"/web/content?model=kim.consent&id={consent.id}&field=scan&download=true",
                None,
            ),
            ("image", "GET", f"/web/image/{attachment.id}", None),
            ("image", "GET", f"/web/image/res.partner/{client.id}/avatar_128", None),
        ]
        for report in self._kim_reports():
            record = self._report_record(report, world)
            if record:
                for converter in ("html", "pdf"):
                    routes.append(
                        (
                            f"report {converter}",
                            "GET",
                            f"/report/{converter}/{report.report_name}/{record.id}",
                            None,
                        )
                    )
        exports = {
            "kim.case": ["name", "partner_id", "religion", "health_limitations"],
            "res.partner": ["name", "email", "phone"],
            "kim.consent": ["display_name", "partner_id", "child_ids"],
            "kim.disclosure": ["display_name", "partner_id", "content"],
            "kim.household": ["name", "member_ids/partner_id"],
        }
        records = {
            "kim.case": case,
            "res.partner": client,
            "kim.consent": consent,
            "kim.disclosure": world["disclosure"],
            "kim.household": world["household"],
        }
        for model, names in exports.items():
            for kind in ("csv", "xlsx"):
                for how, ids, domain in (
                    ("ids", records[model].ids, []),
                    ("domain", [], [("id", "=", records[model].id)]),
                ):
                    data = {
                        "model": model,
                        "fields": [{"name": name, "label": name} for name in names],
                        "ids": ids,
                        "domain": domain,
                        "import_compat": False,
                        "context": {},
                    }
                    routes.append((f"export {model} by {how}", "FORM", f"/web/export/{kind}", data))
        thread = {"thread_model": "kim.case", "thread_id": case.id}
        routes += [
            ("chatter", "JSON", "/mail/thread/messages", {**thread, "fetch_params": {}}),
            (
                "chatter",
                "JSON",
                "/mail/thread/messages",
                {"thread_model": "res.partner", "thread_id": client.id, "fetch_params": {}},
            ),
            (
                "chatter search",
                "JSON",
                "/mail/thread/messages",
                {**thread, "fetch_params": {"search_term": world["names"]["client"].split()[0]}},
            ),
            (
                "chatter",
                "JSON",
                "/mail/data",
                {
                    "fetch_params": [
                        [
                            "mail.thread",
                            {
                                **thread,
                                "request_list": [
                                    "activities",
                                    "attachments",
                                    "followers",
                                    "scheduledMessages",
                                    "suggestedRecipients",
                                    "contact_fields",
                                ],
                            },
                        ]
                    ]
                },
            ),
            (
                "chatter",
                "JSON",
                "/mail/thread/data",
                {**thread, "request_list": ["followers", "attachments"]},
            ),
            ("chatter", "JSON", "/mail/thread/recipients", thread),
            (
                "chatter",
                "JSON",
                "/mail/thread/recipients/get_suggested_recipients",
                {**thread, "partner_ids": client.ids},
            ),
            (
                "chatter",
                "JSON",
                "/mail/partner/from_email",
                {
                    "thread_model": "kim.case",
                    "thread_id": own_case.id,
                    "emails": [world["names"]["email"]],
                },
            ),
            (
                "chatter",
                "JSON",
                "/mail/read_subscription_data",
                {"follower_id": case.message_follower_ids[:1].id},
            ),
        ]
        return routes

    def _http(self, user, method, route, payload):
        if method == "JSON":
            return self.json_route(user, route, payload)
        self.attempts += 1
        self.login(user)
        with mute_logger(*NOISY_LOGGERS, *EXTRA_NOISE):
            if method == "GET":
                response = self.url_open(route + ("&" if "?" in route else "?") + "debug=1")
            else:
                response = self.url_open(
                    route,
                    data={"data": json.dumps(payload), "csrf_token": http.Request.csrf_token(self)},
                )
        kind = response.headers.get("Content-Type") or ""
        rows = None
        if "spreadsheetml" in kind and response.status_code == 200:
            with zipfile.ZipFile(io.BytesIO(response.content)) as book:
                text = " ".join(
                    book.read(name).decode("utf-8", "replace") for name in book.namelist()
                )
                sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8", "replace")
            rows = sheet.count("<row ") - 1
        else:
            text = response.content.decode("utf-8", "replace")
            if "csv" in kind:
                rows = len([line for line in text.splitlines() if line.strip()]) - 1
        return Outcome(
            response.status_code == 200,
            value=rows,
            error="" if response.status_code == 200 else f"HTTP {response.status_code}",
            message=f"HTTP {response.status_code} {kind}",
            text=text,
        )


def _decoded(text):
    """The answer with its base64 values (binary fields) decoded as well."""
    decoded = [text]
    for chunk in re.findall(r"[A-Za-z0-9+/]{16,}={0,2}", text or ""):
        with contextlib.suppress(ValueError):
            decoded.append(base64.b64decode(chunk).decode("utf-8", "replace"))
    return " ".join(decoded)


def holds(record, name, value):
    """Whether the created ``record`` holds the ``value`` a client sent for ``name``."""
    record = record.sudo()
    field = record._fields[name]
    try:
        wanted = field.convert_to_record(field.convert_to_cache(value, record), record)
    except Exception:
        return False
    if field.type in X2MANY:
        return bool(wanted) and set(wanted.ids) <= set(record[name].ids)
    return record[name] == wanted


def _effect(outcome):
    if not outcome.ok:
        return ""
    if outcome.changed:
        return " - and the database CHANGED"
    return " - nothing changed (silently ignored instead of refused)"


def _replace(value, id_):
    """The scenario's values with its placeholder X replaced by ``id_``."""
    if value == "X":
        return id_
    if isinstance(value, dict):
        return {key: _replace(item, id_) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_replace(item, id_) for item in value]
    return value


def _counts(value):
    """Whether an answer counts or lists anything."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value > 0
    if isinstance(value, dict):
        return bool(value.get("groups")) or bool(value.get("records")) or value.get("length", 0) > 0
    return bool(value)


def _ids_under(value, keys):
    """Every id an answer holds under one of ``keys`` (read: ids in lists; web_read and
    the mail store: dicts with an ``id``)."""
    found = set()

    def collect(node):
        if isinstance(node, int) and not isinstance(node, bool):
            found.add(node)
        elif isinstance(node, dict) and isinstance(node.get("id"), int):
            found.add(node["id"])
        elif isinstance(node, (list, tuple)):
            for item in node:
                collect(item)

    def walk(node):
        if isinstance(node, dict):
            for key, item in node.items():
                if key in keys:
                    collect(item)
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(value)
    return found
