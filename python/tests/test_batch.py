"""decide_batch and decide_stream: Arrow tables in every layout, lists of flows, and bad rows
that are a deny of kind error for that row only."""

import json

import pyarrow as pa
import pytest

from conftest import baseline_flows, cli_decisions, compact, rules_of

FIELDS = ["id", "at", "from", "to", "purpose", "data", "subjects", "collected_for", "basis"]
NESTED = ["consent", "approvals", "chain", "context", "records", "dpia"]


def columns_of(flows):
    """Flow dicts as the column layout: flow fields as columns, the nested parts as JSON."""
    cols = {name: [f.get(name) for f in flows] for name in FIELDS}
    cols["nested"] = [
        json.dumps({k: f[k] for k in NESTED if k in f}) if any(k in f for k in NESTED) else None
        for f in flows
    ]
    return cols


def table_of(flows, string=pa.string()):
    cols = columns_of(flows)
    lists = pa.list_(string)
    types = {"data": lists, "subjects": lists}
    return pa.table({k: pa.array(v, type=types.get(k, string)) for k, v in cols.items()})


def check_against_cli(out, lines):
    want = cli_decisions(lines)
    assert out.num_rows == len(lines)
    rows = out.to_pylist()
    for row, line, expected in zip(rows, lines, want):
        d = json.loads(expected)
        assert row["id"] == d["flow"], line
        assert row["decision"] == d["decision"], line
        assert row["kind"] == d.get("kind"), line
        assert row["rules"] == rules_of(expected), line
        assert row["obligations"] == [o["type"] for o in d["obligations"]], line
        assert json.loads(row["obligations_json"]) == d["obligations"], line
        if d["errors"]:
            assert json.loads(row["errors"]) == d["errors"], line
        else:
            assert row["errors"] is None, line


@pytest.mark.parametrize("string", [pa.string(), pa.large_string(), pa.string_view()])
def test_a_table_of_flow_columns_decides_as_the_command_line(engine, string):
    flows = [json.loads(t) for _, t in baseline_flows()]
    table = table_of(flows, string)
    lines = [compact(t) for _, t in baseline_flows()]
    check_against_cli(engine.decide_batch(table), lines)
    # A record batch, and a table in several chunks, give the same table.
    batches = table.to_batches(max_chunksize=7)
    assert len(batches) > 1
    assert engine.decide_batch(pa.Table.from_batches(batches)).equals(engine.decide_batch(table))
    assert engine.decide_batch(batches[0]).equals(engine.decide_batch(table).slice(0, 7))


def test_a_flow_column_and_a_list_of_flows_decide_as_the_command_line(engine):
    lines = [compact(t) for _, t in baseline_flows()]
    check_against_cli(engine.decide_batch(pa.table({"flow": lines})), lines)
    check_against_cli(engine.decide_batch(lines), lines)
    check_against_cli(engine.decide_batch([json.loads(x) for x in lines]), lines)


def test_a_bad_row_is_a_deny_of_kind_error_for_that_row_only(engine):
    good = [json.loads(t) for _, t in baseline_flows()[:3]]
    bad_basis = dict(good[0], id="bad-basis", basis="because")
    bad_item = dict(good[0], id="bad-item", data=["personal.identity.name", None])
    unknown_nested = dict(good[0], id="bad-nested", consent={"status": "given", "colour": 1})
    too_many = dict(good[0], id="too-many", data=["personal.identity.name"] * 4097)
    missing_at = dict(good[0], id="no-at")
    del missing_at["at"]
    rows = [good[0], bad_basis, good[1], bad_item, unknown_nested, too_many, missing_at, good[2]]
    out = engine.decide_batch(table_of(rows)).to_pylist()
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    for row, flow in zip(out, rows):
        if flow["id"].startswith(("bad-", "too-", "no-")):
            assert (row["decision"], row["kind"]) == ("deny", "error"), row
            # The same error as the same flow sent as JSON.
            assert json.loads(row["errors"]) == engine.decide(flow).errors, row
        else:
            assert row["decision"] == engine.decide(flow).decision
            assert row["errors"] is None
    by_id = {r["id"]: json.loads(r["errors"]) for r in out if r["errors"]}
    assert by_id["bad-item"][0]["path"] == "/data/1"
    assert by_id["bad-basis"][0]["path"] == "/basis"
    assert by_id["bad-nested"][0]["path"] == "/consent/colour"
    assert by_id["too-many"][0]["path"] == "/data"
    # A null or unreadable whole-flow row, among good ones.
    out = engine.decide_batch(pa.table({"flow": [compact(baseline_flows()[0][1]), None, "{"]}))
    first = engine.decide(baseline_flows()[0][1]).kind
    assert out.column("kind").to_pylist() == [first, "error", "error"]
    assert json.loads(out.column("errors")[2].as_py()) == engine.decide("{").errors


def test_a_wrong_schema_fails_the_call(engine):
    flows = [json.loads(t) for _, t in baseline_flows()[:2]]
    table = table_of(flows)
    with pytest.raises(ValueError, match="unknown column `colour`"):
        engine.decide_batch(table.append_column("colour", pa.array(["a", "b"])))
    with pytest.raises(ValueError, match="no `at` column"):
        engine.decide_batch(table.drop_columns(["at"]))
    with pytest.raises(ValueError, match="column `id` must hold text"):
        engine.decide_batch(table.set_column(0, "id", pa.array([1, 2])))
    with pytest.raises(TypeError):
        engine.decide_batch(42)


