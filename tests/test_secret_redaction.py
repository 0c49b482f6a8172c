"""No output ever repeats a secret found in a blueprint (DESIGN.md, "Offline and private").

End to end, through the real entry point (``linter.cli.launch``, so the replay store is written and
used as the console script does): a copy of ``examples/broken`` gets one planted secret of each
shape SE002 knows, several on lines that other rules report too (a schema enum message quoting the
value, an unresolved reference, a duplicate key, a flow mapping with another finding, an ALM link
quoted by CP007, a syntax error next to a secret, a secret behind a YAML alias, a comment). Every
format is run, with and without the result cache, replayed, with a baseline written and applied,
and after an edit (so the per-file cache is written and read); then standard output, standard
error, every report, the baseline and every file under the cache directory are searched for the
secrets, raw and in the encodings the formats use.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from linter.cache import replay
from linter.report import FORMATS as REGISTERED_FORMATS

ROOT = Path(__file__).resolve().parent.parent
FORMATS = REGISTERED_FORMATS  # every format, new ones included
# Every planted secret contains this marker (except the hex one), so a truncated quote leaks it too.
MARKER = "Pl4nted"
HEX_SECRET = "1c17149d439536b3216fdaeeb975729fae923d5a"
ENTROPY_SECRET = "Pl4ntedu8jzPde0IgxLd6GncfBAepfJBd0Kh8oOO"

PLANTED = f"""\
# Planted secrets (tests/test_secret_redaction.py): one of each shape SE002 knows.
blueprint_version: 1

x-deployment:
  db_password: "Pl4nted-DbPass-91!"
  x-shared: &shared "Pl4nted-Alias-92!"
  x-password: *shared
  x-api-key: "Pl4nted-DupFirst-93!"
  x-api-key: "Pl4nted-DupSecond-94!"
  x-pem: |
    -----BEGIN RSA PRIVATE KEY-----
    MIIEpAIBAAKCAQEAPl4ntedPemBody95xYzAbCdEfGhIjKlMnOpQrStUvWxYz
    -----END RSA PRIVATE KEY-----
  storage: "DefaultEndpointsProtocol=https;AccountName=plantacct;AccountKey=Pl4ntedAccountKey96abcdEFGH0123+/==;EndpointSuffix=core.windows.net"
  bus: "Endpoint=sb://plant.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=Pl4ntedSharedKey97abcdEFGH0123="
  queue-auth: "SharedAccessSignature sr=plant&sig=Pl4ntedSasSig98abcdEFGH%2B0123&se=1700000000&skn=send"
  blob: "https://plant.blob.core.windows.net/in?sv=2022-11-02&sig=Pl4ntedBlobSig99abcdEFGH%2B0123%3D"
  hook: "https://plant.azurewebsites.net/api/hook?code=Pl4ntedFunctionCode100abcd"  # password: Pl4nted-Comment-106!
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQbDRudGVkMTAxIn0.Pl4ntedJwtSignature101abcdEFGH"
  odbc: "Driver={{ODBC Driver 18}};Server=erp01;Uid=svc_int;Pwd=Pl4ntedOdbc102"
  wiki: "https://svc-wiki:Pl4ntedUrlPass103@wiki.contoso.example/citizen"
  function-key: "{ENTROPY_SECRET}"
  signing-material: "{HEX_SECRET}"
  report: "https://reports.contoso.example/daily?user=svc&password=Pl4ntedQueryPass104"
  notes: "test login is admin, password: Pl4nted-Prose-105!"

interfaces:
  - id: IF-PLANTED
    name: Planted secrets on lines other rules report
    source: SYS-WEB
    target: "eyJhbGciOiJIUzI1NiJ9.eyJ0IjoiUGw0bnRlZDEwNyJ9.Pl4ntedJwtTarget107abcdEFGH"
    security: {{auth: "AccountKey=Pl4ntedEnumKey108abcdEFGH0123456789abcdEFGH0123456789abcdEFGHxyz", transport: http, x-token: "Pl4nted-FlowToken-109!"}}
    alm:
      - {{type: technical_design, ref: "http://svc:Pl4ntedAlm110@wiki.contoso.example/tdd"}}
  - id: IF-PLANTED-REF
    name: A literal where a secret reference belongs
    source: SYS-WEB
    target: SYS-CS
    security:
      auth: basic
      secrets_ref: "Pl4nted-Ref-111!"
