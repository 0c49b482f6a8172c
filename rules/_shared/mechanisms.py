"""Mechanism vocabulary that rules of more than one family share.

The definitions live in the model (``linter.model.completeness``, re-exported by ``linter.api``)
because the coverage figures use them too.
"""

from __future__ import annotations

from linter.api import UI_MECHANISMS, is_ui_integration

__all__ = ["UI_MECHANISMS", "is_ui_integration"]
