import csv
import io
import os

from odoo.addons.kim_case.tests.common import KimCase

from ..wizard.kim_network_load import datasets_path

OBERHAUSEN_KEY = "05119000"
OBERHAUSEN_CODES = ("46045", "46047", "46049", "46117", "46119", "46145", "46147", "46149")


def seed_rows(dataset, name):
    """The rows of a shipped CSV file, read independently of the loader."""
    path = os.path.join(datasets_path(), dataset, f"{name}.csv")
    with open(path, encoding="utf-8", newline="") as handle:
        text = "".join(line for line in handle if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text)))


class KimNetworkCase(KimCase):
    """KimCase with Oberhausen's and Herne's network data loaded (as the demo does; a
    database without demo data gets them here)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Load = cls.env["kim.network.load"]
        Load._kim_load("oberhausen")
        Load._kim_load("herne")
        Municipality = cls.env["kim.municipality"]
        cls.oberhausen = Municipality.search([("official_key", "=", OBERHAUSEN_KEY)])
        (cls.provider_a | cls.provider_b).kim_municipality_ids |= cls.oberhausen
        cls.herne = Municipality.search([("official_key", "=", "05916000")])
        cls.Service = cls.env["kim.service"]
        cls.coordinator_ob = cls._kim_user(
            "koord_ob", "kim_case.group_kim_coordinator", cls.provider_a
        )
        cls.coordinator_ob.kim_municipality_ids = cls.oberhausen
        # A case manager working in Oberhausen, with a client in 46119.
        cls.provider_a.kim_municipality_ids |= cls.oberhausen

    @classmethod
    def _loaded(cls, dataset, name):
        """The records loaded from one file of a dataset, in the file's order."""
        return [
            cls.env.ref(f"kim_network.{dataset}_{name}_{row['key']}")
            for row in seed_rows(dataset, f"{name}s" if name != "post" else "cm_posts")
        ]
