import base64
import io
from collections import Counter, defaultdict

import xlsxwriter
from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from odoo import fields, models

from odoo.addons.kim_case.trust import allow

from ..rules import courses
from ..rules.anonymity import WITHHELD, K, cell, is_suppressed, publish_row

GENDERS = ("w", "m", "d", False)
TOP_NATIONALITIES = 10


class KimAnnualReport(models.TransientModel):
    """The Jahresbericht of a municipality and period, as PDF and as XLSX: what the
    coordination reports to the council and the Land. Counts of persons under five are
    shown as "< 5" (k-anonymity), since the report leaves the coordination."""

    _name = "kim.annual.report"
    _inherit = ["kim.steering.scope"]
    _description = "KIM annual report"

    xlsx_file = fields.Binary("Spreadsheet", readonly=True, attachment=False)
    xlsx_filename = fields.Char(readonly=True)

    # Figures ----------------------------------------------------------------------------------

    def _kim_group(self, domain, groupby, aggregates=("__count",)):
        return self.env["kim.case.analysis"]._read_group(domain, groupby, list(aggregates))

    def _kim_by_gender(self, domain, dimension):
        """Rows of ``dimension`` with a column per gender and the total (persons, hidden
        when small as they leave): a selection in its own order, records in theirs, the
        cases without a value last."""
        field = self.env["kim.case.analysis"]._fields[dimension]
        counts, labels = defaultdict(Counter), {}
        for value, gender, count in self._kim_group(domain, [dimension, "gender"]):
            key = value.id if isinstance(value, models.BaseModel) else value
            if isinstance(value, models.BaseModel) and value:
                labels[key] = value.display_name
            counts[key][gender] += count
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
        order = [key for key in labels if key in counts]
        order += [key for key in counts if key not in labels and key is not False]
        if False in counts:
            order.append(False)
        not_recorded = self.env._("not recorded")
        return [
            (
                labels.get(key) or (str(key) if key is not False else not_recorded),
                [counts[key][g] for g in GENDERS] + [sum(counts[key].values())],
            )
            for key in order
        ]

    def _kim_gender_columns(self):
        labels = dict(self.env["kim.case.analysis"]._fields["gender"]._description_selection(
            self.env
        ))  # fmt: skip
        return [labels.get(g) or self.env._("not recorded") for g in GENDERS] + [
            self.env._("Total")
        ]

    def _kim_dimension(self, title, domain, field_name):
        return {
            "title": title,
            "columns": self._kim_gender_columns(),
            "rows": self._kim_by_gender(domain, field_name),
            "persons": True,
            "total": True,
        }

    def _kim_sections(self):
        """The report's tables with raw figures, in the reader's language."""
        self.ensure_one()
        active, opened, closed = self._kim_active(), self._kim_opened(), self._kim_closed()
        overview = []
        for label, domain in (
            (self.env._("Cases active in the period"), active),
            (self.env._("Cases opened"), opened),
            (self.env._("Cases closed"), closed),
            (self.env._("Crisis admissions"), [*opened, ("is_crisis", "=", True)]),
        ):
            genders = Counter(dict(self._kim_group(domain, ["gender"])))
            overview.append((label, [genders[g] for g in GENDERS] + [sum(genders.values())]))
        sections = [
            {
                "title": self.env._("Overview"),
                "columns": self._kim_gender_columns(),
                "rows": overview,
                "persons": True,
                "total": True,
            },
            self._kim_dimension(self.env._("Active cases by case type"), active, "case_type"),
            self._kim_dimension(self.env._("Active cases by target group"), active, "target_group"),
            self._kim_dimension(
                self.env._("Active cases by age band at opening"), active, "age_band"
            ),
            self._kim_nationalities(active),
            self._kim_dimension(self.env._("Cases opened by access route"), opened, "access_route"),
            self._kim_dimension(
                self.env._("Active cases by social area"), active, "social_area_id"
            ),
            self._kim_dimension(
                self.env._("Cases closed by closing reason"), closed, "closing_reason"
            ),
            self._kim_dimension(
                self.env._("Client satisfaction at closing"), closed, "eval_satisfaction"
            ),
            self._kim_effort(active),
            *self._kim_courses(active),
            self._kim_goals(active),
            self._kim_referrals(),
            self._kim_conferences(),
            self._kim_themes(),
        ]
        return sections

    def _kim_nationalities(self, domain):
        section = self._kim_dimension(
            self.env._("Active cases by nationality (the %(count)s most frequent)",
                       count=TOP_NATIONALITIES),
            domain,
            "nationality_id",
        )  # fmt: skip
        rows = sorted(section["rows"], key=lambda row: -row[1][-1])
        top, rest = rows[:TOP_NATIONALITIES], rows[TOP_NATIONALITIES:]
        if rest:
            others = [sum(values) for values in zip(*(row[1] for row in rest), strict=True)]
            top.append((self.env._("Other nationalities"), others))
        section["rows"] = top
        return section

    def _kim_courses(self, active):
        """Median days per stage and the most frequent courses of the active cases."""
        cases = self.env["kim.case"].search(active)
        visits = self._kim_stage_visits(cases)
        stats = courses.days_per_stage(visits)
        stages = (
            self.env["kim.case.stage"]
            .sudo()
            .browse(stats)
            .sorted(lambda stage: (stage.stage_set_id.id, stage.sequence))
        )
        names = {stage.id: stage.name for stage in stages}
        per_stage = [
            # A median over fewer than five cases would describe them: it is not shown.
            (names[stage.id], [stats[stage.id][0], "–" if is_suppressed(
                stats[stage.id][0]) else stats[stage.id][1]])
            for stage in stages
        ]  # fmt: skip
        frequent = [
            (" → ".join(names.get(stage, "?") for stage in path), [count])
            for path, count in courses.frequent_courses(visits)
        ]
        return [
            {
                "title": self.env._("Days per stage (median, active cases)"),
                "columns": [self.env._("Cases"), self.env._("Median days")],
                "rows": per_stage,
                "persons": True,
                "person_columns": (0,),
            },
            {
                "title": self.env._("Most frequent courses through the stages"),
                "columns": [self.env._("Cases")],
                "rows": frequent,
                "persons": True,
            },
        ]

    def _kim_effort(self, active):
        contacts = self.env["kim.case.contact"]._read_group(
            [
                ("case_id", "any", active),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            [],
            ["__count", "duration:sum"],
        )
        count, minutes = contacts[0]
        return {
            "title": self.env._("Counselling in the period"),
            "columns": [self.env._("Value")],
            "rows": [
                (self.env._("Counselling contacts"), [count]),
                (self.env._("Counselling hours"), [round((minutes or 0) / 60.0, 1)]),
            ],
            "persons": False,
        }

    def _kim_goals(self, active):
        field = self.env["kim.case.goal"]._fields["outcome"]
        labels = dict(field._description_selection(self.env))
        counts = dict(
            self.env["kim.case.goal"]._read_group(
                [("case_id", "any", active)], ["outcome"], ["__count"]
            )
        )
        rows = [(labels[key], [counts.get(key, 0)]) for key in labels]
        rows.append((self.env._("Open"), [counts.get(False, 0)]))
        return {
            "title": self.env._("Goal attainment (goals of the active cases)"),
            "columns": [self.env._("Goals")],
            "rows": rows,
            "persons": True,
        }

    def _kim_referrals(self):
        Referral = self.env["kim.referral"]
        kinds = dict(Referral._fields["kind"]._description_selection(self.env))
        states = Referral._fields["state"]._description_selection(self.env)
        counts = defaultdict(Counter)
        for kind, state, count in Referral._read_group(
            [
                *self._kim_in_municipality(),
                ("date_requested", ">=", self.date_from),
                ("date_requested", "<=", self.date_to),
            ],
            ["kind", "state"],
            ["__count"],
        ):
            counts[kind][state] += count
        rows = [
            (kinds.get(kind, kind or "–"), [row[key] for key, _label in states])
            for kind, row in counts.items()
        ]
        return {
            "title": self.env._("Referrals requested in the period"),
            "columns": [label for _key, label in states],
            "rows": rows,
            "persons": True,
        }

    def _kim_conferences(self):
        held = self.env["kim.conference"]._read_group(
            [
                *self._kim_in_municipality(),
                ("state", "=", "held"),
                ("date_start", ">=", self.date_from),
                ("date_start", "<=", fields.Datetime.to_datetime(self.date_to).replace(
                    hour=23, minute=59, second=59)),
            ],
            [],
            ["__count", "case_count:sum"],
        )  # fmt: skip
        count, cases = held[0]
        return {
            "title": self.env._("Case conferences held"),
            "columns": [self.env._("Value")],
            "rows": [
                (self.env._("Conferences"), [count]),
                (self.env._("Cases discussed"), [cases or 0]),
            ],
            "persons": True,
        }

    def _kim_themes(self):
        Theme = self.env["kim.generative.theme"]
        states = Theme._fields["state"]._description_selection(self.env)
        counts = dict(Theme._read_group(self._kim_in_municipality(), ["state"], ["__count"]))
        return {
            "title": self.env._("Generative themes by status"),
            "columns": [self.env._("Themes")],
            "rows": [(label, [counts.get(key, 0)]) for key, label in states],
            "persons": False,
        }

    # Output -------------------------------------------------------------------------------------

    def _kim_published(self):
        """The sections as they leave the coordination: small counts of persons hidden."""
        published = []
        for section in self._kim_sections():
            if not section["persons"]:
                rows = section["rows"]
            elif section.get("person_columns"):
                columns = section["person_columns"]
                rows = [
                    (label, [cell(v) if i in columns else v for i, v in enumerate(values)])
                    for label, values in section["rows"]
                ]
            elif section.get("total"):
                rows = [
                    (label, publish_row(values[:-1], values[-1]))
                    for label, values in section["rows"]
                ]
            else:
                rows = [
                    (label, [cell(value) for value in values]) for label, values in section["rows"]
                ]
            published.append({**section, "rows": rows})
        return published

    def _kim_months_chart(self):
        """New cases per month of the period as an SVG bar chart (reportlab), for the PDF."""
        counts = Counter()
        for month, count in self._kim_group(self._kim_opened(), ["date_open:month"]):
            counts[month.strftime("%m/%y")] += count
        months = sorted(counts, key=lambda label: (label[3:], label[:2]))
        drawing = Drawing(480, 200)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 30, 420, 150
        # Bars under five persons are drawn at zero height: their size would tell it.
        chart.data = [[counts[m] if counts[m] >= K else 0 for m in months] or [0]]
        chart.categoryAxis.categoryNames = months or [""]
        chart.categoryAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        chart.bars[0].fillColor = colors.HexColor("#714B67")
        drawing.add(chart)
        return renderSVG.drawToString(drawing)

    def _kim_chart_data_uri(self):
        svg = self._kim_months_chart()
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    def action_print(self):
        self._kim_check_scope()
        return self.env.ref("kim_steering.action_report_kim_annual").report_action(self)

    def action_xlsx(self):
        self._kim_check_scope()
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        sheet = workbook.add_worksheet(self.env._("Annual report")[:31])
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 8, 14)
        row = 0
        sheet.write(row, 0, self._kim_heading(), title)
        row += 1
        sheet.write(row, 0, self._kim_rule_text())
        row += 2
        for section in self._kim_published():
            sheet.write(row, 0, section["title"], bold)
            for col, label in enumerate(section["columns"], 1):
                sheet.write(row, col, label, bold)
            row += 1
            for label, values in section["rows"]:
                sheet.write(row, 0, label)
                for col, value in enumerate(values, 1):
                    sheet.write(row, col, value)
                row += 1
            row += 1
        workbook.close()
        key = self.municipality_id.official_key or self.municipality_id.id
        allow(self, "xlsx_file", "xlsx_filename").write(
            {
                "xlsx_file": base64.b64encode(buffer.getvalue()),
                "xlsx_filename": f"kim_jahresbericht_{key}_{self.date_from}_{self.date_to}.xlsx",
            }
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kim_steering.kim_annual_report_action"
        )
        return {**action, "res_id": self.id}

    def _kim_heading(self):
        return self.env._(
            "Annual report KIM %(municipality)s, %(start)s to %(end)s",
            municipality=self.municipality_id.display_name,
            start=self.date_from.strftime("%d.%m.%Y"),
            end=self.date_to.strftime("%d.%m.%Y"),
        )

    def _kim_rule_text(self):
        return self.env._(
            "Counts of fewer than %(k)s persons are shown as “< %(k)s”, so that nobody can be "
            "recognised from the tables; 0 stays 0. Where the total would give such a count "
            "away, a further cell is withheld and shown as “%(withheld)s”. Cases are counted "
            "where the viewer's rights allow, for the municipality and its towns.",
            k=K,
            withheld=WITHHELD,
        )
