from odoo import models


class KimTopic(models.Model):
    """The catalogue of counselling topics, so that topics and courses can be analysed
    later (seed 001)."""

    _name = "kim.topic"
    _inherit = ["kim.catalogue.mixin"]
    _description = "Counselling topic"
