"""Differential tests: the fast loader gives exactly what the reference loader gives.

Same data (types included), same load problems, and the same span, key span and resolution for
every pointer into the document (plus pointers that run past it). Checked over the shipped
examples, every YAML fixture of the test suite, a generated benchmark blueprint and a corpus of
tricky YAML, some of which must take the fast path and some of which must fall back.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linter.core.limits import LoadLimits
from linter.core.pointer import escape
from linter.load import admission, pieces
from linter.load import fast as fastload
from linter.load.reference import LoadedDocument, load_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for p in (ROOT / "examples").rglob("*.y*ml")) + sorted((ROOT / "tests").rglob("*.y*ml"))


def same(a: Any, b: Any) -> bool:
    """Equality that also tells 1 from 1.0 from True."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def pointers(data: Any, prefix: str = "") -> Iterator[str]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from pointers(value, f"{prefix}/{escape(key)}")
        yield f"{prefix}/no-such-key"
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from pointers(value, f"{prefix}/{index}")
        yield f"{prefix}/{len(data)}"


def assert_same(text: str, *, fast_path: bool | None = None, limits: LoadLimits | None = None) -> None:
    limits = limits or LoadLimits()
    reference = load_text(text, limits)
    fast = fastload.load_fast(text, limits)
    if fast_path is not None:
        assert (fast is not None) == fast_path, "fast path taken" if fast else "fell back"
    chosen: LoadedDocument = fast or fastload.load(text, limits)
    assert same(chosen.data, reference.data)
    assert chosen.problems == reference.problems
    assert chosen.empty == reference.empty
    if reference.locator is None:
        assert chosen.locator is None
        return
    assert chosen.locator is not None
    for pointer in pointers(reference.data):
        expected = (reference.locator.span(pointer), reference.locator.key_span(pointer))
        actual = (chosen.locator.span(pointer), chosen.locator.key_span(pointer))
        assert actual == expected, pointer
        assert chosen.locator.resolves(pointer) == reference.locator.resolves(pointer), pointer


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_as_reference_on_examples_and_fixtures(path: Path) -> None:
    assert_same(path.read_text(encoding="utf-8"))


def test_examples_take_the_fast_path() -> None:
    clean = sorted((ROOT / "examples" / "public-sector").rglob("*.yaml"))
    assert clean
    for path in clean:
        if not path.name.startswith("."):
            assert fastload.load_fast(path.read_text(encoding="utf-8"), LoadLimits()) is not None, path


def test_same_as_reference_on_a_generated_blueprint(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path, 40, "single", seed=3, share=0.2)
    assert_same((tmp_path / "blueprint.yaml").read_text(encoding="utf-8"), fast_path=True)


