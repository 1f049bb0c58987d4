from odoo import fields, models


class ResCompany(models.Model):
    """A Träger (provider) of KIM case management is a company."""

    _inherit = "res.company"
    # Commands inside company_ids of a delegated (sudo) write run as the acting user: nobody
    # creates or changes a provider through a user form.
    _allow_sudo_commands = False

    kim_municipality_ids = fields.Many2many(
        "kim.municipality",
        "kim_municipality_company_rel",
        "company_id",
        "municipality_id",
        "KIM municipalities",
        help="The municipalities in which this provider offers KIM case management.",
    )
    kim_dpo_partner_id = fields.Many2one(
        "res.partner",
        "Data protection officer",
        help="Named with address, phone and e-mail on the information sheet under Art. 13 GDPR.",
    )
    kim_supervisory_authority = fields.Text(
        "Supervisory authority",
        default="Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen\n"
        "Kavalleriestr. 2-4, 40213 Düsseldorf\n"
        "Tel.: 0211 38424-0, E-Mail: poststelle@ldi.nrw.de, www.ldi.nrw.de",
    )
    kim_processing_purpose = fields.Text(
        "Purpose of processing",
        default="Unterstützung und Beratung im Integrationsprozess sowie Vermittlung an "
        "Fachbereiche im Rahmen des Kommunalen Integrationsmanagements (KIM)",
    )
