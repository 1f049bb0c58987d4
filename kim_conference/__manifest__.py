{
    "name": "KIM Konferenzen",
    "version": "19.0.1.1.0",
    "summary": "Fallkonferenz, kollegiale Fallberatung, recurring KIM meetings, planning "
    "conferences and generative themes",
    "description": """
The conferences of the Kommunales Integrationsmanagement NRW: the Fallkonferenz from the
request form through the coordination's check, scheduling in per-case slots with
invitations, decisions that become help-plan measures, protocols and evaluation; the
kollegiale Fallberatung in nine timed phases with six roles; team meetings, case
reconstructions, steering group, Lenkungskreis and planning conferences with anonymised
vignettes; generative themes, bundled across the towns of a district and brought to the
Lenkungskreis.
""",
    "category": "Sozialwesen/Integrationsmanagement",
    "author": "KIM Odoo Community",
    "license": "AGPL-3",
    "depends": ["kim_case", "kim_network", "calendar", "survey"],
    "data": [
        "security/kim_conference_security.xml",
        "security/ir.model.access.csv",
        "security/kim_conference_rules.xml",
        "data/kim_conference_data.xml",
        "data/kim_conference_survey_data.xml",
        "views/kim_conference_request_views.xml",
        "views/kim_conference_views.xml",
        "views/kim_peer_counselling_views.xml",
        "views/kim_generative_theme_views.xml",
        "views/kim_case_views.xml",
        "views/kim_conference_menus.xml",
        "report/kim_conference_reports.xml",
    ],
    "demo": [
        "demo/kim_conference_demo.xml",
    ],
    "oca_data_manual": ["security/access_matrix.csv"],
    "assets": {
        "web.assets_backend": [
            "kim_conference/static/src/**/*",
        ],
        "web.assets_tests": [
            "kim_conference/static/tests/tours/**/*",
        ],
    },
}
