"""Anonymisation of KIM personal data: on withdrawal of the consent to data processing at
once, and after the retention period of closed cases (seed 003 §7.2).

Three sweeps find what has to go, each by a mechanism that covers models added later:

1. By ownership. The cases, every record of a KIM model that hangs on them (a stored
   many-to-one to the case or the household, or a cascading one to such a record), the
   households no spared case needs, and the persons themselves. Of all of these, every
   text, file and JSON field goes unless ``KEPT`` names it as a fact that stays; the
   special categories (fields marked ``kim_special=True`` and those in ``CLEARED``) go
   whatever their type. ``KEPT`` is the complete list of facts that survive; README.md
   lists it for the users.
2. By reference. Whatever points at these records through a generic reference
   (``res_model``/``res_id``: messages, attachments, activities, followers, scheduled
   messages, appointments), whatever is addressed to the persons or written by them
   (messages, mails queued or sent, scheduled messages), whatever the persons own
   outright (a many-to-one to the contact that cascades: attendances, notifications,
   followers, bank accounts, supporters, channel memberships, reactions). Appointments of
   the case or of the client alone go; shared appointments lose the client, their note
   and the invitations, updates and tracking Odoo wrote about them.
3. By text. What is left anywhere else that names a person (a note on another case, a
   colleague's message, a queued mail, a tracking value, an attachment's text, a pending
   bus notification) is found by the person's identifiers: name, distinctive name parts,
   e-mail, phone, street, benefit number and date of birth. Every text column of every
   data table is read once per run (one pass per table, however many persons); mails,
   SMS, bus notifications and attachment files that name a person are deleted, any other
   text has the identifier replaced by the placeholder. An identifier that also
   identifies a remaining contact (a namesake, a family name, a shared address) is left
   alone: it no longer points at the withdrawn person only.
"""

import json
import re

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.fields import Domain
from odoo.models import MAGIC_COLUMNS
from odoo.tools import SQL, split_every

from ..rules import consent as rules
from ..trust import trusted

# The facts that stay, per model: statistics-safe facts, the case's frame (provider,
# municipality, case manager, stages, dates) and the links that keep the records together.
# Every other text, file or JSON field of an anonymised record goes; fields of other
# types stay unless CLEARED lists them or they are marked ``kim_special=True``. A field
# that is required, or that a database constraint or a stored computation needs, keeps the
# placeholder where it had a text. Stored computed fields are recomputed from what stays.
KEPT = {
    "res.partner": (
        "kim_is_client",
        "kim_is_anonymised",
        "kim_gender",
        "kim_birth_year",
        "kim_birth_quarter",
        "kim_nationality_ids",
        "kim_mother_tongue",
        "kim_german_level",
        "kim_language_course",
        "kim_language_course_state",
        "kim_housing",
        "kim_employment",
        "kim_family_status",
        "kim_club_membership",
        "kim_benefit_ids",
        "kim_literate_latin",
        "kim_school_years",
        "kim_recognition_state",
        "kim_interest_ids",
    ),
    "kim.case": (
        "name",
        "partner_id",
        "household_id",
        "company_id",
        "municipality_id",
        "social_area_id",
        "user_id",
        "substitute_ids",
        "case_type",
        "access_route",
        "referring_partner_id",
        "contact_source",
        "target_group",
        "is_crisis",
        "stage_id",
        "state",
        "date_open",
        "date_closed",
        "closing_reason",
        "color",
        "immigration_alternative",
        "locally_responsible",
        "willing_to_cooperate",
        "zg1_further_need",
        "zg1_catch_up_need",
        "zg1_area_ids",
        "zg1_prior_claim",
        "zg2_parent_dimension_ids",
        "zg2_has_minor_child",
        "zg2_child_dimension_ids",
        "zg3_is_relative",
        "zg3_person_in_need_immigrated",
        "zg3_support_relatives",
        "conclusion",
        "eval_satisfaction",
        "retention_hold",
        "is_anonymised",
        "date_anonymised",
        "anonymised_reason",
        # The append-only audit log stays; it names the case by its reference only.
        "audit_log_ids",
    ),
    "kim.case.contact": (
        "case_id",
        "date",
        "duration",
        "channel",
        "interpreter",
        "interpreter_language",
        "topic_ids",
        "user_id",
    ),
    "kim.case.goal": (
        "case_id",
        "sequence",
        "life_domain_id",
        "date_agreed",
        "date_target",
        "review_date",
        "outcome",
    ),
    "kim.case.measure": ("goal_id", "responsible", "agency", "date_due", "done"),
    "kim.case.assessment": (
        "case_id",
        "date",
        "life_domain_id",
        "need_level",
        "self_rating",
        "manager_rating",
    ),
    "kim.consent": (
        "case_id",
        "kind",
        "category_id",
        "state",
        "date_signed",
        "taken_by_id",
        "valid_until",
        "date_withdrawn",
        "info_sheet_handed",
        "info_sheet_date",
    ),
    # Who received what category of data and when stays on record (accountability); what
    # was shared and why goes.
    "kim.disclosure": (
        "case_id",
        "date",
        "category_id",
        "recipient_partner_id",
        "recipient_name",
        "channel",
        "user_id",
        "waiver_id",
    ),
    "kim.household": ("municipality_id", "company_id"),
    "kim.household.member": ("household_id", "partner_id", "role"),
    "kim.case.transfer": (
        "case_id",
        "to_user_id",
        "to_company_id",
        "state",
        "requested_by_id",
        "date_requested",
        "decided_by_id",
        "date_decided",
    ),
}
# Facts that go although they are not texts: exact dates of birth and entry, the links of
# the contact, and the special categories of personal data (Art. 9 GDPR) with the health
# facts of the care checklist. Fields marked ``kim_special=True`` go as well.
CLEARED = {
    "res.partner": (
        "kim_birthdate",
        "kim_entry_date",
        "parent_id",
        "state_id",
        "category_id",
        "title",
        "user_id",
        "industry_id",
        "partner_latitude",
        "partner_longitude",
    ),
    "kim.case": (
        "religion",
        "residence_status",
        "residence_title",
        "residence_issued",
        "residence_valid_until",
        "special_protection",
        "special_protection_note",
        "health_limitations",
        "addiction",
        "care_need",
        "care_grade",
        "care_grade_state",
        "doctors",
        "has_medical_record",
        "has_vaccination_card",
        "zg3_care_need_sgb_xi",
        "zg3_certificate",
        "zg3_health_impairment",
        "zg3_care_item_ids",
    ),
    "kim.consent": ("child_ids",),
    "kim.consent.record": ("child_ids",),
}
# Cleared on every model: the attachment shown in the chatter (attachments go).
CLEARED_EVERYWHERE = ("message_main_attachment_id",)