SCALARS = [
    "0",
    "1",
    "-1",
    "+1",
    "01",
    "-01",
    "0o17",
    "0o8",
    "0x1F",
    "0xg",
    "0b101",
    "1_000",
    "1.5",
    ".5",
    "5.",
    "-.5",
    "+.5",
    "1e3",
    "1E3",
    "1e+3",
    "1e-3",
    "1.5e3",
    ".5e3",
    "5.e3",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "null",
    "Null",
    "NULL",
    "~",
    "",
    "0.0",
    "-0.0",
    "00",
    "0.",
    "1__0",
    "12:30",
    "190:20:30",
    "2024-01-01",
    "2024-01-01T10:00:00Z",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0e0",
    "1e",
    "e1",
    "0x",
    "0o",
    "-0",
    "+0",
    "1.0e+03",
    "12e03",
    "9007199254740993",
    "123456789012345678901234567890",
    "0.1_5",
    "1_0.5",
    "+-1",
    "1-1",
    ".",
    "..",
    "-.",
    "1.2.3",
    "0001.5",
    "00.5",
    "1.e5",
    "'1'",
    '"1"',
    "'true'",
    '"~"',
    "''",
    '""',
    "'it''s'",
    '"tab\\there"',
    '"\\u00e9t\\u00e9"',
    '"quote \\" inside"',
    "'back\\slash'",
    "plain # comment",
    "a: b",
    "[1, '2', three, 4.5, ~, true]",
    "{a: 1, 'b': '2', c: }",
    "[]",
    "{}",
    "café",
    "日本語",
    "=",
    "<<",
    ".inf",
    "-.Inf",
    ".nan",
    "1e400",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_same_as_reference_on_scalars(scalar: str) -> None:
    assert_same(f"blueprint_version: 1\nvalue: {scalar}\nlist:\n  - {scalar}\n  - after\n")


TRICKY = {
    "block scalars": (
        "a: |\n  line one\n  line two\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  kept\nd: |+\n  kept\n\n"
        "e: >-\n  x\n  y\nf: |2\n    indented\ng: text\n"
    ),
    "multi-line plain and quoted": "a: this is\n  continued\nb: \"double\n  continued\"\nc: 'single\n  too'\n",
    "flow over lines": "a: {x: 1,\n  y: [1,\n    2]}\nb: [\n  one, two,\n]\n",
    "comments everywhere": "# head\na: 1  # trailing\n# between\nb:\n  # inside\n  - x # item\n\n  # gap\n  - y\n# tail\n",
    "sequence at key indent": "items:\n- id: A\n  v: 1\n- id: B\n  v: 2\nnext: 3\n",
    "nested sequences": "a:\n  - - 1\n    - 2\n  - - 3\n",
    "keys needing escapes": "'a/b': 1\n'c~d': {'e/f~g': 2}\n1: one\ntrue: yes\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y: 2\r\n",
    "document marker": "---\na: 1\nb: [1]\n",
    "document end": "a: 1\n...\n",
    "no final newline": "a: 1\nb: {c: 2}",
    "unicode": "name: Città di Łódź\nlist: [東京, Ñandú]\n",
    "empty values": "a:\nb: ''\nc: ~\nd: []\ne: {}\nf:\n  -\n  - ''\n",
    "top-level list items spread": "a:\n  - id: 1\n\n    x: |\n      text\n\n# comment at column 0\n  - id: 2\nb: 1\n",
}

FALLBACK = {
    "anchors and aliases": "a: &x {k: 1}\nb: *x\n",
    "merge key": "base: &b {k: 1}\nc:\n  <<: *b\n  j: 2\n",
    "tags": "a: !!str 1\nb: !custom x\n",
    "python tag": "a: !!python/object:os.system ls\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "directive": "%YAML 1.1\n---\na: yes\n",
    "list root": "- a\n- b\n",
    "scalar root": "just text\n",
    "empty": "",
    "comments only": "# nothing\n",
    "syntax error": "a: [1, 2\nb: 3\n",
    "bad indentation": "a: 1\n b: 2\n",
    "tab indentation": "a:\n\t- x\n",
    "unterminated quote": "a: 'oops\n",
    "two colons": "a: b: c\n",
    "complex key": "? [a, b]\n: 1\n",
    "empty key": "'': 1\n",
    "infinite number": "a: .inf\n",
    "huge number": "a: 1e400\n",
    "value tag": "a: =\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_same_as_reference_on_tricky_yaml(name: str) -> None:
    assert_same(TRICKY[name])


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_falls_back_where_only_the_reference_is_exact(name: str) -> None:
    assert_same(FALLBACK[name], fast_path=False)


def test_limits_send_the_document_to_the_reference() -> None:
    deep = "a: " + "[" * 30 + "]" * 30 + "\n"
    assert fastload.load_fast(deep, LoadLimits(max_depth=10)) is None
    many = "a: [" + ", ".join(["1"] * 50) + "]\n"
    # Over the node limit the fast path refuses on its own count, exactly as the reference does.
    refused = fastload.load_fast(many, LoadLimits(max_nodes=20))
    assert refused is not None and refused == load_text(many, LoadLimits(max_nodes=20))
    assert fastload.load(many, LoadLimits(max_nodes=20)).problems == load_text(many, LoadLimits(max_nodes=20)).problems


def test_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fastload.ENV_SWITCH, "0")
    assert not fastload.enabled()


def test_a_pointer_into_a_long_list_composes_only_its_item() -> None:
    items = "".join(f"  - id: IF-{i}\n    volume: {{count: {i}}}\n" for i in range(300))
    text = f"blueprint_version: 1\ninterfaces:\n{items}"
    document = fastload.load_fast(text, LoadLimits())
    assert document is not None and isinstance(document.locator, fastload.ChunkLocator)
    span = document.locator.span("/interfaces/250/volume/count")
    assert (span.line, span.column) == (3 + 2 * 250 + 1, 21)
    assert document.locator._full is None, "no full compose was needed"


def test_reference_folded_scalars_carry_no_fold_markers() -> None:
    # ruamel's round-trip scanner marks folds with BEL; the reference loader must strip them.
    assert load_text("a: >-\n  one\n  two\n").data == {"a": "one two"}


def _suite_cases() -> list[tuple[str, str]]:
    from tests.hostile.test_yaml_test_suite import CASES

    return [(case_id, case["yaml"]) for case_id, case in CASES]


@pytest.mark.parametrize(("case_id", "text"), _suite_cases(), ids=lambda v: v if len(v) < 20 else None)
def test_same_as_reference_on_the_yaml_test_suite(case_id: str, text: str) -> None:
    """Every case of the YAML test suite: the fast path gives the reference's data, problems and
    positions exactly, or falls back to it."""
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: [x, [y]\n  , z]\n",  # a flow sequence over two lines, balanced overall
        "a: {b: 1,\n  c: 2}\n",
        'a: {"b"\n  : 1}\n',
        "key:    # comment\n  value\n",
        "foo: |\n  x\n   \n",
    ],
)
def test_layouts_the_parsers_read_differently_take_the_reference(text: str) -> None:
    assert fastload.load_fast(text, LoadLimits()) is None
    assert_same(text)


