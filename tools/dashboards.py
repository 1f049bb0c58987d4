"""Builds the KIM dashboards (kim_steering/data/dashboards/*.json) for Odoo's Dashboards app.

    python3 tools/dashboards.py

Each dashboard is a spreadsheet whose charts read their figures from the server when they
are shown, through the viewer's record rules: a case manager sees the figures of their
own cases, a coordinator those of their municipalities. The three global filters (period,
provider, municipality) apply to every chart whose model has the field. The texts are
German: the dashboards are shown as they are stored.
"""

import json
import textwrap
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "kim_steering" / "data" / "dashboards"
VERSION = "18.4.14"

PERIOD = "6c7e2a0e-0b7e-4b1f-9a57-0d1b3c9e5a01"
PROVIDER = "6c7e2a0e-0b7e-4b1f-9a57-0d1b3c9e5a02"
MUNICIPALITY = "6c7e2a0e-0b7e-4b1f-9a57-0d1b3c9e5a03"
FILTERS = [
    {"id": PERIOD, "type": "date", "label": "Zeitraum", "defaultValue": "last_12_months"},
    {
        "id": PROVIDER,
        "type": "relation",
        "label": "Träger",
        "modelName": "res.company",
        "defaultValueDisplayNames": [],
    },
    {
        "id": MUNICIPALITY,
        "type": "relation",
        "label": "Kommune",
        "modelName": "kim.municipality",
        "defaultValueDisplayNames": [],
    },
]

WIDTH, HEIGHT = 470, 330  # pixels of a chart; two charts side by side


