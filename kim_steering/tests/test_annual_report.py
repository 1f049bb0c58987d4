import io
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.kim_case.tests.common import KimCase
from odoo.addons.kim_steering.wizard import kim_annual_report

HIDDEN = ("< 5", "x")


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
            # The one man is the one short counselling: the case types would tell him.
            case_type = "short" if gender == "m" else "cm"
            cls.cases |= cls._case(partner_id=client.id, case_type=case_type)
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

    def test_tables_add_up_and_keep_the_order_of_their_values(self):
        Area = self.env["kim.social.area"]
        # Ids in the opposite order of the areas' own (by code); one archived since. The
        # area counted first by gender (the man's) is the second in the areas' order.
        west = Area.create({"name": "West", "code": "2", "municipality_id": self.city_a.id})
        east = Area.create({"name": "Ost", "code": "1", "municipality_id": self.city_a.id})
        self.cases[2:4].sudo().social_area_id = west
        self.cases[:2].sudo().social_area_id = east
        east.active = False
        self.env.flush_all()
        sections = {s["title"]: s for s in self._report()._kim_sections()}
        areas = sections["Aktive Fälle nach Sozialraum"]["rows"]
        self.assertEqual([label for label, _values in areas], ["Ost", "West", "nicht erfasst"])
        self.assertEqual([values[-1] for _label, values in areas], [2, 2, 3])
        overview = dict(sections["Überblick"]["rows"])
        populations = {"active": 0, "opened": 1, "closed": 2}
        for section in sections.values():
            population = section.get("population")
            if population not in populations or section.get("key") == "months":
                continue
            with self.subTest(section=section["title"]):
                row = list(overview.values())[populations[population]]
                columns = zip(*(values for _label, values in section["rows"]), strict=True)
                totals = [sum(column) for column in columns] or [0] * len(row)
                if section["title"].startswith("Aktive Fälle nach Staatsangehörigkeit"):
                    self.assertEqual(totals[-1], row[-1])
                else:
                    self.assertEqual(totals, row)

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

    def test_no_table_gives_a_hidden_count_away(self):
        """Neither a row's total nor the overview's sum of a column gives back a hidden
        count: every row and column holds no hidden entry or at least two."""
        published = self._report()._kim_published()
        overview = published[0]
        margins = dict(zip(overview["populations"], (v for _l, v in overview["rows"]), strict=True))
        for section in published:
            rows = [values for _label, values in section["rows"]]
            if section is overview or section.get("population"):
                for values in rows:
                    self.assertNotEqual(sum(v in HIDDEN for v in values), 1, section["title"])
            if section.get("population"):
                for column in zip(*rows, margins[section["population"]], strict=True):
                    self.assertNotEqual(sum(v in HIDDEN for v in column), 1, section["title"])
        # The overview tells 7 active cases; had the case types shown the six of case
        # management, 7 - 6 would be the one short counselling, the one man.
        by_type = next(s for s in published if s["title"] == "Aktive Fälle nach Fallart")
        self.assertEqual([v[-1] for _label, v in by_type["rows"]], ["x", "< 5"])
        self.assertEqual(overview["rows"][0][1], ["x", "< 5", 0, 0, 7])

    def test_xlsx_holds_what_the_pdf_shows(self):
        report = self._report()
        action = report.action_xlsx()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_type"], "xlsx")
        xlsx = self.env.ref("kim_steering.action_report_kim_annual_xlsx").with_user(
            self.coordinator_a
        )
        content, kind = xlsx._render(xlsx.report_name, report.ids)
        self.assertEqual(kind, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [list(row) for row in sheet.iter_rows(values_only=True)]
        self.assertEqual(
            cells[0][0], f"Jahresbericht KIM Teststadt A, 01.01.{self.year} bis 31.12.{self.year}"
        )
        lines = [[value for value in row if value is not None] for row in cells]
        for section in report._kim_published():
            self.assertIn([section["title"], *section["columns"]], lines)
            for label, values in section["rows"]:
                self.assertIn([label, *values], lines, section["title"])
        flat = " ".join(str(value) for row in cells for value in row if value is not None)
        self.assertIn("< 5", flat)
        for name in ("Haddad", "Kovalenko", "Nasser"):
            self.assertNotIn(name, flat)

    def test_prints_are_audited(self):
        report = self._report()
        xlsx = self.env.ref("kim_steering.action_report_kim_annual_xlsx").with_user(
            self.coordinator_a
        )
        xlsx._render(xlsx.report_name, report.ids)
        pdf = self.env.ref("kim_steering.action_report_kim_annual").with_user(self.coordinator_a)
        pdf._render_qweb_html(pdf.report_name, report.ids)
        Log = self.env["kim.audit.log"]
        Log._kim_write_pending()
        for action, kind in (("export", "XLSX"), ("print", "PDF")):
            entry = Log.search(
                [
                    ("user_id", "=", self.coordinator_a.id),
                    ("action", "=", action),
                    ("detail", "like", f"({kind},"),
                ]
            )
            self.assertEqual(len(entry), 1, kind)
            self.assertEqual(entry.case_ids, self.cases)

    def test_xlsx_only_for_the_coordination(self):
        report = self._report()
        report.municipality_id = self.city_b  # as a crafted request would
        xlsx = self.env.ref("kim_steering.action_report_kim_annual_xlsx").with_user(
            self.coordinator_a
        )
        with self.assertRaisesRegex(UserError, "Sie koordinieren"):
            xlsx._render(xlsx.report_name, report.ids)
        # Another coordinator, even of that city, may not print someone else's report.
        pdf = self.env.ref("kim_steering.action_report_kim_annual")
        for action in (xlsx, pdf):
            with self.assertRaises(UserError):  # an access error
                action.with_user(self.coordinator_b)._render(action.report_name, report.ids)

    def test_only_the_coordination_reports(self):
        with self.assertRaisesRegex(UserError, "Sie koordinieren"):
            self._report(municipality_id=self.city_b.id).action_print()
        with self.assertRaisesRegex(UserError, "Sie koordinieren"):
            self._report(municipality_id=self.city_b.id).action_xlsx()
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


class TestTopicCourses(KimCase):
    """The most frequent sequences of counselling topics in the annual report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        cls.year = date.today().year
        cls.first = date(cls.year, 1, 1)
        topics = cls.env["kim.topic"].search([], limit=3)
        cls.housing, cls.work, cls.health = topics
        # Five cases of each provider in Teststadt A: housing, then work and health.
        for user in (cls.case_manager_a, cls.case_manager_b):
            for _n in range(5):
                cls._with_topics(cls._case(user=user), [cls.housing, cls.work | cls.health])
        # Three cases start with work: too few to be listed.
        for _n in range(3):
            cls._with_topics(cls._case(), [cls.work, cls.housing])
        cls.env.flush_all()

    @classmethod
    def _with_topics(cls, case, steps):
        # Contacts of the same day follow each other in the order they were recorded.
        for topics in steps:
            cls.env["kim.case.contact"].with_user(case.user_id).create(
                {"case_id": case.id, "topic_ids": [(6, 0, topics.ids)]}
            )

    def _sequences(self, user):
        report = (
            self.env["kim.annual.report"]
            .with_user(user)
            .new(
                {
                    "municipality_id": self.city_a.id,
                    "date_from": self.first,
                    "date_to": date(self.year, 12, 31),
                }
            )
        )
        return report._kim_topic_courses(report._kim_active())["rows"]

    def test_frequent_sequences_of_five_cases_or_more(self):
        label = f"{self.housing.name} → " + " + ".join(sorted((self.work.name, self.health.name)))
        self.assertEqual(self._sequences(self.coordinator_a), [(label, [10])])

    def test_what_each_case_keeps_follows_its_contacts_and_sql_fills_it_alike(self):
        case = self._case()
        self._with_topics(case, [self.work, self.housing])
        first = case.contact_ids.sorted("id")[0]
        self.assertEqual(
            [topics for *_k, topics in case.kim_topic_firsts], [self.work.ids, self.housing.ids]
        )
        # A topic recorded afterwards for the earlier contact was raised there first.
        first.with_user(case.user_id).topic_ids |= self.housing
        both = sorted((self.work | self.housing).ids)
        self.assertEqual([topics for *_k, topics in case.kim_topic_firsts], [both])
        self.assertEqual(case.kim_topic_firsts[0][:2], [first.date.isoformat(), first.id])
        # What an existing database gets when the field is added: the same, in SQL.
        cases = self.env["kim.case"].with_context(active_test=False).search([])
        kept = {case.id: case.kim_topic_firsts for case in cases}
        self.assertGreater(sum(1 for value in kept.values() if value), 10)
        self.env.cr.execute("UPDATE kim_case SET kim_topic_firsts = NULL")
        self.env["kim.case"]._kim_fill_topic_firsts()
        self.assertEqual({case.id: case.kim_topic_firsts for case in cases}, kept)

    def test_the_same_when_read_a_few_cases_at_a_time(self):
        # A Land's report reads the contacts in slices of cases; slices of two cases
        # give the very same sequences as one slice for all.
        whole = self._sequences(self.coordinator_a)
        with patch.object(kim_annual_report, "COURSE_SLICE", 2):
            self.assertEqual(self._sequences(self.coordinator_a), whole)

    def test_only_the_cases_the_viewer_may_see(self):
        # A case manager counts their own five cases (and sees no sequence of the other
        # provider's); another municipality's coordinator sees none of them.
        label = f"{self.housing.name} → " + " + ".join(sorted((self.work.name, self.health.name)))
        self.assertEqual(self._sequences(self.case_manager_b), [(label, [5])])
        self.assertEqual(self._sequences(self.coordinator_b), [])

    def test_in_the_published_report(self):
        report = self.env["kim.annual.report"].with_user(self.coordinator_a).create(
            {"municipality_id": self.city_a.id, "date_from": self.first,
             "date_to": date(self.year, 12, 31)}
        )  # fmt: skip
        sections = {s["title"]: s for s in report._kim_published()}
        rows = sections["Häufigste Abfolgen von Beratungsthemen"]["rows"]
        self.assertEqual([count for _label, (count,) in rows], [10])