"""

SYNTAX_ERROR = """\
blueprint_version: 1
x-deployment:
  broken: [unclosed
  x-password: "Pl4nted-Syntax-112!"
"""

SECRETS = [
    "Pl4nted-DbPass-91!",
    "Pl4nted-Alias-92!",
    "Pl4nted-DupFirst-93!",
    "Pl4nted-DupSecond-94!",
    "MIIEpAIBAAKCAQEAPl4ntedPemBody95xYzAbCdEfGhIjKlMnOpQrStUvWxYz",
    "Pl4ntedAccountKey96abcdEFGH0123+/==",
    "Pl4ntedSharedKey97abcdEFGH0123=",
    "Pl4ntedSasSig98abcdEFGH%2B0123",
    "Pl4ntedBlobSig99abcdEFGH%2B0123%3D",
    "Pl4ntedFunctionCode100abcd",
    "Pl4nted-Comment-106!",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQbDRudGVkMTAxIn0.Pl4ntedJwtSignature101abcdEFGH",
    "Pl4ntedOdbc102",
    "Pl4ntedUrlPass103",
    ENTROPY_SECRET,
    HEX_SECRET,
    "Pl4ntedQueryPass104",
    "Pl4nted-Prose-105!",
    "eyJhbGciOiJIUzI1NiJ9.eyJ0IjoiUGw0bnRlZDEwNyJ9.Pl4ntedJwtTarget107abcdEFGH",
    "Pl4ntedEnumKey108abcdEFGH0123456789abcdEFGH0123456789abcdEFGHxyz",
    "Pl4nted-FlowToken-109!",
    "Pl4ntedAlm110",
    "Pl4nted-Ref-111!",
    "Pl4nted-Syntax-112!",
]


def _encodings(secret: str) -> set[str]:
    """The secret as the formats could spell it: raw, JSON, XML, URI and CI-command escaped."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=True)[1:-1],
        html.escape(secret, quote=True),
        html.escape(secret, quote=False),
        quote(secret, safe=""),
        quote(secret, safe="/"),
        quote_plus(secret),
        secret.replace("%", "%25"),
        secret.replace("%", "%AZP25"),
    }
    # Any 12-character stretch of a secret (a truncated quote), except for the stretches of the
    # well-known JWT header every token shares.
    forms |= {secret[i : i + 12] for i in range(0, max(1, len(secret) - 11), 6) if not secret.startswith("eyJ")}
    return forms


NEEDLES = sorted({form.encode("utf-8") for secret in SECRETS for form in _encodings(secret)} | {MARKER.encode()})


def _leaks(data: bytes) -> list[str]:
    return sorted({needle.decode() for needle in NEEDLES if needle in data})


def _environment(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in replay.ENV_INPUTS and not k.startswith("BLUEPRINT")}
    env["BLUEPRINT_LINT_CACHE_DIR"] = str(cache)
    return env


# The console script's entry point; it also notes whether the run was replayed (the full CLI never
# imported), as tests/test_replay.py does.
DRIVER = """\
import atexit, sys
marker = sys.argv.pop(1)
atexit.register(lambda: open(marker, "w").write("full" if "linter.cli.main" in sys.modules else "replayed"))
from linter.cli import launch
launch.main()
"""


def _run(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    marker = cwd.parent / "how"
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(marker), *args],
        cwd=cwd,
        env=_environment(cache),
        capture_output=True,
        check=False,
    )
    done.how = marker.read_text()  # type: ignore[attr-defined]
    return done


def _used(cache: Path, kind: str) -> dict[Path, int]:
    """The entries of one kind and when each was last written or used (a hit touches it)."""
    return {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file() and kind in p.parts}


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "examples" / "broken", workspace)
    (workspace / "interfaces" / "planted.yaml").write_text(PLANTED, encoding="utf-8")
    # In the example's own workspace for an unloadable file: there it holds back nothing of the rest.
    (workspace / "unloadable" / "planted-syntax.yaml").write_text(SYNTAX_ERROR, encoding="utf-8")
    return workspace


