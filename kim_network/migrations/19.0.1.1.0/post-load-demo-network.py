"""A demo database installed before the network data existed gets it as a fresh demo does
(demo/kim_network_demo.xml runs only on install). Databases without demo data get
nothing: a municipality's data is loaded only when its coordination asks for it."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    if not env["ir.module.module"].search([("name", "=", "kim_network"), ("demo", "=", True)]):
        return
    Load = env["kim.network.load"]
    for dataset, xml_id in (
        ("oberhausen", "kim_case.municipality_oberhausen"),
        ("herne", "kim_case.municipality_herne"),
    ):
        municipality = env.ref(xml_id, raise_if_not_found=False)
        if municipality:
            Load._kim_load(dataset, municipality)