class Board:
    def __init__(self, key, title, intro):
        self.key, self.title, self.intro = key, title, intro
        self.figures = []
        # Short lines, so that the text reads on a phone as on a desk.
        lines = textwrap.wrap(intro, 52)
        self.cells = {"A1": title} | {f"A{row}": line for row, line in enumerate(lines, 2)}
        self.first_row = len(lines) + 3

    def chart(self, title, model, group_by, *, measure="__count", kind="bar", domain=(),
              date=None, provider="company_id", municipality="municipality_id",
              stacked=True, date_type="date"):  # fmt: skip
        """A chart of ``model``; ``date``: the field the period filter applies to."""
        index = len(self.figures)
        matching = {}
        if date:
            matching[PERIOD] = {"chain": date, "type": date_type, "offset": 0}
        if provider:
            matching[PROVIDER] = {"chain": provider, "type": "many2one"}
        if municipality:
            matching[MUNICIPALITY] = {"chain": municipality, "type": "many2one"}
        data = {
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "top",
            "metaData": {
                "groupBy": list(group_by),
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": kind,
                "cumulatedStart": False,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": [list(term) for term in domain],
                "groupBy": list(group_by),
                "orderBy": [],
            },
            "type": f"odoo_{kind}",
            "dataSets": [],
            "verticalAxisPosition": "left",
            "stacked": stacked and kind == "bar",
            "fieldMatching": matching,
        }
        if kind == "line":
            data.update(cumulative=False, fillArea=False)
        self.figures.append(
            {
                "id": f"kim-{self.key}-{index + 1}",
                "width": WIDTH,
                "height": HEIGHT,
                "tag": "chart",
                "data": data,
                "offset": {"x": 0 if index % 2 == 0 else WIDTH + 20, "y": 0},
                "col": 0,
                "row": self.first_row + (index // 2) * 17,
            }
        )
        return self

    def spreadsheet(self):
        rows = self.first_row + ((len(self.figures) + 1) // 2) * 17 + 2
        return {
            "version": VERSION,
            "sheets": [
                {
                    "id": f"kim-{self.key}",
                    "name": self.title,
                    "colNumber": 12,
                    "rowNumber": rows,
                    "rows": {},
                    "cols": {"0": {"size": 980}},
                    "merges": [],
                    "cells": self.cells,
                    "styles": {"A1": 1} | {cell: 2 for cell in self.cells if cell != "A1"},
                    "formats": {},
                    "borders": {},
                    "conditionalFormats": [],
                    "dataValidationRules": [],
                    "figures": self.figures,
                    "tables": [],
                    "areGridLinesVisible": False,
                    "isVisible": True,
                    "headerGroups": {"ROW": [], "COL": []},
                    "comments": {},
                }
            ],
            "styles": {
                "1": {"bold": True, "fontSize": 16},
                "2": {"textColor": "#666666"},
            },
            "formats": {},
            "borders": {},
            "revisionId": "START_REVISION",
            "uniqueFigureIds": True,
            "settings": {
                "locale": {
                    "name": "German",
                    "code": "de_DE",
                    "thousandsSeparator": ".",
                    "decimalSeparator": ",",
                    "dateFormat": "dd.mm.yyyy",
                    "timeFormat": "hh:mm:ss",
                    "formulaArgSeparator": ";",
                    "weekStart": 1,
                }
            },
            "pivots": {},
            "pivotNextId": 1,
            "customTableStyles": {},
            "globalFilters": FILTERS,
            "lists": {},
            "listNextId": 1,
            "chartOdooMenusReferences": {},
        }


CASES = "kim.case.analysis"
OPEN, CLOSED = ("state", "=", "open"), ("state", "=", "closed")


def boards():
    cases = Board(
        "cases",
        "Fallübersicht",
        "Neue, abgeschlossene und offene Fälle, nach Geschlecht aufgeschlüsselt; jede Zahl "
        "zählt die Fälle, die Sie sehen dürfen.",
    )
    cases.chart("Neue Fälle je Monat", CASES, ["date_open:month", "gender"], date="date_open")
    cases.chart(
        "Abgeschlossene Fälle je Monat",
        CASES,
        ["date_closed:month", "gender"],
        domain=[CLOSED],
        date="date_closed",
    )
    cases.chart("Offene Fälle nach Prozessschritt", CASES, ["stage_id", "gender"], domain=[OPEN])
    cases.chart("Offene Fälle nach Träger", CASES, ["company_id", "gender"], domain=[OPEN])
    cases.chart("Fälle nach Fallart", CASES, ["case_type"], kind="pie", date="date_open")
    cases.chart("Fälle nach Zielgruppe", CASES, ["target_group"], kind="pie", date="date_open")
    cases.chart("Offene Fälle nach Sozialraum", CASES, ["social_area_id", "gender"], domain=[OPEN])
    cases.chart("Fälle nach Zugangsweg", CASES, ["access_route"], kind="pie", date="date_open")
    cases.chart(
        "Krisenaufnahmen je Monat",
        CASES,
        ["date_open:month"],
        domain=[("is_crisis", "=", True)],
        date="date_open",
    )
    cases.chart(
        "Fälle nach Altersgruppe und Geschlecht", CASES, ["age_band", "gender"], date="date_open"
    )

    load = Board(
        "caseload",
        "Auslastung",
        "Offene Fälle je Case-Manager/in und Träger neben der Kapazität nach dem Schlüssel 1:40 "
        "(39 Wochenstunden; bei Teilzeit zählen die operativen Stunden über den 3 festen "
        "anteilig) und der Obergrenze mit 10 % Toleranz. Die Liste Fallzahlen zeigt sie je "
        "Person und Kommune.",
    )
    load.chart("Auslastung je Case-Manager/in: offene Fälle, Kapazität, Obergrenze",
               "kim.caseload.figure", ["user_id", "figure"], measure="value",
               stacked=False)  # fmt: skip
    load.chart("Auslastung je Träger: offene Fälle, Kapazität, Obergrenze",
               "kim.caseload.figure", ["company_id", "figure"], measure="value",
               stacked=False)  # fmt: skip
    load.chart("Davon Kurzberatungen je Träger", "kim.caseload", ["company_id"],
               measure="short_cases", stacked=False)  # fmt: skip
    load.chart("Wochenstunden je Träger", "kim.caseload", ["company_id"],
               measure="weekly_hours", stacked=False)  # fmt: skip

    network = Board(
        "network",
        "Netzwerk",
        "Vermittlungen nach außen und von außen, nach Art, Dienst und Stand; offene "
        "Vermittlungen, die seit mehr als 30 Tagen auf Antwort warten.",
    )
    network.chart("Vermittlungen je Monat", "kim.referral", ["date_requested:month", "direction"],
                  date="date_requested")  # fmt: skip
    network.chart("Vermittlungen nach Art", "kim.referral", ["kind", "direction"],
                  date="date_requested")  # fmt: skip
    network.chart("Stand der Vermittlungen", "kim.referral", ["state"], kind="pie",
                  date="date_requested")  # fmt: skip
    network.chart("Vermittlungen nach Dienst", "kim.referral", ["service_id", "state"],
                  date="date_requested")  # fmt: skip
    network.chart("Offen seit mehr als 30 Tagen", "kim.referral", ["service_id"],
                  domain=[("kim_overdue", "=", True)], stacked=False)  # fmt: skip

    meetings = Board(
        "conferences",
        "Konferenzen & Themen",
        "Fallkonferenzen je Quartal und die Fälle, die sie beraten haben; generative Themen "
        "nach Stand und Lebensbereich.",
    )
    meetings.chart("Fallkonferenzen je Quartal", "kim.conference", ["date_start:quarter"],
                   date="date_start", date_type="datetime", provider=None)  # fmt: skip
    meetings.chart("Beratene Fälle je Quartal", "kim.conference", ["date_start:quarter"],
                   measure="case_count", date="date_start", date_type="datetime",
                   provider=None)  # fmt: skip
    meetings.chart("Anfragen nach Stand", "kim.conference.request", ["state"], kind="pie",
                   date="date_requested")  # fmt: skip
    meetings.chart("Generative Themen nach Stand", "kim.generative.theme", ["state"],
                   date="date_recognised", provider=None, stacked=False)  # fmt: skip
    meetings.chart("Generative Themen nach Lebensbereich", "kim.generative.theme",
                   ["life_domain_id"], kind="pie", date="date_recognised",
                   provider=None)  # fmt: skip
    return [cases, load, network, meetings]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for board in boards():
        path = OUT / f"kim_{board.key}_dashboard.json"
        path.write_text(
            json.dumps(board.spreadsheet(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(path.relative_to(OUT.parent.parent.parent))


if __name__ == "__main__":
    main()
