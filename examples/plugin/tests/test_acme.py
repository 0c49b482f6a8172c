"""The plugin's own tests: lint small in-memory blueprints through blueprint-lint's public API."""

from __future__ import annotations

from pathlib import Path

from blueprint_lint_acme import InterfaceIdPrefix

from linter.api import RuleSet, lint


def run(tmp_path: Path, spec: str, options: dict[str, str] | None = None) -> list[tuple[int, str]]:
    (tmp_path / ".blueprint-lint.yaml").write_text("# workspace root\n", encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    rule = InterfaceIdPrefix(options)
    rule.origin = "test"
    result = lint([Path(".")], ruleset=RuleSet(rules=[rule]), cwd=tmp_path)
    return [(d.line, d.message) for d in result.diagnostics if d.code == "ACME001"]


def test_passing_and_failing_examples(tmp_path: Path) -> None:
    assert run(tmp_path, InterfaceIdPrefix.passing_example) == []
    assert run(tmp_path, InterfaceIdPrefix.failing_example) == [
        (3, "interface ORDERS does not start with the prefix 'IF-'")
    ]


def test_prefix_option(tmp_path: Path) -> None:
    spec = "blueprint_version: 1\ninterfaces:\n  - {id: INT-1}\n  - {id: IF-2}\n"
    assert run(tmp_path, spec, {"prefix": "INT-"}) == [(4, "interface IF-2 does not start with the prefix 'INT-'")]
