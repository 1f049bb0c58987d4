from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KimCase

# Refusals: AccessError and ValidationError are UserErrors (Odoo's assertRaises takes one).
REFUSED = UserError
# A record the user may not read: AccessError, or MissingError where a foreign id answers
# like a missing one (issue 8, class 8).
HIDDEN = UserError


@tagged("post_install", "-at_install")
class TestCaseTransfer(KimCase):
    """A case changes its provider only by a transfer that both sides agree to; a plain
    write of the provider is refused to everybody (issue 8, class 6)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A provider that works in another municipality only, and one more colleague at B.
        cls.provider_c = cls.env["res.company"].create(
            {"name": "Träger C", "kim_municipality_ids": [Command.set(cls.city_b.ids)]}
        )
        cls.case_manager_c = cls._kim_user(
            "cm_c", "kim_case.group_kim_case_manager", cls.provider_c
        )
        cls.substitute_b = cls._kim_user("sub_b", "kim_case.group_kim_case_manager", cls.provider_b)
        cls.Transfer = cls.env["kim.case.transfer"]

    def setUp(self):
        super().setUp()
        self.case = self._case()
        self.case.sudo().substitute_ids = self.substitute_a
        self._consent(self.case)
        self.goal = self.env["kim.case.goal"].create(
            {
                "case_id": self.case.id,
                "name": "Deutschkurs B1",
                "life_domain_id": self.env.ref("kim_case.life_domain_language").id,
            }
        )
        self.contact = self.env["kim.case.contact"].create(
            {"case_id": self.case.id, "duration": 45}
        )

    def _request(self, user=None, to_user=None, case=None, **values):
        return (
            self.Transfer.with_user(user or self.case_manager_a)
            .with_context(lang="de_DE")
            .create(
                {
                    "case_id": (case or self.case).id,
                    "to_user_id": (to_user or self.case_manager_b).id,
                    "reason": "Umzug in den Stadtteil, den Träger B betreut",
                    **values,
                }
            )
        )

    def _as(self, user, records):
        """``records`` as ``user`` sees them in the web client (their own companies)."""
        return records.with_user(user).with_context(
            lang="de_DE", allowed_company_ids=user.company_ids.ids
        )

    def _button(self, user, case):
        """The button on the case form: a server action run on the case."""
        return (
            self.env.ref("kim_case.kim_case_transfer_action_request")
            .with_user(user)
            .with_context(
                lang="de_DE",
                allowed_company_ids=user.company_ids.ids,
                active_model="kim.case",
                active_id=case.id,
                active_ids=case.ids,
            )
            .run()
        )

    def _can_read(self, user, records):
        model = self.env[records._name].with_user(user)
        return model.has_access("read") and bool(model.search([("id", "in", records.ids)]))

    def _transfer_entries(self, case):
        return self.env["kim.audit.log"].search(
            [("case_id", "=", case.id), ("action", "=", "transfer")], order="id"
        )

    # Request ------------------------------------------------------------------------------------

    def test_request_names_only_what_the_receiving_side_needs(self):
        transfer = self._request()
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(transfer.case_ref, self.case.name)
        self.assertEqual(transfer.case_type, "cm")
        self.assertEqual(transfer.from_company_id, self.provider_a)
        self.assertEqual(transfer.from_user_id, self.case_manager_a)
        self.assertEqual(transfer.to_company_id, self.provider_b)
        self.assertEqual(transfer.requested_by_id, self.case_manager_a)
        self.assertEqual(transfer.municipality_id, self.city_a)
        # The receiving case manager is told by an activity on the request.
        activity = transfer.activity_ids
        self.assertEqual(activity.user_id, self.case_manager_b)
        self.assertIn(self.case.name, activity.summary)
        self.assertEqual(len(self._transfer_entries(self.case)), 1)

    def test_receiving_case_manager_sees_the_request_but_not_the_case(self):
        transfer = self._request()
        as_b = self._as(self.case_manager_b, transfer)
        values = as_b.read(["case_ref", "case_type", "target_group", "reason", "from_company_id"])
        self.assertEqual(values[0]["case_ref"], self.case.name)
        self.assertTrue(as_b.can_decide)
        self.assertFalse(as_b.can_open_case)
        with self.assertRaises(HIDDEN):
            self._as(self.case_manager_b, self.case).read(["partner_id"])
        self.assertFalse(self._can_read(self.case_manager_b, self.case))
        self.assertFalse(self._can_read(self.case_manager_b, self.case.partner_id))
        self.assertFalse(self._can_read(self.case_manager_b, self.goal))
        self.assertFalse(self._can_read(self.case_manager_b, self.case.consent_ids))
        # The web client's form of the request loads without reaching the case.
        result = as_b.web_read(
            {
                "case_ref": {},
                "case_id": {"fields": {"display_name": {}}},
                "from_company_id": {"fields": {"display_name": {}}},
                "to_company_id": {"fields": {"display_name": {}}},
                "to_user_id": {"fields": {"display_name": {}}},
            }
        )
        self.assertEqual(result[0]["case_id"]["display_name"], self.case.name)
        self.assertNotIn("partner_id", result[0])
        with self.assertRaises(AccessError):
            as_b.action_open_case()
        # Nor does a new request in the dialog read the foreign case for them.
        with self.assertRaises(HIDDEN):
            self._as(self.case_manager_b, self.Transfer).onchange(
                {"case_id": self.case.id}, ["case_id"], {"case_id": {}, "case_ref": {}}
            )

    def test_foreign_users_cannot_see_the_request(self):
        transfer = self._request()
        for user in (
            self.case_manager_c,
            self.substitute_b,
            self.coordinator_b,
            self.traeger_admin_a,
            self.internal_user,
        ):
            with self.subTest(user=user.login):
                self.assertFalse(self._can_read(user, transfer))
                with self.assertRaises(HIDDEN):
                    self._as(user, transfer).read(["reason"])
        for user in (self.case_manager_a, self.substitute_a, self.coordinator_a):
            with self.subTest(user=user.login):
                self.assertTrue(self._can_read(user, transfer))

    def test_only_the_case_manager_or_a_coordinator_may_request(self):
        for user in (self.substitute_a, self.case_manager_b, self.coordinator_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._request(user=user)
        # A missing case answers like a foreign one.
        with self.assertRaises(AccessError) as missing:
            self._request(case=self.env["kim.case"].browse(999999))
        case_b = self._case(self.case_manager_b)
        with self.assertRaises(AccessError) as foreign:
            self._request(case=case_b, to_user=self.case_manager_b)
        self.assertEqual(str(missing.exception), str(foreign.exception))
        # The button on the case answers the same.
        for user in (self.substitute_a, self.case_manager_b, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._button(user, self.case)
        transfer = self._request(user=self.coordinator_a)
        self.assertEqual(transfer.requested_by_id, self.coordinator_a)
        self.assertEqual(transfer.from_user_id, self.case_manager_a)

    def test_request_needs_an_open_case_with_consent(self):
        without_consent = self._case(partner_id=self._client("Ohne Einwilligung").id)
        # Messages name the case; their wording is German once translated.
        with self.refused(without_consent.name, UserError):
            self._request(case=without_consent)
        with self.refused(without_consent.name, UserError):
            self._button(self.case_manager_a, without_consent)
        self.case.sudo().write({"state": "closed", "date_closed": fields.Date.today()})
        with self.refused(self.case.name, UserError):
            self._request()
        self.assertFalse(
            self.Transfer.sudo()
            .search([])
            .filtered(lambda t: t.case_id in (self.case | without_consent))
        )

    def test_one_open_request_per_case(self):
        transfer = self._request()
        with self.refused(self.case.name, UserError):
            self._request()
        # The button on the case opens the open request instead of a new one.
        action = self._button(self.case_manager_a, self.case)
        self.assertEqual(action["res_id"], transfer.id)
        self._as(self.case_manager_a, transfer).action_cancel()
        self.assertEqual(self._request().state, "requested")

    def test_button_opens_the_request_dialog(self):
        action = self._button(self.case_manager_a, self.case)
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"], {"default_case_id": self.case.id})
        # Saving the dialog is the request: what the web client sends for a new record.
        transfer = (
            self.Transfer.with_user(self.case_manager_a)
            .with_context(**action["context"])
            .create({"case_id": self.case.id, "to_user_id": self.case_manager_b.id, "reason": "x"})
        )
        self.assertEqual(transfer.to_company_id, self.provider_b)
        # The dialog proposes the case managers of the other providers of the municipality.
        self.assertIn(self.case_manager_b, transfer.allowed_user_ids)
        self.assertIn(self.substitute_b, transfer.allowed_user_ids)
        self.assertNotIn(self.case_manager_a, transfer.allowed_user_ids)
        self.assertNotIn(self.case_manager_c, transfer.allowed_user_ids)
        self.assertNotIn(self.coordinator_a, transfer.allowed_user_ids)

    def test_transfer_to_a_provider_not_serving_the_municipality_is_refused(self):
        with self.refused("Träger C", ValidationError):
            self._request(to_user=self.case_manager_c)
        with self.refused("Träger C", ValidationError):
            self._request(to_user=self.case_manager_c, to_company_id=self.provider_c.id)
        # Nor to a user who is no case manager of the receiving provider.
        with self.assertRaises(ValidationError):
            self._request(to_user=self.case_manager_c, to_company_id=self.provider_b.id)
        with self.assertRaises(ValidationError):
            self._request(to_user=self.coordinator_b)
        # Nor within the own provider: that is a change of the case manager.
        with self.assertRaises(ValidationError):
            self._request(to_user=self.substitute_a)

    def test_provider_of_the_district_serves_its_towns(self):
        self.provider_c.sudo().kim_municipality_ids = self.district
        self.provider_a.sudo().kim_municipality_ids |= self.town
        case = self._case(municipality=self.town, partner_id=self._client("In der Gemeinde").id)
        self._consent(case)
        transfer = self._request(case=case, to_user=self.case_manager_c)
        self.assertEqual(transfer.to_company_id, self.provider_c)

    # Accept ---------------------------------------------------------------------------------------

    def test_accepting_moves_the_case_with_everything_on_it(self):
        old_activity = self.case.sudo().activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.case_manager_a.id, summary="Rückruf"
        )
        transfer = self._request()
        action = self._as(self.case_manager_b, transfer).action_accept()
        self.assertEqual(action["res_id"], self.case.id)
        self.assertEqual(transfer.state, "accepted")
        self.assertEqual(transfer.decided_by_id, self.case_manager_b)
        self.assertTrue(transfer.date_decided)
        self.assertFalse(transfer.activity_ids)
        case = self.case.sudo()
        self.assertEqual(case.company_id, self.provider_b)
        self.assertEqual(case.user_id, self.case_manager_b)
        self.assertFalse(case.substitute_ids)
        # What hangs on the case follows it.
        self.assertEqual(self.goal.company_id, self.provider_b)
        self.assertEqual(self.contact.company_id, self.provider_b)
        self.assertEqual(case.consent_ids.company_id, self.provider_b)
        self.assertTrue(case.consent_given)
        # Nobody of the handing provider keeps access; the receiving case manager gains it.
        records = {
            "case": self.case,
            "client": self.case.partner_id,
            "goal": self.goal,
            "contact": self.contact,
            "consent": case.consent_ids,
        }
        for name, record in records.items():
            with self.subTest(record=name):
                self.assertFalse(self._can_read(self.case_manager_a, record))
                self.assertFalse(self._can_read(self.substitute_a, record))
                self.assertTrue(self._can_read(self.case_manager_b, record))
                self.assertTrue(self._can_read(self.coordinator_a, record))
        with self.assertRaises(HIDDEN):
            self._as(self.case_manager_a, self.case).read(["motto_goal"])
        self._as(self.case_manager_b, self.case).write({"motto_goal": "Eine eigene Wohnung"})
        # The handing side no longer follows the case; its open activity went along.
        followers = case.message_partner_ids
        self.assertNotIn(self.case_manager_a.partner_id, followers)
        self.assertNotIn(self.substitute_a.partner_id, followers)
        self.assertIn(self.case_manager_b.partner_id, followers)
        self.assertEqual(old_activity.user_id, self.case_manager_b)
        # The handing case manager keeps the record of their own request.
        self.assertTrue(self._can_read(self.case_manager_a, transfer))
        self.assertFalse(self._as(self.case_manager_a, transfer).can_open_case)

    def test_handing_side_keeps_nothing_it_registered_on_the_case(self):
        """What the handing case manager registered for the client (household,
        supporters) follows the case, like the rest."""
        household = (
            self.env["kim.household"]
            .with_user(self.case_manager_a)
            .create({"name": "Haushalt Übergabe", "zip": "46117"})
        )
        self._as(self.case_manager_a, self.case).write({"household_id": household.id})
        supporter = (
            self.env["kim.client.supporter"]
            .with_user(self.case_manager_a)
            .create({"client_id": self.case.partner_id.id, "kind": "sponsor", "name": "Pate"})
        )
        transfer = self._request()
        self._as(self.case_manager_b, transfer).action_accept()
        for record in (household, supporter):
            with self.subTest(model=record._name):
                self.assertFalse(self._can_read(self.case_manager_a, record))
                self.assertTrue(self._can_read(self.case_manager_b, record))

    def test_accepting_writes_the_audit_entries(self):
        transfer = self._request()
        self._as(self.case_manager_b, transfer).action_accept()
        entries = self._transfer_entries(self.case)
        self.assertEqual(entries.user_id, self.case_manager_a | self.case_manager_b)
        self.assertEqual(entries[0].user_id, self.case_manager_a)
        self.assertEqual(entries[1].user_id, self.case_manager_b)
        self.assertIn("Träger A", entries[1].detail)
        self.assertIn("Träger B", entries[1].detail)

    def test_standing_substitutes_of_the_new_case_manager_apply(self):
        self.case_manager_b.sudo().kim_substitute_user_ids = self.substitute_b
        transfer = self._request()
        self._as(self.case_manager_b, transfer).action_accept()
        self.assertEqual(self.case.sudo().substitute_ids, self.substitute_b)
        self.assertTrue(self._can_read(self.substitute_b, self.case))
        self.assertFalse(self._can_read(self.substitute_a, self.case))

    def test_only_the_receiving_case_manager_decides(self):
        transfer = self._request()
        for user in (self.case_manager_a, self.coordinator_a, self.substitute_b):
            with self.subTest(user=user.login), self.assertRaises(HIDDEN):
                self._as(user, transfer).action_accept()
        with self.assertRaises(AccessError):
            self._as(self.case_manager_a, transfer).action_decline_dialog()
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(self.case.company_id, self.provider_a)

    def test_accepting_refused_once_the_case_was_closed(self):
        transfer = self._request()
        self.case.sudo().write({"state": "closed", "date_closed": fields.Date.today()})
        with self.refused(self.case.name, UserError):
            self._as(self.case_manager_b, transfer).action_accept()
        self.assertEqual(self.case.company_id, self.provider_a)

    # Decline and cancel ---------------------------------------------------------------------------

    def test_declining_keeps_everything(self):
        transfer = self._request()
        as_b = self._as(self.case_manager_b, transfer)
        with self.assertRaises(UserError):
            as_b.action_decline()
        action = as_b.action_decline_dialog()
        self.assertEqual((action["res_id"], action["target"]), (transfer.id, "new"))
        as_b.write({"decline_reason": "Keine Kapazität vor dem Sommer"})
        as_b.action_decline()
        self.assertEqual(transfer.state, "declined")
        self.assertEqual(transfer.decided_by_id, self.case_manager_b)
        self.assertEqual(self.case.company_id, self.provider_a)
        self.assertEqual(self.case.user_id, self.case_manager_a)
        self.assertEqual(self.case.substitute_ids, self.substitute_a)
        self.assertTrue(self._can_read(self.case_manager_a, self.case))
        self.assertFalse(self._can_read(self.case_manager_b, self.case))
        self.assertFalse(transfer.activity_ids)
        self.assertEqual(len(self._transfer_entries(self.case)), 2)
        # Decided is decided.
        with self.assertRaises(AccessError):
            as_b.action_accept()
        with self.assertRaises(AccessError):
            as_b.write({"decline_reason": "Doch nicht"})
        # A new request may follow.
        self.assertEqual(self._request().state, "requested")

    def test_requesting_side_cancels_while_open(self):
        transfer = self._request()
        with self.assertRaises(AccessError):
            self._as(self.case_manager_b, transfer).action_cancel()
        self._as(self.coordinator_a, transfer).action_cancel()
        self.assertEqual(transfer.state, "cancelled")
        self.assertFalse(transfer.activity_ids)
        with self.assertRaises(AccessError):
            self._as(self.case_manager_a, transfer).action_cancel()
        with self.assertRaises(AccessError):
            self._as(self.case_manager_b, transfer).action_accept()
        self.assertEqual(self.case.company_id, self.provider_a)

    # Nothing changes but by the actions ---------------------------------------------------------

    def test_plain_write_of_the_provider_is_refused_for_every_role(self):
        admin = self.env.ref("base.user_admin")
        admin.sudo().company_ids |= self.provider_a | self.provider_b
        users = (
            self.case_manager_a,
            self.substitute_a,
            self.coordinator_a,
            self.case_manager_b,
            self.traeger_admin_a,
            self.internal_user,
            admin,
        )
        for user in users:
            with self.subTest(user=user.login), self.assertRaises(REFUSED):
                self._as(user, self.case).with_context(kim_transfer=True).write(
                    {"company_id": self.provider_b.id}
                )
        self.assertEqual(self.case.company_id, self.provider_a)

    def test_plain_write_of_the_provider_is_refused_to_server_code(self):
        """Not even sudo code moves a case but through the transfer's trusted flag."""
        with self.assertRaises(REFUSED):
            self.case.sudo().write({"company_id": self.provider_b.id})
        with self.assertRaises(REFUSED):
            self.case.sudo().with_context(kim_transfer=True).write(
                {"company_id": self.provider_b.id}
            )
        self.assertEqual(self.case.company_id, self.provider_a)

    def test_workflow_fields_of_a_transfer_are_not_written_directly(self):
        transfer = self._request()
        admin = self.env.ref("base.user_admin")
        attempts = {
            "state": "accepted",
            "case_id": self._case(partner_id=self._client("Andere").id).id,
            "to_company_id": self.provider_c.id,
            "to_user_id": self.substitute_b.id,
            "decided_by_id": self.case_manager_b.id,
            "date_decided": fields.Datetime.now(),
            "reason": "umgeschrieben",
            "message_follower_ids": [
                Command.create({"partner_id": self.internal_user.partner_id.id})
            ],
            "activity_ids": [Command.clear()],
        }
        for user in (self.case_manager_a, self.case_manager_b, self.coordinator_a, admin):
            for name, value in attempts.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(REFUSED):
                    self._as(user, transfer).with_context(kim_workflow=True).write({name: value})
        with self.assertRaises(REFUSED):
            transfer.sudo().write({"state": "accepted"})
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(self.case.company_id, self.provider_a)
        with self.assertRaises(REFUSED):
            self._as(admin, transfer).unlink()

    def test_workflow_fields_cannot_be_created(self):
        for name, value in (
            ("state", "accepted"),
            ("decided_by_id", self.case_manager_b.id),
            ("requested_by_id", self.case_manager_b.id),
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                self._request(**{name: value})
        # Defaults sent in the context count for nothing either.
        transfer = (
            self.Transfer.with_user(self.case_manager_a)
            .with_context(default_state="accepted", default_requested_by_id=self.case_manager_b.id)
            .create({"case_id": self.case.id, "to_user_id": self.case_manager_b.id, "reason": "x"})
        )
        self.assertEqual(transfer.state, "requested")
        self.assertEqual(transfer.requested_by_id, self.case_manager_a)

    # Data protection and views --------------------------------------------------------------

    def test_withdrawal_anonymises_the_request(self):
        transfer = self._request()
        consent = self.case.consent_ids.filtered(lambda c: c.kind == "processing")
        wizard = (
            self.env["kim.consent.withdraw"]
            .with_user(self.case_manager_a)
            .create(
                {
                    "consent_id": consent.id,
                    "date_withdrawn": fields.Date.today(),
                    "confirm_anonymise": True,
                }
            )
        )
        wizard.action_withdraw()
        self.assertEqual(transfer.state, "cancelled")
        self.assertNotIn("Umzug", transfer.reason)
        self.assertFalse(transfer.activity_ids)
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", transfer._name), ("res_id", "=", transfer.id)]
            )
        )

    def test_views_load_for_both_sides(self):
        """The list and the form load for both sides as the web client loads them."""
        transfer = self._request()
        for user in (self.case_manager_a, self.case_manager_b, self.coordinator_a):
            with self.subTest(user=user.login):
                Transfer = self._as(user, self.Transfer)
                views = Transfer.get_views([(False, "list"), (False, "form"), (False, "search")])
                fields_info = views["models"]["kim.case.transfer"]["fields"]
                spec = {
                    name: (
                        {"fields": {"display_name": {}}}
                        if info["type"] in ("many2one", "one2many", "many2many")
                        else {}
                    )
                    for name, info in fields_info.items()
                }
                found = Transfer.web_search_read([("state", "=", "requested")], spec)
                self.assertEqual([row["id"] for row in found["records"]], transfer.ids)
                self.assertTrue(Transfer.browse(transfer.id).web_read(spec))
