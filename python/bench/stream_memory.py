"""Peak memory while streaming: `decide_stream` over a long stream of record batches, built
lazily, with the peak resident set size printed at checkpoints. If memory is bounded, the
peak stops growing after the first batches, however many follow.

    python python/bench/stream_memory.py --batches 500 --rows 10000

Run from the repository root with the wheel installed (python/test's virtual environment
has one). Linux reports ru_maxrss in KiB.
"""

import argparse
import json
import pathlib
import resource
import time

import pyarrow as pa

import mandate

PACK = "policies/humanitarian-baseline"


def flows_table():
    folder = pathlib.Path(PACK) / "flows"
    lines = [json.dumps(json.loads(p.read_text()))
             for p in sorted(folder.glob("*.json")) if p.name != "expected.json"]
    return pa.table({"flow": pa.array(lines, pa.string())})


def batches(table, count, rows):
    """`count` record batches of `rows` rows, made one at a time as the stream is read."""
    k = -(-rows // table.num_rows)
    block = pa.concat_tables([table] * k).slice(0, rows).combine_chunks().to_batches()[0]
    for _ in range(count):
        yield block


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batches", type=int, default=200)
    ap.add_argument("--rows", type=int, default=5000)
    args = ap.parse_args()
    engine = mandate.Engine.from_path(PACK)
    table = flows_table()
    reader = pa.RecordBatchReader.from_batches(table.schema, batches(table, args.batches, args.rows))
    print(f"before the stream: peak RSS {peak_mib():.1f} MiB")
    start, flows = time.perf_counter(), 0
    marks = {1, 10, args.batches // 4, args.batches // 2, args.batches}
    for i, out in enumerate(engine.decide_stream(reader), start=1):
        flows += out.num_rows
        if i in marks:
            print(f"after {i:>5} batches ({flows:>10,} flows): peak RSS {peak_mib():.1f} MiB")
    took = time.perf_counter() - start
    print(f"{flows:,} flows in {took:.1f} s ({flows / took:,.0f} flows/s)")


if __name__ == "__main__":
    main()
