import base64
from collections import Counter, defaultdict

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from odoo import fields, models
from odoo.tools import SQL

from ..rules import courses
from ..rules.anonymity import SUPPRESSED, WITHHELD, K, cell, is_suppressed, protect_linked

GENDERS = ("w", "m", "d", False)
TOP_NATIONALITIES = 10
# Cases whose courses of topics one query reads at a time.
COURSE_SLICE = 20000


class KimAnnualReport(models.TransientModel):
    """The Jahresbericht of a municipality and period, as PDF and as XLSX: what the
    coordination reports to the council and the Land. Counts of persons under five are
    shown as "< 5" (k-anonymity), since the report leaves the coordination. Both formats
    print the sections of ``_kim_published``, and each print is written to the audit log
    of the cases it counts."""

    _name = "kim.annual.report"
    _inherit = ["kim.steering.scope"]
    _description = "KIM annual report"

    # Figures ----------------------------------------------------------------------------------

    def _kim_counts(self, domain, groupbys):
        """The cases of ``domain`` counted by gender alone and by each of ``groupbys``
        with gender: ``(Counter by gender, {groupby: [(value, gender, count), ...]})``.
        One query for all of them (grouping sets), so that a Land's report reads each
        population of cases once, not once per table."""
        grouping_sets = [["gender"], *([groupby, "gender"] for groupby in groupbys)]
        by_gender, *tables = self.env["kim.case.analysis"]._read_grouping_sets(
            domain, grouping_sets, ["__count"]
        )
        return Counter(dict(by_gender)), dict(zip(groupbys, tables, strict=True))

    def _kim_by_gender(self, rows, dimension):
        """Rows of ``dimension`` with a column per gender and the total (persons, hidden
        when small as they leave), from ``rows`` of ``(value, gender, count)``: a
        selection in its own order, records in theirs, the cases without a value last."""
        field = self.env["kim.case.analysis"]._fields[dimension]
        counts, labels = defaultdict(Counter), {}
        for value, gender, count in rows:
            key = value.id if isinstance(value, models.BaseModel) else value
            if isinstance(value, models.BaseModel) and value:
                labels[key] = value.display_name
            counts[key][gender] += count
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
        elif field.type == "many2one":
            comodel = self.env[field.comodel_name].sudo().with_context(active_test=False)
            labels = {record.id: labels[record.id] for record in comodel.browse(labels).sorted()}
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

    def _kim_dimension(self, title, tables, field_name, population):
        """The cases of ``population`` (active, opened, closed) by ``field_name`` and
        gender (``tables``: see _kim_counts): every case in one row, so that the columns
        add up to the population's row of the overview."""
        return {
            "title": title,
            "columns": self._kim_gender_columns(),
            "rows": self._kim_by_gender(tables[field_name], field_name),
            "persons": True,
            "population": population,
        }

    def _kim_sections(self):
        """The report's tables with raw figures, in the reader's language."""
        self.ensure_one()
        active, opened, closed = self._kim_active(), self._kim_opened(), self._kim_closed()
        crisis = [*opened, ("is_crisis", "=", True)]
        active_genders, of_active = self._kim_counts(
            active, ["case_type", "target_group", "age_band", "nationality_id", "social_area_id"]
        )
        opened_genders, of_opened = self._kim_counts(opened, ["date_open:month", "access_route"])
        closed_genders, of_closed = self._kim_counts(
            closed, ["closing_reason", "eval_satisfaction"]
        )
        crisis_genders, _none = self._kim_counts(crisis, [])
        overview = [
            (label, [genders[g] for g in GENDERS] + [sum(genders.values())])
            for label, genders in (
                (self.env._("Cases active in the period"), active_genders),
                (self.env._("Cases opened"), opened_genders),
                (self.env._("Cases closed"), closed_genders),
                (self.env._("Crisis admissions"), crisis_genders),
            )
        ]
        sections = [
            {
                "key": "overview",
                "title": self.env._("Overview"),
                "columns": self._kim_gender_columns(),
                "rows": overview,
                "persons": True,
                # Each row of the overview is the sum of the tables of its cases.
                "populations": ["active", "opened", "closed", "crisis"],
            },
            self._kim_months(of_opened["date_open:month"]),
            self._kim_dimension(
                self.env._("Active cases by case type"), of_active, "case_type", "active"
            ),
            self._kim_dimension(
                self.env._("Active cases by target group"), of_active, "target_group", "active"
            ),
            self._kim_dimension(
                self.env._("Active cases by age band at opening"), of_active, "age_band", "active"
            ),
            self._kim_nationalities(of_active),
            self._kim_dimension(
                self.env._("Cases opened by access route"), of_opened, "access_route", "opened"
            ),
            self._kim_dimension(
                self.env._("Active cases by social area"), of_active, "social_area_id", "active"
            ),
            self._kim_dimension(
                self.env._("Cases closed by closing reason"), of_closed, "closing_reason", "closed"
            ),
            self._kim_dimension(
                self.env._("Client satisfaction at closing"),
                of_closed,
                "eval_satisfaction",
                "closed",
            ),
            self._kim_effort(active),
            *self._kim_courses(active),
            self._kim_topic_courses(active),
            self._kim_goals(active),
            self._kim_referrals(),
            self._kim_conferences(),
            self._kim_themes(),
        ]
        return sections

    def _kim_months(self, rows):
        """New cases per month and gender (the PDF draws their totals), from ``rows`` of
        ``(month, gender, count)``."""
        counts = defaultdict(Counter)
        for month, gender, count in rows:
            counts[month][gender] += count
        return {
            "key": "months",
            "title": self.env._("New cases per month"),
            "columns": self._kim_gender_columns(),
            "rows": [
                (
                    month.strftime("%m/%Y"),
                    [counts[month][g] for g in GENDERS] + [sum(counts[month].values())],
                )
                for month in sorted(counts)
            ],
            "persons": True,
            "population": "opened",
        }

    def _kim_nationalities(self, tables):
        section = self._kim_dimension(
            self.env._("Active cases by nationality (the %(count)s most frequent)",
                       count=TOP_NATIONALITIES),
            tables,
            "nationality_id",
            "active",
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
                "shared_by_k": True,
                "empty": self.env._("No course is shared by %(k)s cases or more.", k=K),
            },
        ]

    def _kim_topic_courses_of(self, case_ids):
        """The course of topics of each case up to the end of the period, from what the
        case keeps of its contacts (kim_topic_firsts), a slice of cases at a time: a
        Land's report covers hundreds of thousands of cases."""
        self.env["kim.case"].flush_model(["kim_topic_firsts"])
        for start in range(0, len(case_ids), COURSE_SLICE):
            self.env.cr.execute(
                SQL(
                    """SELECT kim_topic_firsts FROM kim_case
                        WHERE id = ANY(%s) AND kim_topic_firsts IS NOT NULL""",
                    case_ids[start : start + COURSE_SLICE],
                )
            )
            for (stored,) in self.env.cr.fetchall():
                yield courses.course_until(stored, self.date_to)

    def _kim_topic_courses(self, active):
        """The most frequent sequences of counselling topics of the active cases (rules/
        courses.py): the topics each case's contacts raised for the first time, in the
        order of the contacts up to the end of the period. Only the cases the viewer may
        see count (the cases' record rules, in SQL), and a sequence is listed only when at
        least five cases share it."""
        case_ids = [
            id_ for (id_,) in self.env.execute_query(self.env["kim.case"]._search(active).select())
        ]
        frequent = courses.frequent_topic_sequences(self._kim_topic_courses_of(case_ids), minimum=K)
        topic_ids = {topic for sequence, _cases in frequent for step in sequence for topic in step}
        names = {topic.id: topic.name for topic in self.env["kim.topic"].sudo().browse(topic_ids)}
        rows = [
            (
                " → ".join(" + ".join(sorted(names[topic] for topic in step)) for step in sequence),
                [count],
            )
            for sequence, count in frequent
        ]
        return {
            "title": self.env._("Most frequent sequences of counselling topics"),
            "columns": [self.env._("Cases")],
            "rows": rows,
            "persons": True,
            "shared_by_k": True,
            "empty": self.env._("No sequence of topics is shared by %(k)s cases or more.", k=K),
        }

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
        """The sections as they leave the coordination: small counts of persons hidden;
        further cells withheld where a total, or the overview's sum of a table's column,
        would give a hidden count away (the overview and every table of the same cases
        hide the same figures of the overview); courses listed only when five cases or
        more share them. The one source of what the PDF and the XLSX print."""
        sections = self._kim_sections()
        overview = sections[0]
        tables = defaultdict(list)
        for section in sections:
            if section.get("population"):
                tables[section["population"]].append(section)
        shown = {}
        margins = []
        populations = zip(overview["populations"], overview["rows"], strict=True)
        for population, (_label, margin) in populations:
            linked = tables[population]
            margin_shown, linked_shown = protect_linked(
                margin, [[values for _label, values in section["rows"]] for section in linked]
            )
            margins.append(margin_shown)
            for section, rows in zip(linked, linked_shown, strict=True):
                shown[id(section)] = rows
        published = []
        for section in sections:
            if section is overview:
                rows = margins
            elif id(section) in shown:
                rows = shown[id(section)]
            elif not section["persons"]:
                rows = [values for _label, values in section["rows"]]
            elif section.get("person_columns"):
                columns = section["person_columns"]
                rows = [
                    [cell(v) if i in columns else v for i, v in enumerate(values)]
                    for _label, values in section["rows"]
                ]
            else:
                rows = [[cell(value) for value in values] for _label, values in section["rows"]]
            labels = [label for label, _raw in section["rows"]]
            labelled = list(zip(labels, rows, strict=True))
            if section.get("shared_by_k"):
                # A course is a combination of a case's path: it describes fewer than
                # five cases if fewer share it, and is then left out.
                labelled = [
                    (label, values)
                    for label, values in labelled
                    if not isinstance(values[0], str) and values[0] >= K
                ]
            published.append({**section, "rows": labelled})
        return published

    def _kim_months_chart(self, published):
        """New cases per month of the period as an SVG bar chart (reportlab), for the PDF,
        drawn from the published totals: a hidden or withheld month is drawn at zero."""
        months = next(section for section in published if section.get("key") == "months")
        labels = [label[:3] + label[-2:] for label, _values in months["rows"]]
        drawing = Drawing(480, 200)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 40, 30, 420, 150
        chart.data = [
            [values[-1] if isinstance(values[-1], int) else 0 for _label, values in months["rows"]]
            or [0]
        ]
        chart.categoryAxis.categoryNames = labels or [""]
        chart.categoryAxis.labels.fontSize = 7
        chart.valueAxis.valueMin = 0
        chart.bars[0].fillColor = colors.HexColor("#714B67")
        drawing.add(chart)
        return renderSVG.drawToString(drawing)

    def _kim_chart_data_uri(self, published):
        svg = self._kim_months_chart(published)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

    def _kim_audit_export(self, kind):
        """The report leaves the coordination: written to the audit log of every case it
        counts (figures only, no person's data)."""
        self.ensure_one()
        cases = self.env["kim.case"].search(self._kim_active())
        self.env["kim.audit.log"]._log(
            cases,
            "export" if kind == "XLSX" else "print",
            self.env._(
                "Annual report %(municipality)s, %(start)s to %(end)s (%(kind)s, figures only)",
                municipality=self.municipality_id.display_name,
                start=self.date_from,
                end=self.date_to,
                kind=kind,
            ),
        )

    def action_print(self):
        self._kim_check_scope()
        return self.env.ref("kim_steering.action_report_kim_annual").report_action(self)

    def action_xlsx(self):
        self._kim_check_scope()
        return self.env.ref("kim_steering.action_report_kim_annual_xlsx").report_action(self)

    def _kim_heading(self):
        return self.env._(
            "Annual report KIM %(municipality)s, %(start)s to %(end)s",
            municipality=self.municipality_id.display_name,
            start=self.date_from.strftime("%d.%m.%Y"),
            end=self.date_to.strftime("%d.%m.%Y"),
        )

    def _kim_rule_text(self):
        return self.env._(
            "Counts of fewer than %(k)s persons are shown as “%(suppressed)s”, so that nobody "
            "can be recognised from the tables; 0 stays 0. Where a row's total, or the "
            "overview's sum of a column, would give such a count away, further cells are "
            "withheld and shown as “%(withheld)s”. Courses and sequences of topics are listed "
            "only when at least %(k)s cases share them. Cases are counted where the viewer's "
            "rights allow, for the municipality and its towns.",
            k=K,
            suppressed=SUPPRESSED,
            withheld=WITHHELD,
        )