def test_a_stream_is_decided_batch_by_batch(engine):
    flows = [json.loads(t) for _, t in baseline_flows()]
    table = table_of(flows)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=10))
    out = engine.decide_stream(reader)
    batches = list(out)
    assert len(batches) == len(table.to_batches(max_chunksize=10))
    assert pa.Table.from_batches(batches).equals(engine.decide_batch(table))


def test_pandas_frames_go_through_arrow(engine):
    import pandas as pd
    lines = [compact(t) for _, t in baseline_flows()]
    frame = pd.DataFrame({"flow": lines})
    want = [json.loads(x)["decision"] for x in cli_decisions(lines)]
    out = engine.decide_batch(pa.Table.from_pandas(frame, preserve_index=False)).to_pandas()
    assert list(out["decision"]) == want
    # A frame straight in, through its own Arrow C stream.
    assert engine.decide_batch(frame).column("decision").to_pylist() == want


def test_polars_frames_go_through_arrow(engine):
    import polars as pl
    flows = [json.loads(t) for _, t in baseline_flows()]
    lines = [compact(t) for _, t in baseline_flows()]
    want = [json.loads(x) for x in cli_decisions(lines)]
    # Flow columns with list columns, as a pipeline builds them; Polars hands its frame over
    # through its Arrow C stream, in the string and list layouts it chooses.
    out = engine.decide_batch(pl.DataFrame(columns_of(flows)))
    assert out.column("decision").to_pylist() == [d["decision"] for d in want]
    assert out.column("kind").to_pylist() == [d.get("kind") for d in want]
    # One JSON document per row, and the result back into Polars.
    back = pl.from_arrow(engine.decide_batch(pl.DataFrame({"flow": lines})))
    assert back["id"].to_list() == [d["flow"] for d in want]
    assert back["decision"].to_list() == [d["decision"] for d in want]


def test_unaligned_buffers_are_copied_not_trusted(engine):
    # A column whose offsets sit at an odd address, as a frame unpickled from out-of-band
    # buffers can hold (a partition on a Dask worker). arrow-rs reads offsets in place, so
    # the binding must copy such a column rather than hand it over.
    lines = [compact(t) for _, t in baseline_flows()]
    good = pa.array(lines, pa.large_string())
    _, offsets, values = good.buffers()
    shifted = pa.py_buffer(b"\0" + offsets.to_pybytes())[1:]
    assert shifted.address % 8 != 0
    odd = pa.Array.from_buffers(pa.large_string(), len(good), [None, shifted, values])
    assert odd.to_pylist() == lines
    want = engine.decide_batch(pa.table({"flow": good}))
    assert engine.decide_batch(pa.table({"flow": odd})).equals(want)
    assert engine.decide_batch(pa.RecordBatch.from_arrays([odd], ["flow"])).equals(want)


def test_malformed_arrow_data_fails_the_call_and_is_never_read(engine):
    # A producer can hand over arrays that break the format, and arrow-rs imports them
    # unchecked: the binding checks every column before it reads a row. pyarrow checks the
    # offsets of an array built from buffers but not its text, and not an offset changed in
    # its memory afterwards.
    flows = [json.loads(t) for _, t in baseline_flows()[:2]]
    table = table_of(flows)
    offsets = bytearray(pa.array([0, 2, 4], pa.int32()).buffers()[1].to_pybytes())
    not_utf8 = pa.Array.from_buffers(
        pa.string(), 2, [None, pa.py_buffer(bytes(offsets)), pa.py_buffer(b"\xff\xfe\xc3(")])
    backwards = pa.Array.from_buffers(
        pa.string(), 2, [None, pa.py_buffer(offsets), pa.py_buffer(b"abcd")])
    offsets[4:8] = (5).to_bytes(4, "little")
    split = pa.Array.from_buffers(
        pa.string(), 2,
        [None, pa.py_buffer(pa.array([0, 1, 3], pa.int32()).buffers()[1]), pa.py_buffer("é!".encode())])
    items = pa.ListArray.from_arrays(pa.array([0, 1, 2], pa.int32()), not_utf8)
    keys = bytearray(pa.array([0, 0], pa.int8()).buffers()[1].to_pybytes())
    out_of_range = pa.DictionaryArray.from_arrays(
        pa.Array.from_buffers(pa.int8(), 2, [None, pa.py_buffer(keys)]), pa.array(["p"]))
    keys[1] = 7
    for name, bad, why in [
        ("to", not_utf8, "not utf-8"),
        ("to", backwards, "offsets go backwards"),
        ("to", split, "middle of a utf-8 character"),
        ("data", items, "not utf-8"),
        ("purpose", out_of_range, "7"),
    ]:
        broken = table.set_column(table.column_names.index(name), name, bad)
        for call in (engine.decide_batch, engine.verdict_batch):
            with pytest.raises(ValueError, match=f"(?i)column `{name}` is not valid Arrow data.*{why}"):
                call(broken)
