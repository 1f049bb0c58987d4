{
    "name": "KIM Konferenzen",
    "version": "19.0.1.0.0",
    "summary": "Case conferences, peer counselling and recurring KIM meetings",
    "description": """
The meetings of the Kommunales Integrationsmanagement NRW: Fallkonferenz, kollegiale
Fallberatung, Planungskonferenz, team meetings, Fallrekonstruktion and Lenkungskreis,
kept as calendar events of their own kinds and reachable from the KIM app.
""",
    "category": "Sozialwesen/Integrationsmanagement",
    "author": "KIM Odoo Community",
    "license": "AGPL-3",
    "depends": ["kim_case", "kim_network", "calendar"],
    "data": [
        "data/kim_conference_data.xml",
        "views/kim_conference_views.xml",
    ],
    "demo": [
        "demo/kim_conference_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "kim_conference/static/tests/tours/**/*",
        ],
    },
}
