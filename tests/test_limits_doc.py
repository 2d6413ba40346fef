"""README's Limits paragraph names every ceiling of ``dabir.limits`` with its value."""

from __future__ import annotations

import re
from pathlib import Path

from dabir import limits

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_states_every_ceiling():
    paragraph = README.read_text(encoding="utf-8").split("**Limits.**", 1)[1].split("\n\n", 1)[0]
    paragraph = " ".join(paragraph.split())
    for name in (name for name in dir(limits) if name.startswith("MAX_")):
        value = getattr(limits, name)
        shown = f"{value // (1024 * 1024)} MiB" if name == "MAX_INFLATED_BYTES" else f"{value:,}"
        assert re.search(rf"`{name}` \(?{re.escape(shown)}\b", paragraph), name
