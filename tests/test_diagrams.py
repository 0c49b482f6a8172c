"""``blueprint-lint diagram`` and ``linter.views.diagrams``: goldens of the public-sector example
in every kind and format, slices, bidirectional and marked edges, hostile names, determinism and
the command line's errors.

The goldens live in ``tests/golden/diagrams/``; after an intended change of a diagram, regenerate
every generated file and review the diff (look at the SVG in a browser too)::

    python tools/regen.py
"""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter.api import Blueprint, lint_with_models
from linter.cli.diagram_command import render
from linter.views import diagrams
from linter.views.diagrams.graph import build
from tests.helpers import ruleset, run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "diagrams"
EXAMPLE = "examples/public-sector"
# (kind, format) → golden file name
OUTPUTS = {
    ("integration", "mermaid"): "integration.mmd",
    ("integration", "dot"): "integration.dot",
    ("integration", "svg"): "integration.svg",
    ("interaction", "mermaid"): "interaction.mmd",
    ("interaction", "svg"): "interaction.svg",
    ("mapping", "markdown"): "mapping.md",
    ("mapping", "html"): "mapping.html",
}
SVG_NS = "{http://www.w3.org/2000/svg}"


def render_example(kind: str, fmt: str) -> str:
    result, workspaces = lint_with_models([EXAMPLE], ruleset=ruleset(), cwd=ROOT)
    return render(result, workspaces, kind, fmt)


def stale_goldens() -> list[Path]:
    return [
        GOLDEN / name
        for (kind, fmt), name in OUTPUTS.items()
        if not (GOLDEN / name).is_file() or (GOLDEN / name).read_text(encoding="utf-8") != render_example(kind, fmt)
    ]


def regenerate() -> list[Path]:
    """Rewrite the stale diagram goldens; returns the files that changed."""
    changed = stale_goldens()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in changed:
        kind, fmt = next(key for key, name in OUTPUTS.items() if name == path.name)
        path.write_bytes(render_example(kind, fmt).encode("utf-8"))
    return changed


def model_of(tmp_path: Path, text: str) -> Blueprint:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "blueprint.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    _, workspaces = lint_with_models([tmp_path], ruleset=ruleset(), cwd=tmp_path)
    return workspaces[0].model


SMALL = """\
    blueprint_version: 1
    goals:
      - {id: G-A, name: Goal A}
      - {id: G-B, name: Goal B}
    systems:
      - {id: SYS-A, name: System A, kind: saas, hosting: cloud}
      - {id: SYS-B, name: System B, kind: on_premises_lob, hosting: on_premises}
      - {id: SYS-C, name: Partner, kind: external_party, hosting: cloud}
    platforms:
      - {id: MW-X, name: Bus, kind: azure_service_bus}
    processes:
      - id: P-1
        goals: [G-A]
        trigger_points: [{type: user, persona: Clerk, system: SYS-A, description: Clerk saves}]
        steps:
          - {step: 1, interface: IF-1, action: Send}
          - {step: 2, interface: IF-2, action: Ask}
          - {step: 3, system: SYS-B, action: Think}
    interfaces:
      - {id: IF-1, process: P-1, source: SYS-A, target: SYS-B, platform: MW-X, timing: asynchronous,
         volume: {peak: {count: 6000, per: hour}}}
      - {id: IF-2, process: P-1, source: SYS-B, target: SYS-C, timing: synchronous, direction: bidirectional}
      - {id: IF-3, goals: [G-B], source: SYS-C, target: SYS-A, timing: scheduled_batch,
         frequency: {mode: scheduled, interval: PT15M}}
"""


# -- goldens ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("kind", "fmt"), list(OUTPUTS))
def test_golden(kind: str, fmt: str) -> None:
    path = GOLDEN / OUTPUTS[(kind, fmt)]
    assert render_example(kind, fmt) == path.read_text(encoding="utf-8"), f"{path.name} is stale: run tools/regen.py"


def test_goldens_hold_no_paths() -> None:
    for path in GOLDEN.iterdir():
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text and "/tmp/" not in text and "/home/" not in text


