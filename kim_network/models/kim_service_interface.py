from odoo import fields, models


class KimServiceInterface(models.Model):
    """A neighbouring counselling or case-management structure that KIM-CM delimits itself
    from (the Schnittstellen table of seed 003 §6): MBE, JMD, Jobcenter, social-pedagogical
    support of refugees, Hilfen zur Erziehung, and KIM-CM itself."""

    _name = "kim.service.interface"
    _description = "Interface to a neighbouring service"
    # Directory data: no text about persons, left alone by the withdrawal's text sweep.
    _kim_reference_data = True
    _order = "municipality_id, sequence, id"

    name = fields.Char(required=True)
    code = fields.Char(
        required=True, help="MBE, JMD, JOBCENTER, SPB, HZE or KIM: what the routing rules name."
    )
    sequence = fields.Integer(default=10)
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, ondelete="cascade"
    )
    focus = fields.Text()
    target_group = fields.Text("Target group")
    service_ids = fields.One2many("kim.service", "interface_id", "Services")

    _code_per_municipality = models.Constraint(
        "UNIQUE (municipality_id, code)", "The interface is already recorded for this municipality."
    )
