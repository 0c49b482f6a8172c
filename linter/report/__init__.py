"""Stage 7, report: pure functions from (result, context) to the text written out.

Each reporter module exposes ``render(result, context) -> str``. A reporter that may need
to tell the user something about the report itself (SARIF trimmed to GitHub's limits) also exposes
``render_report(result, context) -> Rendered``; :func:`produce` calls whichever exists.
Nothing here touches the file system, the environment or the terminal; the CLI decides where the
text goes and prints the warnings.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: whoever made the result has imported its module
    from linter.core.result import LintResult
    from linter.report.pipeline import AzurePipeline


@dataclass(frozen=True)
class ReportContext:
    """What reporters may know about the run besides the findings."""

    version: str
    color: bool = False
    # Absolute directory the diagnostics' relative ``file`` values are relative to ("" = unknown:
    # the files are then taken as already relative to the source root).
    cwd: str = ""
    # Absolute repository root that SARIF, GitLab and GitHub paths are relative to ("" = cwd).
    source_root: str = ""
    # ``check --include-suppressed``: the formats that can mark a finding as suppressed (sarif,
    # json, json-lines) carry the suppressed findings too, each with its suppression. Off by
    # default, since GitHub code scanning ignores SARIF ``suppressions`` and would open an alert
    # for every one.
    include_suppressed: bool = False
    # The Azure Pipelines run the report is written in (None elsewhere), read from the pipeline's
    # predefined variables by :func:`linter.report.pipeline.azure_pipeline`: SARIF then carries the
    # identity GitHub Advanced Security for Azure DevOps requires.
    azure_pipeline: AzurePipeline | None = None
    # ``check --statistics``: text, concise, json and sarif add the coverage figures and the per-rule
    # counts (linter/report/statistics.py); the other formats have no place for them.
    statistics: bool = False
    # ``check --quiet``: the line formats (text, concise, github, azure) print the findings only,
    # without the summary line; the machine formats keep their summary, which is data there.
    quiet: bool = False


@dataclass(frozen=True)
class Rendered:
    """A report and what the CLI should tell the user about it on standard error."""

    text: str
    warnings: tuple[str, ...] = ()


# Format name -> module under linter.report, imported only when used (keeps start-up fast).
_MODULES = {
    "text": "text",
    "concise": "concise",
    "json": "json_report",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "azure": "azure",
    "junit": "junit",
    "gitlab": "gitlab",
}
FORMATS = tuple(_MODULES)
# The formats painted (severity colours, bold locations) when they go to a terminal, or when
# ``--color always`` / ``FORCE_COLOR`` asks; every other format is written as plain text.
COLOR_FORMATS = ("text", "concise")


def produce(name: str, result: LintResult, context: ReportContext) -> Rendered:
    """Render ``result`` in format ``name``, with any warnings about the report itself."""
    module = importlib.import_module(f"linter.report.{_MODULES[name]}")
    if hasattr(module, "render_report"):
        rendered: Rendered = module.render_report(result, context)
        return rendered
    return Rendered(module.render(result, context))