def test_cli_writes_what_the_golden_holds(tmp_path: Path) -> None:
    out = tmp_path / "integration.svg"
    outcome = run_cli("diagram", EXAMPLE, "--format", "svg", "-o", str(out), cwd=ROOT)
    assert outcome.exit_code == 0, outcome.output
    assert out.read_bytes() == (GOLDEN / "integration.svg").read_bytes()
    outcome = run_cli("diagram", EXAMPLE, cwd=ROOT)
    assert outcome.exit_code == 0 and outcome.stdout == (GOLDEN / "integration.mmd").read_text(encoding="utf-8")


# -- what the integration diagram shows ------------------------------------------------------------
def test_example_svg_has_one_node_per_system_and_one_edge_per_interface() -> None:
    _, workspaces = lint_with_models([EXAMPLE], ruleset=ruleset(), cwd=ROOT)
    model = workspaces[0].model
    root = ET.fromstring(diagrams.integration(model, "svg"))
    groups = list(root.iter(f"{SVG_NS}g"))
    nodes = [g.get("data-id") for g in groups if g.get("class") == "bl-node"]
    edges = [g.get("data-id") for g in groups if g.get("class") == "bl-edge"]
    assert sorted(nodes) == sorted(s.id for s in model.systems if s.id in {*_ends(model)})
    assert sorted(edges) == sorted(i.id for i in model.interfaces)
    assert all(g.find(f"{SVG_NS}title") is not None for g in groups if g.get("class") in ("bl-node", "bl-edge"))


def _ends(model: Blueprint) -> set[str]:
    return {i.get_str("source") or "" for i in model.interfaces} | {i.get_str("target") or "" for i in model.interfaces}


def test_groups_labels_and_platform_in_the_path(tmp_path: Path) -> None:
    graph = build(model_of(tmp_path, SMALL))
    assert [(key, [n.id for n in members]) for key, _, members in graph.groups()] == [
        ("external", ["SYS-C"]),
        ("cloud", ["SYS-A"]),
        ("platform", ["MW-X"]),
        ("on_premises", ["SYS-B"]),
    ]
    edges = {e.id: e for e in graph.edges}
    assert edges["IF-1"].path == ("SYS-A", "MW-X", "SYS-B")
    assert edges["IF-1"].label == "IF-1 · asynchronous · 6,000/h peak"
    assert edges["IF-3"].label == "IF-3 · scheduled batch · every 15 minutes"
    text = diagrams.integration(model_of(tmp_path, SMALL), "mermaid")
    assert re.search(r"n_SYS_A -->\|\"IF-1 · asynchronous · 6,000/h peak\"\| n_MW_X", text)
    assert re.search(r'n_MW_X -->\|"IF-1"\| n_SYS_B', text)


def test_slices(tmp_path: Path) -> None:
    model = model_of(tmp_path, SMALL)

    def ids(**kw: str) -> tuple[list[str], list[str]]:
        graph = build(model, **kw)  # type: ignore[arg-type]
        return [e.id for e in graph.edges], [n.id for n in graph.nodes]

    assert ids(goal="G-A") == (["IF-1", "IF-2"], ["SYS-C", "SYS-A", "MW-X", "SYS-B"])  # via the process's goals
    assert ids(goal="G-B") == (["IF-3"], ["SYS-C", "SYS-A"])
    assert ids(process="P-1")[0] == ["IF-1", "IF-2"]
    assert ids(system="SYS-A")[0] == ["IF-1", "IF-3"]
    assert ids(system="MW-X") == ([], []) if model.get("system", "MW-X") else True
    with pytest.raises(diagrams.UnknownId):
        build(model, goal="G-NONE")
    with pytest.raises(diagrams.UnknownId):
        diagrams.interactions(model, "mermaid", process="P-NONE")


def test_bidirectional_edges(tmp_path: Path) -> None:
    model = model_of(tmp_path, SMALL)
    assert re.search(r'n_SYS_B <-->\|"IF-2[^"]*"\| n_SYS_C', diagrams.integration(model, "mermaid"))
    assert re.search(r'"SYS-B" -> "SYS-C" \[[^\]]*dir=both', diagrams.integration(model, "dot"))
    svg = ET.fromstring(diagrams.integration(model, "svg"))
    edge = next(g for g in svg.iter(f"{SVG_NS}g") if g.get("data-id") == "IF-2")
    assert all(p.get("marker-start") for p in edge.iter(f"{SVG_NS}path"))
    one_way = next(g for g in svg.iter(f"{SVG_NS}g") if g.get("data-id") == "IF-1")
    assert not any(p.get("marker-start") for p in one_way.iter(f"{SVG_NS}path"))