def test_ordinary_one_line_flow_and_commented_keys_stay_fast() -> None:
    text = "a: {count: 5, per: hour}\nb: [x, {y: [1, 2]}]\nc:  # a note\n  d: 1\n"
    assert fastload.load_fast(text, LoadLimits()) is not None
    assert_same(text)


# -- chunks located on libyaml's own nodes -------------------------------------------------------
CHUNKED = """blueprint_version: 1
interfaces:
  - id: A
    empty:
    list:
      -
      - x
  - id: B
    text: |
      block
      two

    folded: >-
      a
      b
    quoted: "multi
      line"
    single: 'it''s
      here'
    flow: {a: 1, b: [x, 'y'], c: {d: ~}}
    nested:
      - - 1
        - 2.5
      - key: value
  - id: C
    plain: multi
      line plain
    last: |+
      kept

other:
  a: 1
  b: [1, 2]
"""


def test_chunks_are_located_on_libyaml_nodes_as_the_reference_locates_them() -> None:
    assert_same(CHUNKED, fast_path=True)
    document = fastload.load_fast(CHUNKED, LoadLimits())
    assert document is not None and isinstance(document.locator, fastload.ChunkLocator)
    locator = document.locator
    reference = load_text(CHUNKED).locator
    assert reference is not None
    for pointer in ["/interfaces/0/empty", "/interfaces/1/folded", "/interfaces/2/plain", "/other/b/1"]:
        assert locator.span(pointer) == reference.span(pointer)
    assert locator._full is None, "every chunk checked out"
    roots = {key: chunk._root for key, chunk in locator._chunks.items() if chunk is not None}
    # An empty plain scalar: libyaml marks it elsewhere, so that item is composed by ruamel.
    assert type(roots[("interfaces", 0)]).__module__.startswith("ruamel")
    assert type(roots[("interfaces", 1)]).__module__ == "yaml.nodes"
    assert type(roots[("interfaces", 2)]).__module__ == "yaml.nodes"
    assert type(roots[("other", -1)]).__module__ == "yaml.nodes"


def test_an_empty_plain_key_in_a_chunk_goes_to_ruamel() -> None:
    composed = fastload._compose_chunk("? \n: 1\n")
    assert composed is not None
    assert type(composed[0]).__module__.startswith("ruamel")


