"""The language server's session and features without the transport (tests/test_lsp.py drives the
real server): overlays, configuration and plugin reloads, positions, completion contexts."""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

import pytest
from lsprotocol import types

from linter.core.diagnostics import Span
from linter.core.lines import split_lines
from linter.lsp import features
from linter.lsp.positions import code_point_column, to_range, utf16_column, word_at
from linter.lsp.session import LintSession
from tests.helpers import write_workspace

GOALS = "blueprint_version: 1\ngoals:\n  - {id: G-1, statement: Orders reach the ERP, owner: Sales}\n"
SYSTEMS = (
    "blueprint_version: 1\nsystems:\n"
    "  - {id: SYS-A, name: Sales, kind: d365_customer_engagement}\n"
    "  - {id: SYS-B, name: ERP, kind: d365_finance_operations}\n"
)
INTERFACE = "blueprint_version: 1\ninterfaces:\n  - id: IF-1\n    goals: [G-1]\n    source: SYS-A\n    target: SYS-C\n"


def _codes(session: LintSession, root: Path, path: Path) -> list[str]:
    return sorted(d.code for d in session.lint(root).diagnostics[path])


def test_buffers_take_precedence_and_closing_falls_back_to_disk(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": SYSTEMS, "if.yaml": INTERFACE})
    session = LintSession(cache_dir=tmp_path / "cache")
    interface = root / "if.yaml"
    session.open(interface, INTERFACE)
    assert "XR001" in _codes(session, root, interface)
    # An unsaved buffer of another file declares SYS-C: the reference resolves.
    systems = root / "systems.yaml"
    session.open(systems, SYSTEMS + "  - {id: SYS-C, name: Billing, kind: other}\n")
    assert "XR001" not in _codes(session, root, interface)
    session.close(systems)
    assert "XR001" in _codes(session, root, interface)


def test_a_buffer_without_blueprint_version_gets_no_diagnostics(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS})
    session = LintSession(cache_dir=tmp_path / "cache")
    workflow = root / "ci.yaml"
    session.open(workflow, "on: push\njobs: {}\n")
    assert session.lint(root).diagnostics[workflow] == []


def test_a_configuration_change_applies_on_the_next_lint(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": SYSTEMS, "if.yaml": INTERFACE})
    session = LintSession(cache_dir=tmp_path / "cache")
    interface = root / "if.yaml"
    session.open(interface, INTERFACE)
    assert "XR001" in _codes(session, root, interface)
    (root / ".blueprint-lint.yaml").write_text("ignore: [XR001]\n", encoding="utf-8")
    assert "XR001" not in _codes(session, root, interface)


PLUGIN = """
from linter.api import Finding, Rule, Severity


class NamesInterfaces(Rule):
    code = "ZQ001"
    name = "names-interfaces"
    severity = Severity.WARNING
    summary = "A test rule."
    rationale = "Tests the server's plugin reload."
    how_to_fix = "Nothing."
    passing_example = "blueprint_version: 1\\n"
    failing_example = "blueprint_version: 1\\n"
    judges = ("interface",)

    def check(self, model):
        for interface in model.interfaces:
            yield Finding.at(interface, "", "MESSAGE")
"""


def test_a_plugin_change_re_imports_its_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "plugin" / "zq_plugin"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PLUGIN.replace("MESSAGE", "first"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "plugin"))

    def rules():  # the plugin's rules next to the built-in ones, imported afresh each time
        import zq_plugin  # type: ignore[import-not-found]

        from linter.api import RuleSet, load_rules

        base = load_rules()
        return RuleSet([*base.rules, zq_plugin.NamesInterfaces()], base.plugins)

    root = write_workspace(tmp_path / "ws", {"if.yaml": INTERFACE})
    session = LintSession(cache_dir=tmp_path / "cache", rules=rules)
    interface = root / "if.yaml"
    session.open(interface, INTERFACE)
    messages = [d.message for d in session.lint(root).diagnostics[interface] if d.code == "ZQ001"]
    assert messages == ["first"]
    source = package / "__init__.py"
    source.write_text(PLUGIN.replace("MESSAGE", "second"), encoding="utf-8")
    os.utime(source, (source.stat().st_atime + 5, source.stat().st_mtime + 5))
    assert session.plugins_changed()
    messages = [d.message for d in session.lint(root).diagnostics[interface] if d.code == "ZQ001"]
    assert messages == ["second"]
    sys.modules.pop("zq_plugin", None)


