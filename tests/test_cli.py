"""`flask content check` and `flask index build`, through Flask's CLI runner and for real."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import write

from app.config import PROJECT_ROOT
from app.search import current_build


def test_content_check_passes_on_good_content(runner):
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "No problems; 2 topics, 2 articles, 6 files read" in result.output


def test_content_check_prints_path_line_message_and_exits_1(runner, content_dir):
    write(content_dir / "housing" / "broken" / "en.md", "---\ntitle: T\nsummary: [x\n---\n")
    write(content_dir / "housing" / "no-title" / "fr.md", "---\nsummary: S\nsource: https://a.be/\n---\n")
    write(content_dir / "cooking" / "pasta" / "en.md", "---\ntitle: T\nsummary: S\n---\n")
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "content/cooking/pasta/en.md:1: unknown topic 'cooking': add it to topics.yaml or move the article" in lines
    assert any(line.startswith("content/housing/broken/en.md:3: YAML error") for line in lines)
    assert "content/housing/no-title/fr.md:1: missing 'title' (required text)" in lines
    assert "3 problem(s) found" in result.output


@pytest.mark.slow
def test_the_real_content_set_passes_the_check():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "content", "check"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=os.environ | {"KIOSK_INDEX_DIR": "/nonexistent"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # (Warnings about the configuration may come first; the check's verdict is the last line.)
    assert result.stdout == "" and result.stderr.splitlines()[-1].startswith("No problems;"), result.stderr


def test_index_build_and_if_stale(runner, config, content_dir):
    first = current_build(config.index_dir)
    result = runner.invoke(args=["index", "build", "--if-stale"])
    assert "The index is up to date." in result.output and current_build(config.index_dir) == first
    write(
        content_dir / "health" / "finding-a-doctor" / "en.md",
        "---\ntitle: Find a doctor\nsummary: S\ntranslation: {from: fr, revision: 1, machine: true}\n---\n",
    )
    result = runner.invoke(args=["index", "build", "--if-stale"])
    assert result.exit_code == 0 and "Indexed 7 documents" in result.output
    assert current_build(config.index_dir) != first


def test_a_broken_file_is_skipped_and_the_rest_serves(client, content_dir, app):
    write(content_dir / "housing" / "broken" / "en.md", "---\ntitle: [\n---\n")
    app.extensions["kiosk"].reload_content()
    assert client.get("/fr/housing/rental-deposit").status_code == 200
    assert client.get("/fr/housing/broken").status_code == 404


def test_the_nightly_unit_runs_a_full_build_on_the_live_index(tmp_path, content_dir):
    """deploy/kiosk-index-nightly.service's very command, run on a server's settings: every
    document indexed anew (a publication's build only rewrites what changed), live build swapped."""
    from configparser import ConfigParser

    from conftest import write_config_file

    unit = ConfigParser(strict=False, interpolation=None)
    unit.read(PROJECT_ROOT / "deploy" / "kiosk-index-nightly.service", encoding="utf-8")
    program, *arguments = unit["Service"]["ExecStart"].split()
    assert program == "/opt/kiosk/.venv/bin/flask"
    timer = ConfigParser(strict=False, interpolation=None)
    timer.read(PROJECT_ROOT / "deploy" / "kiosk-index-nightly.timer", encoding="utf-8")
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"

    env = os.environ | {"KIOSK_CONFIG": str(write_config_file(tmp_path, content_dir))}

    def flask(*args):
        command = [sys.executable, "-m", "flask", *args]
        run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, env=env, timeout=300)
        assert run.returncode == 0, run.stderr
        return run.stderr

    flask("--app", "wsgi", "index", "build")  # the live build
    live = current_build(tmp_path / "index")
    assert "written again on a copy" in flask("--app", "wsgi", "index", "build")  # a publication's build
    said = flask(*arguments)
    assert "documents/s" in said and "written again on a copy" not in said, said
    assert current_build(tmp_path / "index") not in (None, live)