def test_marked_edges_are_coloured_and_carry_a_text_marker(tmp_path: Path) -> None:
    model = model_of(tmp_path, SMALL)
    marked = frozenset({"IF-1"})
    mermaid = diagrams.integration(model, "mermaid", marked=marked)
    assert '"⚠ IF-1 · asynchronous' in mermaid and '"⚠ IF-2' not in mermaid
    assert re.search(r"linkStyle 0,1 stroke:#c0392b", mermaid), "both hops of IF-1, through its platform"
    dot = diagrams.integration(model, "dot", marked=marked)
    assert len(re.findall(r'(?<!font)color="#c0392b"', dot)) == 2 and "⚠ IF-1" in dot
    svg = ET.fromstring(diagrams.integration(model, "svg", marked=marked))
    edges = {g.get("data-id"): g for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "bl-edge"}
    assert edges["IF-1"].get("data-marked") == "true" and edges["IF-2"].get("data-marked") is None
    labels = [g for g in svg.iter(f"{SVG_NS}g") if g.get("class") == "bl-label" and g.get("data-id") == "IF-1"]
    assert len(labels) == 2 and all(g.get("data-marked") == "true" for g in labels), "one label per hop"
    assert any((t.text or "").startswith("⚠ IF-1 · asynchronous") for g in labels for t in g.iter(f"{SVG_NS}text"))


def test_marked_interfaces_are_those_with_error_findings() -> None:
    result, workspaces = lint_with_models(["examples/broken"], ruleset=ruleset(), cwd=ROOT)
    model = workspaces[0].model
    marked = diagrams.marked_interfaces(result, model)
    errors = {
        i.id
        for i in model.interfaces
        for d in result.diagnostics
        if d.severity.name == "ERROR"
        and d.file == i.source.display
        and (d.pointer == i.pointer or d.pointer.startswith(i.pointer + "/"))
    }
    assert marked == errors and marked, "the broken example has interfaces with errors"
    assert marked < {i.id for i in model.interfaces}, "and interfaces without"


def test_links_wrap_nodes_and_edges(tmp_path: Path) -> None:
    model = model_of(tmp_path, SMALL)
    svg = diagrams.integration(model, "svg", link=lambda ident: f"#card-{ident}")
    assert '<a href="#card-IF-1"><g class="bl-edge" data-id="IF-1"' in svg
    assert '<a href="#card-SYS-A"><g class="bl-node" data-id="SYS-A"' in svg
    mermaid = diagrams.integration(model, "mermaid", link=lambda ident: f"#card-{ident}")
    assert 'click n_SYS_A href "#card-SYS-A"' in mermaid
    assert 'URL="#card-IF-1"' in diagrams.integration(model, "dot", link=lambda ident: f"#card-{ident}")
    assert "javascript" not in diagrams.integration(model, "mermaid", link=lambda ident: "javascript:alert(1)")


# -- interaction diagrams -----------------------------------------------------------------------
def test_interaction_messages(tmp_path: Path) -> None:
    model = model_of(tmp_path, SMALL)
    [(process, text)] = diagrams.interactions(model, "mermaid")
    lines = [line.strip() for line in text.splitlines()]
    assert process == "P-1"
    assert lines[2:7] == [
        "actor p_Clerk as Clerk",
        "participant p_SYS_A as System A",
        "participant p_SYS_B as System B",
        "participant p_SYS_C as Partner",
        "p_Clerk-)p_SYS_A: Clerk saves",
    ]
    assert "p_SYS_A-)p_SYS_B: 1. Send · IF-1 · asynchronous" in lines  # asynchronous: one way
    ask = lines.index("p_SYS_B->>p_SYS_C: 2. Ask · IF-2 · synchronous")  # synchronous: request …
    assert lines[ask + 1] == "p_SYS_C-->>p_SYS_B: 2. response"  # … and response
    assert "Note over p_SYS_B: 3. Think" in lines  # a system step without an interface
    [(_, svg)] = diagrams.interactions(model, "svg")
    root = ET.fromstring(svg)
    styles = [g.get("data-style") for g in root.iter(f"{SVG_NS}g") if g.get("class") == "bl-msg"]
    assert styles == ["async", "async", "sync", "reply"]


