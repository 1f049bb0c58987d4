"""The KIM access matrix: who may read, write, create and delete what, in which scope.

Every KIM addon declares its part in ``security/access_matrix.csv``; this module reads the
parts of all installed KIM addons. The tests compare the installed groups, access rights
and record rules with it, and the attacker tests take their expectations from it.
"""

import csv
from dataclasses import dataclass

from odoo.modules.module import get_module_path
from odoo.tools.misc import file_path

PERMS = ("read", "write", "create", "unlink")


@dataclass(frozen=True)
class MatrixRow:
    addon: str
    model: str
    group: str  # xml id of the group; empty for a rule that binds everybody
    read: bool
    write: bool
    create: bool
    unlink: bool
    rules: tuple  # xml ids of the record rules that limit the rights, () for all records
    scope: str

    def perms(self):
        return tuple(getattr(self, perm) for perm in PERMS)


def kim_addons(env):
    modules = env["ir.module.module"].search(
        [("name", "=like", "kim\\_%"), ("state", "=", "installed")]
    )
    return modules.mapped("name")


def load_matrix(env):
    rows = []
    for addon in kim_addons(env):
        if not get_module_path(addon):
            continue
        try:
            path = file_path(f"{addon}/security/access_matrix.csv")
        except FileNotFoundError:
            continue
        with open(path, encoding="utf-8", newline="") as handle:
            for line in csv.DictReader(handle):
                rows.append(
                    MatrixRow(
                        addon=addon,
                        model=line["model"],
                        group=line["group"],
                        read=line["read"] == "1",
                        write=line["write"] == "1",
                        create=line["create"] == "1",
                        unlink=line["unlink"] == "1",
                        rules=tuple(line["rules"].split()),
                        scope=line["scope"],
                    )
                )
    return rows
