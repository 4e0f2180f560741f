"""verdict_batch: verdicts only (id, allowed, decision, kind) for a whole batch, each row's
outcome and kind those of verdict() on the same flow and of the Rust engine, in every layout;
what it keeps from row to row (the parts each distinct text resolved to) never carries one
row's fields into the next."""

import json
import random

import pyarrow as pa
import pytest

from conftest import baseline_flows, cli_decisions, compact
from test_batch import table_of


def expected(engine, flows):
    """(id, allowed, decision, kind) of verdict() on each flow, one at a time."""
    out = []
    for f in flows:
        v = engine.verdict(f)
        out.append({"id": f.get("id") or "", "allowed": v.allowed, "decision": v.decision,
                    "kind": v.kind})
    return out


@pytest.mark.parametrize("string", [pa.string(), pa.large_string(), pa.string_view()])
def test_verdicts_are_those_of_verdict_and_of_the_rust_engine(engine, string):
    flows = [json.loads(t) for _, t in baseline_flows()]
    out = engine.verdict_batch(table_of(flows, string))
    assert out.schema.names == ["id", "allowed", "decision", "kind"]
    rows = out.to_pylist()
    assert rows == expected(engine, flows)
    want = [json.loads(x) for x in cli_decisions([compact(t) for _, t in baseline_flows()])]
    assert [(r["id"], r["decision"], r["kind"]) for r in rows] == [
        (d["flow"], d["decision"], d.get("kind")) for d in want]
    # The full batch agrees, row for row.
    full = engine.decide_batch(table_of(flows, string))
    for name in ("id", "decision", "kind"):
        assert out.column(name).equals(full.column(name))


def test_a_flow_column_and_a_list_of_flows(engine):
    lines = [compact(t) for _, t in baseline_flows()]
    want = expected(engine, [json.loads(x) for x in lines])
    assert engine.verdict_batch(pa.table({"flow": lines})).to_pylist() == want
    assert engine.verdict_batch(lines).to_pylist() == want
    assert engine.verdict_batch([json.loads(x) for x in lines]).to_pylist() == want


def test_the_reused_flow_carries_nothing_from_row_to_row(engine):
    # The bundled flows shuffled and repeated: rows with and without subjects, collected_for,
    # basis and nested parts, longer and shorter lists, follow each other in every order,
    # and the same nested texts come back (read once, then reused).
    flows = [json.loads(t) for _, t in baseline_flows()]
    rng = random.Random(17)
    rows = []
    for i in range(6):
        batch = [dict(f, id=f"{f.get('id', 'x')}-{i}") for f in flows]
        rng.shuffle(batch)
        rows.extend(batch)
    table = table_of(rows)
    want = expected(engine, rows)
    assert engine.verdict_batch(table).to_pylist() == want
    # Across batches of one call, and batch by batch.
    chunked = pa.Table.from_batches(table.to_batches(max_chunksize=11))
    assert engine.verdict_batch(chunked).to_pylist() == want
    assert engine.verdict_batch(table.to_batches(max_chunksize=11)[2]).to_pylist() == want[22:33]


def test_a_bad_row_is_a_deny_of_kind_error_for_that_row_only(engine):
    good = [json.loads(t) for _, t in baseline_flows()[:3]]
    bad_basis = dict(good[0], id="bad-basis", basis="because")
    bad_item = dict(good[0], id="bad-item", data=["personal.identity.name", None])
    unknown_nested = dict(good[0], id="bad-nested", consent={"status": "given", "colour": 1})
    too_many = dict(good[0], id="too-many", data=["personal.identity.name"] * 4097)
    missing_at = dict(good[0], id="no-at")
    del missing_at["at"]
    no_id = dict(good[1])
    del no_id["id"]
    rows = [good[0], bad_basis, good[1], bad_item, unknown_nested, good[2], too_many,
            missing_at, no_id, good[0]]
    out = engine.verdict_batch(table_of(rows)).to_pylist()
    assert [r["id"] for r in out] == [r.get("id", "") for r in rows]
    for row, flow in zip(out, rows):
        if flow.get("id", "").startswith(("bad-", "too-", "no-")) or "id" not in flow:
            assert (row["allowed"], row["decision"], row["kind"]) == (False, "deny", "error")
        v = engine.verdict(flow)
        assert (row["allowed"], row["decision"], row["kind"]) == (v.allowed, v.decision, v.kind)
    # A null or unreadable whole-flow row, among good ones.
    first = compact(baseline_flows()[0][1])
    out = engine.verdict_batch(pa.table({"flow": [first, None, "{", '{"id": "x"}']}))
    assert out.column("kind").to_pylist() == [engine.verdict(first).kind, "error", "error",
                                              "error"]
    assert out.column("id").to_pylist() == [json.loads(first)["id"], "", "", "x"]


def test_many_distinct_nested_parts(engine):
    # More distinct nested texts than are kept parsed: each row still gets its own.
    base = next(json.loads(t) for _, t in baseline_flows() if '"consent"' in t)
    rows = []
    for i in range(1500):
        consent = dict(base["consent"], id=f"consent-{i}")
        if i % 3 == 0:
            consent["status"] = "withdrawn"
        rows.append(dict(base, id=f"c-{i}", consent=consent))
    assert engine.verdict_batch(table_of(rows)).to_pylist() == expected(engine, rows)


def test_a_wrong_schema_fails_the_call(engine):
    table = table_of([json.loads(t) for _, t in baseline_flows()[:2]])
    with pytest.raises(ValueError, match="unknown column `colour`"):
        engine.verdict_batch(table.append_column("colour", pa.array(["a", "b"])))
    with pytest.raises(ValueError, match="no `at` column"):
        engine.verdict_batch(table.drop_columns(["at"]))
    with pytest.raises(TypeError):
        engine.verdict_batch(42)


def test_dictionary_encoded_columns_read_as_plain_ones(engine):
    # pandas categoricals and Polars `Categorical` columns arrive dictionary-encoded; a null
    # key is a null (here in `collected_for`, which then states none).
    flows = [json.loads(t) for _, t in baseline_flows()] * 3
    plain = table_of(flows)
    encoded = plain
    for name in ("id", "at", "from", "to", "purpose", "collected_for", "basis", "nested"):
        i = encoded.schema.get_field_index(name)
        encoded = encoded.set_column(i, name, encoded.column(name).dictionary_encode())
    lists = pa.list_(pa.dictionary(pa.int32(), pa.string()))
    for name in ("data", "subjects"):
        i = encoded.schema.get_field_index(name)
        encoded = encoded.set_column(i, name, pa.array(plain.column(name).to_pylist(), lists))
    assert pa.types.is_dictionary(encoded.schema.field("from").type)
    assert encoded.column("collected_for").null_count > 0
    assert engine.verdict_batch(encoded).equals(engine.verdict_batch(plain))
    assert engine.decide_batch(encoded).equals(engine.decide_batch(plain))
