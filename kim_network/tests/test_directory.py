from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import OBERHAUSEN_CODES, KimNetworkCase, seed_rows

# The services ("Dienste") the seed's tables name (seed 003 tables 6.1, 6.2, 6.3).
SEED_TABLE_SERVICES = {"6.1": 9, "6.2": 8, "6.3": 8}


@tagged("post_install", "-at_install")
class TestDirectory(KimNetworkCase):
    # The shipped data against the seed -----------------------------------------------------

    def test_the_transcribed_tables_hold_every_service_of_the_seed(self):
        rows = seed_rows("oberhausen", "services")
        for table, count in SEED_TABLE_SERVICES.items():
            with self.subTest(table=table):
                names = {row["service"] for row in rows if table in row["tables"].split()}
                self.assertEqual(len(names), count)
        services = self._loaded("oberhausen", "service")
        self.assertEqual(len(services), len(rows))
        self.assertTrue(all(service.municipality_id == self.oberhausen for service in services))
        for service, row in zip(services, rows, strict=True):
            with self.subTest(service=row["key"]):
                self.assertEqual(service.name, row["service"])
                self.assertEqual(
                    sorted(service.zip_ids.mapped("code")), sorted(row["zips"].split())
                )
                self.assertEqual(service.spatial, "zip" if row["zips"] else "none")
                areas = {f"6.{n}" for n in (1, 2, 3) if service[f"serves_zg{n}"]}
                self.assertEqual(areas, set(row["tables"].split()))

    def test_every_oberhausen_postal_code_has_its_kim_cm_provider(self):
        for code in OBERHAUSEN_CODES:
            with self.subTest(code=code):
                kim = self.Service.search(
                    [("serves_zip", "=", code), ("interface_id.code", "=", "KIM")]
                )
                self.assertTrue(kim, f"no KIM-CM provider for {code}")
        osterfeld = self.Service.search(
            [("serves_zip", "=", "46119"), ("interface_id.code", "=", "KIM")]
        )
        self.assertEqual(set(osterfeld.actor_id.mapped("kim_abbreviation")), {"CV", "PW"})

    def test_anhang_9_1_posts_and_social_areas(self):
        posts = self._loaded("oberhausen", "post")
        self.assertEqual(len(posts), 11)
        self.assertAlmostEqual(
            sum(posts.mapped("post_share")) if False else sum(p.post_share for p in posts), 10.0
        )
        areas = {post.social_area_id.code for post in posts}
        self.assertEqual(areas, {"71", "72", "73", "74", "75", "76"})
        osterfeld = self.env["kim.social.area"]._for_postal_code(self.oberhausen, "46119")
        self.assertEqual(osterfeld.code, "76")

    def test_herne_networks_and_posts(self):
        networks = self._loaded("herne", "network")
        self.assertEqual(len(networks), 18)
        self.assertEqual(len(self._loaded("herne", "post")), 10)
        jour_fixe = [n for n in networks if n.kind == "jour_fixe" and n.cadence == "monthly"]
        self.assertTrue(jour_fixe)
        steering = next(n for n in networks if n.name == "Steuerungsgruppe")
        self.assertEqual(
            set(steering.member_ids.mapped("role")), {"coordination", "ki_lead", "cm_speaker"}
        )
        self.assertTrue(all(n.municipality_id == self.herne for n in networks))

    def test_loading_twice_changes_nothing_and_keeps_edits(self):
        service = self._loaded("oberhausen", "service")[0]
        service.phone = "0208 123456"
        counts = {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in (
                "kim.service",
                "kim.network",
                "kim.cm.post",
                "res.partner",
                "kim.postal.code",
            )
        }
        self.env["kim.network.load"]._kim_load("oberhausen")
        self.env["kim.network.load"]._kim_load("herne")
        for model, count in counts.items():
            with self.subTest(model=model):
                self.assertEqual(
                    self.env[model].with_context(active_test=False).search_count([]), count
                )
        self.assertEqual(service.phone, "0208 123456")

    # The directory search ------------------------------------------------------------------------

    def test_serves_zip_includes_services_without_spatial_assignment(self):
        found = self.Service.search([("serves_zip", "=", "46119")])
        self.assertIn("Team Sozialarbeit", found.mapped("name"))
        self.assertIn("Flüchtlingsberatung", found.mapped("name"))
        refugee = found.filtered(lambda s: s.name == "Flüchtlingsberatung")
        self.assertEqual(refugee.actor_id.kim_abbreviation, "CV")
        elsewhere = self.Service.search([("serves_zip", "=", "46045")])
        self.assertEqual(
            elsewhere.filtered(lambda s: s.name == "Flüchtlingsberatung").actor_id.kim_abbreviation,
            "AWO",
        )
        # No municipality knows the code: nothing is responsible, not even city-wide services.
        self.assertFalse(self.Service.search([("serves_zip", "=", "99999")]))

    def test_archived_services_are_not_responsible(self):
        service = self.Service.search([("serves_zip", "=", "46119")], limit=1)
        service.action_archive()
        # The day of archiving is the user's day (around midnight not the UTC one).
        self.assertEqual(service.date_archived, fields.Date.context_today(service))
        self.assertNotIn(service, self.Service.search([("serves_zip", "=", "46119")]))

    def test_a_malformed_postal_code_is_refused_in_german(self):
        Service = self.Service.with_user(self.case_manager_a).with_context(lang="de_DE")
        for wrong in ("4611", "46119a", "", "461190"):
            with self.subTest(value=wrong), self.assertRaises(UserError) as caught:
                Service.search([("serves_zip", "=", wrong)])
            self.assertIn("fünf Ziffern", str(caught.exception))

    def test_the_case_manager_searches_the_directory_by_postal_code(self):
        found = self.Service.with_user(self.case_manager_a).search([("serves_zip", "=", "46119")])
        self.assertTrue(found)
        with self.assertRaises(AccessError):
            found[0].with_user(self.case_manager_a).write({"phone": "1"})

    # Bad input on services ------------------------------------------------------------------------

    def test_age_and_title_limits_must_be_ordered(self):
        service = self._loaded("oberhausen", "service")[0].with_context(lang="de_DE")
        before = (service.age_from, service.age_to)
        for values in (
            {"age_from": 30, "age_to": 27},
            {"age_from": 27, "age_to": 27},
            {"title_years_from": 5, "title_years_to": 3},
            {"age_from": -1},
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                service.write(values)
        self.assertEqual((service.age_from, service.age_to), before)

    def test_postal_codes_are_five_digits_of_the_services_municipality(self):
        PostalCode = self.env["kim.postal.code"]
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            PostalCode.create({"code": "4611", "municipality_id": self.oberhausen.id})
        foreign = PostalCode.create({"code": "44623", "municipality_id": self.herne.id})
        service = self._loaded("oberhausen", "service")[0]
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            service.zip_ids |= foreign

    # Who maintains the directory and loads data ---------------------------------------------------

    def test_coordinators_maintain_their_own_municipality_only(self):
        service = self._loaded("oberhausen", "service")[0]
        service.with_user(self.coordinator_ob).write({"phone": "0208 1"})
        herne_network = self._loaded("herne", "network")[0]
        with self.assertRaises(AccessError):
            herne_network.with_user(self.coordinator_ob).write({"goal": "x"})

    def test_only_the_municipality_s_coordination_loads_its_data(self):
        Load = self.env["kim.network.load"]
        wizard = Load.with_user(self.coordinator_ob).create({"dataset": "oberhausen"})
        self.assertEqual(wizard.municipality_id, self.oberhausen)
        wizard.action_load()
        self.assertIn("Stadt Oberhausen", wizard.result)
        herne = Load.with_user(self.coordinator_ob).create({"dataset": "herne"})
        with self.assertRaises(AccessError):
            herne.action_load()
        with self.assertRaises(AccessError):
            Load.with_user(self.case_manager_a).create({"dataset": "oberhausen"})

    # The directory on paper, and the networks' meetings -----------------------------------------

    def test_the_directory_of_a_social_area_prints_its_services(self):
        area = self.env["kim.social.area"]._for_postal_code(self.oberhausen, "46119")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.case_manager_a)
            ._render_qweb_html("kim_network.report_directory", area.ids)[0]
            .decode()
        )
        self.assertIn("46119", html)
        self.assertIn("Flüchtlingsberatung", html)
        self.assertIn("Team Sozialarbeit", html)  # city-wide, no spatial assignment
        self.assertIn("Pro wohnen international e.V.", html)

    def test_a_network_meeting_keeps_its_minutes(self):
        network = self._loaded("herne", "network")[0].with_user(self.coordinator_ob)
        network = network.sudo()
        network.member_ids[:1].user_id = self.case_manager_a
        action = network.action_plan_meeting()
        self.assertEqual(action["context"]["default_kim_network_id"], network.id)
        self.assertIn(self.case_manager_a.partner_id.id, action["context"]["default_partner_ids"])
        event = (
            self.env["calendar.event"]
            .with_context(**action["context"])
            .create(
                {
                    "start": "2026-12-01 09:00:00",
                    "stop": "2026-12-01 11:00:00",
                    "kim_minutes": "<p>Vereinbart: Austausch zu Wartezeiten.</p>",
                }
            )
        )
        self.assertEqual(network.meeting_count, 1)
        self.assertEqual(network.next_meeting, event.start)
        self.assertIn("Wartezeiten", event.kim_minutes)

    def test_the_withdrawal_sweeps_referrals_but_not_the_directory(self):
        swept = {model._name for model, _columns in self.env["kim.data.protection"]._swept_models()}
        self.assertIn("kim.referral", swept)
        self.assertIn("kim.network", swept)  # notes and minutes may name people
        for name in ("kim.service", "kim.postal.code", "kim.cm.post", "kim.service.interface"):
            self.assertNotIn(name, swept)
