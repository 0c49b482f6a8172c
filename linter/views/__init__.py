"""Views of a blueprint beyond its findings: the diagrams and the report (issue 15).

Everything here is a pure function of a model (``linter.api.lint_with_models``) and a lint result
to text; the command line decides where the text goes. Views sit above the public API: they use
it as a plugin would, and may use the built-in rules' own models (the capacity model).
"""
