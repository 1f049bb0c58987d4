from contextlib import contextmanager
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL


@contextmanager
def records_passed_to(owner, method):
    """The ids of the records the method ``method`` of class ``owner`` is called on, in the
    block: which records the platform still computes, for instance."""
    ids = []
    original = getattr(owner, method)

    def spy(records, *args, **kwargs):
        ids.extend(records.ids)
        return original(records, *args, **kwargs)

    with patch.object(owner, method, spy):
        yield ids


class KimCase(TransactionCase):
    """Two municipalities, a district with a town, two providers and one user per role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Test users carry their login as password; the password policy has its own test.
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("kim_case.password_policy", "")
        params.set_param("auth_password_policy.minlength", "0")
        Municipality = cls.env["kim.municipality"]
        cls.city_a = Municipality.create({"name": "Teststadt A", "kind": "city"})
        cls.city_b = Municipality.create({"name": "Teststadt B", "kind": "city"})
        cls.district = Municipality.create({"name": "Testkreis", "kind": "district"})
        cls.town = Municipality.create(
            {"name": "Testgemeinde", "kind": "member", "parent_id": cls.district.id}
        )
        Company = cls.env["res.company"]
        # Both providers work in both cities: a case belongs to a provider of its
        # municipality.
        served = [(6, 0, (cls.city_a | cls.city_b).ids)]
        cls.provider_a = Company.create({"name": "Träger A", "kim_municipality_ids": served})
        cls.provider_b = Company.create({"name": "Träger B", "kim_municipality_ids": served})
        cls.case_manager_a = cls._kim_user(
            "cm_a", "kim_case.group_kim_case_manager", cls.provider_a
        )
        cls.case_manager_b = cls._kim_user(
            "cm_b", "kim_case.group_kim_case_manager", cls.provider_b
        )
        cls.traeger_admin_a = cls._kim_user(
            "ta_a", "kim_case.group_kim_traeger_admin", cls.provider_a
        )
        cls.coordinator_a = cls._kim_user(
            "coord_a", "kim_case.group_kim_coordinator", cls.provider_a
        )
        cls.coordinator_a.kim_municipality_ids = cls.city_a
        cls.coordinator_district = cls._kim_user(
            "coord_district", "kim_case.group_kim_coordinator", cls.provider_a
        )
        cls.coordinator_district.kim_municipality_ids = cls.district
        cls.city_a.stage_set_id = cls.env.ref("kim_case.stage_set_oberhausen")
        cls.city_b.stage_set_id = cls.env.ref("kim_case.stage_set_herne")
        cls.substitute_a = cls._kim_user("sub_a", "kim_case.group_kim_case_manager", cls.provider_a)
        cls.coordinator_b = cls._kim_user(
            "coord_b", "kim_case.group_kim_coordinator", cls.provider_b
        )
        cls.coordinator_b.kim_municipality_ids = cls.city_b
        cls.internal_user = new_test_user(
            cls.env, login="kim_test_other_app", groups="base.group_user", lang="de_DE"
        )

    @classmethod
    def _label(cls, name, lang="de_DE"):
        """The label of a case field as the audit log names it for a user of ``lang``."""
        env = cls.env(context={**cls.env.context, "lang": lang})
        return env["kim.case"]._fields[name]._description_string(env)

    @classmethod
    def _kim_user(cls, login, group, company):
        return new_test_user(
            cls.env,
            login=f"kim_test_{login}",
            groups=group,
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
            lang="de_DE",
        )

    @classmethod
    def _client(cls, name="Amal Haddad", **values):
        return cls.env["res.partner"].create({"name": name, "kim_is_client": True, **values})

    @classmethod
    def _case(cls, user=None, company=None, municipality=None, **values):
        """A case created as its case manager would, in their own provider."""
        user = user or cls.case_manager_a
        company = company or user.company_id
        values.setdefault("partner_id", cls._client(f"Klient*in {user.login}").id)
        referenced = [cls.env["res.partner"].browse(values["partner_id"])]
        if values.get("household_id"):
            referenced.append(cls.env["kim.household"].browse(values["household_id"]))
        for record in referenced:
            cls._registered_by(record, user)
        if not all(record.with_user(user).has_access("read") for record in referenced):
            # A person or household already accompanied at another provider is invisible
            # to this case manager; the coordinator, who sees both, opens the case.
            user, values = cls.env.user, {"user_id": user.id, "company_id": company.id, **values}
        return (
            cls.env["kim.case"]
            .with_user(user)
            .with_company(company)
            .create({"municipality_id": (municipality or cls.city_a).id, **values})
            .sudo(False)
        )

    @classmethod
    def _registered_by(cls, record, user):
        """As if ``user`` had registered the person (or household): a case manager may
        open a case only for a person they may see, and one without a case is visible to
        whoever registered it."""
        cls.env.flush_all()
        column = "partner_id" if record._name == "res.partner" else "household_id"
        cls.env.cr.execute(
            SQL(
                "UPDATE %(table)s SET create_uid = %(uid)s WHERE id = %(id)s AND NOT EXISTS "
                "(SELECT 1 FROM kim_case WHERE %(column)s = %(id)s)",
                table=SQL.identifier(record._table),
                column=SQL.identifier(column),
                uid=user.id,
                id=record.id,
            )
        )
        record.invalidate_recordset(["create_uid"])

    @classmethod
    def _consent(cls, case, categories=(), date_signed=None, user=None):
        """The client's signed declaration: the consent to data processing (information
        sheet handed over) and waivers for the given recipient categories (xml ids without
        module), recorded by the case manager. Nothing is ticked in advance, so each box is
        ticked here explicitly."""
        user = user or case.user_id
        wizard = (
            cls.env["kim.consent.record"]
            .with_user(user)
            .with_context(lang="de_DE")
            .with_company(case.company_id)
            .create(
                {
                    "case_id": case.id,
                    "date_signed": date_signed or fields.Date.today(),
                    "processing": True,
                    "info_sheet_handed": True,
                    "category_ids": [
                        Command.set([cls.env.ref(f"kim_case.{xml_id}").id for xml_id in categories])
                    ],
                }
            )
        )
        wizard.action_record()
        return case.consent_ids

    @contextmanager
    def denied(self, msg=None):
        """Refused as Odoo refuses a record one may not see: access denied, or, for a
        client or KIM record, exactly as if it did not exist (so ids cannot be probed)."""
        with self.assertRaises(UserError, msg=msg) as caught:
            yield caught
        self.assertIsInstance(caught.exception, (AccessError, MissingError), msg)

    def refused(self, text, exception=ValidationError):
        """Odoo's assertRaises rolls the failed operation back; then the message is checked."""
        return _Refused(self, text, exception)

    def stage(self, code):
        return self.env.ref(f"kim_case.stage_oberhausen_{code}")


class KimOwnAndForeignContact(KimCase):
    """A case and a contact of case manager A, and the same of provider B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls._case()
        cls.foreign = cls._case(user=cls.case_manager_b, company=cls.provider_b)
        Contact = cls.env["kim.case.contact"]
        cls.own_contact = Contact.create({"case_id": cls.own.id, "duration": 30})
        cls.foreign_contact = Contact.create({"case_id": cls.foreign.id, "duration": 45})


class _Refused:
    def __init__(self, test, text, exception):
        self.test, self.text, self.exception = test, text, exception

    def __enter__(self):
        self.context = self.test.assertRaises(self.exception)
        self.caught = self.context.__enter__()
        return self.caught

    def __exit__(self, *exc_info):
        result = self.context.__exit__(*exc_info)
        self.test.assertIn(self.text, str(self.caught.exception))
        return result
