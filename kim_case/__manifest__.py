{
    "name": "KIM Fallmanagement",
    "version": "19.0.1.2.0",
    "summary": "Case management for Kommunales Integrationsmanagement NRW (KIM)",
    "description": """
Case management for the Kommunales Integrationsmanagement NRW: municipalities and
providers (Träger) accompany people with an immigration history across jurisdictions.
This addon holds the roles and tenants (providers as companies, municipalities and
districts), the KIM app menu and the access matrix that the other KIM addons extend.
""",
    "category": "Sozialwesen/Integrationsmanagement",
    "author": "KIM Odoo Community",
    "license": "AGPL-3",
    "depends": [
        "base",
        "mail",
        "contacts",
        "calendar",
        "auth_totp_mail",
        # The invitation e-mail Träger admins send new staff from the staff list.
        "auth_signup",
        "auth_password_policy",
        # Locks idle sessions and limits their lifetime per group (README, Login).
        "auth_timeout",
    ],
    "data": [
        "security/kim_security.xml",
        "security/ir.model.access.csv",
        "security/kim_rules.xml",
        "security/kim_platform_screens.xml",
        "data/kim_case_data.xml",
        "data/kim_data_protection_data.xml",
        "data/kim_login_data.xml",
        "views/kim_menus.xml",
        "wizard/kim_case_convert_views.xml",
        "wizard/kim_consent_record_views.xml",
        "wizard/kim_consent_withdraw_views.xml",
        "wizard/kim_intake_views.xml",
        "report/kim_data_protection_reports.xml",
        "views/kim_case_contact_views.xml",
        "views/kim_case_goal_views.xml",
        "views/kim_case_tab_views.xml",
        "views/kim_case_views.xml",
        "views/kim_household_views.xml",
        "views/res_partner_views.xml",
        "views/kim_caseload_views.xml",
        "views/kim_config_views.xml",
        "views/kim_municipality_views.xml",
        "views/res_company_views.xml",
        "views/res_users_views.xml",
        "views/kim_data_protection_views.xml",
        "views/kim_case_transfer_views.xml",
    ],
    "demo": [
        "demo/kim_demo.xml",
        "demo/kim_case_demo.xml",
        "demo/kim_data_protection_demo.xml",
    ],
    # Read by the tests, which compare the installed security with it.
    "oca_data_manual": ["security/access_matrix.csv"],
    "assets": {
        "web.assets_backend": [
            "kim_case/static/src/**/*",
        ],
        "web.assets_tests": [
            "kim_case/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
}