def test_a_chunk_that_does_not_give_back_the_data_is_not_trusted() -> None:
    text = "blueprint_version: 1\nitems:\n  - id: A\n  - id: B\n"
    document = fastload.load_fast(text, LoadLimits())
    assert document is not None and isinstance(document.locator, fastload.ChunkLocator)
    document.locator._data["items"][1]["id"] = "changed"  # as if the chunk were misread
    assert document.locator._item_chunk("items", 1, 1) is None
    assert document.locator._item_chunk("items", 1, 0) is not None


# -- orjson builds the data -------------------------------------------------------------------------
INT_TOKENS = [
    "0",
    "-0",
    "7",
    "-7",
    "10",
    "4294967296",
    "9007199254740993",
    "999999999999999999",
    "-999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-18446744073709551616",
    "123456789012345678901234567890",
    "-123456789012345678901234567890",
    "9" * 400,
]


def _emitted_token(scalar: str) -> str | None:
    import ryml

    try:
        with fastload._Silenced():
            tree = ryml.parse_in_arena(f"a: {scalar}\n".encode())
    except Exception:
        return None  # not YAML rapidyaml reads: the fast path is not taken at all
    emitted = str(ryml.emit_json_malloc(tree, tree.root_id()))
    return emitted.split(":", 1)[1].strip().rstrip("}").strip()


@pytest.mark.parametrize("scalar", SCALARS + INT_TOKENS)
def test_orjson_reads_every_integer_rapidyaml_writes_as_the_reference_does(scalar: str) -> None:
    """Where orjson reads rapidyaml's token for a scalar as an int, it is the reference's int.
    Beyond 64 bits orjson gives a float, which is what sends the data back to json.loads."""
    orjson = pytest.importorskip("orjson")
    token = _emitted_token(scalar)
    if token is None:
        return
    try:
        read = orjson.loads(token)
    except orjson.JSONDecodeError:
        return  # json.loads decides, as without orjson
    reference = load_text(f"a: {scalar}\n")
    if type(read) is int and isinstance(reference.data["a"], str):
        # Beyond 2**53 the reference keeps the text with an SY008; the fast path hands such an int over.
        assert abs(read) > fastload._MAX_NUMBER and [p.code for p in reference.problems] == ["SY008"]
        assert fastload.load_fast(f"a: {scalar}\n", LoadLimits()) is None
    elif type(read) is int:
        assert same(read, reference.data["a"])
    elif type(read) is float and float(read).is_integer() and "." not in token and "e" not in token.lower():
        assert abs(read) >= fastload._ORJSON_EXACT_INTS


@pytest.mark.parametrize("token", INT_TOKENS)
def test_big_and_small_integers_load_as_the_reference(token: str) -> None:
    assert_same(f"blueprint_version: 1\na: {token}\nl:\n  - {token}\n  - x\n")


def _json_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = fastload._json_data

    def spy(emitted: str, number: Any) -> Any:
        calls.append(emitted)
        return real(emitted, number)

    monkeypatch.setattr(fastload, "_json_data", spy)
    return calls


def test_orjson_builds_the_data_and_json_loads_takes_what_it_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("orjson")
    calls = _json_calls(monkeypatch)
    assert_same("blueprint_version: 1\na: [1, -0, 2.5, .5, x, '1']\nb: {c: 9007199254740992}\n", fast_path=True)
    assert calls == []
    for text in [
        "a: 18446744073709551616\n",  # beyond 64 bits: orjson reads a float; beyond 2**53: SY008
        "a: [1, -9223372036854775809]\n",
        "b: {c: 9223372036854775807}\n",  # within 64 bits, beyond 2**53
    ]:
        assert_same(text, fast_path=False)  # the reference reports SY008 and keeps the text
    for text in [
        'a: "x\\x01y"\n',  # a control character written out by rapidyaml: orjson refuses it
        'a: "\\u0001"\n',
    ]:
        calls.clear()
        assert_same(text, fast_path=True)
        assert len(calls) == 1, text


