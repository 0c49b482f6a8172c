"""Benchmark blueprint-lint against Spectral, check-jsonschema and the raw parse floor.

    python bench/run.py setup                      # install Spectral and check-jsonschema (tools dir)
    python bench/run.py run --runs 3 --chart bench/scaling.png --update BENCHMARKS.md
    python bench/run.py compare                    # re-measure, compare with BENCHMARKS.md

Everything is measured side by side on this machine, in one run: wall time (``time.perf_counter``
around the child process) and peak memory (``ru_maxrss`` of the child from ``os.wait4``, i.e. the
largest resident set of the process and of any child it waited for), median of ``--runs``. Each
tool runs under the small launcher ``bench/measure.py``, so that the bench process's own size
never floors a tool's peak memory (see there).

Tools measured on the same generated blueprints (``bench/generate.py``):

- ``ours-cold``: ``blueprint-lint check DIR -f json`` with an empty cache directory;
- ``ours-warm``: the same command again, with the cache the previous run left;
- ``spectral``: ``spectral lint`` with ``bench/spectral-ruleset.yaml`` (goal, frequency, volume);
- ``check-jsonschema``: schema validation only, with ``schemas/blueprint-v1.schema.json``;
- ``parse-floor``: rapidyaml parsing every file, in a fresh Python process (no conversion);
- ``ours-edit`` (on request, not in the default set): a cold run with an empty cache directory
  (its time is kept as the pair's cold time), then one interface file of the blueprint is edited
  (the first interface of the middle ``interfaces/`` file, or of the middle of the single file, gets
  its average volume raised by one), and ``check`` runs again with the cache the cold run left:
  that re-run is measured. Run on a copy of the data; the file is restored after each run.
  ``edit-vs-cold`` is the re-run's median wall time over the pair's cold median (issue 16 asks for
  at most 0.2 on the 20,000-interface workspace);
- ``ours-report`` (on request, not in the default set): ``blueprint-lint report DIR -o report.html``
  with an empty cache directory, the same run as ``ours-cold`` plus the diagrams, the matrix, the
  cards and the page; ``report-vs-check`` is its wall time over ``ours-cold``'s (issue 15 asks for
  at most 2)::

      python bench/run.py run --sizes 20000 --layouts single,workspace --tools ours-cold,ours-report

Profiles (``--profiles``, default ``light``): ``light`` is the blueprint of the recorded table (5 %
of the interfaces with a planted defect, about 1,000 findings at 20,000 interfaces); ``heavy`` is
the findings-heavy blueprint of issue 16 (no mappings, a tenth with a mechanism mismatch: about
22,000 findings at 20,000 interfaces). Heavy ratios carry a ``heavy-`` prefix, and with both
profiles measured ``findings-cost/<layout>/<size>`` is heavy ``ours-cold`` over light ``ours-cold``
(raw wall time) and ``findings-cost-per-byte/…`` the same per input byte (the heavy blueprint has no
mappings, so it is about 15 % smaller)::

      python bench/run.py run --profiles heavy,light --sizes 2000,20000 \
          --tools ours-cold,ours-edit,spectral --update BENCHMARKS.md --section issue16

Generated data and the tools live in a scratch directory (``BLUEPRINT_BENCH_DIR``, default
``$TMPDIR/blueprint-lint-bench``), never in the repository. This is run by hand, never by the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCHEMA = ROOT / "schemas" / "blueprint-v1.schema.json"
RULESET = HERE / "spectral-ruleset.yaml"
SCRATCH = Path(os.environ.get("BLUEPRINT_BENCH_DIR", Path(tempfile.gettempdir()) / "blueprint-lint-bench"))
TOOLS = SCRATCH / "tools"
SPECTRAL = TOOLS / "spectral" / "node_modules" / ".bin" / "spectral"
CHECK_JSONSCHEMA = TOOLS / "cjs" / "bin" / "check-jsonschema"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
DEFAULT_SIZES = (200, 2000, 20000)
ALL_TOOLS = ("ours-cold", "ours-warm", "spectral", "check-jsonschema", "parse-floor")
EXTRA_TOOLS = ("ours-report", "ours-edit")
PROFILES = ("light", "heavy")
# Blocks of BENCHMARKS.md that ``run --update`` rewrites: the main table, and named sections.
SECTIONS = {"main": (BEGIN, END), "issue16": ("<!-- bench:begin:issue16 -->", "<!-- bench:end:issue16 -->")}


@dataclass
class Measure:
    tool: str
    layout: str
    size: int
    wall_s: float
    rss_mb: float
    findings: int | None = None
    profile: str = "light"
    input_bytes: int = 0
    cold_wall_s: float | None = None  # ours-edit: the median of the cold runs it edited after


# -- setup --------------------------------------------------------------------------------------
def setup() -> None:
    """Install the peers into the tools directory with their ordinary clients."""
    TOOLS.mkdir(parents=True, exist_ok=True)
    spectral_dir = TOOLS / "spectral"
    if not SPECTRAL.exists():
        spectral_dir.mkdir(exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=spectral_dir, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "@stoplight/spectral-cli"], cwd=spectral_dir, check=True
        )
    if not CHECK_JSONSCHEMA.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TOOLS / "cjs")], check=True)
        # With ruamel.yaml.clib check-jsonschema parses about 3x faster: measure the peer at its best.
        pip = TOOLS / "cjs" / "bin" / "pip"
        subprocess.run([str(pip), "install", "-q", "check-jsonschema", "ruamel.yaml.clib"], check=True)
    print(f"tools ready in {TOOLS}")


# -- data ---------------------------------------------------------------------------------------
def dataset(layout: str, size: int, profile: str = "light") -> Path:
    # Keyed on the generator's source: data written by an older generator is never measured.
    version = hashlib.sha256((Path(__file__).with_name("generate.py")).read_bytes()).hexdigest()[:12]
    name = f"{layout}-{size}" if profile == "light" else f"{profile}-{layout}-{size}"
    out = SCRATCH / "data" / version / name
    if not (out / "defects.json").exists():
        print(f"generating {profile} {layout} {size:,} …", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
        # In a child process: ru_maxrss of a child starts at its parent's resident set when it
        # forks, so a bench process grown by generating 20,000 interfaces (200+ MB) would floor
        # every smaller tool's measured peak memory at its own.
        argv = [sys.executable, str(HERE / "generate.py"), "--count", str(size), "--layout", layout]
        subprocess.run([*argv, "--profile", profile, "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def edit_target(data: Path, layout: str, size: int) -> tuple[Path, bytes, bytes]:
    """The file ``ours-edit`` edits, its bytes and its edited bytes (deterministic).

    The first interface of the middle interface file (workspace) or the interface in the middle of
    the file (single) gets its average volume raised by one: a real edit of one entity, which
    changes no finding of the generated data."""
    start = (size // 2) // 10 * 10
    path = data / "interfaces" / f"if-{start:06d}.yaml" if layout == "workspace" else data / "blueprint.yaml"
    text = path.read_bytes()
    anchor = text.index(f"  - id: IF-{start:06d}\n".encode())
    match = re.compile(rb"average: \{count: (\d+),").search(text, anchor)
    if match is None:
        raise RuntimeError(f"no average volume after IF-{start:06d} in {path}")
    edited = text[: match.start(1)] + str(int(match.group(1)) + 1).encode() + text[match.end(1) :]
    return path, text, edited


def spec_files(directory: Path) -> list[str]:
    return sorted(str(p) for p in directory.rglob("*.yaml") if not p.name.startswith("."))


# -- measuring ----------------------------------------------------------------------------------
def measure_once(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time and peak memory of one run, measured by ``bench/measure.py`` (see why there)."""
    launcher = [sys.executable, str(HERE / "measure.py"), *argv]
    process = subprocess.run(launcher, capture_output=True, env=env, check=False)
    try:
        measured = json.loads(process.stdout.decode().strip().splitlines()[-1])
    except (IndexError, ValueError):
        error = process.stderr.decode(errors="replace")[-2000:]
        raise RuntimeError(f"{argv[0]} could not be measured: {error}") from None
    if measured["code"] not in (0, 1):
        raise RuntimeError(f"{argv[0]} failed ({measured['code']}): {process.stderr.decode(errors='replace')[-2000:]}")
    return float(measured["wall"]), float(measured["rss"])