def test_scheduled_steps_get_a_note_of_their_schedule(tmp_path: Path) -> None:
    text = SMALL.replace("- {step: 3, system: SYS-B, action: Think}", "- {step: 3, interface: IF-3, action: Sync}")
    [(_, mermaid)] = diagrams.interactions(model_of(tmp_path, text), "mermaid")
    lines = [line.strip() for line in mermaid.splitlines()]
    note = lines.index("Note over p_SYS_C,p_SYS_A: Scheduled: every 15 minutes")
    assert lines[note + 1] == "p_SYS_C-)p_SYS_A: 3. Sync · IF-3 · scheduled batch"


# -- mapping tables ---------------------------------------------------------------------------
def test_mapping_tables(tmp_path: Path) -> None:
    model = model_of(
        tmp_path,
        SMALL
        + """\
    mappings:
      - id: MAP-1
        interface: IF-1
        fields:
          - {source: a, target: b, owner: SYS-A, required: true, transform: "x | y", personal_data: true}
""",
    )
    [(ident, markdown)] = diagrams.mapping_tables(model, "markdown")
    assert ident == "MAP-1"
    assert "| a | b | SYS-A | yes | x \\| y | yes |" in markdown
    [(_, html)] = diagrams.mapping_tables(model, "html")
    assert "<td>x | y</td>" in html and html.count("<tr>") == 2


# -- hostile names, determinism --------------------------------------------------------------
HOSTILE_NAME = 'Evil <script>alert("x")</script> | ] ` ; %% # {a} --> end\nnext line'
HOSTILE = f"""\
    blueprint_version: 1
    systems:
      - {{id: SYS-A, name: {json.dumps(HOSTILE_NAME)}, hosting: cloud}}
      - {{id: "SYS-B<x>", name: "B\\"quoted\\"", hosting: on_premises}}
    platforms:
      - {{id: MW-1, name: "]]> & <![CDATA["}}
    processes:
      - id: P-1
        trigger_points: [{{type: user, persona: "<img src=x onerror=alert(1)>", system: SYS-A, description: "a -> b; c"}}]
        steps:
          - {{step: 1, interface: IF-1, action: {json.dumps(HOSTILE_NAME)}}}
    interfaces:
      - {{id: IF-1, process: P-1, source: SYS-A, target: "SYS-B<x>", platform: MW-1, timing: synchronous}}
    mappings:
      - id: MAP-1
        interface: IF-1
        fields: [{{source: "<b>|", target: "`x` [y](javascript:1)", transform: {json.dumps(HOSTILE_NAME)}}}]
"""


def hostile_outputs(tmp_path: Path) -> dict[str, str]:
    model = model_of(tmp_path, HOSTILE)
    outputs = {f"integration.{fmt}": diagrams.integration(model, fmt) for fmt in diagrams.INTEGRATION_FORMATS}
    for fmt in diagrams.INTERACTION_FORMATS:
        outputs[f"interaction.{fmt}"] = diagrams.interactions(model, fmt)[0][1]
    for fmt in diagrams.MAPPING_FORMATS:
        outputs[f"mapping.{fmt}"] = diagrams.mapping_tables(model, fmt)[0][1]
    return outputs


