"""Both cache layers key on what the run actually depended on (issue 13, items 2-4): the bytes the
engine read (a file edited during a run and reverted is never replayed with the edited findings),
files over the replay's hashing threshold, and the source of every module of a plugin's package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cache import reads, replay
from linter.core.limits import LoadLimits
from linter.core.options import LintOptions
from linter.load import read as read_module
from linter.run import file_stage
from linter.run.engine import lint
from tests.helpers import ruleset, write_workspace
from tests.test_cache import GOOD, IFACE, rendered
from tests.test_replay import DRIVER, Run, entries

# The real entry point, as tests/test_replay.py runs it, plus two test hooks set through the
# environment of this file's runs only (the tool reads neither):
# - TEST_HASH_AT_MOST patches the replay's hashing threshold (so no test writes 256 MiB);
# - TEST_RACE=PATH:TEXT makes the engine's read of PATH see TEXT: the file is rewritten just before
#   the engine reads it and put back (bytes and modification time) right after, as an editor
#   saving and undoing during the run would. The bytes the inputs digest's stamp read are dropped
#   first, so the engine reads the file as it does where none were kept (a configuration, a file
#   over the keeping size); with TEST_RACE_KEEP=1 they are left for the engine to parse.
HOOKED_DRIVER = (
    """\
import os, sys
if os.environ.get("TEST_HASH_AT_MOST"):
    from linter.cache import replay
    replay._HASH_AT_MOST = int(os.environ["TEST_HASH_AT_MOST"])
if os.environ.get("TEST_RACE"):
    from linter.run import file_stage
    target, _, edited = os.environ["TEST_RACE"].partition(":")
    real = file_stage.read_spec
    def racing(path, limits):
        if os.path.abspath(path) != target:
            return real(path, limits)
        if not os.environ.get("TEST_RACE_KEEP"):
            from linter.cache import reads
            reads.take(path)
        original, info = open(target, "rb").read(), os.stat(target)
        with open(target, "wb") as handle:
            handle.write(edited.encode())
        try:
            return real(path, limits)
        finally:
            with open(target, "wb") as handle:
                handle.write(original)
            os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))
    file_stage.read_spec = racing
