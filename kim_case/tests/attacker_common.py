"""The attacker's toolbox: two providers' worlds full of client data, one user per role,
and the means to attack them over the ORM, JSON-RPC, XML-RPC and plain HTTP.

Everything here is generic: the KIM models come from the registry, their fields from
``_fields`` and ``_kim_field_kinds()``, the records an attacker owns or may not touch from
the record rules as they stand. A model added later is attacked without a change here.

Every attempt runs inside a savepoint that is rolled back afterwards, so that a
successful attack (a hole) does not spoil the next one; what it changed is measured
before the rollback.
"""

import base64
import json
import re
import xmlrpc.client
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.models import LOG_ACCESS_COLUMNS, BaseModel
from odoo.modules.module import get_module_path
from odoo.tools import SQL, mute_logger

from .access_matrix import kim_addons
from .common import KimCase

# The answers that count as a refusal; anything else is either success or a crash.
REFUSALS = frozenset({"AccessError", "MissingError", "ValidationError", "UserError"})
RELATIONAL = ("many2one", "one2many", "many2many")
X2MANY = ("one2many", "many2many")
# Platform context keys a caller might hope to switch auditing or tracking off with.
PLATFORM_CONTEXT_KEYS = (
    "tracking_disable",
    "mail_notrack",
    "mail_create_nolog",
    "install_mode",
    "import_file",
)
NOISY_LOGGERS = (
    "odoo.http",
    "odoo.sql_db",
    "odoo.models",
    "odoo.models.unlink",
    "odoo.addons.base.models.ir_rule",
    "odoo.addons.rpc.controllers.xmlrpc",
    "odoo.addons.base.models.ir_model",
    "odoo.addons.mail.models.mail_mail",
    "odoo.service.model",
)
SKIP = object()

# The two providers' worlds. Every string is ASCII and unique, so that a response that
# contains it has leaked it.
WORLDS = {
    "A": {
        "client": "Olga Ostwaldklientin",
        "child": "Otto Ostwaldkind",
        "household": "Haushalt Ostwaldgeheim",
        "religion": "Religionsgeheimnis Ostwald",
        "health": "Diagnosegeheimnis Ostwald",
        "email": "olga.ostwald@example.org",
    },
    "B": {
        "client": "Berta Bergmannklientin",
        "child": "Bruno Bergmannkind",
        "household": "Haushalt Bergmanngeheim",
        "religion": "Religionsgeheimnis Bergmann",
        "health": "Diagnosegeheimnis Bergmann",
        "email": "berta.bergmann@example.org",
    },
}
SHARED = {
    "A": ("Sina Gemeinsamost", "Religionsgeheimnis Gemeinsamost"),
    "B": ("Sven Gemeinsamberg", "Religionsgeheimnis Gemeinsamberg"),
}


@dataclass
class Outcome:
    """What one attempt got: a result, a refusal, or a crash."""

    ok: bool
    value: object = None
    error: str = ""
    message: str = ""
    text: str = ""
    changed: bool = False
    after: object = None

    @property
    def refused(self):
        return not self.ok and self.error in REFUSALS

    def shape(self):
        """Error class and message with every number replaced: ids, users and dates
        cannot tell two refusals apart."""
        return self.error, re.sub(r"\d+", "#", self.message or "").strip()

    def describe(self):
        if self.ok:
            return f"accepted (answer: {str(self.value)[:160]})"
        return f"{self.error}: {(self.message or '')[:240]!r}"


def kim_model_names(env):
    """Every installed KIM model that has records (abstract mixins excluded)."""
    return sorted(
        name
        for name, model in env.registry.items()
        if name.startswith("kim.") and not model._abstract
    )


def is_guarded(model_name):
    return model_name == "res.partner" or model_name.startswith("kim.")


