"""``Blueprint.referrers``: indexes built per target kind (and source kind) on first use give the
same references, in the same order, whichever was built first."""

from __future__ import annotations

from pathlib import Path

from linter.api import load_models
from linter.model.blueprint import KINDS, Blueprint, Reference
from tests.helpers import example_and_generated_workspace, ruleset

ROOT = Path(__file__).resolve().parent.parent


def _model(tmp_path: Path) -> Blueprint:
    return load_models([example_and_generated_workspace(tmp_path)], ruleset=ruleset()).workspaces[0].model


def _keys(references: list[Reference]) -> list[tuple[str, str, str, str, str]]:
    return [(r.source.source.display, r.source.pointer, r.path, r.target_kind, r.target_id) for r in references]


def test_referrers_by_kind_and_source_kind_agree_with_the_whole_index(tmp_path: Path) -> None:
    model = _model(tmp_path)
    targets = sorted({(r.target_kind, r.target_id) for r in model.references})
    assert len(targets) > 100
    for build_first in ("source kind", "kind", "whole"):
        fresh = Blueprint(model.files)
        if build_first == "whole":
            _ = fresh.references
        for kind, entity_id in targets:
            expected = [r for r in model.references if (r.target_kind, r.target_id) == (kind, entity_id)]
            by_source = {
                source: _keys(fresh.referrers(kind, entity_id, source))
                for source in KINDS
                if build_first == "source kind"
            }
            assert _keys(fresh.referrers(kind, entity_id)) == _keys(expected), (kind, entity_id)
            for source in KINDS:
                wanted = _keys([r for r in expected if r.source.kind == source])
                assert _keys(fresh.referrers(kind, entity_id, source)) == wanted, (kind, entity_id, source)
                if source in by_source:
                    assert by_source[source] == wanted


def test_referrers_read_only_from_the_files_naming_an_id_match_the_whole_index(tmp_path: Path) -> None:
    # What an incremental run's focused model answers (linter/model/focus.py): only the files the
    # facts say name the id are read, and the answer is the whole index's, in its order.
    model = _model(tmp_path)
    naming: dict[str, set[str]] = {}
    for reference in model.references:
        naming.setdefault(reference.target_id, set()).add(reference.source.source.display)
    targets = sorted({(r.target_kind, r.target_id) for r in model.references})
    fresh = Blueprint(model.files)
    for kind, entity_id in [*targets, ("goal", "no-such-goal")]:
        files = naming.get(entity_id, set())
        for source in (None, *KINDS):
            within = fresh.referrers_within(kind, entity_id, source, files)
            assert _keys(within) == _keys(model.referrers(kind, entity_id, source)), (kind, entity_id, source)
    assert not fresh._referrers, "no whole index was built"
    # A file left out of the candidates is not read: its references are missing.
    kind, entity_id = next(t for t in targets if len(naming[t[1]]) > 1)
    one = sorted(naming[entity_id])[0]
    short = fresh.referrers_within(kind, entity_id, None, naming[entity_id] - {one})
    assert len(short) < len(model.referrers(kind, entity_id))


def test_has_referrer_agrees_with_referrers_on_the_whole_and_the_focused_model(tmp_path: Path) -> None:
    from linter.model.focus import FocusedBlueprint

    model = _model(tmp_path)
    naming: dict[str, set[str]] = {}
    for reference in model.references:
        naming.setdefault(reference.target_id, set()).add(reference.source.source.display)
    declared = sorted({(e.kind, e.id) for kind in KINDS for e in model.entities(kind) if e.id})
    asked = [*declared, ("goal", "no-such-goal"), ("system", "")]
    paths_tried = (None, ("source", "target"), ("platform",), ("no-such-field",))
    for focused in (False, True):
        fresh = Blueprint(model.files)
        view = FocusedBlueprint(fresh, ("interface",), {}, set(), lambda i: naming.get(i, set())) if focused else fresh
        answers = 0
        for kind, entity_id in asked:
            for source in (None, *KINDS):
                for paths in paths_tried:
                    listed = model.referrers(kind, entity_id, source)
                    expected = any(paths is None or r.path in paths for r in listed)
                    assert view.has_referrer(kind, entity_id, source, paths) == expected, (kind, entity_id, source)
                    answers += expected
        assert answers > 100