def kept_fields(model):
    """The facts of ``model`` that stay: those KEPT lists, and the fields other addons
    mark ``kim_kept=True``."""
    marked = {name for name, field in model._fields.items() if getattr(field, "kim_kept", False)}
    return set(KEPT.get(model._name, ())) | marked


# Texts that a check of the model requires once they were filled: they keep the
# placeholder. (Required fields, fields of database constraints and the sources of stored
# computations are found by themselves.)
PLACEHOLDER = {"kim.case": ("crisis_reason", "referred_to", "retention_hold_reason")}

CONTENT_TYPES = ("char", "text", "html", "binary", "json", "properties")
TEXT_TYPES = ("char", "text", "html")

# Models whose records never hold client text (configuration, platform, the append-only
# audit log that names cases by reference only): the text sweep leaves them alone, so that
# a word that happens to be a client's name never changes them. A KIM model of another
# addon says so itself with the class attribute ``_kim_reference_data = True``.
NOT_SWEPT_PREFIXES = (
    "ir.",
    "base",
    "res.company",
    "res.country",
    "res.currency",
    "res.groups",
    "res.lang",
    "res.users",
    "auth",
    "iap.",
    "html_editor.",
    "web_tour.",
    "report.",
    "decimal.precision",
    "fetchmail.",
    "calendar.alarm",
    "calendar.event.type",
    "mail.activity.plan",
    "mail.activity.type",
    "mail.alias",
    "mail.ice.server",
    "mail.message.subtype",
    "mail.template",
    "sms.template",
    "kim.audit.log",
    "kim.municipality",
    "kim.social.area",
    "kim.case.stage",
    "kim.life.domain",
    "kim.eligibility.item",
    "kim.recipient.category",
    "kim.benefit",
    "kim.interest",
    "kim.topic",
)
SWEPT_ANYWAY = ("ir.attachment", "ir.filters", "ir.exports", "ir.logging")
# Technical columns (model names, tokens, identifiers) are never texts about a person.
TECHNICAL_COLUMNS = frozenset(
    {
        "res_model",
        "model",
        "res_field",
        "mimetype",
        "store_fname",
        "checksum",
        "access_token",
        "message_id",
        "email_layout_xmlid",
        "channel",
        "type",
        "state",
    }
)
# Copies that cannot be redacted or must not go out any more: deleted when a column (all
# of them, or those listed) names a person.
DELETE_ON_MATCH = {
    "mail.mail": None,
    "sms.sms": None,
    "bus.bus": None,
    "ir.attachment": ("index_content",),
}
# The columns that identify a contact: an identifier found there belongs to someone else too.
IDENTITY_COLUMNS = ("name", "street", "street2", "email", "phone", "mobile", "kim_benefit_number")
# Particles of names that say nothing about a person on their own.
NAME_PARTICLES = frozenset(
    {
        *("al", "el", "abu", "bin", "ibn", "binti", "da", "de", "del", "della", "der", "den"),
        *("di", "du", "la", "le", "van", "von", "zu", "zum", "zur", "ten", "ter"),
    }
)
# How the database splits a text into words; the same split picks each identifier's key.
WORD_SPLIT = "[[:space:][:punct:]]+"
# A phone number is found by its last digits, as a word's end or anywhere in the digits.
PHONE_TAIL = 6
PHONE_CORE = 8
# Up to this many keys, one pattern finds the candidate rows faster than splitting into words.
FEW_KEYS = 40
_SEPARATORS = r"[\s./()\-]*"
_PY_WORD_SPLIT = re.compile(r"[\W_]+")