def test_large_floats_fall_back_to_the_reference_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond 2**53 a float is SY008 (issue 13, item 8): the fast path hands the file over."""
    pytest.importorskip("orjson")
    assert_same("a: 9.3e18\nb: -1.0e30\nc: 1.5\n", fast_path=False)
    assert_same("a: 9.0e15\nb: -1.0e10\nc: 1.5\n", fast_path=True)


def test_same_without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastload, "orjson", None)
    for path in FILES:
        assert_same(path.read_text(encoding="utf-8"))
    for scalar in SCALARS + INT_TOKENS:
        assert_same(f"blueprint_version: 1\nvalue: {scalar}\nlist:\n  - {scalar}\n  - after\n")


# -- the scans that pick the loader --------------------------------------------------------------
REFERENCE_ONLY_CHARACTERS = [chr(c) for c in [*range(0x09), 0x09, 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]]


@pytest.mark.parametrize("character", REFERENCE_ONLY_CHARACTERS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("other", ["", "é"], ids=["ascii", "unicode"])
def test_control_characters_take_the_reference_in_ascii_and_unicode_text(character: str, other: str) -> None:
    assert fastload.load_fast(f"a: x{other}\nb: 'y{character}z'\n", LoadLimits()) is None
    assert fastload.load_fast(f"a: x{other}\r\nb: 'yz'\r\n", LoadLimits()) is not None


@pytest.mark.parametrize(
    "text",
    [
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n%TAG ! tag:x\n---\nb: 2\n",
        "a: <<\n",
        'a: "\\ud800"\n',
        'a: "\\U0000DC00"\n',
        "a: !x b\n",
        "a: &x b\nc: *x\n",
        "a: |\n  x\n  \nb: 1\n",
        "a: [1,\n  2]\n",
    ],
)
def test_the_scans_still_find_what_only_the_reference_reads(text: str) -> None:
    assert fastload.load_fast(text, LoadLimits()) is None
    assert_same(text)


@pytest.mark.parametrize(
    "text",
    ["a: 50%\nb: x % y\n", "a: 1 < 2\n", "a: 'back\\\\slash'\n", "a: x! y& z*\n", "a: >\n  x\nb: 1 \n"],
)
def test_the_characters_alone_do_not_send_a_document_to_the_reference(text: str) -> None:
    assert fastload.load_fast(text, LoadLimits()) is not None
    assert_same(text)


def _line_start_texts() -> list[str]:
    import random

    texts = [path.read_text(encoding="utf-8") for path in FILES] + list(TRICKY.values()) + [CHUNKED]
    pieces = ["\n", "  ", "- ", "-\t", "-", "a:", " b", "#", "%", "---", "...", "\r\n", "\t", "x", "é"]
    generator = random.Random(7)
    texts += ["".join(generator.choice(pieces) for _ in range(generator.randint(0, 25))) for _ in range(3000)]
    return texts


def test_line_starts_are_found_as_by_a_multiline_caret() -> None:
    for text in _line_start_texts():
        expected = [m.start() for m in fastload._TOP_KEY.finditer(text)]
        assert fastload._line_starts(fastload._TOP_KEY, fastload._NEWLINE_TOP_KEY, text, 0, len(text)) == expected
        head, after = re.compile(r"(?m)  -(?:[ \t]|$)"), re.compile(r"(?m)\n  -(?:[ \t]|$)")
        caret = re.compile(r"(?m)^  -(?:[ \t]|$)")
        for begin in {0, *(m.end() for m in re.finditer("\n", text))}:
            for end in {len(text), max(begin, len(text) - 3)}:
                expected = [m.start() for m in caret.finditer(text, begin, end)]
                assert fastload._line_starts(head, after, text, begin, end) == expected, (text, begin, end)


def test_only_a_few_chunks_are_kept_and_a_chunk_composed_again_locates_the_same() -> None:
    items = "".join(f"  - id: IF-{i}\n    volume: {{count: {i}}}\n    note: ''\n" for i in range(100))
    text = f"blueprint_version: 1\ninterfaces:\n{items}"
    document = fastload.load_fast(text, LoadLimits())
    reference = load_text(text).locator
    assert document is not None and isinstance(document.locator, fastload.ChunkLocator) and reference is not None
    locator = document.locator
    order = [*range(100), *range(99, -1, -3), 5, 5, 70]
    for index in order:
        for pointer in (f"/interfaces/{index}/volume/count", f"/interfaces/{index}/note", f"/interfaces/{index}"):
            assert locator.span(pointer) == reference.span(pointer), pointer
            assert locator.key_span(pointer) == reference.key_span(pointer), pointer
        assert len(locator._chunks) <= fastload._KEPT_CHUNKS
    assert list(locator._chunks)[-1] == ("interfaces", 70), "the most recent chunk is kept"
    assert locator._full is None


def test_chunks_compose_without_resolving_tags() -> None:
    composed = fastload._compose_chunk("- id: 1\n  on: yes\n  n: ~\n")
    assert composed is not None
    root, data = composed
    assert type(root).__module__ == "yaml.nodes"
    assert data == [{"id": 1, "on": "yes", "n": None}]  # YAML 1.2 values, as the reference reads them


def test_the_tree_is_released_before_the_data_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rapidyaml tree (about ten times the text) is dropped before the JSON becomes data, and
    parsed again only when a float or a quoted number-like string needs a look at it."""
    parses: list[int] = []
    real = fastload._Tree._parse

    def counting(encoded: bytes) -> object:
        parses.append(len(encoded))
        return real(encoded)

    monkeypatch.setattr(fastload._Tree, "_parse", staticmethod(counting))
    plain = "blueprint_version: 1\ngoals:\n  - id: G-1\n    statement: Keep\n"
    assert_same(plain, fast_path=True)
    assert len(parses) == 1
    parses.clear()
    lookups = plain + "    weight: 0.5\n    code: '12'\n    flag: 'true'\n"
    assert_same(lookups, fast_path=True)
    assert len(parses) == 2, "parsed again for the float and the quoted strings"