def commands(tool: str, data: Path, output: Path, cache: Path) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, BLUEPRINT_LINT_CACHE_DIR=str(cache))
    files = spec_files(data)
    if tool in ("ours-cold", "ours-warm", "ours-edit"):
        argv = [
            sys.executable,
            "-m",
            "linter",
            "check",
            str(data),
            "-f",
            "json",
            "-o",
            str(output),
            "--fail-on",
            "never",
        ]
        return argv, env
    if tool == "ours-report":
        return [sys.executable, "-m", "linter", "report", str(data), "-o", str(output)], env
    if tool == "spectral":
        target = files[0] if len(files) == 1 else str(data / "**" / "*.yaml")
        argv = [str(SPECTRAL), "lint", target, "--ruleset", str(RULESET), "-f", "json", "-o", str(output), "-q"]
        return argv, env
    if tool == "check-jsonschema":
        return [str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMA), "-o", "text", *files], env
    if tool == "parse-floor":
        code = "import ryml,sys\nfor f in sys.argv[1:]:\n    ryml.parse_in_arena(open(f,'rb').read())"
        return [sys.executable, "-c", code, *files], env
    raise ValueError(tool)


def count_findings(tool: str, output: Path) -> int | None:
    try:
        payload = json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tool.startswith("ours"):
        return len(payload["diagnostics"])
    if tool == "spectral":
        return len(payload)
    return None


