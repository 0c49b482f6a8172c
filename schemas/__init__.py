"""The JSON Schemas of blueprint-lint, installed as ``blueprint_lint_schemas`` (package data only).

``blueprint-v1.schema.json`` is the blueprint format, ``config.schema.json`` the configuration file;
read them with ``importlib.resources.files("blueprint_lint_schemas")``.
"""
