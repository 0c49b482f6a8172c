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
RULES_HELD_BACK = "SY010"

# Shape: the JSON Schema of the format.
SCHEMA_VIOLATION = "SC001"

# The engine: a rule crashed or ran out of time.
INTERNAL_ERROR = "IE001"

# Coverage: a figure of the workspace is below the minimum its configuration's `coverage` sets.
COVERAGE_BELOW_MINIMUM = "CV001"

# Adoption: suppression comments and baselines.
UNUSED_SUPPRESSION = "SU001"
UNKNOWN_SUPPRESSED_CODE = "SU002"
SUPPRESSION_WITHOUT_REASON = "SU003"
MALFORMED_SUPPRESSION = "SU004"
STALE_BASELINE_ENTRY = "SU005"

# A file that cannot be loaded: nothing in it was checked. Its finding always fails the run, as an
# error, whatever the selection, severities, suppressions, per-file ignores, baseline or fail-on
# say, so no setting can turn a run green on a file nobody could read (ruff treats syntax errors
# the same way). SY002/SY004/SY005/SY008 leave the file loaded and stay tunable.
UNLOADABLE = frozenset({YAML_SYNTAX, NOT_A_BLUEPRINT, TOO_DEEP, TOO_LARGE, UNREADABLE})
# Codes no selection can switch off: a crashed rule, and a file that could not be loaded.
ALWAYS_ON = UNLOADABLE | {INTERNAL_ERROR}