def measure(tool: str, layout: str, size: int, runs: int, profile: str = "light") -> Measure:
    data = dataset(layout, size, profile)
    input_bytes = sum(Path(f).stat().st_size for f in spec_files(data))
    walls, peaks, colds = [], [], []
    findings = None
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        output = Path(scratch) / "out.json"
        if tool == "ours-edit":
            # Edit a copy: the shared data directory is never changed, even by an interrupted run.
            shutil.copytree(data, Path(scratch) / "data")
            data = Path(scratch) / "data"
        for run in range(runs):
            cache = Path(scratch) / f"cache-{run}"
            argv, env = commands(tool, data, output, cache)
            if tool == "ours-warm":
                measure_once(argv, env)  # leaves the cache the measured run reuses
            if tool == "ours-edit":
                colds.append(measure_once(argv, env)[0])  # the cold run, with an empty cache
                path, original, edited = edit_target(data, layout, size)
                path.write_bytes(edited)
                try:
                    wall, peak = measure_once(argv, env)
                finally:
                    path.write_bytes(original)
            else:
                wall, peak = measure_once(argv, env)
            walls.append(wall)
            peaks.append(peak)
            if findings is None:
                findings = count_findings(tool, output)
    result = Measure(
        tool,
        layout,
        size,
        statistics.median(walls),
        statistics.median(peaks),
        findings,
        profile,
        input_bytes,
        statistics.median(colds) if colds else None,
    )
    print(
        f"{tool:<17} {profile:<5} {layout:<9} {size:>7,}  {result.wall_s:8.2f} s  {result.rss_mb:8.0f} MB"
        + (f"  {findings} findings" if findings is not None else "")
        + (f"  (cold {result.cold_wall_s:.2f} s)" if result.cold_wall_s is not None else ""),
        file=sys.stderr,
    )
    return result


# -- reporting ----------------------------------------------------------------------------------
def ratios(results: list[Measure]) -> dict[str, float]:
    """ours / Spectral per profile, layout and size, the per-interface cost growth, the edited
    re-run against its cold run, and the heavy run against the light one.

    Light keys are unprefixed (the recorded table's); heavy keys start with ``heavy-``."""
    out: dict[str, float] = {}
    for profile in PROFILES:
        prefix = "" if profile == "light" else f"{profile}-"
        by = {(m.tool, m.layout, m.size): m for m in results if m.profile == profile}
        for (tool, layout, size), m in sorted(by.items()):
            peer = by.get(("spectral", layout, size))
            if tool == "ours-cold" and peer:
                out[f"{prefix}cold-wall/{layout}/{size}"] = round(m.wall_s / peer.wall_s, 3)
                out[f"{prefix}cold-rss/{layout}/{size}"] = round(m.rss_mb / peer.rss_mb, 3)
            if tool == "ours-warm" and peer:
                out[f"{prefix}warm-wall/{layout}/{size}"] = round(m.wall_s / peer.wall_s, 3)
            if tool == "ours-edit" and m.cold_wall_s:
                # The target is the heavy workspace: its key carries no prefix.
                edit = "edit-vs-cold" if profile == "heavy" else f"{profile}-edit-vs-cold"
                out[f"{edit}/{layout}/{size}"] = round(m.wall_s / m.cold_wall_s, 3)
            check = by.get(("ours-cold", layout, size))
            if tool == "ours-report" and check:
                out[f"{prefix}report-vs-check/{layout}/{size}"] = round(m.wall_s / check.wall_s, 3)
        for layout in ("single", "workspace"):
            sizes = sorted(s for (t, lay, s) in by if t == "ours-cold" and lay == layout)
            if 2000 in sizes and sizes[-1] > 2000:
                big = by[("ours-cold", layout, sizes[-1])]
                small = by[("ours-cold", layout, 2000)]
                out[f"{prefix}per-interface/{layout}/{sizes[-1]}-vs-2000"] = round(
                    (big.wall_s / big.size) / (small.wall_s / small.size), 3
                )
    cold = {(m.profile, m.layout, m.size): m for m in results if m.tool == "ours-cold"}
    for (profile, layout, size), heavy in sorted(cold.items()):
        light = cold.get(("light", layout, size))
        if profile == "heavy" and light:
            # Raw: the same command on the same number of interfaces. Per byte: the light
            # blueprint also carries a mapping per interface (about 15 % more bytes).
            out[f"findings-cost/{layout}/{size}"] = round(heavy.wall_s / light.wall_s, 3)
            if heavy.input_bytes and light.input_bytes:
                out[f"findings-cost-per-byte/{layout}/{size}"] = round(
                    (heavy.wall_s / heavy.input_bytes) / (light.wall_s / light.input_bytes), 3
                )
    return out


