{
    "name": "KIM Netzwerk",
    "version": "19.0.1.0.0",
    "summary": "Network actors, services and referrals for KIM case management",
    "description": """
The local network of the Kommunales Integrationsmanagement NRW: the actors (Akteure)
that case managers refer clients to and work with, tagged as KIM network partners and
reachable from the KIM app.
""",
    "category": "Sozialwesen/Integrationsmanagement",
    "author": "KIM Odoo Community",
    "license": "AGPL-3",
    "depends": ["kim_case"],
    "data": [
        "data/kim_network_data.xml",
        "views/kim_network_views.xml",
    ],
    "demo": [
        "demo/kim_network_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "kim_network/static/tests/tours/**/*",
        ],
    },
}
