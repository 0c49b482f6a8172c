"""Helpers that rules of more than one family use: units, system kinds, message text, citations.

Nothing here defines a rule; :func:`blueprint_lint_rules.builtin_rules` skips ``_``-prefixed
packages and modules.
"""