# -- large texts parsed in pieces (linter/load/pieces.py) ----------------------------------------
def in_pieces(text: str, size: int, limits: LoadLimits | None = None) -> Any:
    """``_load_in_pieces`` with pieces of about ``size`` characters, checked against the whole-file
    fast path: when the pieces give data, it is the whole file's data exactly (or the same refusal
    over the node limit); ``load_fast`` with pieces gives the reference's result either way."""
    limits = limits or LoadLimits()
    saved = fastload.PIECES_FROM, fastload.PIECE_CHARACTERS
    fastload.PIECE_CHARACTERS = size
    try:
        fastload.PIECES_FROM = 10**12
        whole = fastload.load_fast(text, limits)
        fastload.PIECES_FROM = 0
        try:
            pieces_data: Any = fastload._load_in_pieces(text, limits) if admission.admit(text) is not None else None
        except fastload._OverNodeLimit:
            pieces_data = "over the node limit"
        assert_same(text, limits=limits)
        chosen = fastload.load_fast(text, limits)
    finally:
        fastload.PIECES_FROM, fastload.PIECE_CHARACTERS = saved
    if pieces_data == "over the node limit":
        assert chosen is not None and whole is not None and chosen.problems == whole.problems
        assert chosen.problems and chosen.problems[0].code == "SY007"
    elif pieces_data is not None:
        assert whole is not None and not whole.problems and same(pieces_data, whole.data)
        assert chosen is not None and same(chosen.data, whole.data)
    return pieces_data