def test_the_planted_secrets_are_found(planted: Path, tmp_path: Path) -> None:
    """The fixture is what it claims: SE002 reports each planted secret, and other rules report
    the lines that hold some of them (so the redaction below is tested where it matters)."""
    done = _run(planted, tmp_path / "cache", "check", "--no-cache", "-f", "json", "interfaces/planted.yaml")
    found = json.loads(done.stdout)["diagnostics"]
    lines = {(d["code"], d["line"]) for d in found}
    se002 = {line for code, line in lines if code == "SE002"}
    assert se002 == {5, 6, 8, 10, *range(14, 26), 31, 32, 34, 41}, sorted(se002)
    others = {code for code, line in lines if line in (9, 31, 32, 34) and code != "SE002"}
    assert {"SY002", "XR001", "SC001", "SE005", "CP007"} <= others, others


def test_no_output_cache_or_baseline_repeats_a_secret(planted: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reports = tmp_path / "reports"
    reports.mkdir()
    outputs: dict[str, bytes] = {}

    def run(label: str, *args: str) -> subprocess.CompletedProcess[bytes]:
        done = _run(planted, cache, *args)
        assert done.returncode in (0, 1), (label, done.returncode, done.stderr.decode(errors="replace"))
        outputs[f"{label} stdout"] = done.stdout
        outputs[f"{label} stderr"] = done.stderr
        return done

    every_report = [f"--report={fmt}:{reports / f'report.{fmt}'}" for fmt in FORMATS]
    # Cold (the workspace and file caches and the replay store are written), then replayed.
    cold = run("cold", "check", ".", "-j", "2", *every_report)
    warm = run("warm", "check", ".", "-j", "2", *every_report)
    assert (cold.how, warm.how) == ("full", "replayed")
    assert (cold.stdout, cold.stderr) == (warm.stdout, warm.stderr)
    # Each format on standard output: new invocations, answered from the workspace cache.
    workspace_entries = _used(cache, "workspace")
    time.sleep(0.01)
    for fmt in FORMATS:
        assert run(f"-f {fmt}", "check", ".", "-f", fmt).how == "full"  # type: ignore[attr-defined]
        uncached = _run(planted, cache, "check", ".", "-f", fmt, "--no-cache")
        assert uncached.stdout == outputs[f"-f {fmt} stdout"], f"{fmt}: the cached run differs from a fresh one"
    assert _used(cache, "workspace") != workspace_entries, "the workspace entry was used"
    # A baseline, written and applied (a run with a baseline never replays: it reads the data).
    run("baseline", "baseline", ".", "-o", str(reports / "baseline.yaml"))
    run("with baseline", "check", ".", "--baseline", str(reports / "baseline.yaml"), "-f", "sarif")
    # An edit elsewhere: the workspace entry misses, the other files come from the per-file cache.
    with (planted / "blueprint.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# edited\n")
    file_entries = _used(cache, "file")
    time.sleep(0.01)
    run("after an edit", "check", ".", "-j", "2", *every_report)
    touched = [p for p, when in _used(cache, "file").items() if p in file_entries and when != file_entries[p]]
    assert touched, "the unchanged files came from the per-file cache"

    for path in sorted(reports.iterdir()):
        outputs[f"report {path.name}"] = path.read_bytes()
    assert outputs["cold stdout"].count(b"SE002") >= 20
    cached = sorted(p for p in cache.rglob("*") if p.is_file())
    assert any("replay" in p.parts for p in cached) and any("workspace" in p.parts for p in cached)
    assert any("file" in p.parts for p in cached), "the per-file cache holds the files without secrets"
    for path in cached:
        outputs[f"cache {path.relative_to(cache)}"] = path.read_bytes()

    leaked = {where: found for where, data in outputs.items() if (found := _leaks(data))}
    assert not leaked, json.dumps(leaked, indent=1)
