"""Repair of damaged Persian text: every rule a pure function from text to edits."""

from dabir.repair.edits import Edit, OffsetMap, apply_edits
from dabir.repair.engine import Repaired, repair, rule_names
from dabir.repair.options import RepairOptions

__all__ = ["Edit", "OffsetMap", "Repaired", "RepairOptions", "apply_edits", "repair", "rule_names"]
