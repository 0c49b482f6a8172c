"""The language server (``blueprint-lint server``): the rule findings in the editor."""