"""
    + DRIVER
)


def cli(cwd: Path, cache_dir: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    marker = cwd.parent / f".marker-{os.getpid()}"
    environment = {k: v for k, v in os.environ.items() if k not in replay.ENV_INPUTS and not k.startswith("BLUEPRINT")}
    environment.pop("TEST_RACE", None)
    environment.pop("TEST_HASH_AT_MOST", None)
    environment.pop("TEST_RACE_KEEP", None)
    # No __pycache__ next to a test plugin: the import path's stamp stays put between runs.
    environment.update({"BLUEPRINT_LINT_CACHE_DIR": str(cache_dir), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    proc = subprocess.run(
        [sys.executable, "-c", HOOKED_DRIVER, str(marker), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    how = marker.read_text()
    marker.unlink()
    return Run(proc.returncode, proc.stdout, proc.stderr, how)


def fresh(cwd: Path, cache_dir: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """What a run that uses no cache at all prints."""
    run = cli(cwd, cache_dir, *args, "--no-cache", env=env)
    assert run.how == "full"
    return run.code, run.stdout


def restore_mtime(path: Path, info: os.stat_result) -> None:
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


# -- item 2: the content the engine read ----------------------------------------------------------
def test_a_file_edited_during_a_run_and_reverted_is_not_replayed(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    edited = IFACE.replace("[G-1]", "[G-2]")
    target = str(root / "if.yaml")
    raced = cli(root, cache_dir, "check", "-f", "json", env={"TEST_RACE": f"{target}:{edited}"})
    assert raced.how == "full"
    assert "'G-2'" in raced.stdout, "the hook made the engine read the edited content"
    assert (root / "if.yaml").read_text(encoding="utf-8") == IFACE, "and the file was put back"
    assert entries(cache_dir) == [], "a run whose files changed under it is not stored"
    after = cli(root, cache_dir, "check", "-f", "json")
    assert after.how == "full", "never a replay of the edited content"
    assert (after.code, after.stdout) == fresh(root, cache_dir, "check", "-f", "json")
    assert "'G-2'" not in after.stdout
    again = cli(root, cache_dir, "check", "-f", "json")
    assert again.how == "replayed" and again.stdout == after.stdout, "the right result is stored in turn"


def test_a_recorded_run_parses_the_bytes_its_stamps_read(tmp_path: Path) -> None:
    # Read once (linter/cache/reads.py): the engine parses the bytes the inputs digest's stamp of
    # the file read, so an edit during the run cannot reach it, and what is stored pairs the
    # stamped content with its own findings.
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    edited = IFACE.replace("[G-1]", "[G-2]")
    target = str(root / "if.yaml")
    raced = cli(root, cache_dir, "check", "-f", "json", env={"TEST_RACE": f"{target}:{edited}", "TEST_RACE_KEEP": "1"})
    assert raced.how == "full"
    assert "'G-2'" not in raced.stdout, "the engine parsed the stamped bytes, not the file as edited under it"
    assert (raced.code, raced.stdout) == fresh(root, cache_dir, "check", "-f", "json")
    assert len(entries(cache_dir)) == 1, "the stamped content and its findings are stored"
    again = cli(root, cache_dir, "check", "-f", "json")
    assert again.how == "replayed" and again.stdout == raced.stdout


def test_stamped_bytes_are_taken_once_and_never_outlive_the_run(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("blueprint_version: 1\n", encoding="utf-8")
    kept: dict[str, tuple[bytes, str]] = {}
    stamp = replay.file_stamp(str(spec), kept)
    assert kept == {str(spec): (b"blueprint_version: 1\n", stamp[2])}
    spec.write_text("blueprint_version: 2\n", encoding="utf-8")
    reads.start(kept)
    try:
        first = read_module.read_spec(spec, LoadLimits())
        second = read_module.read_spec(spec, LoadLimits())
        observed = list(reads._journal or [])
    finally:
        reads.stop()
    assert first == ("blueprint_version: 1\n", "", "", stamp[2]), "the stamped bytes, with the stamp's digest"
    assert second[0] == "blueprint_version: 2\n", "taken once: a second read reads the file"
    assert observed[0] == (str(spec), stamp)
    reads.start({str(spec): (b"blueprint_version: 1\n", stamp[2])})
    reads.drop_contents()
    try:
        assert read_module.read_spec(spec, LoadLimits())[0] == "blueprint_version: 2\n", "dropped: read afresh"
    finally:
        reads.stop()
    reads.start({str(spec): (b"blueprint_version: 1\n", stamp[2])})
    reads.stop()
    assert read_module.read_spec(spec, LoadLimits())[0] == "blueprint_version: 2\n", "nothing outlives the run"


def test_the_keeping_size_is_the_default_file_size_limit() -> None:
    assert LoadLimits().max_file_bytes == replay._KEEP_AT_MOST


def test_a_configuration_edited_during_a_run_is_not_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The configuration and the baseline are read through linter/cache/reads.py too.
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD})
    monkeypatch.chdir(root)
    recording = replay.Recording(["check"], ["."], None, None)
    from linter.settings.config import load_config

    (root / ".blueprint-lint.yaml").write_text("ignore: [XR004]\n", encoding="utf-8")  # after the digest
    load_config(root / ".blueprint-lint.yaml")
    assert not recording.storable()
    recording = replay.Recording(["check"], ["."], None, None)
    load_config(root / ".blueprint-lint.yaml")  # read as stamped
    assert recording.storable()


def test_the_engine_stamps_what_it_read_as_the_digest_stamps_it(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(b"\xef\xbb\xbfblueprint_version: 1\r\n")  # a BOM and CR LF: the bytes, not the text
    reads.start()
    try:
        text, _, _, digest = read_module.read_spec(spec, LoadLimits())
    finally:
        observed = reads.stop()
    assert text == "blueprint_version: 1\r\n"
    assert observed == [(str(spec), replay.file_stamp(str(spec)))]
    assert replay.file_stamp(str(spec)) == ["content", spec.stat().st_size, digest]
    assert file_stage.snapshot(spec, LoadLimits(), tmp_path).digest == digest, "the caches key on the same bytes"


def test_the_result_caches_key_on_the_bytes_read_not_on_an_earlier_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The per-file and per-workspace entries of a run whose file was edited under it are keyed on
    # the edited content, so the next run (the file back as it was) never gets them.
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    target = root / "if.yaml"
    real = file_stage.read_spec

    def racing(path: Path, limits: LoadLimits) -> tuple[str | None, str, str, str]:
        if path != target:
            return real(path, limits)
        original, info = target.read_bytes(), target.stat()
        target.write_text(IFACE.replace("[G-1]", "[G-2]"), encoding="utf-8")
        try:
            return real(path, limits)
        finally:
            target.write_bytes(original)
            restore_mtime(target, info)

    monkeypatch.setattr(file_stage, "read_spec", racing)
    raced = rendered(lint([Path(".")], ruleset(), LintOptions(cache_dir=tmp_path / "cache"), cwd=root))
    assert any("'G-2'" in line for line in raced)
    monkeypatch.undo()
    after = rendered(lint([Path(".")], ruleset(), LintOptions(cache_dir=tmp_path / "cache"), cwd=root))
    assert after == rendered(lint([Path(".")], ruleset(), LintOptions(cache_dir=None), cwd=root))
    assert not any("'G-2'" in line for line in after)


# -- item 3: files over the hashing threshold -----------------------------------------------------
def test_an_in_place_edit_of_a_file_over_the_threshold_is_never_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    small = {"TEST_HASH_AT_MOST": "64"}  # if.yaml (99 bytes) and base.yaml are "large"
    assert (root / "if.yaml").stat().st_size > 64
    first = cli(root, cache_dir, "check", "-f", "json", env=small)
    second = cli(root, cache_dir, "check", "-f", "json", env=small)
    assert (first.how, second.how) == ("full", "full"), "the engine read content the stamp does not cover"
    assert entries(cache_dir) == []
    target = root / "if.yaml"
    info = target.stat()
    target.write_text(IFACE.replace("[G-1]", "[G-2]"), encoding="utf-8")  # same size, same inode
    restore_mtime(target, info)
    monkeypatch.setattr(replay, "_HASH_AT_MOST", 64)
    assert replay.file_stamp(str(target)) == ["large", info.st_size, info.st_mtime_ns, info.st_ino], "unchanged stamp"
    edited = cli(root, cache_dir, "check", "-f", "json", env=small)
    assert edited.how == "full" and "'G-2'" in edited.stdout
    assert (edited.code, edited.stdout) == fresh(root, cache_dir, "check", "-f", "json", env=small)


def test_a_file_over_the_threshold_refused_for_its_size_stays_replayable(tmp_path: Path) -> None:
    # Over max-file-bytes the engine never reads the file (SY007 states its size): the size-keyed
    # stamp covers everything that result depends on, so an in-place edit replays correctly.
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    small = {"TEST_HASH_AT_MOST": "64"}
    args = ("check", "-f", "json", "--max-file-bytes", "64")
    first = cli(root, cache_dir, *args, env=small)
    assert first.how == "full" and "SY007" in first.stdout
    assert cli(root, cache_dir, *args, env=small).how == "replayed"
    target = root / "if.yaml"
    info = target.stat()
    target.write_text(IFACE.replace("[G-1]", "[G-2]"), encoding="utf-8")
    restore_mtime(target, info)
    warm = cli(root, cache_dir, *args, env=small)
    assert warm.how == "replayed"
    assert (warm.code, warm.stdout) == fresh(root, cache_dir, *args, env=small)


def sparse_spec(path: Path, size: int, head: str) -> None:
    """A spec file of ``size`` bytes that takes no disk space: ``head``, then a hole (NUL bytes)."""
    with path.open("wb") as handle:
        handle.write(head.encode())
        handle.truncate(size)


def test_the_real_threshold_stamps_by_size_and_refuses_content_it_did_not_hash(tmp_path: Path) -> None:
    assert replay._HASH_AT_MOST == 256 << 20
    huge = tmp_path / "huge.yaml"
    sparse_spec(huge, replay._HASH_AT_MOST + 1, "blueprint_version: 1\n")
    stamp = replay.file_stamp(str(huge))
    assert stamp[:2] == ["large", replay._HASH_AT_MOST + 1]
    assert not replay.matches(["content", replay._HASH_AT_MOST + 1, "0" * 40], stamp), "read: not stored"
    assert replay.matches(["size", replay._HASH_AT_MOST + 1], stamp), "refused for its size: replayable"
    assert not replay.matches(["size", replay._HASH_AT_MOST + 2], stamp), "a size seen mid-run that differs"
    assert replay.matches(["content", 5, "a" * 40], ["content", 5, "a" * 40])
    assert not replay.matches(["content", 5, "a" * 40], None), "a read the digest did not cover"


def test_the_real_threshold_end_to_end(tmp_path: Path) -> None:
    # A 256 MiB + 1 byte file (sparse: nothing written), with the real threshold. Read by the engine
    # (max-file-bytes raised above it) the run is not stored; refused for its size it is replayed.
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD})
    cache_dir = tmp_path / "cache"
    sparse_spec(root / "huge.yaml", replay._HASH_AT_MOST + 1, "blueprint_version: 1\n")
    read_args = ("check", "-f", "json", "--max-file-bytes", str(replay._HASH_AT_MOST + 10))
    first = cli(root, cache_dir, *read_args)
    assert first.how == "full" and "SY009" in first.stdout, "read, and found binary"
    assert cli(root, cache_dir, *read_args).how == "full"
    refused = ("check", "-f", "json")
    assert "SY007" in cli(root, cache_dir, *refused).stdout
    assert cli(root, cache_dir, *refused).how == "replayed"


# -- item 4: plugin sources -----------------------------------------------------------------------
PLUGIN_INIT = '''\
"""A local plugin, edited in place (as an editable install is)."""
from acme_lint.rule import NamedInterfaces


def rules():
    return [NamedInterfaces]
'''
PLUGIN_RULE = """\
import os

