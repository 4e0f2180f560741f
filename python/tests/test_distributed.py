"""The engine on the workers of a distributed engine: Dask's distributed scheduler with a
LocalCluster of worker processes. 100,000 flows in partitions, each partition decided on a
worker from the compiled policy broadcast as JSON, every decision checked against the
command line's (the native engine's) decision on the same flow."""

import json
import os

import pandas as pd
import pytest

import mandate
from conftest import baseline_flows, cli_decisions, compact, rules_of

FLOWS = 100_000
PARTITIONS = 8

_engines = {}


def decide_partition(frame, policy_json):
    """What runs on a worker: one Engine per process and policy, loaded from the compiled
    policy's JSON (hash-checked), then one decide_batch call per partition."""
    import pyarrow as pa

    engine = _engines.get(policy_json)
    if engine is None:
        engine = _engines[policy_json] = mandate.Engine.from_compiled_json(policy_json)
    # As it comes: a partition unpickled on a worker can hold unaligned buffers, which the
    # binding copies before reading.
    table = pa.Table.from_pandas(frame[["flow"]], preserve_index=False)
    out = engine.decide_batch(table)
    return pd.DataFrame({
        "id": out.column("id").to_pylist(),
        "decision": out.column("decision").to_pylist(),
        "kind": out.column("kind").to_pylist(),
        "rules": ["\n".join(r) for r in out.column("rules").to_pylist()],
        "worker": os.getpid(),
    }, index=frame.index)


def with_id(text, i):
    flow = json.loads(text)
    flow["id"] = f"row-{i}"
    return json.dumps(flow)


@pytest.mark.distributed
def test_a_dask_cluster_decides_100000_flows_as_the_native_engine(engine):
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    base = [compact(t) for _, t in baseline_flows()]
    # The native engine's answer for each distinct flow: the command line, in one run.
    native = [json.loads(line) for line in cli_decisions(base)]
    expected = [(d["decision"], d.get("kind"), "\n".join(rules_of(json.dumps(d)))) for d in native]

    frame = pd.DataFrame({"flow": [with_id(base[i % len(base)], i) for i in range(FLOWS)]})
    policy_json = engine.compiled_json()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, Client(cluster):
        parts = dd.from_pandas(frame, npartitions=PARTITIONS)
        meta = pd.DataFrame({"id": pd.Series(dtype=object), "decision": pd.Series(dtype=object),
                             "kind": pd.Series(dtype=object), "rules": pd.Series(dtype=object),
                             "worker": pd.Series(dtype="int64")})
        result = parts.map_partitions(decide_partition, policy_json, meta=meta).compute()

    assert len(result) == FLOWS
    workers = set(result["worker"])
    assert len(workers) >= 2 and os.getpid() not in workers, workers
    wrong = []
    for i, (rid, decision, kind, rules) in enumerate(
            zip(result["id"], result["decision"], result["kind"], result["rules"])):
        want = expected[i % len(base)]
        kind = None if kind is None or kind != kind else kind  # NaN from pandas is None
        if rid != f"row-{i}" or (decision, kind, rules) != want:
            wrong.append((i, rid, decision, kind, rules, want))
    assert not wrong, wrong[:5]
