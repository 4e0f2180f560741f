"""`verdict_batch` alone on the benchmark's 300,000-row table (best of five calls), on the
same with every nested text distinct and with every row's time distinct (best of three
each), labelled with the first argument: for
comparing two wheels run one after the other, interleaved. Run from the repository root:

    for r in 1 2; do for w in before after; do PYTHONPATH=$w python python/bench/verdict_time.py $w; done; done
"""

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import bench  # noqa: E402
import mandate  # noqa: E402

ROWS = 300_000
engine = mandate.Engine.from_path(bench.PACK)
table = bench.repeat(bench.columns_table(bench.baseline()), ROWS)
distinct = bench.distinct_nested(table)
times = bench.distinct_at(table)


def best(t, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        engine.verdict_batch(t)
        times.append(time.perf_counter() - start)
    return min(times)


shared, apart, at = best(table, 5), best(distinct, 3), best(times, 3)
label = sys.argv[1] if len(sys.argv) > 1 else "wheel"
print(f"{label}: nested shared {shared / ROWS * 1e6:.2f} µs ({ROWS / shared:,.0f}/s); "
      f"every nested text distinct {apart / ROWS * 1e6:.2f} µs ({ROWS / apart:,.0f}/s); "
      f"every time distinct {at / ROWS * 1e6:.2f} µs ({ROWS / at:,.0f}/s)")
