"""`Engine.gate`: the dataset gate from Python gives the command line's release, byte for
byte, from the bundled example's file and from the same table as a pandas or Polars frame;
a denied flow writes nothing."""

import json
import os
import subprocess

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import mandate

from conftest import ROOT, mandate_bin

PACK = "policies/gate-example"
DATA = ROOT / PACK / "data" / "registration.csv"
DONOR = ROOT / PACK / "flows" / "01-registration-statistics-to-donor-allowed.json"
DENIED = ROOT / PACK / "flows" / "03-registration-with-coordinates-published-denied.json"


@pytest.fixture(scope="module")
def gate_engine():
    # Relative, as the command line is given it, so that rule positions agree.
    os.chdir(ROOT)
    return mandate.Engine.from_path(PACK)


def cli_release(tmp_path, flow, data=DATA, extra=()):
    out = tmp_path / "cli.csv"
    proc = subprocess.run(
        [mandate_bin(), "gate", "--policy", PACK, "--flow", str(flow), "--data", str(data),
         "-o", str(out), "--format", "json", *extra],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes(), json.loads(proc.stdout)


def table_parts():
    """The example's header, its HXL row, and its records as lists of text."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    header, tags = lines[0].split(","), lines[1].split(",")
    return header, tags, pd.read_csv(DATA, skiprows=[1], dtype=str, keep_default_na=False)


def test_a_file_gives_the_command_lines_release(gate_engine, tmp_path):
    expected, cli = cli_release(tmp_path, DONOR)
    out = tmp_path / "py.csv"
    result = gate_engine.gate(DONOR.read_text(encoding="utf-8"), str(DATA), out)
    assert result["released"] is True
    assert out.read_bytes() == expected
    assert result["decision"] == cli["decision"]
    assert result["report"]["output_sha256"] == cli["report"]["output_sha256"]


def test_a_pyarrow_table_with_hxl_metadata_gives_the_files_release(gate_engine, tmp_path):
    expected, _ = cli_release(tmp_path, DONOR)
    header, tags, frame = table_parts()
    schema = pa.schema(
        [pa.field(h, pa.string(), metadata={"hxl": t}) for h, t in zip(header, tags)]
    )
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    out = tmp_path / "table.csv"
    result = gate_engine.gate(json.loads(DONOR.read_text(encoding="utf-8")), table, out)
    assert result["released"] is True, result
    assert out.read_bytes() == expected


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_a_frame_with_a_column_map_gives_the_files_release(gate_engine, tmp_path, kind):
    header, tags, frame = table_parts()
    # The command line on the same table without its HXL row, with the same map.
    plain = tmp_path / "plain.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines(keepends=True)
    plain.write_text(lines[0] + "".join(lines[2:]), encoding="utf-8")
    mapping = tmp_path / "columns.csv"
    mapping.write_text("".join(f"{h},{t}\n" for h, t in zip(header, tags)), encoding="utf-8")
    expected, _ = cli_release(tmp_path, DONOR, plain, ("--columns", str(mapping)))
    if kind == "polars":
        frame = pl.from_pandas(frame)
    out = tmp_path / f"{kind}.csv"
    flow = json.loads(DONOR.read_text(encoding="utf-8"))
    result = gate_engine.gate(flow, frame, out, columns=dict(zip(header, tags)))
    assert result["released"] is True, result
    assert out.read_bytes() == expected


def test_a_denied_flow_writes_nothing_and_says_why(gate_engine, tmp_path):
    out = tmp_path / "denied.csv"
    result = gate_engine.gate(DENIED.read_text(encoding="utf-8"), DATA, out, lang="fr")
    assert result["released"] is False
    assert result["decision"]["decision"] == "deny"
    assert not out.exists()


def test_bad_arguments_are_errors_not_releases(gate_engine, tmp_path):
    with pytest.raises(TypeError):
        gate_engine.gate(DONOR.read_text(encoding="utf-8"), 42, tmp_path / "x.csv")
    result = gate_engine.gate(
        DONOR.read_text(encoding="utf-8"), DATA, tmp_path / "x.csv", output_format="xml"
    )
    assert result["released"] is False and result["error"]["code"]
    assert not (tmp_path / "x.csv").exists()


def test_a_logged_run_is_attested_and_the_log_verifies(gate_engine, tmp_path):
    log, key = tmp_path / "log", tmp_path / "keys" / "log.key"
    out = tmp_path / "logged.csv"
    with pytest.warns(UserWarning, match="log signing key"):
        result = gate_engine.gate(
            DONOR.read_text(encoding="utf-8"), DATA, out, log=log, log_key=key
        )
    assert result["released"] is True, result
    # A refusal before the decision (a bad option) is attested too, with the same key.
    refused = gate_engine.gate(
        DONOR.read_text(encoding="utf-8"), DATA, tmp_path / "x.csv", output_format="xml",
        log=log, log_key=key,
    )
    assert refused["released"] is False
    records = [json.loads(l) for l in (log / "decisions.jsonl").read_text().splitlines()]
    assert len(records) == 2
    first, second = (r["gate"] for r in records)
    assert first["released"] is True
    assert first["report"]["output_sha256"] == result["report"]["output_sha256"]
    assert second["released"] is False and second["error"]
    verify = subprocess.run(
        [mandate_bin(), "log", "verify", str(log), "--key", str(key)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # The key must live outside the log it signs: said, not silently accepted.
    with pytest.raises(ValueError, match="outside the log folder"):
        gate_engine.gate(
            DONOR.read_text(encoding="utf-8"), DATA, out, log=log, log_key=log / "k"
        )
