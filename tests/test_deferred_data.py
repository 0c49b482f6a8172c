"""Deferred data (linter/model/blueprint.SourceFile.deferred): a file whose data comes from the
cache is decoded only when something reads it. The model knows its entities from the file's
outline; a run reports exactly what it reports with every file decoded, reads no file no rule
asks about, and a damaged entry falls back to the file's text."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from linter.core.limits import LoadLimits
from linter.core.options import LintOptions
from linter.core.result import LintResult
from linter.load.fast import load
from linter.model.blueprint import Blueprint, SourceFile, outline_of
from linter.run import file_stage
from linter.run.engine import lint
from tests.helpers import bench_generate, example_and_generated_workspace, ruleset
from tests.test_cache import rendered


def _loaded(root: Path) -> list[tuple[Path, str, dict[str, object]]]:
    found = []
    for path in sorted(root.rglob("*.yaml")):
        data = load(path.read_text(encoding="utf-8"), LoadLimits()).data
        if isinstance(data, dict) and "blueprint_version" in data:
            found.append((path, str(path.relative_to(root)), data))
    return found


def _deferred(path: Path, display: str, data: dict[str, object], reads: list[str]) -> SourceFile:
    def read() -> dict[str, object]:
        reads.append(display)
        return pickle.loads(pickle.dumps(data))  # a fresh copy, as decoding the cache gives

    return SourceFile.deferred(path, display, outline_of(data), read, None)


def test_a_deferred_file_declares_what_the_loaded_file_declares(tmp_path: Path) -> None:
    files = _loaded(example_and_generated_workspace(tmp_path))
    assert len(files) > 10
    reads: list[str] = []
    eager = Blueprint([SourceFile(path, display, data, None) for path, display, data in files])
    deferred = Blueprint([_deferred(path, display, data, reads) for path, display, data in files])
    shape = [(e.kind, e.id, e.pointer, e.source.display) for e in eager.entities()]
    assert [(e.kind, e.id, e.pointer, e.source.display) for e in deferred.entities()] == shape
    assert sorted(eager.ids()) == sorted(deferred.ids())
    assert all(source.has_data for source in deferred.files)
    assert [s.states_project() for s in deferred.files] == [s.states_project() for s in eager.files]
    assert deferred.project == eager.project
    assert reads == [s.display for s in eager.files if s.states_project()][:1], "only the project's file was read"
    for left, right in zip(eager.entities(), deferred.entities(), strict=True):
        assert left.data == right.data
    declaring = {display for _, display, data in files if outline_of(data).entities}
    assert len(reads) == len(set(reads)) and declaring <= set(reads), "every file read once"


def test_reading_one_entity_reads_its_file_once_for_all_its_entities(tmp_path: Path) -> None:
    files = _loaded(example_and_generated_workspace(tmp_path))
    path, display, data = next(f for f in files if len(outline_of(f[2]).entities) > 2)
    reads: list[str] = []
    source = _deferred(path, display, data, reads)
    first, *others = source.entities()
    assert reads == [] and "data" not in vars(first)
    assert first.get_str("id") == first.id
    assert reads == [display]
    assert all("data" in vars(entity) for entity in others), "every entity of the file got its part"
    assert source.data == data and reads == [display]


def test_a_deferred_file_whose_data_says_otherwise_is_refused() -> None:
    data = {"blueprint_version": 1, "goals": [{"id": "G-1"}]}
    source = SourceFile.deferred(Path("a.yaml"), "a.yaml", outline_of(data), lambda: {"goals": []}, None)
    with pytest.raises(ValueError, match="outline"):
        _ = source.data


def _edit(root: Path, below: str = "generated") -> None:
    """A new digest for one file of the generated part, the same data (a comment)."""
    edited = sorted((root / below).rglob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")


def _run(root: Path, cache_dir: Path | None) -> LintResult:
    return lint([Path(".")], ruleset(), LintOptions(cache_dir=cache_dir), cwd=root)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    found: list[str] = []
    original = SourceFile._read_deferred

    def counted(self: SourceFile) -> dict[str, object]:
        found.append(self.display)
        return original(self)

    monkeypatch.setattr(SourceFile, "_read_deferred", counted)
    return found


def test_an_edit_re_run_reads_only_the_files_a_rule_asks_about(tmp_path: Path, reads: list[str]) -> None:
    root, cache_dir = tmp_path / "ws", tmp_path / "cache"
    bench_generate().generate(root, 400, "workspace", seed=5, share=0.1, profile="heavy")
    _run(root, cache_dir)
    assert reads == [], "a cold run decodes nothing later: its files were loaded"
    _edit(root, "interfaces")
    again = _run(root, cache_dir)
    assert rendered(again) == rendered(_run(root, None))
    files = len(_loaded(root))
    assert 0 < len(set(reads)) < files / 2, (len(set(reads)), files)
    assert len(reads) == len(set(reads)), "each file is read once"


def test_damaged_cached_data_is_loaded_again_from_the_files_text(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache_dir = example_and_generated_workspace(tmp_path), tmp_path / "cache"
    cold = _run(root, cache_dir)
    # Every outcome read from the cache holds JSON that does not decode (its pickle intact).
    original = file_stage._outcome_of

    def damaged(cached: object, defer: bool = False) -> file_stage.FileOutcome | None:
        outcome = original(cached, defer)
        if outcome is not None and outcome.deferred is not None:
            outcome.deferred = b"{damaged"
        return outcome

    monkeypatch.setattr(file_stage, "_outcome_of", damaged)
    _edit(root)
    again = _run(root, cache_dir)
    assert reads, "some file's data was read, and loaded again from its text"
    assert rendered(again) == rendered(cold)


def test_a_long_lived_process_never_defers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.core.memory import RunMemory

    root, cache_dir = example_and_generated_workspace(tmp_path), tmp_path / "cache"
    _run(root, cache_dir)
    made: list[str] = []
    original = SourceFile.deferred.__func__  # type: ignore[attr-defined]

    def deferred(cls: type[SourceFile], path: Path, display: str, *rest: object) -> SourceFile:
        made.append(display)
        return original(cls, path, display, *rest)  # type: ignore[no-any-return]

    monkeypatch.setattr(SourceFile, "deferred", classmethod(deferred))
    memory = RunMemory()
    result = lint([Path(".")], ruleset(), LintOptions(cache_dir=cache_dir, memory=memory), cwd=root)
    assert rendered(result) == rendered(_run(root, None))
    assert made == [], "its files' data is kept from run to run, never deferred"
    _edit(root)
    _run(root, cache_dir)
    assert made, "a run without a memory defers"


def test_an_outcome_defers_only_data_kept_as_text() -> None:
    data = {"blueprint_version": 1, "goals": [{"id": "G-1"}]}
    outline = tuple(outline_of(data))
    as_text = file_stage._outcome_of((file_stage._stored_data(data), [], [], True, outline, None, None), defer=True)
    assert as_text is not None and as_text.deferred is not None and as_text.data is None and as_text.has_data
    assert as_text.read_data() == data
    pickled = file_stage._outcome_of(({"when": float("nan")}, [], [], True, None, None, None), defer=True)
    assert pickled is not None and pickled.deferred is None and pickled.data is not None
    for foreign in (((("goals", -1, "G-1"),), False), ((("nope", 0, ""),), False), ((), "yes"), [(), False]):
        assert file_stage._outcome_of((file_stage._stored_data(data), [], [], True, foreign, None, None)) is None, (
            foreign
        )


def test_schema_problems_of_a_cached_file_are_placed_where_the_load_found_them(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from linter.run import engine
    from linter.validate.schema import SchemaProblem

    root, cache_dir = tmp_path / "ws", tmp_path / "cache"
    bench_generate().generate(root, 400, "workspace", seed=5, share=0.3)  # planted schema defects among them
    cold = _run(root, cache_dir)
    assert sum(d.code == "SC001" for d in cold.diagnostics) >= 5
    while_reporting: list[str] = []
    report_load = engine._Run.report_load

    def watched(self: engine._Run, *args: object) -> None:
        before = len(reads)
        report_load(self, *args)  # type: ignore[arg-type]
        while_reporting.extend(reads[before:])

    monkeypatch.setattr(engine._Run, "report_load", watched)
    _edit(root, "interfaces")
    again = _run(root, cache_dir)
    assert rendered(again) == rendered(cold) == rendered(_run(root, None))
    assert reads and while_reporting == [], "reporting a file's schema problems decodes nothing"
    # The positions an entry holds are checked: a count that does not match the problems is a miss.
    problem = SchemaProblem("m", "/goals/0/id")
    entry = (b"{}", [], [problem], True, ((), False), [(1, 2, 1, 3)], None)
    assert file_stage._outcome_of(entry) is not None
    for positions in ([], [(1, 2, 1)], [(1, 2, 1, "3")], "no"):
        assert file_stage._outcome_of((*entry[:5], positions, None)) is None, positions


def _with_references(path: Path, display: str, data: dict[str, object], reads: list[str], stored: object) -> SourceFile:
    def read() -> dict[str, object]:
        reads.append(display)
        return pickle.loads(pickle.dumps(data))

    return SourceFile.deferred(path, display, outline_of(data), read, None, True, lambda: stored)  # type: ignore[arg-type,return-value]


def test_a_deferred_file_answers_who_refers_to_whom_from_its_stored_references(tmp_path: Path) -> None:
    from linter.model.blueprint import KINDS, references_outline

    files = _loaded(example_and_generated_workspace(tmp_path))
    eager = Blueprint([SourceFile(path, display, data, None) for path, display, data in files])
    reads: list[str] = []
    deferred = Blueprint(
        [_with_references(path, display, data, reads, references_outline(data)) for path, display, data in files]
    )

    def shown(references: list[object]) -> list[tuple[str, str, str, str, str]]:
        return [(r.source.source.display, r.source.pointer, r.path, r.target_kind, r.target_id) for r in references]  # type: ignore[attr-defined]

    assert len(eager.references) > 100
    assert shown(deferred.references) == shown(eager.references)
    for left, right in zip(eager.entities(), deferred.entities(), strict=True):
        assert shown(deferred.references_of(right)) == shown(eager.references_of(left))
    targets = sorted({(r.target_kind, r.target_id) for r in eager.references})
    fresh = Blueprint(deferred.files)
    for kind, target in targets:
        for source_kind in (None, *KINDS):
            assert shown(fresh.referrers(kind, target, source_kind)) == shown(
                eager.referrers(kind, target, source_kind)
            )
    assert reads == [], "no file's data was read"


def test_stored_references_that_cannot_be_used_give_way_to_the_data(tmp_path: Path) -> None:
    from linter.model.blueprint import references_outline

    files = [f for f in _loaded(example_and_generated_workspace(tmp_path)) if references_outline(f[2])]
    path, display, data = files[0]
    expected = Blueprint([SourceFile(path, display, data, None)]).references
    for stored in (None, [(999, "source", "system", "S")]):
        reads: list[str] = []
        model = Blueprint([_with_references(path, display, data, reads, stored)])
        got = [(r.source.pointer, r.path, r.target_kind, r.target_id) for r in model.references]
        assert got == [(r.source.pointer, r.path, r.target_kind, r.target_id) for r in expected]
        assert reads == [display], stored
    for raw in (b"{", b"{}", b"[[0, 1, 2, 3]]", b'[[0, "p", "nope", "x"]]', b'[[0, "p", "system"]]'):
        assert file_stage._read_references(raw) is None, raw
    assert file_stage._read_references(b'[[0, "source", "system", "S"]]') == [[0, "source", "system", "S"]]
    assert file_stage._read_references(b"[]") == []


def test_a_loaded_file_answers_who_refers_to_whom_from_what_its_load_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file loaded in this run keeps the references its load found for the cache entry
    (SourceFile.remember_references): the incremental state's facts come from them, the same
    as walking the data, without walking it; the model's References come from the data (whose
    strings they then share), the same either way."""
    from linter.model import blueprint
    from linter.model.blueprint import references_outline
    from linter.run import incremental

    files = _loaded(example_and_generated_workspace(tmp_path))
    digests = {display: f"digest of {display}" for _, display, _ in files}

    def shown(model: Blueprint) -> list[tuple[str, str, str, str, str]]:
        return [
            (r.source.source.display, r.source.pointer, r.path, r.target_kind, r.target_id) for r in model.references
        ]

    eager = Blueprint([SourceFile(path, display, data, None) for path, display, data in files])
    expected, expected_facts = shown(eager), incremental.file_facts(eager, digests, {})
    targets = [
        [(r.target_kind, r.target_id) for e in f.entities() for r in eager.references_of(e)] for f in eager.files
    ]
    assert len(expected) > 100

    def remembering(path: Path, display: str, data: dict[str, object]) -> SourceFile:
        source = SourceFile(path, display, data, None)
        found = references_outline(data)
        source.remember_references(lambda: found)
        return source

    model = Blueprint([remembering(path, display, data) for path, display, data in files])

    def walked(*args: object) -> None:
        raise AssertionError("the data was walked for references the load had found")

    with monkeypatch.context() as patched:
        patched.setattr(blueprint, "_references_into", walked)
        assert incremental.file_facts(model, digests, {}) == expected_facts
        assert [source.referenced_targets() for source in model.files] == targets
    assert shown(model) == expected
