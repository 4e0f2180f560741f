"""Shared fixtures: the repository root, the baseline pack, its flows, and the command line
the binding's decisions are compared with (built by python/test, named by MANDATE_BIN)."""

import json
import os
import pathlib
import subprocess

import pytest

import mandate

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Relative, as the Rust tests and the CLI runs give it: rule positions in decisions
# (`at`) are the path as given, so both sides must load the pack by the same path.
PACK = "policies/humanitarian-baseline"


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def baseline_flows():
    """(file name, text) of every bundled flow, sorted, without expected.json."""
    folder = ROOT / PACK / "flows"
    return sorted(
        (p.name, p.read_text(encoding="utf-8"))
        for p in folder.glob("*.json")
        if p.name != "expected.json"
    )


@pytest.fixture(scope="session")
def engine():
    os.chdir(ROOT)
    return mandate.Engine.from_path(PACK)


def mandate_bin():
    path = os.environ.get("MANDATE_BIN")
    if not path or not pathlib.Path(path).is_file():
        pytest.fail("MANDATE_BIN must name the mandate command line (python/test builds it)")
    return path


def cli_decisions(lines, lang="en"):
    """The Rust engine's JSON decisions (`mandate check --lines --format json`), one per
    line of `lines`, as the exact text lines it writes."""
    proc = subprocess.run(
        [mandate_bin(), "--lang", lang, "check", "--policy", PACK, "--flow", "-",
         "--lines", "--format", "json"],
        input="".join(line + "\n" for line in lines),
        capture_output=True, text=True, cwd=ROOT,
    )
    # 0 all allowed, 1 some denied, 2 some flow an error (a deny of kind error, as designed).
    assert proc.returncode in (0, 1, 2), proc.stderr
    out = proc.stdout.splitlines()
    assert len(out) == len(lines), proc.stderr
    return out


def compact(text):
    """A flow document on one line (JSON Lines), keys in their order."""
    return json.dumps(json.loads(text), ensure_ascii=False)


def rules_of(decision_json):
    """The deciding rules of a decision's JSON: a rule by name, a chain check by its id."""
    return [d.get("check") or d["rule"] for d in json.loads(decision_json)["determining"]]