def test_hostile_names_are_escaped(tmp_path: Path) -> None:
    outputs = hostile_outputs(tmp_path)
    for name, text in outputs.items():
        if name != "integration.dot":  # in DOT, a quoted string is text whatever it holds
            assert "<script" not in text and "<img" not in text, name
    for name in ("integration.svg", "interaction.svg"):
        root = ET.fromstring(outputs[name])  # well-formed XML
        assert 'alert("x")' in "".join(root.itertext()), "the text is shown, escaped, not dropped"
    ET.fromstring("<div>" + outputs["mapping.html"] + "</div>")
    for name in ("integration.mermaid", "interaction.mermaid"):
        text = outputs[name]
        body = [line for line in text.splitlines() if not line.strip().startswith("%%")]
        assert "\nnext line" not in text, "a newline in a name never starts a Mermaid statement"
        labels = [m for line in body for m in re.findall(r'"([^"]*)"', line)]
        labels += [line.partition(": ")[2] for line in body if name.startswith("interaction") and ": " in line]
        labels += [line.partition(" as ")[2] for line in body if line.lstrip().startswith(("actor", "participant"))]
        assert any("Evil" in label for label in labels)
        for label in labels:  # outside entity codes, no blueprint text closes a label or starts anything
            bare = re.sub(r"#[0-9]+;", "", label)
            assert not any(c in bare for c in ';%<>`{}|"[]#'), label
    dot = outputs["integration.dot"]
    assert '\\"quoted\\"' in dot and "\nnext line" not in dot
    markdown = outputs["mapping.markdown"]
    row = markdown.splitlines()[-1]
    assert row.count("|") - row.count("\\|") == 7, "only the six cells' separators are unescaped pipes"
    assert "\\`x\\`" in markdown and "&lt;b&gt;" in markdown


def test_output_is_deterministic(tmp_path: Path) -> None:
    first = hostile_outputs(tmp_path)
    second = hostile_outputs(tmp_path)
    assert first == second
    for kind, fmt in OUTPUTS:
        assert render_example(kind, fmt) == render_example(kind, fmt)


# -- the command line ------------------------------------------------------------------------------
def test_cli_unknown_slice_is_one_line_and_exit_2() -> None:
    for option, value in (("--goal", "G-NOPE"), ("--process", "P-NOPE"), ("--system", "SYS-NOPE")):
        outcome = run_cli("diagram", EXAMPLE, option, value, cwd=ROOT)
        assert outcome.exit_code == 2
        assert outcome.stderr.count("\n") == 1 and value in outcome.stderr and "Traceback" not in outcome.stderr
    outcome = run_cli("diagram", EXAMPLE, "--kind", "interaction", "--process", "P-NOPE", cwd=ROOT)
    assert outcome.exit_code == 2 and "P-NOPE" in outcome.stderr


def test_cli_format_a_kind_does_not_take_is_a_usage_error() -> None:
    for kind, fmt in (("interaction", "dot"), ("mapping", "mermaid"), ("integration", "markdown")):
        outcome = run_cli("diagram", EXAMPLE, "--kind", kind, "--format", fmt, cwd=ROOT)
        assert outcome.exit_code == 2
        assert f"--kind {kind} is not drawn as {fmt}" in outcome.stderr


def test_cli_draws_what_loaded_and_warns_about_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(textwrap.dedent(SMALL), encoding="utf-8")
    (tmp_path / "bad.yaml").write_text("blueprint_version: 1\nsystems: [\n  {id: X\n", encoding="utf-8")
    outcome = run_cli("diagram", ".", "--format", "svg", cwd=tmp_path)
    assert outcome.exit_code == 0
    assert outcome.stderr.splitlines() == [
        "blueprint-lint: warning: bad.yaml could not be loaded and is left out of the diagram "
        "(see `blueprint-lint check`)"
    ]
    assert 'data-id="IF-1"' in outcome.stdout


def test_cli_several_workspaces_one_picture_each() -> None:
    outcome = run_cli("diagram", "examples/broken", "examples/public-sector", cwd=ROOT)
    assert outcome.exit_code == 0
    headings = [line for line in outcome.stdout.splitlines() if line.startswith("%% workspace")]
    assert headings == [
        "%% workspace examples/broken",
        "%% workspace examples/broken/unloadable",
        "%% workspace examples/public-sector",
    ]
    outcome = run_cli("diagram", "examples/broken", "examples/public-sector", "--format", "svg", cwd=ROOT)
    root = ET.fromstring(outcome.stdout)  # one SVG document holding the three
    assert len(root.findall(f"{SVG_NS}svg")) == 3


def test_cli_missing_config_is_an_error() -> None:
    outcome = run_cli("diagram", EXAMPLE, "--config", "no-such.yaml", cwd=ROOT)
    assert outcome.exit_code == 2 and "no-such.yaml" in outcome.stderr


