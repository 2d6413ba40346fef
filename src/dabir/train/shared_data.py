"""Where the training and measuring data lives: ``../shared/data`` beside the checkout.

``DABIR_SHARED_DATA`` names another folder (a worktree or an installed package has no ``../shared`` beside
it). Builders take it as their default ``--data``; tests that need it skip without it, and fail instead when
``DABIR_REQUIRE_SHARED`` is set (CI, which has ``../shared`` beside the checkout).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root when dabir runs from a checkout (``src/dabir/train/`` -> root).
CHECKOUT = Path(__file__).resolve().parents[3]


def shared_data() -> Path:
    """``$DABIR_SHARED_DATA``, else ``../shared/data`` beside the checkout (which may not exist)."""
    override = os.environ.get("DABIR_SHARED_DATA")
    return Path(override) if override else CHECKOUT.parent / "shared" / "data"


SHARED_DATA = shared_data()
