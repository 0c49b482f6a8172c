"""The fast loader equals the reference loader on generated YAML (issue 13, item 1).

Two generators feed :func:`tests.test_fastload.assert_same` (same data with types, same load
problems, same span, key span and resolution for every pointer, or the fast path hands the file to
the reference):

- a **grammar** of YAML covering block and flow collections, every scalar style (plain, single and
  double quoted with escapes, literal and folded with their headers, plain continued over lines),
  comments, anchors, aliases, tags, directives, document markers, explicit and empty keys, the
  characters YAML and Unicode treat as line breaks (CR, NEL, U+2028, U+2029), byte order marks,
  tabs, and the indicator characters that cannot start a plain scalar;
- **mutations** of the shipped examples: a character from that alphabet inserted, deleted or
  replaced where a real file has structure.

The budgets are fixed and the runs derandomized, so CI time is predictable and a failure
reproduces exactly; hypothesis prints the falsifying text. Set ``BLUEPRINT_LINT_DIFF_EXAMPLES`` to
run a larger budget locally (the same seed, more examples). Any difference fails the test.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter.core.limits import LoadLimits
from tests.test_fastload import assert_same

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "public-sector").rglob("*.yaml"))]

BUDGET = int(os.environ.get("BLUEPRINT_LINT_DIFF_EXAMPLES", "400"))
DIFFERENTIAL = settings(
    max_examples=BUDGET,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# -- the alphabet --------------------------------------------------------------------------------
# Characters that change how YAML reads a line: indicators, quotes, comment and flow characters,
# the YAML and Unicode line breaks, the BOM, tabs and a few control characters.
SPECIAL = list(":#-?[]{},&*!|>'\"%@`~\\=<")
BREAKS = ["\r", "\r\n", "\x85", "\u2028", "\u2029"]
ODD = ["\t", "\ufeff", "\x0b", "\x0c", "\x00", "\x7f", "\x9f", "\ud800", "\ufffe", "é", "日"]
WORDS = ["a", "b", "id", "name", "SYS-A", "G-1", "x y", "http://h/p?q=1", "a-b", "a.b", "é", "日本"]
# Words that are valid plain scalars but read differently by resolvers and flow contexts.
TRICKY_WORDS = [
    "a:b",
    "a #b",
    "a#b",
    "-a",
    "?a",
    ":a",
    "a:",
    "-",
    "?",
    ":",
    "0",
    "01",
    "0x1F",
    "0o17",
    "1_000",
    "1.5",
    ".5",
    "1e3",
    "1e400",
    ".inf",
    "-.inf",
    ".nan",
    "~",
    "null",
    "Null",
    "true",
    "False",
    "yes",
    "2024-01-01",
    "12:30",
    "9007199254740993",
    "9" * 30,
    "<<",
    "=",
    "k" * 1030,
]
# One document in three is "wild": every choice may then be hostile; the others are ordinary YAML
# with tricky words, where the fast path is taken and must give the reference's answer.
WILD = st.shared(st.integers(0, 2).map(lambda n: n == 0), key="wild")


def pick(draw: st.DrawFn, ordinary: list[str], hostile: list[str]) -> str:
    """One of ``ordinary``, or (in a wild document, one time in three) one of ``hostile``."""
    if hostile and draw(WILD) and draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(hostile))
    return draw(st.sampled_from(ordinary))


@st.composite
def plain_word(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.sampled_from(TRICKY_WORDS))
    if kind == 1:
        return draw(st.text(alphabet="abcXYZ019_.-/ ", min_size=1, max_size=6).map(str.strip).filter(bool))
    return draw(st.sampled_from(WORDS))


@st.composite
def scalar_text(draw: st.DrawFn) -> str:
    if draw(WILD) and draw(st.integers(0, 3)) == 0:
        parts = st.one_of(plain_word(), st.sampled_from(SPECIAL + BREAKS + ODD + [" ", "  "]))
        return "".join(draw(st.lists(parts, min_size=1, max_size=5)))
    return draw(plain_word())


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


ESCAPES = ["\\n", "\\t", "\\u00e9", "\\x41", "\\U0001F600", "\\ ", "\\N", "\\_", "\\/", "\\u2028", "\\x85"]
HOSTILE_ESCAPES = ["\\ud800", "\\q", "\\x4", "\\uD83D\\uDE00", "\\\n  "]


@st.composite
def flow_scalar(draw: st.DrawFn) -> str:
    style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double", "double_escape"]))
    text = draw(scalar_text())
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return _double_quoted(text)
    if style == "double_escape":
        return '"' + draw(plain_word()) + pick(draw, ESCAPES, HOSTILE_ESCAPES) + '"'
    return text


@st.composite
def flow_node(draw: st.DrawFn, depth: int) -> str:
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(flow_scalar())
    pairs = []
    for _ in range(draw(st.integers(0, 3))):
        key = draw(flow_node(depth - 1)) if draw(WILD) else draw(flow_scalar())
        pairs.append(key + pick(draw, [": "], [":", " : ", "", ": "]) + draw(flow_node(depth - 1)))
    separator = pick(draw, [", "], [",", " , ", ",\n  ", ", # c\n  ", "\n"])
    close = pick(draw, [""], [",", " ", "\n"])
    if draw(st.booleans()):
        items = [draw(flow_node(depth - 1)) for _ in range(draw(st.integers(0, 3)))]
        if draw(WILD):
            items += pairs[:1]
        return "[" + separator.join(items) + close + "]"
    return "{" + separator.join(pairs) + close + "}"


@st.composite
def comment(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 3)):
        return ""
    return pick(draw, [" # c", " # a: [b", "  # ok"], [" #", "# c", " #\u2028x", " #\x85x", "  #\ufeffx", " #\tx"])


@st.composite
def prop(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)):
        return ""
    return pick(draw, [""], ["&a ", "*a", "!!str ", "!t ", "!<tag:x> ", "& ", "&a", "!", "! ", "*a "])


@st.composite
def block_scalar(draw: st.DrawFn, indent: int) -> str:
    header = draw(st.sampled_from(["|", ">"])) + pick(draw, ["", "", "-", "+", "2", "1-", "+2"], ["0", "2k", "k", "-+"])
    header += pick(draw, ["", "", " # c"], [" ", "#c", "\t"])
    pad = " " * (indent + 2)
    lines = draw(
        st.lists(st.one_of(scalar_text(), st.just(""), st.just("  x"), st.just("# not a comment")), max_size=4)
    )
    body = ""
    for line in lines:
        body += "\n" + (pad + line if line else pick(draw, [""], [" ", pad, pad + " "]))
    return header + body


@st.composite
def plain_continued(draw: st.DrawFn, indent: int) -> str:
    text = draw(plain_word())
    for _ in range(draw(st.integers(1, 2))):
        text += "\n" + " " * (indent + draw(st.sampled_from([1, 2, 4]))) + draw(plain_word())
    return text + pick(draw, [""], ["\n" + " " * (indent + 2) + "# c", "\n\n" + " " * (indent + 2) + "x"])


@st.composite
def block_value(draw: st.DrawFn, indent: int, depth: int) -> str:
    """What follows ``key:`` (or ``-``) on the same line, its separating space included."""
    choices = ["scalar", "scalar", "scalar", "flow", "empty", "block_scalar", "continued"]
    if depth > 0:
        choices += ["mapping", "mapping", "mapping", "sequence", "sequence"]
    kind = draw(st.sampled_from(choices))
    if kind == "scalar":
        return " " + draw(prop()) + draw(flow_scalar()) + draw(comment())
    if kind == "flow":
        return " " + draw(prop()) + draw(flow_node(2)) + draw(comment())
    if kind == "empty":
        return pick(draw, ["", " # c", " ~"], [" ", " &a", " !!null", " #"])
    if kind == "block_scalar":
        return " " + draw(prop()) + draw(block_scalar(indent))
    if kind == "continued":
        return " " + draw(plain_continued(indent))
    step = int(pick(draw, ["2", "2", "4"], ["1", "0", "3"]))
    child = indent + step
    body = draw(block_mapping(child, depth - 1) if kind == "mapping" else block_sequence(child, depth - 1))
    return pick(draw, ["", "", " # c"], [" &a", " !!map", " !t"]) + "\n" + body


@st.composite
def block_key(draw: st.DrawFn) -> str:
    style = pick(draw, ["plain"] * 8 + ["single", "double"], ["explicit", "empty", "flow", "odd"])
    if style == "single":
        return "'" + draw(plain_word()) + "'"
    if style == "double":
        return _double_quoted(draw(plain_word()))
    if style == "explicit":
        return "? " + draw(plain_word()) + "\n"
    if style == "empty":
        return ""
    if style == "flow":
        return draw(flow_node(1))
    return draw(scalar_text()) if style == "odd" else draw(plain_word())


@st.composite
def block_mapping(draw: st.DrawFn, indent: int, depth: int) -> str:
    entries = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 4))):
        key = draw(block_key())
        separator = pick(draw, [":"], [" :", "::", ":\t"])
        value = draw(block_value(indent, depth))
        if key.endswith("\n"):  # an explicit key: its value on the next line
            entries.append(pad + key + pad + separator + value)
        else:
            entries.append(pad + key + separator + value)
        if not draw(st.integers(0, 4)):
            entries.append(pick(draw, [pad + "# note", ""], ["#x", " " * (indent + 1), pad + " # deeper"]))
    return "\n".join(entries)


@st.composite
def block_sequence(draw: st.DrawFn, indent: int, depth: int) -> str:
    items = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "value", "compact_mapping", "nested"]))
        if kind == "compact_mapping" and depth > 0:
            body = draw(block_mapping(indent + 2, depth - 1))
            items.append(pad + "- " + body[indent + 2 :])
        elif kind == "nested" and depth > 0:
            body = draw(block_sequence(indent + 2, depth - 1))
            items.append(pad + "- " + body[indent + 2 :])
        else:
            items.append(pad + "-" + draw(block_value(indent, max(depth - 1, 0))))
    return "\n".join(items)


@st.composite
def document(draw: st.DrawFn) -> str:
    head = pick(
        draw, ["", "", "", "# top\n", "---\n"], ["\ufeff", "--- ", "%YAML 1.2\n---\n", "%TAG ! !x\n---\n", "\n"]
    )
    if pick(draw, ["mapping"], ["sequence", "flow"]) == "mapping":
        root = draw(block_mapping(0, 3))
    else:
        root = draw(st.one_of(block_sequence(0, 2), flow_node(2)))
    tail = pick(draw, ["\n", "\n", "\n\n", "\n# end\n"], ["", "\n...\n", "\n---\nb: 1\n", " \n", "\n# end"])
    text = head + root + tail
    ending = pick(draw, ["\n", "\n", "\n", "\r\n"], ["\r"])
    if ending != "\n":
        text = text.replace("\n", ending)
    return text


@given(text=document())
@example(text="blueprint_version: 1\n# a\u2028b\n")
@example(text="blueprint_version: 1\nx: [a:]\n")
@example(text="goals:\n  - id: G-1\n    kpis:\n  - id: G-2\n")
@example(text="y: # todo\nb:\n")
@example(text="h: {s: 1, t:}\n")
@DIFFERENTIAL
def test_fast_loader_equals_the_reference_on_generated_yaml(text: str) -> None:
    assert_same(text)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(EXAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 3))):
        # Mutate where the file has structure: next to an indicator, a quote, a line start.
        anchors = [i for i, ch in enumerate(text) if ch in ":-#\n'\"[{"]
        at = draw(st.sampled_from(anchors)) + draw(st.integers(-1, 2))
        at = max(0, min(at, len(text)))
        insert = draw(st.one_of(st.sampled_from(SPECIAL + BREAKS + ODD + [" ", "\n", "  "]), plain_word()))
        action = draw(st.sampled_from(["insert", "insert", "replace", "delete"]))
        if action == "insert":
            text = text[:at] + insert + text[at:]
        elif action == "replace":
            text = text[:at] + insert + text[at + 1 :]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
    return text


@given(text=mutated_example())
@DIFFERENTIAL
def test_fast_loader_equals_the_reference_on_mutated_examples(text: str) -> None:
    assert_same(text)


@given(text=document(), max_depth=st.integers(1, 9), max_nodes=st.integers(1, 80))
@DIFFERENTIAL
def test_fast_loader_equals_the_reference_under_small_limits(text: str, max_depth: int, max_nodes: int) -> None:
    """The depth and node limits are counted as the reference counts them (keys and scalars too)."""
    assert_same(text, limits=LoadLimits(max_depth=max_depth, max_nodes=max_nodes))


# -- the reproductions of the issue, through the real command line, on both loaders -----------------
HEAD = "blueprint_version: 1\n"
REPRODUCTIONS = {
    "u2028-in-comment": HEAD + "# a\u2028b\n",
    "nel-in-comment": HEAD + "# a\x85b\n",
    "lone-cr": HEAD + "goals: a\rb\n",
    "nel-in-value": HEAD + "target: SYS-\x85X\n",
    "at-sign-plain": HEAD + "x: @foo\n",
    "backtick-plain": HEAD + "x: `foo\n",
    "empty-anchor": HEAD + "goals: &\n",
    "percent-in-flow": HEAD + "x: [%]\n",
    "empty-tag-in-flow": HEAD + 'x: ["", !]\n',
    "bad-block-header": HEAD + "x: |2k\n  a\n",
    "brace-key": HEAD + "x{: }\n",
    "long-implicit-key": HEAD + "k" * 1100 + ": v\n",
    "colon-in-flow": HEAD + "x: [a:]\n",
    "question-in-flow": HEAD + "x: [?a]\n",
    "folded-at-eof": HEAD + "timing: >\n  synchronous",
    "comment-as-value": "blueprint_version: # todo\ngoals: []\n",
    "empty-kpis": HEAD + "goals:\n  - id: G-1\n    kpis:\n  - id: G-2\n",
    "bom-in-scalar": HEAD + "name: ab\ufeffcd\n",
    "quoted-u2028": HEAD + 'name: "a\u2028b"\nsystems: 2\n',
}


def _report(root: Path, fast: str, *extra: str) -> tuple[int, str]:
    from tests.hostile._run import run_cli

    result = run_cli(
        "check", ".", "-f", "json", "--no-cache", *extra, cwd=root, env={"BLUEPRINT_LINT_FAST_LOADER": fast}
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout


def test_the_issues_reproductions_give_the_same_report_on_both_loaders(tmp_path: Path) -> None:
    import json

    from tests.helpers import write_workspace

    root = write_workspace(tmp_path / "ws", {})
    for name, text in REPRODUCTIONS.items():
        (root / f"{name}.yaml").write_bytes(text.encode("utf-8"))
    fast, reference = _report(root, "1"), _report(root, "0")
    assert fast == reference
    codes = {}
    for diagnostic in json.loads(reference[1])["diagnostics"]:
        codes.setdefault(Path(diagnostic["file"]).stem, set()).add(diagnostic["code"])
    # The reference's verdicts that the fast path used to get wrong.
    for name in ("u2028-in-comment", "nel-in-comment", "at-sign-plain", "empty-anchor", "bad-block-header"):
        assert "SY001" in codes.get(name, set()), name


def test_the_limits_are_counted_alike_on_both_loaders(tmp_path: Path) -> None:
    from tests.helpers import write_workspace

    sixty_keys = HEAD + "project:\n" + "".join(f"  k{i}: v\n" for i in range(60))
    deep = HEAD + "a:\n" + "".join("  " * i + f"b{i}:\n" for i in range(1, 12)) + "  " * 12 + "x: 1\n"
    root = write_workspace(tmp_path / "ws", {"wide.yaml": sixty_keys, "deep.yaml": deep})
    for extra in (("--max-nodes", "100"), ("--max-depth", "10")):
        fast, reference = _report(root, "1", *extra), _report(root, "0", *extra)
        assert fast == reference, extra
        assert ("SY007" if extra[0] == "--max-nodes" else "SY006") in reference[1]