def test_help_reads_well() -> None:
    outcome = run_cli("diagram", "--help", cwd=ROOT)
    assert outcome.exit_code == 0
    for word in ("--kind", "integration", "interaction", "mapping", "--goal", "--process", "--system", "-o"):
        assert word in outcome.stdout


def readme_mermaid_blocks() -> list[tuple[str, str]]:
    """(command, Mermaid text) for each example of the README's Diagrams section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Diagrams", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"`(blueprint-lint diagram [^`]*)`:\n\n```mermaid\n(.*?)```", section, re.S)


def test_readme_examples_are_the_commands_output() -> None:
    blocks = readme_mermaid_blocks()
    assert len(blocks) == 2
    for command, text in blocks:
        outcome = run_cli(*command.split()[1:], cwd=ROOT)
        assert outcome.exit_code == 0 and outcome.stdout == text, f"README's output of `{command}` is stale"


@pytest.mark.parametrize("name", ["integration.svg", "interaction.svg"])
def test_svg_is_self_contained(name: str) -> None:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    assert set(re.findall(r"https?://[^\"' ]*", text)) == {"http://www.w3.org/2000/svg"}, (
        "no reference but the namespace"
    )
    assert "<image" not in text and "@import" not in text and "@font-face" not in text and "<script" not in text
    assert set(re.findall(r"url\(([^)]*)\)", text)) <= {
        "#bl-arrow",
        "#bl-arrow-start",
        "#bl-arrow-marked",
        "#bl-arrow-marked-start",
        "#bl-open",
        "#bl-async",
    }


def fixture_models() -> list[tuple[str, Blueprint]]:
    """Every case of the rule fixtures (tests/rules/*.yaml) as a model: half-written blueprints,
    values of the wrong type, broken references, the shapes the rules are tested on."""
    from linter.api import SourceFile, YamlError, load_yaml

    models = []
    for path in sorted((ROOT / "tests" / "rules").glob("*.yaml")):
        for index, case in enumerate(re.split(r"(?m)^---$", path.read_text(encoding="utf-8"))):
            try:
                data = load_yaml(case)
            except YamlError:
                continue
            if isinstance(data, dict):
                models.append((f"{path.stem}[{index}]", Blueprint([SourceFile(path, path.name, data, None)])))
    return models


def test_no_fixture_case_crashes_a_diagram() -> None:
    models = fixture_models()
    assert len(models) > 200
    for name, model in models:
        marked = frozenset(i.id for i in model.interfaces)
        for fmt in diagrams.INTEGRATION_FORMATS:
            text = diagrams.integration(model, fmt, marked=marked, link=lambda ident: f"#{ident}")
            if fmt == "svg":
                ET.fromstring(text)
        for fmt in diagrams.INTERACTION_FORMATS:
            for _, text in diagrams.interactions(model, fmt):
                if fmt == "svg":
                    ET.fromstring(text)
        for fmt in diagrams.MAPPING_FORMATS:
            diagrams.mapping_tables(model, fmt)
        assert name


def test_same_bytes_in_separate_processes_whatever_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"broken-{seed}.svg"
        subprocess.run(
            [sys.executable, "-m", "linter", "diagram", "examples/broken", "-f", "svg", "-o", str(out)],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and b'data-marked="true"' in outputs[0]


def test_cli_config_decides_which_findings_mark_edges(tmp_path: Path) -> None:
    config = tmp_path / "only-xr001.yaml"
    config.write_text("select: [XR001]\n", encoding="utf-8")
    plain = run_cli("diagram", "examples/broken", "-f", "dot", cwd=ROOT).stdout
    configured = run_cli("diagram", "examples/broken", "-f", "dot", "--config", str(config), cwd=ROOT)
    assert configured.exit_code == 0
    marked = set(re.findall(r'id="edge-([^"]+)-0"[^\n]*color="#c0392b"', configured.stdout))
    assert marked and marked < set(re.findall(r'id="edge-([^"]+)-0"[^\n]*color="#c0392b"', plain))


def test_cli_slice_options_a_kind_does_not_take() -> None:
    for args in (("--kind", "interaction", "--goal", "G-RECORDS"), ("--kind", "mapping", "--system", "SYS-CS")):
        outcome = run_cli("diagram", EXAMPLE, *args, cwd=ROOT)
        assert outcome.exit_code == 2 and "Error:" in outcome.stderr
