from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import split_every

from ..rules import consent as rules

# What anonymisation clears, per model. Categorical facts (gender, nationality, German
# level, target group, case type, stage, dates of the case, outcomes, topics, durations)
# stay, so the statistics remain true; names, addresses, contact data, exact dates of
# birth and every free text go. Free texts that a required or evaluated field needs are
# replaced by a placeholder instead of being emptied.
PARTNER_CLEARED = (
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "email",
    "phone",
    "website",
    "comment",
    "vat",
    "ref",
    "function",
    "barcode",
    "parent_id",
    "image_1920",
    "partner_latitude",
    "partner_longitude",
    "kim_birthdate",
    "kim_birthplace",
    "kim_entry_date",
    "kim_landlord",
    "kim_dialect",
    "kim_other_languages",
    "kim_occupation",
    "kim_benefit_number",
    "kim_school_country",
    "kim_school_degree",
    "kim_training",
    "kim_work_experience",
    "kim_career_goals",
    "kim_clubs",
)
CASE_CLEARED = (
    "crisis_reason",
    "referred_to",
    "religion",
    "residence_title",
    "residence_issued",
    "residence_valid_until",
    "special_protection_note",
    "health_limitations",
    "doctors",
    "note_internal",
    "motto_goal",
    "zg3_complementary_services",
    "eval_client_view",
)
CASE_PLACEHOLDER = ("eval_goals", "eval_methods", "eval_partner_feedback", "eval_reflection")
CHILD_CLEARED = {
    "kim.case.contact": ("note",),
    "kim.case.goal": ("review_note",),
    "kim.case.measure": ("provider_name",),
    "kim.case.assessment": ("resources",),
    "kim.consent": ("scan", "scan_filename", "child_ids"),
}
CHILD_PLACEHOLDER = {
    "kim.case.goal": ("name",),
    "kim.case.measure": ("name",),
    "kim.disclosure": ("content", "purpose"),
}
HOUSEHOLD_CLEARED = ("street", "zip", "city")


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
        """Removes the personal data of ``persons`` and of ``cases`` wherever it lives:
        contact fields, case texts, household addresses, counselling notes, goal texts,
        consent scans, attachments, chatter messages with their tracking values,
        followers, activities and calendar events. What stays are statistics-safe facts.
        Runs as superuser: it is called by the withdrawal and the retention run, which
        have checked the right to do it."""
        env = (
            self.sudo()
            .with_context(
                tracking_disable=True,
                mail_notrack=True,
                mail_create_nolog=True,
                active_test=False,
                # One "anonymise" entry in the audit log, not one per field written.
                kim_audit_skip=True,
            )
            .env
        )
        cases = cases.with_env(env)
        persons = persons.with_env(env)
        placeholder = self._placeholder()
        today = fields.Date.context_today(self)
        names = [name for name in persons.mapped("name") if name and len(name) > 2]

        records = {"kim.case": cases.ids, "res.partner": persons.ids}
        for model in CHILD_CLEARED.keys() | CHILD_PLACEHOLDER.keys():
            children = env[model].search([("case_id", "in", cases.ids)])
            records[model] = children.ids
            vals = dict.fromkeys(CHILD_CLEARED.get(model, ()), False)
            vals.update(dict.fromkeys(CHILD_PLACEHOLDER.get(model, ()), placeholder))
            if children and vals:
                children.write(vals)
        households = cases.household_id | persons.kim_household_member_ids.household_id
        spared = households.case_ids - cases
        gone = households.filtered(lambda h: not (h.case_ids & spared))
        records["kim.household"] = gone.ids

        # Messages, attachments, activities, followers and events of all these records.
        self._purge_traces(env, records, persons, names)
        if gone:
            gone.write({"name": placeholder, **dict.fromkeys(HOUSEHOLD_CLEARED, False)})
        persons.kim_supporter_ids.unlink()
        persons.bank_ids.unlink()

        cleared = dict.fromkeys((f for f in PARTNER_CLEARED if f in persons._fields), False)
        by_birth = persons.grouped(lambda p: rules.statistical_birth(p.kim_birthdate))
        for (year, quarter), group in by_birth.items():
            vals = {"name": placeholder, "kim_is_anonymised": True, **cleared}
            if year:
                vals.update(kim_birth_year=year, kim_birth_quarter=str(quarter))
            group.write(vals)
        case_vals = {
            **dict.fromkeys(CASE_CLEARED, False),
            "is_anonymised": True,
            "date_anonymised": today,
            "anonymised_reason": reason,
        }
        for field_name in CASE_PLACEHOLDER:
            for html_filled, group in cases.grouped(
                lambda c, f=field_name: not fields.Html.is_empty(c[f])
            ).items():
                group.write({field_name: f"<p>{placeholder}</p>" if html_filled else False})
        cases.write(case_vals)
        # Any given declaration lapses with the data it covered.
        env["kim.consent"].search(
            [("case_id", "in", cases.ids), ("state", "=", rules.GIVEN)]
        ).write({"state": rules.WITHDRAWN, "date_withdrawn": today})
        reasons = dict(cases._fields["anonymised_reason"]._description_selection(self.env))
        note = Markup("<p>%s</p>") % self._in_company_lang().env._(
            "Personal data anonymised (%s). Statistical facts are kept.", reasons[reason]
        )
        cases._message_log_batch(bodies=dict.fromkeys(cases.ids, note))
        env["kim.audit.log"].with_user(self.env.user)._log(cases, "anonymise", reason)
        return True

    @api.model
    def _purge_traces(self, env, records, persons, names):
        message_domain = [("author_id", "in", persons.ids)]
        attachment_domain = [("id", "=", 0)]
        follower_domain = [("partner_id", "in", persons.ids)]
        activity_domain = [("id", "=", 0)]
        event_domain = [("partner_ids", "in", persons.ids)]
        for model, ids in records.items():
            if not ids:
                continue
            same = ["&", ("res_model", "=", model), ("res_id", "in", ids)]
            message_domain = [
                "|",
                *message_domain,
                "&",
                ("model", "=", model),
                ("res_id", "in", ids),
            ]
            attachment_domain = ["|", *attachment_domain, *same]
            follower_domain = ["|", *follower_domain, *same]
            activity_domain = ["|", *activity_domain, *same]
            event_domain = ["|", *event_domain, *same]
        env["mail.message"].search(message_domain).unlink()
        env["ir.attachment"].search(attachment_domain).unlink()
        env["mail.followers"].search(follower_domain).unlink()
        env["mail.activity"].search(activity_domain).unlink()
        events = env["calendar.event"].search(event_domain)
        linked = {(model, res_id) for model, ids in records.items() for res_id in ids}
        own = events.filtered(
            lambda e: (
                (e.res_model, e.res_id) in linked
                or not (e.partner_ids - persons - e.user_id.partner_id)
            )
        )
        own.unlink()
        for event in events - own:
            vals = {
                "partner_ids": [fields.Command.unlink(p.id) for p in persons & event.partner_ids]
            }
            text = f"{event.name or ''} {event.description or ''}"
            if any(name in text for name in names):
                vals.update(name=self._placeholder(), description=False)
            event.write(vals)
        if names:
            # Notifications waiting for the browser may quote the name.
            for name in names:
                env.cr.execute("DELETE FROM bus_bus WHERE message LIKE %s", (f"%{name}%",))

    # Entry points ------------------------------------------------------------------------------

    @api.model
    def _persons_of(self, partners):
        """The client and the household members whose data exists only through them:
        named minor children and members without a case of their own elsewhere."""
        partners = partners.sudo().with_context(active_test=False)
        cases = partners.kim_case_ids
        members = (
            partners.kim_household_member_ids.household_id.member_ids.partner_id
            | cases.consent_ids.child_ids
        )
        members = members.filtered(
            lambda p: not p.is_company and not p.user_ids and not (p.kim_case_ids - cases)
        )
        return partners | members

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
