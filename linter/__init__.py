"""blueprint-lint: a static-analysis linter for Dynamics 365 / Power Platform integration blueprints.

The public plugin API lives in :mod:`linter.api`; everything else is the engine.
"""

__version__ = "0.1.0"