def test_positions_count_utf16_code_units() -> None:
    line = "  name: 🚀 launch G-1"
    column = line.index("G-1")  # code points
    assert utf16_column(line, column) == column + 1  # the rocket is two UTF-16 units
    assert code_point_column(line, column + 1) == column
    rng = to_range(Span(1, column + 1, 1, column + 4), [line])
    assert rng == types.Range(types.Position(0, column + 1), types.Position(0, column + 4))
    found = word_at([line], types.Position(0, column + 2))
    assert found is not None and found[0] == "G-1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("    source: SY", "system"),
        ("    goals: [G-1, ", "goal"),
        ("    goals:\n      - G-", "goal"),
        ("    steps:\n      - interface: IF", "interface"),
        ("    alm: [", "alm_link"),
        ("    ownership: {system_of_record: S", None),  # a flow mapping's inner key: not recognised
        ("    name: Ord", None),
        ("    goals:\n      - G-1\n    name: x\n      - ", None),
    ],
)
def test_reference_positions_for_completion(text: str, expected: str | None) -> None:
    lines = text.split("\n")
    position = types.Position(len(lines) - 1, len(lines[-1]))
    assert features.reference_kind(lines, position) == expected


def test_code_actions_place_the_file_suppression_below_the_leading_comments() -> None:
    text = textwrap.dedent(
        """\
        # yaml-language-server: $schema=../schemas/blueprint-v1.schema.json
        blueprint_version: 1
        interfaces:
          - id: IF-1
            source: SYS-X
        """
    )
    lines = split_lines(text)
    diagnostic = types.Diagnostic(
        range=types.Range(types.Position(4, 12), types.Position(4, 17)),
        message="interface IF-1 refers to undeclared system 'SYS-X'",
        code="XR001",
        source=features.SOURCE,
    )
    actions = features.code_actions("file:///x.yaml", lines, [diagnostic])
    assert [a.title for a in actions] == ["Suppress XR001 on this line", "Suppress XR001 in this file"]
    line_edit = actions[0].edit.changes["file:///x.yaml"][0]  # type: ignore[union-attr,index]
    assert line_edit.range.start == types.Position(4, 0)
    assert line_edit.new_text == "    # blueprint-lint: disable-next-line=XR001 -- <reason>\n"
    file_edit = actions[1].edit.changes["file:///x.yaml"][0]  # type: ignore[union-attr,index]
    assert file_edit.range.start == types.Position(1, 0)
    # Not ours: no actions.
    other = types.Diagnostic(range=diagnostic.range, message="x", code="E1", source="yaml")
    assert features.code_actions("file:///x.yaml", lines, [other]) == []


def _apply(text: str, edit: types.TextEdit) -> str:
    """One single-line text edit applied to ``text`` (what the editor does with a quick fix)."""
    lines = text.split("\n")
    row, start, end = edit.range.start.line, edit.range.start.character, edit.range.end.character
    assert edit.range.end.line == row
    lines[row] = lines[row][:start] + edit.new_text + lines[row][end:]
    return "\n".join(lines)


