"""The Python binding's throughput, measured side by side in one run:

- verdicts only from an Arrow table (`verdict_batch`, flow columns, one call): outcome and
  kind, no rules or obligations;
- full batch verdicts from an Arrow table (`decide_batch`, flow columns, one call);
- the same from a column of whole flows as JSON;
- `decide()` and `verdict()` one dict at a time;
- the HTTP service (`mandate serve`, one keep-alive connection), with --serve BINARY.

Against cedarpy, on the comparison benchmark's fragment rather than the baseline pack, see
`cedar_compare.py` beside this file.

Flows are the bundled baseline pack's, repeated with distinct ids. Run from the repository
root with a release wheel installed:

    python python/bench/bench.py --flows 1000000 [--serve target/release/mandate]
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import pathlib
import platform
import socket
import subprocess
import sys
import time

import pyarrow as pa

import mandate

PACK = "policies/humanitarian-baseline"
SIMPLE = "ke-res-0049"
FIELDS = ["id", "at", "from", "to", "purpose", "data", "subjects", "collected_for", "basis"]
NESTED = ["consent", "approvals", "chain", "context", "records", "dpia"]


def baseline():
    folder = pathlib.Path(PACK) / "flows"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))
            if p.name != "expected.json"]


def columns_table(flows):
    cols = {name: [f.get(name) for f in flows] for name in FIELDS}
    cols["nested"] = [json.dumps({k: f[k] for k in NESTED if k in f}) if any(k in f for k in NESTED)
                      else None for f in flows]
    lists = pa.list_(pa.string())
    return pa.table({k: pa.array(v, type=lists if k in ("data", "subjects") else pa.string())
                     for k, v in cols.items()})


def distinct_nested(table):
    """`table` with each row's nested JSON text made distinct by whitespace (the same parts),
    so that no row finds its nested parts already parsed."""
    texts = table.column("nested").to_pylist()
    pad = [None if t is None else
           t[0] + "".join(" \n"[(i >> b) & 1] for b in range(20)) + t[1:]
           for i, t in enumerate(texts)]
    return table.set_column(table.schema.get_field_index("nested"), "nested",
                            pa.array(pad, pa.string()))


def distinct_at(table):
    """`table` with each row's `at` made distinct: row i's time moved i seconds earlier (in
    UTC, as `YYYY-MM-DDTHH:MM:SSZ`), so that no two rows share a time. Some verdicts change
    with the time (a consent given after it, a hop after the flow): a workload of its own."""
    import datetime
    out = []
    for i, t in enumerate(table.column("at").to_pylist()):
        try:
            when = datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
        except (AttributeError, ValueError):
            out.append(t)
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.timezone.utc)
        when = when.astimezone(datetime.timezone.utc) - datetime.timedelta(seconds=i)
        out.append(when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return table.set_column(table.schema.get_field_index("at"), "at", pa.array(out, pa.string()))


def repeat(table, n):
    """`table`'s rows repeated to n rows, each with a distinct id."""
    k = -(-n // table.num_rows)
    big = pa.concat_tables([table] * k).slice(0, n).combine_chunks()
    return big.set_column(big.schema.get_field_index("id"), "id",
                          pa.array([f"f-{i}" for i in range(n)]))


def best(f, runs=3):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def report(name, n, seconds):
    print(f"| {name} | {n:,} | {seconds:.3f} s | {n / seconds:,.0f} | {seconds / n * 1e6:.2f} µs |",
          flush=True)
    return n / seconds


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_http(binary, flows, n):
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--policy", PACK, "--addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit("the HTTP service did not start")
        bodies = [json.dumps(flows[i % len(flows)]).encode() for i in range(n)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)

        def run():
            for body in bodies:
                conn.request("POST", "/v1/decide", body, {"content-type": "application/json"})
                r = conn.getresponse()
                r.read()
                # 422: a flow the service cannot read or resolve, answered with its error deny.
                assert r.status in (200, 422), r.status
        return best(run, runs=2)
    finally:
        server.terminate()
        server.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flows", type=int, default=1_000_000)
    ap.add_argument("--one-at-a-time", type=int, default=20_000)
    ap.add_argument("--serve", help="a mandate binary built with feature serve")
    args = ap.parse_args()

    print(f"python {platform.python_version()}, pyarrow {pa.__version__}, "
          f"{platform.machine()}, {os.cpu_count()} cores: {platform.processor() or ''}")
    engine = mandate.Engine.from_path(PACK)
    flows = baseline()
    table = repeat(columns_table(flows), args.flows)
    distinct = distinct_nested(table)
    json_table = pa.table({"flow": pa.array(
        [json.dumps(dict(flows[i % len(flows)], id=f"f-{i}")) for i in range(args.flows // 5)])})
    dicts = [dict(flows[i % len(flows)], id=f"f-{i}") for i in range(args.one_at_a_time)]

    print("| how | flows | time (best) | flows/s | per flow |")
    print("|---|---:|---:|---:|---:|")
    verdicts = report("`verdict_batch`, Arrow flow columns, one call", args.flows,
                      best(lambda: engine.verdict_batch(table)))
    report("`verdict_batch`, Arrow flow columns, every nested text distinct", args.flows,
           best(lambda: engine.verdict_batch(distinct)))
    batch = report("`decide_batch`, Arrow flow columns, one call", args.flows,
                   best(lambda: engine.decide_batch(table)))
    # The binding's own cost: the cheapest bundled flow (a review, decided by one rule), so
    # that the engine's evaluation weighs least.
    simple = next(f for f in flows if f["id"] == SIMPLE)
    simple_table = repeat(columns_table([simple]), args.flows)
    report(f"`verdict_batch`, Arrow flow columns, one simple flow ({SIMPLE}) repeated",
           args.flows, best(lambda: engine.verdict_batch(simple_table)))
    report(f"`decide_batch`, Arrow flow columns, one simple flow ({SIMPLE}) repeated",
           args.flows, best(lambda: engine.decide_batch(simple_table)))
    halves = [table.slice(0, args.flows // 2), table.slice(args.flows // 2)]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        report("`decide_batch`, Arrow flow columns, two threads (the GIL released)", args.flows,
               best(lambda: list(pool.map(engine.decide_batch, halves))))
        report("`verdict_batch`, Arrow flow columns, two threads (the GIL released)",
               args.flows, best(lambda: list(pool.map(engine.verdict_batch, halves))))
    report("`decide_batch`, Arrow column of flow JSON", json_table.num_rows,
           best(lambda: engine.decide_batch(json_table)))
    one = report("`decide(dict)`, one at a time", len(dicts),
                 best(lambda: [engine.decide(d) for d in dicts]))
    report("`verdict(dict)`, one at a time", len(dicts),
           best(lambda: [engine.verdict(d) for d in dicts]))
    if args.serve:
        n = min(5_000, args.one_at_a_time)
        http_rate = report("HTTP `POST /v1/decide`, one keep-alive connection", n,
                           bench_http(args.serve, flows, n))
        print(f"batch / HTTP: {batch / http_rate:,.0f}×")
        print(f"verdict_batch / HTTP: {verdicts / http_rate:,.0f}×")
    print(f"batch / decide(dict): {batch / one:,.0f}×")
    print(f"verdict_batch / decide(dict): {verdicts / one:,.0f}×")
    print(f"verdict_batch / decide_batch: {verdicts / batch:,.1f}×")


if __name__ == "__main__":
    sys.exit(main())
