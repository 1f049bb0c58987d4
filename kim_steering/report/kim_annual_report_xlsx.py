from odoo import models


class KimAnnualReportXlsx(models.AbstractModel):
    """The Jahresbericht as spreadsheet, an XLSX report of OCA's report_xlsx: the same
    sections as the PDF (``kim.annual.report._kim_published``, small counts hidden), one
    sheet per report, and written to the audit log of the cases it counts."""

    _name = "report.kim_steering.report_kim_annual_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "KIM annual report (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "bold": workbook.add_format({"bold": True}),
            "note": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "muted": workbook.add_format({"font_color": "#666666"}),
            "figure": workbook.add_format({"align": "right"}),
        }
        # Only one's own report (its record rule), whatever the cache holds.
        objs.check_access("read")
        for report in objs:
            report._kim_check_scope()
            self._kim_sheet(workbook, formats, report)
            report._kim_audit_export("XLSX")

    def _kim_sheet(self, workbook, formats, report):
        published = report._kim_published()
        sheet = workbook.add_worksheet(self.env._("Annual report")[:31])
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 8, 14)
        sheet.write(0, 0, report._kim_heading(), formats["title"])
        sheet.merge_range(1, 0, 1, 6, report._kim_rule_text(), formats["note"])
        sheet.set_row(1, 75)
        row = 3
        for section in published:
            sheet.write(row, 0, section["title"], formats["bold"])
            for col, label in enumerate(section["columns"], 1):
                sheet.write(row, col, label, formats["bold"])
            row += 1
            first = row
            for label, values in section["rows"]:
                sheet.write(row, 0, label)
                for col, value in enumerate(values, 1):
                    # "< 5" and "x" right-aligned like the counts they stand for.
                    sheet.write(row, col, value, formats["figure"])
                row += 1
            if not section["rows"]:
                sheet.write(row, 0, section.get("empty") or self.env._("None in the period"),
                            formats["muted"])  # fmt: skip
                row += 1
            if section.get("key") == "months" and section["rows"]:
                self._kim_months_chart(workbook, sheet, section, first, row - 1)
            row += 1

    def _kim_months_chart(self, workbook, sheet, section, first, last):
        """The new cases per month as a column chart beside their table (a hidden or
        withheld month is text, which the chart leaves empty)."""
        total = len(section["columns"])
        chart = workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": section["columns"][-1],
                "categories": [sheet.name, first, 0, last, 0],
                "values": [sheet.name, first, total, last, total],
                "fill": {"color": "#714B67"},
            }
        )
        chart.set_title({"name": section["title"]})
        chart.set_legend({"none": True})
        sheet.insert_chart(first - 1, total + 2, chart)