def test_every_quick_fix_really_fixes_or_suppresses(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": SYSTEMS})
    session = LintSession(cache_dir=tmp_path / "cache")
    path = root / "if.yaml"
    session.open(path, INTERFACE)
    found = [d for d in session.lint(root).diagnostics[path] if d.code == "XR001"]
    lines = split_lines(INTERFACE)
    lsp = [features.to_lsp(d, lines, session.ruleset) for d in found]
    actions = features.code_actions(path.as_uri(), lines, lsp)
    assert [a.title for a in actions] == [
        "Replace with 'SYS-B'",
        "Suppress XR001 on this line",
        "Suppress XR001 in this file",
    ]
    for action in actions:
        edit = action.edit.changes[path.as_uri()][0]  # type: ignore[union-attr,index]
        session.open(path, _apply(INTERFACE, edit).replace("<reason>", "phase 2"))
        codes = [d.code for d in session.lint(root).diagnostics[path]]
        assert "XR001" not in codes, (action.title, codes)
        assert not {"SU001", "SU004", "SY001"} & set(codes), (action.title, codes)


CAPACITY_SYSTEMS = (
    "blueprint_version: 1\nsystems:\n  - {id: SYS-CE, kind: dataverse}\n  - {id: SYS-ERP, kind: on_premises_lob}\n"
    "identities:\n  - {id: ID-INT, kind: application_user, license: none}\n"
)


def _capacity_interface(if_id: str, peak: int) -> str:
    return (
        f"  - id: {if_id}\n    source: SYS-ERP\n    target: SYS-CE\n    mechanism: dataverse_web_api\n"
        f"    identity: ID-INT\n    volume:\n      average: {{count: 500, per: hour}}\n"
        f"      peak: {{count: {peak}, per: hour}}\n    avg_execution_ms: 50\n"
    )


@pytest.mark.parametrize("edit", ["the interface", "the system it calls"])
def test_capacity_sums_follow_an_edit_with_the_run_memory(tmp_path: Path, edit: str) -> None:
    """The capacity rules sum every interface's load, a per-entity fact carried over between the
    server's lints (Blueprint.memo_of): an edit recomputes the loads it can change (of the edited
    interface, or of every interface calling the edited system) and keeps the others."""
    quiet = "blueprint_version: 1\ninterfaces:\n" + _capacity_interface("IF-ORDERS", 28800)
    heavy = quiet.replace("28800", "60000")
    not_dataverse = CAPACITY_SYSTEMS.replace("kind: dataverse", "kind: on_premises_lob")
    before = {
        "systems.yaml": not_dataverse if edit == "the system it calls" else CAPACITY_SYSTEMS,
        "prices.yaml": "blueprint_version: 1\ninterfaces:\n" + _capacity_interface("IF-PRICES", 28800),
        "orders.yaml": heavy if edit == "the system it calls" else quiet,
    }
    root = write_workspace(tmp_path / "ws", before, config="select: [CA001]\n")
    session = LintSession(cache_dir=tmp_path / "cache")
    for name, text in before.items():
        session.open(root / name, text)

    def found() -> list[tuple[str, str]]:
        return sorted((path.name, d.code) for path, ds in session.lint(root).diagnostics.items() for d in ds)

    assert found() == []
    assert found() == []  # a second run: every load is a carried fact now
    edited, text = ("orders.yaml", heavy) if edit == "the interface" else ("systems.yaml", CAPACITY_SYSTEMS)
    session.open(root / edited, text)
    assert found() == [("orders.yaml", "CA001")]  # ID-INT is now over Dataverse's limit
    session.open(root / edited, before[edited])
    assert found() == []


def test_the_incremental_state_is_written_once_the_editor_is_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the user types, lints keep the state in memory; it reaches the cache after the idle
    pause, or at shutdown, so the next session starts incremental."""
    import asyncio

    from linter.lsp import server as server_module

    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": SYSTEMS, "if.yaml": INTERFACE})
    cache = tmp_path / "cache"
    server = server_module.BlueprintServer(LintSession(cache_dir=cache))
    monkeypatch.setattr(server, "text_document_publish_diagnostics", lambda params: None)
    monkeypatch.setattr(server_module, "CACHE_WRITE_IDLE_S", 0.2)
    interface = root / "if.yaml"
    server.session.open(interface, INTERFACE)

    def states() -> list[Path]:
        return [p for p in cache.rglob("*") if p.is_file() and "incremental" in p.parts]

    async def edit_twice_then_wait() -> tuple[int, int]:
        server.lint_root(root)
        server.session.open(interface, INTERFACE.replace("SYS-C", "SYS-B"))
        server.lint_root(root)
        during = len(states())
        await asyncio.sleep(0.6)
        return during, len(states())

    during, after = asyncio.run(edit_twice_then_wait())
    assert (during, after) == (0, 1)

    # At shutdown, a pending write is done at once.
    async def edit_then_shut_down() -> None:
        server.session.open(interface, INTERFACE)
        server.lint_root(root)
        server_module.shutdown(server, None)

    before = {p: p.stat().st_mtime_ns for p in states()}
    asyncio.run(edit_then_shut_down())
    assert server._cache_write is None
    after_shutdown = {p: p.stat().st_mtime_ns for p in states()}
    assert len(after_shutdown) == 1 and after_shutdown != before


def test_an_idle_pause_frees_what_the_edits_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server lints with the collector off; each edit replaces the file's objects, which are
    cyclic (a file and its entities), so only a collection frees them: the server runs one at an
    idle pause, at most every COLLECT_EVERY_S, and the memory stays flat over a long session."""
    import gc
    import time

    from linter.lsp import server as server_module
    from linter.model.blueprint import SourceFile

    root = write_workspace(tmp_path / "ws", {"goals.yaml": GOALS, "systems.yaml": SYSTEMS, "if.yaml": INTERFACE})
    server = server_module.BlueprintServer(LintSession(cache_dir=tmp_path / "cache"))
    monkeypatch.setattr(server, "text_document_publish_diagnostics", lambda params: None)
    interface = root / "if.yaml"

    def kept() -> int:
        return sum(1 for o in gc.get_objects() if isinstance(o, SourceFile) and o.path == interface)

    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for count in range(5):
            server.session.open(interface, INTERFACE + f"    description: edit {count}\n")
            server.lint_root(root)
        assert kept() >= 5  # each edit's replaced file is still there
        assert not server.collect_garbage()  # the last collection is recent: not yet
        assert kept() >= 5
        assert server.collect_garbage(now=time.monotonic() + server_module.COLLECT_EVERY_S)
        assert kept() == 1  # only the current one
        server.write_cache()
    finally:
        if was_enabled:
            gc.enable()
