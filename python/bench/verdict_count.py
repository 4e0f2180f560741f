"""`verdict_batch` once, for counting its instructions a row with callgrind (stable on a shared
machine, unlike time): the benchmark's table (the baseline pack's bundled flows repeated to
ROWS rows; `distinct` for every nested text distinct, `distinct-at` for every row's time
distinct), after a warm-up call of one row per
bundled flow. Run from the repository root with a release wheel installed:

    valgrind --tool=callgrind --toggle-collect='*verdict_all*' \\
        python python/bench/verdict_count.py 8600

The count divided by ROWS plus the warm-up's rows (86) is the instructions a row.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import bench  # noqa: E402
import mandate  # noqa: E402

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 8600
engine = mandate.Engine.from_path(bench.PACK)
flows = bench.baseline()
one_each = bench.columns_table(flows)
table = bench.repeat(one_each, rows)
if len(sys.argv) > 2 and sys.argv[2] == "distinct":
    table = bench.distinct_nested(table)
if len(sys.argv) > 2 and sys.argv[2] == "distinct-at":
    table = bench.distinct_at(table)
engine.verdict_batch(bench.repeat(one_each, len(flows)))
out = engine.verdict_batch(table)
print(out.num_rows, "rows:", out.column("decision").value_counts().to_pylist())