def kim_context_keys(env):
    """The context keys starting with ``kim_`` that the KIM addons' code mentions: string
    literals in their Python (tests excluded) that name no field, table or addon."""
    literals = set()
    for addon in kim_addons(env):
        path = get_module_path(addon)
        if not path:
            continue
        for source in Path(path).rglob("*.py"):
            if "tests" in source.relative_to(path).parts:
                continue
            text = source.read_text(encoding="utf-8")
            literals.update(re.findall(r"""["'](kim_[a-z0-9_]+)["']""", text))
            # with_context(kim_flag=True)
            for args in re.findall(r"with_context\(([^)]*)\)", text):
                literals.update(re.findall(r"\b(kim_[a-z0-9_]+)\s*=", args))
    not_keys = set(kim_addons(env))
    for model in env.registry.values():
        not_keys.update(model._fields)
        not_keys.add(model._table)
        for field in model._fields.values():
            relation = getattr(field, "relation", None)
            if relation:
                not_keys.add(relation)
    return sorted(literals - not_keys)


class AttackerCommon(KimCase):
    """Provider A and provider B each accompany a client with everything a case holds;
    a household is shared by a case of each; one user per role attacks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["ir.config_parameter"].sudo().set_param("kim_case.require_2fa", "0")
        cls.worlds = {
            "A": cls._world(cls.case_manager_a, WORLDS["A"]),
            "B": cls._world(cls.case_manager_b, WORLDS["B"]),
        }
        cls.case_a = cls.worlds["A"]["case"]
        cls.case_b = cls.worlds["B"]["case"]
        cls.case_a.sudo().substitute_ids = cls.substitute_a
        # The transfer of A's case to case manager B has been requested: B sees the
        # request, never the case.
        cls.transfer = env["kim.case.transfer"].browse(
            env["kim.case.transfer"]
            .with_user(cls.case_manager_a)
            .create(
                {
                    "case_id": cls.case_a.id,
                    "to_user_id": cls.case_manager_b.id,
                    "reason": "Umzug in das Gebiet von Traeger B",
                }
            )
            .ids
        )
        # A household shared by a case of A and a case of B.
        shared_a = cls._client(SHARED["A"][0])
        shared_b = cls._client(SHARED["B"][0])
        cls.household_shared = env["kim.household"].create(
            {
                "name": "Haushalt Gemeinsam",
                "member_ids": [
                    Command.create({"partner_id": shared_a.id, "role": "head"}),
                    Command.create({"partner_id": shared_b.id, "role": "partner"}),
                ],
            }
        )
        Case = env["kim.case"]
        cls.case_shared_a = Case.browse(
            cls._case(
                user=cls.case_manager_a,
                partner_id=shared_a.id,
                household_id=cls.household_shared.id,
            ).ids
        )
        cls.case_shared_b = Case.browse(
            cls._case(
                user=cls.case_manager_b,
                partner_id=shared_b.id,
                household_id=cls.household_shared.id,
            ).ids
        )
        cls.case_shared_a.religion = SHARED["A"][1]
        cls.case_shared_b.religion = SHARED["B"][1]
        # People each case manager has registered but not yet opened a case for.
        cls.spare_clients = {}
        for user in (cls.case_manager_a, cls.case_manager_b, cls.substitute_a):
            spare = cls._client(f"Neu Registriert {user.login}")
            cls._registered_by(spare, user)
            cls.spare_clients[user.id] = spare
        cls.roles = {
            "case manager A": cls.case_manager_a,
            "case manager B": cls.case_manager_b,
            "substitute A": cls.substitute_a,
            "coordinator B (other municipality)": cls.coordinator_b,
            "Traeger admin A": cls.traeger_admin_a,
            "other app user": cls.internal_user,
        }
        # Exports are granted deliberately; here everybody may, so only the rules decide.
        export = env.ref("base.group_allow_export")
        for user in cls.roles.values():
            user.group_ids += export
        cls.fixture_partners = env["res.partner"]
        cls.fixture_cases = env["kim.case"]
        for world in cls.worlds.values():
            cls.fixture_partners |= world["client"] | world["child"]
            cls.fixture_cases |= world["case"]
        cls.fixture_partners |= shared_a | shared_b
        cls.fixture_cases |= cls.case_shared_a | cls.case_shared_b
        env.flush_all()

    @classmethod
    def _world(cls, user, names):
        """A client with a minor child in a household, a case with special categories,
        signed declarations, a disclosure, the case work, chatter, attachment, activity
        and appointment, all of ``user``'s provider."""
        env = cls.env
        client = cls._client(
            names["client"], email=names["email"], phone="+49 201 5550100", city="Oberhausen"
        )
        client.kim_birthdate = date(1985, 3, 4)
        child = cls._client(names["child"])
        child.kim_birthdate = date.today() - relativedelta(years=8)
        household = env["kim.household"].create(
            {
                "name": names["household"],
                "company_id": user.company_id.id,
                "member_ids": [
                    Command.create({"partner_id": client.id, "role": "head"}),
                    Command.create({"partner_id": child.id, "role": "child"}),
                ],
            }
        )
        case = cls._case(user=user, partner_id=client.id, household_id=household.id)
        case.sudo().write(
            {
                "religion": names["religion"],
                "residence_status": "duldung",
                "health_limitations": names["health"],
            }
        )
        consents = cls._consent(case, ["recipient_jobcenter"])
        processing = consents.filtered(lambda c: c.kind == "processing")
        processing.sudo().write(
            {
                "scan": base64.b64encode(f"%PDF unterschrieben von {names['client']}".encode()),
                "scan_filename": "einwilligung.pdf",
            }
        )
        draft = (
            env["kim.consent"]
            .with_user(user)
            .create(
                {
                    "case_id": case.id,
                    "kind": "waiver",
                    "category_id": env.ref("kim_case.recipient_schools").id,
                    "date_signed": date.today(),
                }
            )
            .sudo()
        )
        disclosure = (
            env["kim.disclosure"]
            .with_user(user)
            .create(
                {
                    "case_id": case.id,
                    "category_id": env.ref("kim_case.recipient_jobcenter").id,
                    "recipient_name": "Jobcenter",
                    "content": f"Lebenslauf von {names['client']}",
                    "purpose": "Vermittlung",
                }
            )
            .sudo()
        )
        domain = env["kim.life.domain"].search([], limit=1)
        goal = env["kim.case.goal"].create(
            {"case_id": case.id, "name": "Sprachkurs B1", "life_domain_id": domain.id}
        )
        measure = env["kim.case.measure"].create({"goal_id": goal.id, "name": "Anmelden"})
        contact = env["kim.case.contact"].create(
            {"case_id": case.id, "note": f"Gespraech mit {names['client']}"}
        )
        assessment = env["kim.case.assessment"].create(
            {"case_id": case.id, "life_domain_id": domain.id, "need_level": "2"}
        )
        supporter = env["kim.client.supporter"].create(
            {"client_id": client.id, "kind": "sponsor", "name": "Pate"}
        )
        message = case.sudo().message_post(body=f"Vertraulich: {names['client']}")
        attachment = env["ir.attachment"].create(
            {
                "name": "Bescheid.txt",
                "res_model": "kim.case",
                "res_id": case.id,
                "raw": f"Bescheid fuer {names['client']}".encode(),
                "mimetype": "text/plain",
            }
        )
        activity = case.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"{names['client']} anrufen",
            user_id=user.id,
        )
        now = datetime.now().replace(microsecond=0)
        event = env["calendar.event"].create(
            {
                "name": f"Beratung {names['client']}",
                "start": now,
                "stop": now + timedelta(hours=1),
                "user_id": user.id,
                "partner_ids": [Command.set([client.id, user.partner_id.id])],
                "res_model_id": env["ir.model"]._get_id("kim.case"),
                "res_id": case.id,
            }
        )
        case.sudo().message_subscribe(partner_ids=user.partner_id.ids)
        # The wizards a case manager leaves open.
        wizards = {
            "kim.case.convert": {"case_id": case.id},
            "kim.consent.withdraw": {"consent_id": processing.id},
            "kim.consent.record": {
                "case_id": case.id,
                "date_signed": date.today(),
                "processing": True,
                "scan": base64.b64encode(f"Scan {names['client']}".encode()),
            },
        }
        for model, vals in wizards.items():
            if model in env:
                env[model].with_user(user).create(vals)
        world = {
            "user": user,
            "names": names,
            "client": client,
            "child": child,
            "household": household,
            "case": case.sudo(),
            "processing": processing.sudo(),
            "waiver": (consents - processing).sudo(),
            "draft": draft,
            "disclosure": disclosure,
            "goal": goal,
            "measure": measure,
            "contact": contact,
            "assessment": assessment,
            "supporter": supporter,
            "message": message,
            "attachment": attachment,
            "activity": activity,
            "event": event,
        }
        # Plain superuser records, without the context they were created in.
        return {
            key: cls.env[value._name].browse(value.ids) if isinstance(value, BaseModel) else value
            for key, value in world.items()
        }

    def setUp(self):
        super().setUp()
        self._session_user = None
        self.attempts = 0

    def assertRefused(self, outcome, msg=None):
        self.assertTrue(outcome.refused, f"{msg}: {outcome.describe()}")

    # The intake (Neue*r Klient*in) as a client drives it ---------------------------------------

    def intake_values(self, **values):
        """What the intake form sends on save."""
        return {
            "first_name": "Amina",
            "last_name": "Yusuf",
            "birthdate": "1990-04-12",
            "municipality_id": self.city_a.id,
            "case_type": "cm",
            **values,
        }

    def Intake(self, user, **context):
        return (
            self.env["kim.intake"]
            .with_user(user)
            .with_company(user.company_id)
            .with_context(lang="de_DE", **context)
        )

    # Who may see what ----------------------------------------------------------------------------

    def secrets_hidden_from(self, user):
        """The client names and special categories of the fixture that ``user`` may not
        read: none of them may appear in any answer ``user`` gets."""
        secrets = []
        for partner in self.fixture_partners:
            if not self.readable(partner, user):
                secrets.append(partner.name)
        for case in self.fixture_cases:
            if not self.readable(case, user):
                secrets += [case.religion or "", case.health_limitations or ""]
        return [secret for secret in secrets if secret]

    def leaked(self, text, secrets):
        return [secret for secret in secrets if secret and secret in (text or "")]

    def readable(self, records, user):
        """The part of ``records`` that ``user`` may read."""
        records = self.env[records._name].browse(records.ids).exists()
        if not self.may(user, records._name, "read"):
            return records.browse()
        return records.with_user(user)._filtered_access("read").sudo()

    def may(self, user, model_name, operation):
        return (
            self.env["ir.model.access"]
            .with_user(user)
            .check(model_name, operation, raise_exception=False)
        )

    def pool(self, model_name, limit=60):
        """The newest records of a model (the fixture's come first)."""
        Model = self.env[model_name].sudo().with_context(active_test=False)
        return Model.search([], order="id desc", limit=limit)

    def untouchable(self, model_name, user, operation="read", exclude=None):
        """A record of ``model_name`` on which ``user`` may not perform ``operation``
        (other than those in ``exclude``)."""
        records = self.pool(model_name)
        if exclude:
            records -= exclude.sudo()
        if not records:
            return records
        if not self.may(user, model_name, operation):
            return records[:1]
        allowed = records.with_user(user)._filtered_access(operation)
        return (records - allowed.sudo())[:1]

    def foreign_record(self, model_name, user, exclude=None):
        """A record the user may not read: one of the fixture's worlds first (a client
        with an open case, their child, household, case ...), else any."""
        for world in self.worlds.values():
            for value in world.values():
                if getattr(value, "_name", None) != model_name:
                    continue
                candidates = value.sudo()
                if exclude:
                    candidates -= exclude.sudo()
                hidden = candidates - self.readable(candidates, user)
                if hidden:
                    return hidden[:1]
        return self.untouchable(model_name, user, "read", exclude=exclude)

    def missing_id(self, model_name):
        Model = self.env[model_name]
        self.env.cr.execute(SQL("SELECT max(id) FROM %s", SQL.identifier(Model._table)))
        return (self.env.cr.fetchone()[0] or 0) + 100_000

    def own_record(self, model_name, user):
        """A record of ``model_name`` that ``user`` may change, the newest first."""
        if not (self.may(user, model_name, "read") and self.may(user, model_name, "write")):
            return None
        Model = self.env[model_name].with_user(user)
        with mute_logger(*NOISY_LOGGERS):
            records = Model.search([], order="id desc", limit=40)
        writable = records._filtered_access("write")
        return writable[:1].sudo() or None

    def sample_record(self, model_name):
        """A record to aim at when the attacker owns none: one of A's world if any."""
        for value in self.worlds["A"].values():
            if hasattr(value, "_name") and value._name == model_name and value:
                return value[:1].sudo()
        return self.pool(model_name, limit=1) or None

    # Values -------------------------------------------------------------------------------------

    def other_value(self, field, current, user):
        """A value for ``field`` that differs from ``current`` and is otherwise valid
        for ``user`` (references to records the user may read)."""
        kind = field.type
        if kind == "boolean":
            return not current
        if kind == "selection":
            selection = field._description_selection(self.env)
            options = [key for key, _label in selection if key != current]
            return options[0] if options else SKIP
        if kind in ("char", "text", "html"):
            return "Angriff 2001"
        if kind in ("integer", "float", "monetary"):
            return (current or 0) + 7
        if kind == "date":
            return "2001-01-01" if str(current) != "2001-01-01" else "2002-02-02"
        if kind == "datetime":
            return "2001-01-01 08:00:00"
        if kind == "binary":
            return base64.b64encode(b"Angriff").decode()
        if kind in RELATIONAL:
            current_ids = set(current.ids) if hasattr(current, "ids") else set()
            candidates = self.readable(self.pool(field.comodel_name, limit=20), user)
            candidates = candidates.filtered(lambda r: r.id not in current_ids)
            if not candidates:
                candidates = self.pool(field.comodel_name, limit=20).filtered(
                    lambda r: r.id not in current_ids
                )
            if not candidates:
                return False if kind == "many2one" and current else SKIP
            if kind == "many2one":
                return candidates[0].id
            return [Command.set([candidates[0].id])]
        return SKIP

    def template(self, model_name, user):
        """Values with which ``user`` may create a record of ``model_name``: a copy of a
        record they own, without the fields clients never send (workflow, computed,
        one2many, log columns). None when there is nothing to copy."""
        record = self.own_record(model_name, user)
        if not record:
            return None
        Model = self.env[model_name]
        workflow = Model._kim_field_kinds()[0] if model_name.startswith("kim.") else set()
        data = record.sudo().copy_data()[0]
        values = {}
        for name, value in data.items():
            field = Model._fields.get(name)
            if (
                field is None
                or name in LOG_ACCESS_COLUMNS
                or name in workflow
                or field.compute
                or field.related
                or field.type == "one2many"
                or name.startswith(("message_", "activity_"))
                or value in (None, False, [], "")
            ):
                continue
            values[name] = value
        if model_name == "kim.case":
            values["partner_id"] = self.spare_clients.get(user.id, self.worlds["A"]["client"]).id
            values.pop("household_id", None)
        return values

    def plain_field(self, model_name):
        """A plain, writable field of the model and a harmless value for it."""
        Model = self.env[model_name]
        for name in ("name", "note", "reason", "description", "comment"):
            field = Model._fields.get(name)
            if field and field.type in ("char", "text") and field.store and not field.compute:
                return {name: "Angriff"}
        for name, field in Model._fields.items():
            if (
                field.type in ("char", "text")
                and field.store
                and not field.compute
                and not field.related
                and not field.readonly
                and name not in LOG_ACCESS_COLUMNS
            ):
                return {name: "Angriff"}
        return None

    # Attempts -----------------------------------------------------------------------------------

    def attempt(self, func, probe=None, user=None):
        """Runs ``func`` in a savepoint that is always rolled back; ``probe`` (if any)
        measures the database before and after, inside the savepoint. ``user`` becomes
        the transaction's origin user, as in a request of theirs: Odoo runs the nested
        commands on models that refuse sudo commands (users, groups, companies) as that
        user."""
        self.attempts += 1
        before = probe() if probe else None
        outcome = None
        transaction = self.env.transaction
        origin = transaction.default_env
        if user:
            transaction.default_env = self.env(user=user, su=False)
        try:
            with mute_logger(*NOISY_LOGGERS), closing(self.env.cr.savepoint()):
                value = func()
                self.env.flush_all()
                outcome = Outcome(True, value=value, text=str(value))
                if probe:
                    self.env.invalidate_all()
                    outcome.after = probe()
                    outcome.changed = outcome.after != before
        except UserError as error:
            outcome = Outcome(
                False, error=type(error).__name__, message=str(error), text=str(error)
            )
        except Exception as error:
            outcome = Outcome(
                False, error=f"crash {type(error).__name__}", message=str(error), text=str(error)
            )
        finally:
            transaction.default_env = origin
            self.env.invalidate_all()
        return outcome

    def fingerprint(self, *tables):
        """One hash per table over every row: any insert, update or delete changes it."""
        self.env.flush_all()
        prints = []
        for table in tables:
            self.env.cr.execute(
                SQL(
                    "SELECT count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), ''))"
                    " FROM (SELECT to_jsonb(t) - 'write_date' - 'write_uid' AS r FROM %s t) rows",
                    SQL.identifier(table),
                )
            )
            prints.append(self.env.cr.fetchone())
        return prints

    def row_print(self, records):
        """A hash of the records' rows as stored."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT md5(coalesce(string_agg((to_jsonb(t) - 'write_date' - 'write_uid')::text,"
                " '|' ORDER BY t.id), '')) FROM %s t WHERE t.id IN %s",
                SQL.identifier(records._table),
                tuple(records.ids) or (0,),
            )
        )
        return self.env.cr.fetchone()[0]

    def audit_entries(self, case, **domain):
        self.env.flush_all()
        search = [("case_id", "=", case.id)] + [(key, "=", value) for key, value in domain.items()]
        return self.env["kim.audit.log"].sudo().search(search)

    # RPC ----------------------------------------------------------------------------------------

    def login(self, user):
        """The user's own browser session, with debug mode on (any user can switch it on,
        and it makes Odoo's access errors more talkative)."""
        if getattr(self, "_session_user", None) != user.id:
            self.authenticate(user.login, user.login)
            self._session_user = user.id

    def json_route(self, user, route, params, debug=True):
        self.attempts += 1
        self.login(user)
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        url = f"{route}?debug=1" if debug else route
        with mute_logger(*NOISY_LOGGERS):
            response = self.url_open(
                url,
                data=json.dumps(payload, default=str),
                headers={"Content-Type": "application/json"},
                timeout=60,
            )
        text = response.text
        if response.status_code != 200:
            return Outcome(
                False, error=f"HTTP {response.status_code}", message=text[:500], text=text
            )
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            name = (data.get("name") or "").rsplit(".", 1)[-1]
            if name not in REFUSALS:
                name = f"crash {name}"
            return Outcome(False, error=name, message=data.get("message") or "", text=text)
        return Outcome(True, value=body.get("result"), text=text)

    def json_kw(self, user, model, method, args, kwargs=None):
        params = {"model": model, "method": method, "args": args, "kwargs": kwargs or {}}
        return self.json_route(user, f"/web/dataset/call_kw/{model}/{method}", params)

    def xml_kw(self, user, model, method, args, kwargs=None):
        self.attempts += 1
        try:
            with mute_logger(*NOISY_LOGGERS):
                value = self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname, user.id, user.login, model, method, args, kwargs or {}
                )
        except xmlrpc.client.Fault as fault:
            # /xmlrpc/2 answers AccessError with 4 and every other UserError with 2.
            error = {4: "AccessError", 2: "UserError", 3: "AccessDenied"}.get(
                fault.faultCode, f"crash (fault {fault.faultCode})"
            )
            return Outcome(False, error=error, message=fault.faultString, text=fault.faultString)
        return Outcome(True, value=value, text=repr(value))

    def rpc(self, protocol, user, model, method, args, kwargs=None):
        call = self.json_kw if protocol == "JSON-RPC" else self.xml_kw
        return call(user, model, method, args, kwargs)

    def rpc_attempt(self, call, probe=None):
        """Runs an RPC ``call`` and rolls back whatever it changed; ``probe`` measures
        the database before and after the call."""
        before = probe() if probe else None
        with closing(self.env.cr.savepoint()):
            outcome = call()
            self.env.invalidate_all()
            if probe:
                outcome.after = probe()
                outcome.changed = outcome.after != before
        self.env.invalidate_all()
        return outcome


def json_text(value):
    return json.dumps(value, default=str, ensure_ascii=False)