from linter.api import Finding, Rule, Severity
from acme_lint.helpers import wording

VERSION_OF_THE_RULE = "rule-v1"


class NamedInterfaces(Rule):
    code = "ACME001"
    name = "acme-named-interfaces"
    severity = Severity.WARNING
    summary = "Test plugin."
    rationale = "Test plugin."
    how_to_fix = "Nothing."
    passing_example = "blueprint_version: 1\\n"
    failing_example = "blueprint_version: 1\\n"

    def check(self, model):
        with open(os.environ["ACME_LOG"], "a") as log:  # one line each time the rule really runs
            log.write("ran\\n")
        for interface in model.interfaces:
            yield Finding.at(interface, "", f"{VERSION_OF_THE_RULE} {wording()}")
"""
PLUGIN_HELPERS = 'def wording():\n    return "helper-v1"\n'


def local_plugin(site: Path) -> dict[str, str]:
    """A plugin package and its distribution metadata on PYTHONPATH, version 1.0 throughout."""
    package = site / "acme_lint"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(PLUGIN_INIT, encoding="utf-8")
    (package / "rule.py").write_text(PLUGIN_RULE, encoding="utf-8")
    (package / "helpers.py").write_text(PLUGIN_HELPERS, encoding="utf-8")
    info = site / "acme_lint-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-lint\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[blueprint_lint.rules]\nacme = acme_lint:rules\n", encoding="utf-8")
    return {"PYTHONPATH": str(site), "ACME_LOG": str(site.parent / "acme.log")}


def findings(run: Run) -> list[str]:
    return sorted(d["message"] for d in json.loads(run.stdout)["diagnostics"] if d["code"] == "ACME001")


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_edited_plugin_rule_or_helper_gives_fresh_findings_from_the_replay(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    env = local_plugin(tmp_path / "site")
    package = tmp_path / "site" / "acme_lint"
    args = ("check", "-f", "json")
    assert findings(cli(root, cache_dir, *args, env=env)) == ["rule-v1 helper-v1"]
    assert cli(root, cache_dir, *args, env=env).how == "replayed"
    edit(package / "rule.py", "rule-v1", "rule-v2")  # same distribution version
    edited = cli(root, cache_dir, *args, env=env)
    assert edited.how == "full" and findings(edited) == ["rule-v2 helper-v1"]
    assert cli(root, cache_dir, *args, env=env).how == "replayed"
    edit(package / "helpers.py", "helper-v1", "helper-v2")  # a module the rule imports
    helper = cli(root, cache_dir, *args, env=env)
    assert helper.how == "full" and findings(helper) == ["rule-v2 helper-v2"]
    assert (helper.code, helper.stdout) == fresh(root, cache_dir, *args, env=env)


def test_an_edited_plugin_rule_or_helper_gives_fresh_findings_from_the_workspace_cache(tmp_path: Path) -> None:
    # The replay entries are removed before each run, so each is a full run that consults the
    # per-workspace cache; the plugin's log says whether its rule really ran.
    root = write_workspace(tmp_path / "ws", {"base.yaml": GOOD, "if.yaml": IFACE})
    cache_dir = tmp_path / "cache"
    env = local_plugin(tmp_path / "site")
    package = tmp_path / "site" / "acme_lint"
    log = Path(env["ACME_LOG"])

    def full_run() -> Run:
        for entry in entries(cache_dir):
            entry.unlink()
        run = cli(root, cache_dir, "check", "-f", "json", env=env)
        assert run.how == "full"
        return run

    def rule_runs() -> int:
        return len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0

    assert findings(full_run()) == ["rule-v1 helper-v1"] and rule_runs() == 1
    assert findings(full_run()) == ["rule-v1 helper-v1"] and rule_runs() == 1, "served by the workspace cache"
    edit(package / "rule.py", "rule-v1", "rule-v2")
    assert findings(full_run()) == ["rule-v2 helper-v1"] and rule_runs() == 2
    edit(package / "helpers.py", "helper-v1", "helper-v2")
    assert findings(full_run()) == ["rule-v2 helper-v2"] and rule_runs() == 3
    assert findings(full_run()) == ["rule-v2 helper-v2"] and rule_runs() == 3


def test_every_file_of_a_plugin_package_is_a_dependency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter.cache import identity
    from linter.catalog.registry import RuleSet
    from linter.cli import main as cli_module

    local_plugin(tmp_path / "site")
    (tmp_path / "site" / "acme_lint" / "data").mkdir()
    (tmp_path / "site" / "acme_lint" / "data" / "limits.yaml").write_text("max: 3\n", encoding="utf-8")
    (tmp_path / "site" / "acme_lint" / "notes.txt").write_text("not code\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    try:
        import acme_lint.rule  # type: ignore[import-not-found]

        builtin = ruleset().rules[0]
        plugin = acme_lint.rule.NamedInterfaces()
        package = tmp_path / "site" / "acme_lint"
        expected = [str(package / name) for name in ("__init__.py", "data/limits.yaml", "helpers.py", "rule.py")]
        assert cli_module._plugin_files(RuleSet(rules=[builtin, plugin])) == expected
        assert cli_module._plugin_files(RuleSet(rules=[builtin])) == [], "the tool fingerprint covers built-ins"
    finally:
        for name in [m for m in sys.modules if m == "acme_lint" or m.startswith("acme_lint.")]:
            del sys.modules[name]
    assert identity.plugin_packages(["acme_lint.rule", "blueprint_lint_rules.xr.x", "linter.settings.x"]) == [
        "acme_lint"
    ]
