import base64
import io
import zipfile
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.kim_case.tests.common import KimCase


class TestAnnualReport(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        cls.year = date.today().year
        cls.cases = cls.env["kim.case"]
        people = [("Amal Haddad", "w"), ("Olena Kovalenko", "w"), ("Yusuf Demir", "m")]
        people += [(f"Person {n}", "w") for n in range(4)]
        for name, gender in people:
            client = cls._client(name, kim_gender=gender)
            cls.cases |= cls._case(partner_id=client.id)
        cls._case(
            user=cls.case_manager_b,
            municipality=cls.city_b,
            partner_id=cls._client("Lina Nasser", kim_gender="w").id,
        )
        cls.env.flush_all()

    def _report(self, user=None, **values):
        return (
            self.env["kim.annual.report"]
            .with_user(user or self.coordinator_a)
            .create(
                {
                    "municipality_id": self.city_a.id,
                    "date_from": date(self.year, 1, 1),
                    "date_to": date(self.year, 12, 31),
                    **values,
                }
            )
        )

    def test_overview_reconciles_with_the_cases(self):
        report = self._report()
        overview = report._kim_sections()[0]
        active = dict(overview["rows"])[overview["rows"][0][0]]
        Case = self.env["kim.case"].with_user(self.coordinator_a)
        self.assertEqual(active[-1], Case.search_count(report._kim_active()))
        self.assertEqual(active[-1], 7)
        women = Case.search_count([*report._kim_active(), ("partner_id.kim_gender", "=", "w")])
        self.assertEqual(active[0], women)
        self.assertEqual(active[1], 1)

    def test_small_cells_leave_suppressed(self):
        published = self._report()._kim_published()
        active = published[0]["rows"][0][1]
        # One man: hidden; the six women withheld with him, or 7 - 6 would tell.
        self.assertEqual(active, ["x", "< 5", 0, 0, 7])
        for section in published:
            if not section["persons"]:
                continue
            for _label, values in section["rows"]:
                for value in values:
                    self.assertFalse(isinstance(value, int) and 0 < value < 5, section["title"])

    def test_pdf(self):
        report = self._report()
        action = self.env.ref("kim_steering.action_report_kim_annual").with_user(self.coordinator_a)
        html, _kind = action._render_qweb_html(action.report_name, report.ids)
        html = html.decode()
        self.assertIn("Jahresbericht KIM Teststadt A", html)
        self.assertIn("Überblick", html)
        self.assertIn("&lt; 5", html)
        self.assertIn("data:image/svg+xml;base64,", html)
        for name in ("Haddad", "Kovalenko", "Nasser"):
            self.assertNotIn(name, html)

    def test_xlsx(self):
        report = self._report()
        report.action_xlsx()
        content = base64.b64decode(report.xlsx_file)
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            strings = book.read("xl/sharedStrings.xml").decode()
        self.assertIn("Jahresbericht KIM Teststadt A", strings)
        self.assertIn("&lt; 5", strings)
        self.assertNotIn("Haddad", strings)

    def test_only_the_coordination_reports(self):
        with self.assertRaisesRegex(UserError, "Sie koordinieren"):
            self._report(municipality_id=self.city_b.id).action_print()
        with self.assertRaisesRegex(ValidationError, "Ende des Zeitraums"):
            self._report(date_from=date(self.year, 12, 31), date_to=date(self.year, 1, 1))
        for user in (self.case_manager_a, self.traeger_admin_a, self.internal_user):
            with self.assertRaises(AccessError):
                self._report(user=user)

    def test_courses_through_the_stages(self):
        sections = {s["title"]: s for s in self._report()._kim_sections()}
        stage = self.cases[0].stage_id
        per_stage = sections["Tage je Prozessschritt (Median, aktive Fälle)"]["rows"]
        self.assertEqual(per_stage, [(stage.name, [7, 0])])
        courses = sections["Häufigste Verläufe durch die Prozessschritte"]["rows"]
        self.assertEqual(courses, [(stage.name, [7])])
