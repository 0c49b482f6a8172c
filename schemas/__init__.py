"""JSON Schemas shipped with blueprint-lint (installed as the ``linter.schemas`` package data)."""
