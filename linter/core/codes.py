"""The codes of the diagnostics the engine itself emits, by name.

Their documentation is ``linter/catalog/engine_rules.py``; these names keep the code that emits
them readable and greppable (``TOO_DEEP``, not a bare ``"SY006"``). A code never changes meaning.
"""

from __future__ import annotations

# Loading: the file could not be read or parsed as a blueprint document.
YAML_SYNTAX = "SY001"
DUPLICATE_KEY = "SY002"
NOT_A_BLUEPRINT = "SY003"
INVALID_KEY = "SY004"
UNSUPPORTED_TAG = "SY005"
TOO_DEEP = "SY006"
TOO_LARGE = "SY007"
INVALID_NUMBER = "SY008"
UNREADABLE = "SY009"

# Shape: the JSON Schema of the format.
SCHEMA_VIOLATION = "SC001"

# The engine: a rule crashed or ran out of time.
INTERNAL_ERROR = "IE001"

# Adoption: suppression comments and baselines.
UNUSED_SUPPRESSION = "SU001"
UNKNOWN_SUPPRESSED_CODE = "SU002"
SUPPRESSION_WITHOUT_REASON = "SU003"
MALFORMED_SUPPRESSION = "SU004"
STALE_BASELINE_ENTRY = "SU005"