def _generated(count: int, tmp_path: Path, profile: str = "light") -> str:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    module.generate(tmp_path, count, "single", seed=5, share=0.2)
    return (tmp_path / "blueprint.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("size", [1, 300, 5000, 10**9])
def test_a_generated_blueprint_in_pieces_is_the_whole_file(tmp_path: Path, size: int) -> None:
    text = _generated(30, tmp_path)
    cuts = pieces.cut(text, size)
    assert cuts is not None
    data = in_pieces(text, size)
    if size < len(text):
        assert len(cuts) > 2 and any(c.continues for c in cuts)
        assert data is not None, "the pieces were taken"
    else:
        assert len(cuts) == 1 and data is None, "one piece: the whole file as before"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_examples_and_fixtures_in_pieces(path: Path) -> None:
    in_pieces(path.read_text(encoding="utf-8"), 1)


@pytest.mark.parametrize("name", sorted(TRICKY) + sorted(FALLBACK))
def test_tricky_yaml_in_pieces(name: str) -> None:
    text = (TRICKY | FALLBACK)[name]
    in_pieces(text, 1)
    in_pieces("a: 1\nitems:\n  - x: 1\n" + text.replace("\n", "\n    ") + "\n  - y\n", 1)


@pytest.mark.parametrize(("case_id", "text"), _suite_cases(), ids=lambda v: v if len(v) < 20 else None)
def test_the_yaml_test_suite_in_pieces(case_id: str, text: str) -> None:
    in_pieces(text, 1)


ITEMS = "".join(f"  - id: IF-{i}\n    volume: {{count: {i}}}\n    tags: [a, b]\n" for i in range(6))
BASE = f"blueprint_version: 1\ngoals:\n  - id: G-1\ninterfaces:\n{ITEMS}mappings:\n  - id: M-1\n"


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        (BASE, True),
        (BASE.replace("  - id: IF-3\n", "# a comment at column 0\n\n  - id: IF-3\n"), True),
        (BASE.replace("interfaces:\n", "interfaces:  # the list\n  # first\n"), True),
        (BASE.replace("interfaces:\n", "interfaces:\n").replace("\n  - ", "\n- ").replace("\n    ", "\n  "), True),
        (BASE.replace("count: 4}", "count: 4.5}").replace("IF-2", "'012'"), True),  # looked up in the piece's tree
        (BASE + "goals:\n  - id: G-2\n", False),  # a duplicate top-level key across pieces
        (BASE.replace("IF-4\n", "IF-4\n    id: again\n"), False),  # a duplicate key in an item
        (BASE.replace("IF-2\n", 'IF-2\n    note: "runs\n  - on"\n'), False),  # a quoted scalar over a cut
        (BASE.replace("IF-2\n", "IF-2\n    note: |\n      text\n\n      more\n"), True),
        (BASE.replace("IF-2\n", "IF-2\n    note: see *this\n"), False),  # looks like an alias: the walk
        (BASE.replace("IF-2\n", "IF-2\n    note: &a x\n").replace("IF-5\n", "IF-5\n    again: *a\n"), None),
        (BASE.replace("mappings:", "...\nmappings:"), None),  # a document marker: never cut
        (BASE.replace("mappings:", "---\nmappings:"), None),
        (BASE.replace("  - id: IF-3\n", "  extra: 1\n  - id: IF-3\n"), False),
        (BASE.replace("  - id: IF-3\n", " - id: IF-3\n"), False),
    ],
    ids=lambda v: None if isinstance(v, str) else str(v),
)
def test_pieces_give_the_whole_files_data_or_give_up(text: str, taken: bool | None) -> None:
    data = in_pieces(text, 1)
    if taken is not None:
        assert (data is not None) == taken


def test_the_node_limit_is_the_whole_files_count_in_pieces() -> None:
    whole = fastload.load_fast(BASE, LoadLimits())
    assert whole is not None
    count, keys, _, _ = fastload._walk_json(whole.data, 10**6, fastload._scalars())
    nodes = count + keys
    for size in (1, 40, 10**9):
        for limit in (nodes - 1, nodes, nodes + 1):
            data = in_pieces(BASE, size, LoadLimits(max_nodes=limit))
            if size < len(BASE):
                assert (data == "over the node limit") == (limit < nodes), (size, limit)


def test_nesting_in_a_later_piece_is_limited_at_the_whole_files_depth() -> None:
    deep = BASE.replace("IF-5\n", "IF-5\n    deep: " + "[" * 12 + "]" * 12 + "\n")
    for depth in range(12, 19):
        in_pieces(deep, 1, LoadLimits(max_depth=depth))


def test_a_sequence_with_other_lines_at_its_indentation_is_not_cut() -> None:
    cuts = pieces.cut(BASE.replace("  - id: IF-3\n", "  extra: 1\n  - id: IF-3\n"), 1)
    assert cuts is not None and not any(c.items for c in cuts if c.key == "interfaces")
    assert [c.items for c in pieces.cut(BASE, 1) or [] if c.key == "interfaces"] == [1] * 6
    assert pieces.cut("  a: 1\n", 1) is None  # no key at column 0
    assert pieces.cut("a: 1\n---\nb: 2\n", 1) is None