class _Needle:
    """One identifier of a person: ``key`` (a word of it, lower case) or ``tail`` (the last
    digits of a phone number) finds candidate rows in the database, ``pattern`` finds the
    identifier in their texts. ``strong`` identifiers (all but the date of birth) delete a
    copy that names them; ``distinct`` ones are dropped when a remaining contact has them
    too."""

    __slots__ = ("distinct", "key", "key_text", "pattern", "strong", "tail", "value")

    def __init__(self, value, pattern, strong=True, distinct=True, tail=None, key_text=None):
        self.value = value
        self.key_text = key_text or value
        self.pattern = pattern
        self.strong = strong
        self.distinct = distinct
        self.tail = tail
        self.key = None

    def relevant(self, lowered):
        return (self.key and self.key in lowered) or (self.tail and self.tail in lowered)


class _NeedleIndex:
    """Finds the identifiers that may occur in a text by its words, in their order, so that
    a long identifier is replaced before the shorter ones it contains."""

    def __init__(self, needles):
        self.needles = needles
        self.order = {needle: index for index, needle in enumerate(needles)}
        self.by_key, self.by_tail, self.loose = {}, {}, []
        for needle in needles:
            if needle.tail:
                self.by_tail.setdefault(needle.tail, []).append(needle)
            elif needle.key and re.fullmatch(r"[^\W_]+", needle.key):
                self.by_key.setdefault(needle.key, []).append(needle)
            else:
                self.loose.append(needle)

    def relevant(self, text):
        lowered = text.lower()
        found = {n for n in self.loose if n.relevant(lowered)}
        for word in set(_PY_WORD_SPLIT.split(lowered)):
            found.update(self.by_key.get(word, ()))
        if self.by_tail:
            digits = re.sub(r"\D", "", lowered)
            for start in range(len(digits) - PHONE_TAIL + 1):
                found.update(self.by_tail.get(digits[start : start + PHONE_TAIL], ()))
        return sorted(found, key=self.order.__getitem__)


def _words(variants, ignore_case=True):
    """A pattern for any of ``variants`` as whole words, also as HTML writes them."""
    forms = set()
    for variant in variants:
        forms.add(variant)
        forms.add(str(escape(variant)))
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE if ignore_case else 0)


def _phone(phone):
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < PHONE_TAIL:
        return None
    core = _SEPARATORS.join(digits[-PHONE_CORE:])
    pattern = re.compile(rf"(?<!\d)(?:\+?(?:\d{_SEPARATORS}){{0,8}})?{core}(?!\d)")
    return _Needle(phone, pattern, tail=digits[-PHONE_TAIL:])


def _birthdate(birthdate):
    day, month, year = birthdate.day, birthdate.month, birthdate.year
    forms = {
        f"{day:02d}.{month:02d}.{year}",
        f"{day}.{month}.{year}",
        f"{day:02d}/{month:02d}/{year}",
        birthdate.isoformat(),
    }
    alternatives = "|".join(re.escape(form) for form in sorted(forms))
    pattern = re.compile(rf"(?<!\d)(?:{alternatives})(?!\d)")
    needle = _Needle(birthdate.isoformat(), pattern, strong=False, distinct=False)
    needle.key = str(year)
    return needle


def _street_name(street):
    """The street without its house number: "Quirinweg 7a" gives "Quirinweg"."""
    return re.sub(r"[\s,]*\d+\s*[a-zA-Z]?(\s*[-/]\s*\d+\s*[a-zA-Z]?)?\s*$", "", street).strip()