def compile_sources() -> None:
    """Write the bytecode of the engine and the rules, as ``pip install`` does for a wheel.

    With ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) a source checkout never gets its
    ``.pyc`` files, and every run would measure compiling 170 modules (about 0.15 s) on top of
    the lint; compileall writes them whatever that variable says."""
    import compileall

    for package in ("linter", "rules", "schemas"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, AttributeError):
        pass
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() or "no node"
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}, Node {node}"


def markdown(results: list[Measure], ratio: dict[str, float], command: str) -> str:
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {machine()}",
        "",
    ]
    if all(m.profile == "light" and m.cold_wall_s is None for m in results):
        # The recorded table's columns, unchanged.
        lines += [
            "| tool | layout | interfaces | wall (s) | peak RSS (MB) | findings |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for m in results:
            findings = "" if m.findings is None else str(m.findings)
            lines.append(f"| {m.tool} | {m.layout} | {m.size:,} | {m.wall_s:.2f} | {m.rss_mb:.0f} | {findings} |")
    else:
        lines += [
            "| tool | profile | layout | interfaces | MB of YAML | wall (s) | peak RSS (MB) | findings | cold run before the edit (s) |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for m in results:
            findings = "" if m.findings is None else str(m.findings)
            cold = "" if m.cold_wall_s is None else f"{m.cold_wall_s:.2f}"
            lines.append(
                f"| {m.tool} | {m.profile} | {m.layout} | {m.size:,} | {m.input_bytes / 1e6:.1f} | {m.wall_s:.2f} "
                f"| {m.rss_mb:.0f} | {findings} | {cold} |"
            )
    lines += ["", "| ratio (ours / Spectral unless stated) | value |", "|---|---:|"]
    lines += [f"| {key} | {value:.3f} |" for key, value in ratio.items()]
    lines += ["", "<!-- bench:ratios", json.dumps(ratio, indent=1, sort_keys=True), "-->"]
    return "\n".join(lines)


def chart(results: list[Measure], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install matplotlib); no chart drawn", file=sys.stderr)
        return
    fig, axes = plt.subplots(1, 2, figsize=(12, 5))
    series: dict[tuple[str, str], list[Measure]] = {}
    for m in results:
        series.setdefault((m.tool, m.layout), []).append(m)
    for (tool, layout), points in sorted(series.items()):
        points.sort(key=lambda m: m.size)
        style = "-" if layout == "single" else "--"
        sizes = [m.size for m in points]
        axes[0].plot(sizes, [m.wall_s for m in points], style, marker="o", label=f"{tool} ({layout})")
        axes[1].plot(sizes, [m.rss_mb for m in points], style, marker="o", label=f"{tool} ({layout})")
    for axis, title in ((axes[0], "wall time (s)"), (axes[1], "peak memory (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("interfaces")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    axes[1].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    print(f"chart written to {path}", file=sys.stderr)


def update_markdown(path: Path, block: str, section: str = "main") -> None:
    begin, end = SECTIONS[section]
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{block}\n{end}{tail}", encoding="utf-8")


def recorded_ratios(path: Path) -> dict[str, float]:
    """Every ``bench:ratios`` block of the file, merged; a key recorded twice keeps its first value
    (the main table comes first, the issue sections add their own keys)."""
    blocks = re.findall(r"<!-- bench:ratios\n(.*?)\n-->", path.read_text(encoding="utf-8"), re.S)
    if not blocks:
        raise SystemExit(f"{path} has no recorded ratios (run `bench/run.py run --update {path}` first)")
    ratio: dict[str, float] = {}
    for block in blocks:
        for key, value in json.loads(block).items():
            ratio.setdefault(key, value)
    return ratio


# -- main ---------------------------------------------------------------------------------------
def run_all(
    sizes: list[int], layouts: list[str], tools: list[str], runs: int, big: bool, profiles: tuple[str, ...] = ("light",)
) -> list[Measure]:
    missing = [
        t
        for t, exe in (("spectral", SPECTRAL), ("check-jsonschema", CHECK_JSONSCHEMA))
        if t in tools and not exe.exists()
    ]
    if missing:
        raise SystemExit(f"missing tools {missing}: run `python bench/run.py setup` first")
    results = []
    for profile in profiles:
        for layout in layouts:
            for size in sizes:
                for tool in tools:
                    results.append(measure(tool, layout, size, runs, profile))
            if big:
                # 100,000 interfaces: our own scaling only (Spectral needs several GB here).
                for tool in ("ours-cold", "ours-warm", "parse-floor"):
                    if tool in tools:
                        results.append(measure(tool, layout, 100_000, max(1, runs // 2), profile))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="install Spectral and check-jsonschema into the tools directory")
    for name in ("run", "compare"):
        p = sub.add_parser(name)
        p.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
        p.add_argument("--layouts", default="single,workspace")
        p.add_argument("--tools", default=",".join(ALL_TOOLS), help=f"also: {', '.join(EXTRA_TOOLS)}")
        p.add_argument("--runs", type=int, default=3)
        p.add_argument("--big", action="store_true", help="also measure ours at 100,000 interfaces")
        p.add_argument(
            "--profiles", default="light", help="light (the recorded table), heavy (findings-heavy), or both"
        )
        if name == "run":
            p.add_argument("--chart", type=Path, help="draw wall time and memory against size to this PNG")
            p.add_argument("--json", type=Path, help="write the raw measurements here")
            p.add_argument("--update", type=Path, help="rewrite the measured block of this Markdown file")
            p.add_argument("--section", choices=sorted(SECTIONS), default="main", help="which block --update rewrites")
        else:
            p.add_argument("--against", type=Path, default=ROOT / "BENCHMARKS.md")
            p.add_argument("--tolerance", type=float, default=0.25, help="allowed relative worsening of a ratio")
    args = parser.parse_args()
    if args.command == "setup":
        setup()
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    layouts = [s for s in args.layouts.split(",") if s]
    tools = [s for s in args.tools.split(",") if s]
    profiles = tuple(s for s in args.profiles.split(",") if s)
    unknown = [p for p in profiles if p not in PROFILES] + [t for t in tools if t not in ALL_TOOLS + EXTRA_TOOLS]
    if unknown:
        raise SystemExit(f"unknown profile or tool: {', '.join(unknown)}")
    if args.command == "compare":
        recorded = recorded_ratios(args.against)
    compile_sources()
    results = run_all(sizes, layouts, tools, args.runs, args.big, profiles)
    ratio = ratios(results)
    if args.command == "run":
        command = "python bench/run.py run " + " ".join(sys.argv[2:])
        block = markdown(results, ratio, command)
        print(block)
        if args.json:
            args.json.write_text(json.dumps([asdict(m) for m in results], indent=1), encoding="utf-8")
        if args.chart:
            chart(results, args.chart)
        if args.update:
            update_markdown(args.update, block, args.section)
        return
    worse = []
    print(f"{'ratio':<40} {'recorded':>9} {'now':>9}")
    for key in sorted(set(recorded) | set(ratio)):
        old, new = recorded.get(key), ratio.get(key)
        flag = ""
        if old is not None and new is not None and new > old * (1 + args.tolerance):
            flag = "  WORSE"
            worse.append(key)
        print(f"{key:<40} {old if old is not None else '-':>9} {new if new is not None else '-':>9}{flag}")
    if worse:
        print(f"{len(worse)} ratio(s) worse than recorded by more than {args.tolerance:.0%}")
        sys.exit(1)
    print("no ratio regressed")


if __name__ == "__main__":
    main()
