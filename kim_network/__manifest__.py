{
    "name": "KIM Netzwerk",
    "version": "19.0.1.1.0",
    "summary": "Service directory, postal-code responsibility, routing, referrals and working "
    "groups of the KIM network",
    "description": """
The local network of the Kommunales Integrationsmanagement NRW: its actors and their
services with the postal codes they are responsible for, the routing of a client to the
responsible KIM-CM provider and services, warm referrals gated by the client's release from
confidentiality, networks and working groups with their meetings, and the network data of
Oberhausen and Herne, loaded for a municipality on request.
""",
    "category": "Sozialwesen/Integrationsmanagement",
    "author": "KIM Odoo Community",
    "license": "AGPL-3",
    "depends": ["kim_case", "calendar"],
    "data": [
        "security/ir.model.access.csv",
        "security/kim_network_rules.xml",
        "views/kim_service_views.xml",
        "views/kim_network_views.xml",
        "views/kim_referral_views.xml",
        "views/kim_network_wizard_views.xml",
        "views/kim_network_menus.xml",
        "report/kim_network_reports.xml",
    ],
    "demo": [
        "demo/kim_network_demo.xml",
    ],
    "oca_data_manual": ["security/access_matrix.csv"],
    "assets": {
        "web.assets_tests": [
            "kim_network/static/tests/tours/**/*",
        ],
    },
}
