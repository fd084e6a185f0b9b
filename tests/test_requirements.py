"""The hash locks say what the pinned requirement files say: the Makefile and the Dockerfile install
only the locks, so a pin changed without `scripts/lock_requirements.sh` would be silently ignored."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """{name: version} of a requirements file, following -r includes."""
    found: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
        elif match := PIN.match(line):
            found[canonical(match[1])] = match[2]
    return found


def locked(path: Path) -> dict[str, str]:
    """{name: version} of a lock, each pin followed by at least one sha256 hash."""
    text = path.read_text("utf-8")
    entries = re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)((?: \\\n    --hash=sha256:[0-9a-f]{64})+)", text, re.M)
    assert len(entries) == len(re.findall(r"^[A-Za-z0-9]", text, re.M)), f"{path.name}: a pin without hashes"
    return {canonical(name): version for name, version, _ in entries}


@pytest.mark.parametrize(
    "source, lock",
    [
        ("requirements.txt", "requirements.lock"),
        ("requirements-build.txt", "requirements-build.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ],
)
def test_every_pin_is_in_its_lock_at_the_same_version(source, lock):
    wanted, have = pins(ROOT / source), locked(ROOT / lock)
    assert wanted, source
    assert {name: have.get(name) for name in wanted} == wanted


def test_the_runtime_lock_has_no_build_or_test_package():
    runtime = locked(ROOT / "requirements.lock")
    assert not set(runtime) & {"fonttools", "brotli", "nltk", "pytest", "playwright"}
    assert runtime.items() <= locked(ROOT / "requirements-dev.lock").items()
