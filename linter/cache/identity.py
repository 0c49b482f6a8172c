"""What identifies this build of the tool, and where its cache lives.

Both caches key on :func:`tool_fingerprint`, and on the plugins' code, which it does not cover
(:func:`plugin_digest`, :func:`plugin_files`). The warm path (:mod:`linter.cache.replay`) needs the
fingerprint and the cache's location before anything heavy is imported, so this module imports
only the standard library's lightest parts (no pathlib, importlib.resources or platformdirs on Linux).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from functools import cache

ENV_DIR = "BLUEPRINT_LINT_CACHE_DIR"
APP_NAME = "blueprint-lint"
# Source packages whose files make up the fingerprint: the engine, the schemas and the built-in rules.
_PACKAGES = ("linter", "blueprint_lint_schemas", "blueprint_lint_rules")
# Code, schemas and data files (the rules' limits profile is YAML).
_SUFFIXES = (".py", ".json", ".yaml")


def default_directory() -> str:
    """``$BLUEPRINT_LINT_CACHE_DIR`` if set, else the platform's user cache directory."""
    override = os.environ.get(ENV_DIR)
    if override:
        return override
    if sys.platform.startswith("linux"):
        # platformdirs' rule for Linux, without its import (~10 ms on the warm path); the tests
        # check both agree.
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return os.path.join(base, APP_NAME)
    try:
        from platformdirs import user_cache_dir

        return str(user_cache_dir(APP_NAME, appauthor=False))
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return os.path.join(os.path.expanduser("~"), ".cache", APP_NAME)


def _package_directories() -> list[tuple[str, str]]:
    """(package, directory) for every package of the fingerprint that is installed as files."""
    import importlib.util

    found = []
    for package in _PACKAGES:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            continue
        for directory in (spec.submodule_search_locations or []) if spec is not None else []:
            found.append((package, str(directory)))
    return found


def _source_files(directory: str, prefix: str = "") -> list[tuple[str, str]]:
    """(relative name, path) of the fingerprinted files below ``directory``, subpackages included."""
    found: list[tuple[str, str]] = []
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir() and entry.name != "__pycache__" and not entry.name.startswith("."):
            found += _source_files(entry.path, f"{prefix}{entry.name}/")
        elif entry.name.endswith(_SUFFIXES) and entry.is_file():  # never open a FIFO
            found.append((prefix + entry.name, entry.path))
    return found


def plugin_packages(modules: Iterable[str]) -> list[str]:
    """The top-level packages of ``modules`` (rule classes' ``__module__``) other than the tool's
    own, whose files the fingerprint already covers: the plugins' packages."""
    return sorted({module.partition(".")[0] for module in modules} - set(_PACKAGES) - {""})


def rules_plugin_files(rules: Iterable[object]) -> list[str]:
    """Every file of the plugin packages ``rules`` come from (by their classes' modules): what a
    replayed run and the language server's rules must not outlive an edit of."""
    packages = plugin_packages(type(rule).__module__ for rule in rules)
    return [file for package in packages for file in plugin_files(package)]


def plugin_files(package: str) -> list[str]:
    """Every source and data file (``.py``, ``.json``, ``.yaml``) of the top-level package (or
    single module) ``package``, where it was imported from: a plugin's rule modules and every
    helper module they import from the same package."""
    module = sys.modules.get(package)
    if module is None:
        return []
    directories = list(getattr(module, "__path__", None) or [])
    if not directories:
        file = getattr(module, "__file__", None)
        return [str(file)] if file else []
    found: list[str] = []
    for directory in directories:
        found += [path for _, path in _source_files(str(directory))]
    return sorted(set(found))


@cache
def plugin_digest(package: str) -> str:
    """A digest of :func:`plugin_files` by name and content, computed once per process (first when
    the plugins are imported, linter/catalog/registry.py): the source of the code this process runs,
    which both caches key on (linter/run/file_stage.py, linter/cache/replay.py)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in plugin_files(package):
        digest.update(len(path).to_bytes(8, "little") + path.encode("utf-8", "surrogateescape"))
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            data = b"\0unreadable"
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


@cache
def tool_fingerprint() -> str:
    """The tool's version plus a digest of the engine's, schemas' and built-in rules' files, so an
    unreleased edit (a source checkout, an editable install) invalidates every cache entry too."""
    from linter import __version__

    digest = hashlib.blake2b(digest_size=16)
    digest.update(__version__.encode())
    seen: set[str] = set()
    for package, directory in _package_directories():
        # A directory reached twice (an unusual install layout) is hashed once; a file hashed twice
        # would only change the digest, always the same way. Resolving each package directory
        # rather than each of its ~200 files keeps the warm path to reading them: ``realpath`` per
        # file was a third of the fingerprint's cost.
        real = os.path.realpath(directory)
        if real in seen:
            continue
        seen.add(real)
        for name, path in _source_files(directory):
            digest.update(f"{package}:{name}".encode())
            try:
                with open(path, "rb") as handle:
                    digest.update(handle.read())
            except OSError:
                digest.update(b"\0unreadable")
    return f"{__version__}-{digest.hexdigest()}"
