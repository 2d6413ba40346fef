"""dabir (دبیر, "the scribe"): repairs damaged Persian news text and records who said what."""

from dabir.repair import Edit, Repaired, RepairOptions, repair

__all__ = ["Edit", "RepairOptions", "Repaired", "repair"]
__version__ = "0.1.0"