class KimDataProtection(models.AbstractModel):
    """Anonymisation of KIM personal data: on withdrawal of the consent to data processing
    at once, and after the retention period of closed cases (seed 003 §7.2)."""

    _name = "kim.data.protection"
    _description = "KIM data protection"

    @api.model
    def _in_company_lang(self):
        """Texts written into the data speak the provider's language, not the cron's."""
        return self.with_context(lang=self.env.company.partner_id.lang or self.env.lang)

    @api.model
    def _placeholder(self):
        return self._in_company_lang().env._("Anonymised")

    @api.model
    def _anonymise(self, cases, persons, reason):
        """Removes the personal data of ``persons`` and of ``cases`` wherever it lives (see
        the module's docstring); what stays are the facts of ``KEPT``. Runs as superuser:
        it is called by the withdrawal and the retention run, which have checked the right
        to do it."""
        env = (
            # One "anonymise" entry in the audit log, not one per field written.
            trusted(self.sudo(), "kim_audit_skip")
            .with_context(
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
                active_test=False,
                # Removing the client from a shared appointment informs nobody.
                no_mail_to_attendees=True,
                dont_notify=True,
                skip_attendee_notification=True,
            )
            .env
        )
        protection = self.with_env(env)
        cases = cases.with_env(env)
        persons = persons.with_env(env)
        placeholder = self._placeholder()
        today = fields.Date.context_today(self)

        households = cases.household_id | persons.kim_household_member_ids.household_id
        spared = households.case_ids - cases
        gone = households.filtered(lambda h: not (h.case_ids & spared))
        # The identifiers are read before anything changes.
        needles = protection._needles(persons, gone)

        owned = protection._owned_records(cases, gone)
        records = {model: found.ids for model, found in owned.items()}
        records["res.partner"] = persons.ids
        protection._purge_traces(records, persons)
        env.flush_all()
        for found in owned.values():
            protection._clear_records(found, placeholder)
        protection._clear_persons(persons, placeholder)
        cases.write({"is_anonymised": True, "date_anonymised": today, "anonymised_reason": reason})
        # Any given declaration lapses with the data it covered.
        env["kim.consent"].search(
            [("case_id", "in", cases.ids), ("state", "=", rules.GIVEN)]
        ).write({"state": rules.WITHDRAWN, "date_withdrawn": today})
        protection._redact(needles, placeholder)

        reasons = dict(cases._fields["anonymised_reason"]._description_selection(self.env))
        note = Markup("<p>%s</p>") % self._in_company_lang().env._(
            "Personal data anonymised (%s). Statistical facts are kept.", reasons[reason]
        )
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, note))
        self.env["kim.audit.log"]._log(cases, "anonymise", reason)
        return True

    # 1. By ownership ------------------------------------------------------------------------------

    @api.model
    def _kim_models(self):
        """The KIM models with a table, wizards included, the audit log excluded."""
        for name in self.env.registry:
            model = self.env[name]
            if (
                name.startswith("kim.")
                and not name.startswith(NOT_SWEPT_PREFIXES)
                and not model._abstract
                and model._auto
            ):
                yield model

    @api.model
    def _owned_models(self):
        """``{model: [(field, owner model)]}``: the KIM models whose records belong to a case
        or a household, through a stored many-to-one to it, or through a cascading one to
        a record that belongs to it. Found over ``_fields``, so new models come with it."""
        found = {}
        owners = {"kim.case", "kim.household"}
        while True:
            added = False
            for model in self._kim_models():
                if model._name in ("kim.case", "kim.household"):
                    continue
                for field in model._fields.values():
                    if (
                        field.type == "many2one"
                        and field.store
                        and field.comodel_name in owners
                        and (
                            field.comodel_name in ("kim.case", "kim.household")
                            or field.ondelete == "cascade"
                        )
                        and (field.name, field.comodel_name) not in found.get(model._name, ())
                    ):
                        found.setdefault(model._name, []).append((field.name, field.comodel_name))
                        added = True
            owners |= set(found)
            if not added:
                return found

    @api.model
    def _owned_records(self, cases, households):
        """``{model: records}`` of ``cases``, ``households`` and everything they own."""
        owned = {"kim.case": cases, "kim.household": households}
        links = self._owned_models()
        while True:
            grown = False
            for model_name, pairs in links.items():
                domain = Domain.OR(
                    Domain(field_name, "in", owned[owner].ids)
                    for field_name, owner in pairs
                    if owned.get(owner)
                )
                if domain.is_false():
                    continue
                found = self.env[model_name].search(domain)
                if found != owned.get(model_name, self.env[model_name]):
                    owned[model_name] = found
                    grown = True
            if not grown:
                return owned

    @api.model
    def _clearing_plan(self, model):
        """What anonymisation does to each field of ``model``: ``empty`` (columns set to
        nothing), ``fill`` (texts that keep the placeholder where they had a value),
        ``links`` (many-to-many cleared) and ``files`` (attachment fields, whose
        attachments go with the record's)."""
        kept = kept_fields(model)
        cleared = set(CLEARED.get(model._name, ())) | set(CLEARED_EVERYWHERE)
        needs_value = self._needs_value(model)
        plan = {"empty": [], "fill": [], "links": [], "files": []}
        for name, field in model._fields.items():
            if name in MAGIC_COLUMNS or not field.store or field.related or field.inherited:
                continue
            if field.compute and field.readonly:
                continue  # derived: recomputed from what stays
            special = getattr(field, "kim_special", False) or name in cleared
            if name in kept and not special:
                continue
            if field.type in CONTENT_TYPES:
                if field.type == "binary" and field.attachment:
                    plan["files"].append(name)
                elif field.type in TEXT_TYPES and not special and name in needs_value:
                    plan["fill"].append(name)
                else:
                    plan["empty"].append(name)
            elif special and not field.required:
                if field.type == "many2many":
                    plan["links"].append(name)
                elif field.type != "one2many":
                    plan["empty"].append(name)
        return plan

    @api.model
    def _needs_value(self, model):
        """Text fields that must not become empty once filled: required ones, those of a
        database constraint, the sources of a stored computation and ``PLACEHOLDER``."""
        names = {name for name, field in model._fields.items() if field.required}
        names.update(PLACEHOLDER.get(model._name, ()))
        definitions = " ".join(
            str(table_object.get_definition(self.env.registry))
            for table_object in model._table_objects.values()
        )
        names.update(name for name in model._fields if re.search(rf"\b{name}\b", definitions))
        for field in model._fields.values():
            if field.store and field.compute:
                depends = field.get_depends(model)[0]
                names.update(path.split(".")[0] for path in depends)
        return names

    @api.model
    def _clear_records(self, records, placeholder):
        """Applies the clearing plan to ``records`` in one statement per table, past the
        checks a client's write goes through (the system writes, not a user), then lets
        the stored computations follow."""
        if not records:
            return
        model = records.browse()
        plan = self._clearing_plan(model)
        columns = plan["empty"] + plan["fill"]
        if columns:
            assignments = []
            for name in plan["empty"]:
                field = model._fields[name]
                empty = False if field.type == "boolean" else None
                assignments.append(SQL("%s = %s", SQL.identifier(name), empty))
            for name in plan["fill"]:
                field = model._fields[name]
                column = SQL.identifier(name)
                value = f"<p>{escape(placeholder)}</p>" if field.type == "html" else placeholder
                if field.translate:
                    lang = self.env.lang or "en_US"
                    value = SQL("%s::jsonb", json.dumps({lang: value}))
                    filled = SQL("%s IS NOT NULL", column)
                else:
                    filled = SQL("COALESCE(%s, '') != ''", column)
                assignments.append(
                    SQL("%s = CASE WHEN %s THEN %s ELSE %s END", column, filled, value, column)
                )
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s WHERE id = ANY(%s)",
                    SQL.identifier(model._table),
                    SQL(", ").join(assignments),
                    records.ids,
                )
            )
        for name in plan["links"]:
            field = model._fields[name]
            self.env.cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s = ANY(%s)",
                    SQL.identifier(field.relation),
                    SQL.identifier(field.column1),
                    records.ids,
                )
            )
        changed = columns + plan["links"] + plan["files"]
        if changed:
            records.invalidate_recordset(changed)
            records.modified(changed)

    @api.model
    def _clear_persons(self, persons, placeholder):
        """The contacts keep a placeholder for a name and the facts of ``KEPT``; every
        other text goes, and the year and quarter of birth stay for the statistics."""
        if not persons:
            return
        plan = self._clearing_plan(persons.browse())
        vals = dict.fromkeys(plan["empty"] + plan["fill"] + plan["files"], False)
        vals.update({name: [Command.clear()] for name in plan["links"]})
        vals.update(name=placeholder, kim_is_anonymised=True)
        by_birth = persons.grouped(lambda p: rules.statistical_birth(p.kim_birthdate))
        for (year, quarter), group in by_birth.items():
            birth = {"kim_birth_year": year, "kim_birth_quarter": str(quarter)} if year else {}
            group.write({**vals, **birth})

    # 2. By reference ------------------------------------------------------------------------------

    @api.model
    def _reference_fields(self):
        """``(model, res_id field)`` of every generic reference (``res_model``/``res_id``)
        outside the platform's technical models."""
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not model._auto:
                continue
            if name.startswith("ir.") and name != "ir.attachment":
                continue
            for field in model._fields.values():
                if field.type == "many2one_reference" and field.store and not field.inherited:
                    yield model, field

    @api.model
    def _person_owned_fields(self):
        """``(model, field)`` of every stored many-to-one to a contact that cascades: such
        a record exists only for the contact (an attendance, a notification, a follower,
        a bank account, a supporter, a channel membership, a reaction)."""
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not model._auto or name == "res.partner":
                continue
            if name.startswith("ir."):
                continue
            for field in model._fields.values():
                if (
                    field.type == "many2one"
                    and field.store
                    and field.comodel_name == "res.partner"
                    and field.ondelete == "cascade"
                ):
                    yield model, field

    @api.model
    def _purge_traces(self, records, persons):
        """Deletes what points at ``records`` (``{model: ids}``) or at ``persons``."""
        env = self.env
        records = {model: ids for model, ids in records.items() if ids}

        def linked(model_field, id_field):
            return Domain.OR(
                Domain(model_field, "=", model) & Domain(id_field, "in", ids)
                for model, ids in records.items()
            )

        # Appointments of these records or of the persons alone go with them; shared ones
        # stay for the others without the persons, their note or what Odoo sent about them.
        Event = env["calendar.event"]
        linked_events = Event.search(linked("res_model", "res_id"))
        attended = Event.search([("partner_ids", "in", persons.ids)]) if persons else Event
        own = (linked_events | attended).filtered(
            lambda e: e in linked_events or not (e.partner_ids - persons - e.user_id.partner_id)
        )
        shared = attended - own
        if own:
            records["calendar.event"] = own.ids

        message_domain = Domain.OR(
            [
                linked("model", "res_id"),
                Domain("author_id", "in", persons.ids),
                Domain("partner_ids", "in", persons.ids),
                Domain("notification_ids.res_partner_id", "in", persons.ids),
                Domain("model", "=", "calendar.event")
                & Domain("res_id", "in", shared.ids)
                & Domain("message_type", "!=", "comment"),
            ]
        )
        self._unlink_messages(env["mail.message"].search(message_domain))
        for model, field in self._reference_fields():
            if model._name in ("mail.message", "calendar.event"):
                continue
            domain = linked(field.model_field, field.name)
            if model._name == "ir.attachment":
                # Field attachments (scans, images) too, not only those of the chatter.
                domain &= Domain("res_field", "=", False) | Domain("res_field", "!=", False)
            model.search(domain).unlink()
        if persons:
            env["mail.mail"].search([("recipient_ids", "in", persons.ids)]).unlink()
            if "mail.scheduled.message" in env:
                env["mail.scheduled.message"].search([("partner_ids", "in", persons.ids)]).unlink()
        if shared:
            shared.write(
                {
                    "partner_ids": [Command.unlink(person.id) for person in persons],
                    "description": False,
                }
            )
        own.unlink()
        for model, field in self._person_owned_fields():
            if persons:
                model.search([(field.name, "in", persons.ids)]).unlink()

    @api.model
    def _unlink_messages(self, messages):
        """Deletes ``messages`` with the attachments only they carry (an invitation's
        calendar file, a mail's documents); their mails, notifications and tracking values
        go with them."""
        if not messages:
            return
        attachments = messages.attachment_ids
        if attachments:
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT attachment_id FROM message_attachment_rel
                        WHERE attachment_id = ANY(%s) AND message_id != ALL(%s)""",
                    attachments.ids,
                    messages.ids,
                )
            )
            elsewhere = {row[0] for row in self.env.cr.fetchall()}
            attachments.filtered(lambda a: a.id not in elsewhere).unlink()
        messages.unlink()

    # 3. By text -----------------------------------------------------------------------------------

    @api.model
    def _needles(self, persons, households):
        """The identifiers of ``persons`` (and the addresses of their ``households``) that
        identify nobody else."""
        needles = []
        for person in persons.filtered(lambda p: not p.kim_is_anonymised):
            name = " ".join((person.name or "").split())
            if len(name) > 2:
                needles.append(_Needle(name, _words([name])))
            # The words of a person's own name, not of a remark in brackets, nor of the
            # label of a contact filed under a person ("Privatadresse").
            own_name = "" if person.parent_id else re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name)
            for part in set(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", own_name)):
                if len(part) > 2 and part.lower() not in NAME_PARTICLES:
                    variants = [part, part.capitalize(), part.upper()]
                    needles.append(_Needle(part, _words(variants, ignore_case=False)))
            email = " ".join((person.email or "").split())
            if len(email) > 3:
                # Keyed by the mailbox: the provider's name is in many addresses.
                needles.append(_Needle(email, _words([email]), key_text=email.split("@")[0]))
            for value in (
                person.street,
                person.street2,
                _street_name(person.street or ""),
                person.kim_benefit_number,
            ):
                value = " ".join((value or "").split())
                if len(value) > 3:
                    needles.append(_Needle(value, _words([value])))
            phones = {person[name] for name in ("phone", "mobile") if name in person._fields}
            for phone in phones:
                if needle := _phone(phone):
                    needles.append(needle)
            if person.kim_birthdate:
                needles.append(_birthdate(person.kim_birthdate))
        for household in households:
            for value in (household.street, _street_name(household.street or "")):
                value = " ".join((value or "").split())
                if len(value) > 3:
                    needles.append(_Needle(value, _words([value])))
        unique = {}
        for needle in needles:
            unique.setdefault((needle.value, needle.pattern.pattern), needle)
        needles = list(unique.values())
        self._set_keys(needles)
        return self._drop_shared(needles, persons, households)

    @api.model
    def _set_keys(self, needles):
        """Each identifier's longest word, as the database splits and lowers it."""
        values = [needle.key_text for needle in needles if not needle.key and not needle.tail]
        if not values:
            return
        self.env.cr.execute(
            SQL(
                """SELECT v, (SELECT w FROM regexp_split_to_table(lower(v), %s) w
                               ORDER BY length(w) DESC, w LIMIT 1)
                     FROM unnest(%s::text[]) v""",
                WORD_SPLIT,
                values,
            )
        )
        keys = dict(self.env.cr.fetchall())
        for needle in needles:
            if not needle.key and not needle.tail:
                needle.key = keys.get(needle.key_text) or None

    @api.model
    def _drop_shared(self, needles, persons, households):
        """Leaves out the identifiers that a remaining contact (or household) has too."""
        distinct = [needle for needle in needles if needle.distinct]
        if not distinct:
            return needles
        shared = set()
        index = _NeedleIndex(distinct)
        sources = [
            (self.env["res.partner"], IDENTITY_COLUMNS, persons.ids),
            (self.env["kim.household"], ("street",), households.ids),
        ]
        for model, names, excluded in sources:
            columns = [name for name in names if self._is_text_column(model, name)]
            where = SQL("id != ALL(%s)", excluded)
            for _id, values in self._candidates(model, columns, distinct, where):
                text = " ".join(value for value in values if value)
                shared.update(
                    needle for needle in index.relevant(text) if needle.pattern.search(text)
                )
        return [needle for needle in needles if needle not in shared]

    @api.model
    def _is_text_column(self, model, name):
        field = model._fields.get(name)
        # Translated and company-dependent texts are JSON: configuration, not notes.
        return bool(
            field
            and field.store
            and field.column_type
            and field.column_type[0] in ("varchar", "text")
            and not field.inherited
            and field.type in TEXT_TYPES
        )

    @api.model
    def _swept_models(self):
        """``(model, text columns)`` of every data table the text sweep reads."""
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or not model._auto:
                continue
            if name.startswith(NOT_SWEPT_PREFIXES) and name not in SWEPT_ANYWAY:
                continue
            if getattr(type(model), "_kim_reference_data", False):
                continue  # a KIM model declared to hold no text about persons
            columns = [
                field_name
                for field_name in model._fields
                if field_name not in TECHNICAL_COLUMNS and self._is_text_column(model, field_name)
            ]
            if columns:
                yield model, columns

    @api.model
    def _candidates(self, model, columns, needles, where=None):
        """``(id, values)`` of the rows of ``model`` whose ``columns`` may hold one of
        ``needles``: one pass over the table. A few identifiers (a withdrawal) are looked for
        as one pattern of their keys; many (a retention batch) by splitting the texts into
        words and looking each word up, which costs the same for any number of them."""
        keys = sorted({needle.key for needle in needles if needle.key})
        tails = sorted({needle.tail for needle in needles if needle.tail})
        if not columns or not (keys or tails):
            return []
        identifiers = SQL(", ").join(SQL.identifier(column) for column in columns)
        text = SQL("lower(concat_ws(' ', %s))", identifiers)
        if len(keys) + len(tails) <= FEW_KEYS:
            pattern = "|".join(
                "".join(c if c.isalnum() else f"\\{c}" for c in word) for word in keys + tails
            )
            condition = SQL("%s ~ %s", text, pattern)
        else:
            words = []
            if keys:
                words.append(SQL("w = ANY(%s)", keys))
            if tails:
                words.append(SQL("right(w, %s) = ANY(%s)", PHONE_TAIL, tails))
            condition = SQL(
                "EXISTS (SELECT 1 FROM regexp_split_to_table(%s, %s) w WHERE %s)",
                text,
                WORD_SPLIT,
                SQL(" OR ").join(words),
            )
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE %s %s",
                identifiers,
                SQL.identifier(model._table),
                SQL("%s AND", where) if where else SQL(),
                condition,
            )
        )
        return [(row[0], row[1:]) for row in self.env.cr.fetchall()]

    @api.model
    def _redact(self, needles, placeholder):
        """Replaces every identifier left in any text column by the placeholder; deletes the
        copies of ``DELETE_ON_MATCH`` that name a person."""
        if not needles:
            return
        self.env.flush_all()
        html_placeholder = str(escape(placeholder))
        index = _NeedleIndex(needles)
        for model, columns in self._swept_models():
            rows = self._candidates(model, columns, needles)
            if not rows:
                continue
            deleting = model._name in DELETE_ON_MATCH
            delete_columns = DELETE_ON_MATCH.get(model._name) or columns
            doomed, updates = [], []
            for record_id, values in rows:
                new_values, strong = [], False
                for column, value in zip(columns, values, strict=True):
                    if not value:
                        new_values.append(value)
                        continue
                    replacement = (
                        html_placeholder if model._fields[column].type == "html" else placeholder
                    )
                    for needle in index.relevant(value):
                        value, count = needle.pattern.subn(replacement, value)
                        strong = strong or bool(
                            count and needle.strong and column in delete_columns
                        )
                    new_values.append(value)
                if deleting and strong:
                    doomed.append(record_id)
                elif new_values != list(values):
                    updates.append((record_id, new_values))
            if doomed:
                model.browse(doomed).unlink()
            for chunk in split_every(500, updates, list):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s AS t SET %s FROM (VALUES %s) AS v(id, %s) WHERE t.id = v.id",
                        SQL.identifier(model._table),
                        SQL(", ").join(
                            SQL("%s = v.%s", SQL.identifier(column), SQL.identifier(column))
                            for column in columns
                        ),
                        SQL(", ").join(
                            SQL("(%s)", SQL(", ").join(SQL("%s", v) for v in (rid, *vals)))
                            for rid, vals in chunk
                        ),
                        SQL(", ").join(SQL.identifier(column) for column in columns),
                    )
                )
            if updates:
                changed = model.browse([record_id for record_id, _values in updates])
                changed.invalidate_recordset(columns)
                changed.modified(columns)
        self.env.flush_all()

    # Entry points ------------------------------------------------------------------------------

    @api.model
    def _persons_of(self, partners):
        """The client and the people whose data exists only through them: named minor
        children, household members without a case of their own elsewhere, and the
        contacts filed under any of them (addresses, private contacts)."""
        partners = partners.sudo().with_context(active_test=False)
        cases = partners.kim_case_ids
        members = (
            partners.kim_household_member_ids.household_id.member_ids.partner_id
            | cases.consent_ids.child_ids
        )
        people = partners | members.filtered(
            lambda p: not p.is_company and not p.user_ids and not (p.kim_case_ids - cases)
        )
        filed = people.search([("id", "child_of", people.ids), ("id", "not in", people.ids)])
        return people | filed.filtered(
            lambda p: not p.is_company and not p.user_ids and not (p.kim_case_ids - cases)
        )

    @api.model
    def _anonymise_persons(self, partners, reason):
        persons = self._persons_of(partners)
        return self._anonymise(persons.kim_case_ids, persons, reason)

    @api.model
    def _anonymise_cases(self, cases, reason, batch_size=500):
        """Anonymises closed cases; their people too once no other case needs them."""
        cases = cases.sudo().with_context(active_test=False)
        for ids in split_every(batch_size, cases.ids):
            batch = cases.browse(ids)
            clients = batch.partner_id
            remaining = clients.kim_case_ids.filtered(lambda c: not c.is_anonymised) - batch
            persons = self._persons_of(clients - remaining.partner_id)
            self._anonymise(batch, persons, reason)
            if self.env.context.get("ir_cron_progress_id"):
                self.env["ir.cron"]._commit_progress(len(ids))
        return True
