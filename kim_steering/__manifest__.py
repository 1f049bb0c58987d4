{
    "name": "KIM Steuerung",
    "version": "19.0.1.0.0",
    "summary": "Figures for the KIM coordination: case analysis and the anonymised state export",
    "description": """
Steering of the Kommunales Integrationsmanagement NRW: an analysis of the cases (pivot and
graph, gender-disaggregated, by age band, nationality, target group, provider, social area,
stage and year) under the same record rules as the cases themselves, and the anonymised
case-level export for the Land with a pseudonymous case key that stays stable across
exports and cannot be reversed; the annual report as PDF and as XLSX (OCA report_xlsx)
with small cells suppressed; the KIM dashboards.
""",
    "category": "Sozialwesen/Integrationsmanagement",
    "author": "KIM Odoo Community",
    "license": "AGPL-3",
    "depends": [
        "kim_case",
        "kim_network",
        "kim_conference",
        "spreadsheet_dashboard",
        # OCA, from PyPI (requirements-oca.txt): the annual report as XLSX report action.
        "report_xlsx",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/kim_steering_rules.xml",
        "views/kim_case_views.xml",
        "views/kim_case_analysis_views.xml",
        "views/kim_analysis_views.xml",
        "wizard/kim_state_export_views.xml",
        "wizard/kim_annual_report_views.xml",
        "report/kim_annual_report.xml",
        "views/kim_steering_menus.xml",
        "data/kim_steering_dashboards.xml",
    ],
    "oca_data_manual": ["security/access_matrix.csv"],
    "assets": {
        "web.assets_backend": [
            "kim_steering/static/src/my_figures/**/*",
        ],
        # The dashboards' own bundle, loaded with the Dashboards app.
        "spreadsheet.o_spreadsheet": [
            "kim_steering/static/src/dashboard_share/**/*",
        ],
        "web.assets_tests": [
            "kim_steering/static/tests/tours/**/*",
        ],
    },
}
