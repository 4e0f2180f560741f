"""pandas doing what `mandate gate` does for the benchmark pack (benches/gate/pack), so the
two can be timed on the same file in the same run (benches/gate/README.md):

    python benches/gate/gate_pandas.py aggregate DATA.csv OUT.csv
    python benches/gate/gate_pandas.py kanon DATA.csv OUT.csv

`aggregate`: the donor table: count and household sum by subcounty and age, cells below
k = 10 blanked (primary suppression), then the gate's secondary suppression (src/gate/
aggregate.rs): along each dimension in turn, every line (the cells that agree on the other
dimensions) with exactly one suppressed cell and at least two cells has its smallest other
cell suppressed (ties: the first in key order), the lines' choices made on the state before
that dimension's pass; repeated until a whole round changes nothing.

`kanon`: the research microdata: columns sex, age, county, subcounty, k-anonymity with
k = 5 by the gate's local suppression (src/gate/kanon.rs): while some class is below k,
suppress (`*`) the quasi-identifier with the most distinct non-`*` values among the small
classes' records (ties: the first column) in those records; when none is left, the smallest
other class (ties: the first key) joins the all-`*` one.

Each writes the release as the gate writes it (header, HXL row, cells in the gate's order),
so the outputs can be compared byte for byte with `cmp`, and prints what it did as JSON.
Reading uses `usecols`: pandas parses only the columns the release keeps, where the gate
reads and checks every cell of every row (a choice in pandas' favour).
"""

import json
import sys
import time

import pandas as pd

K_TABLE = 10
K_ANON = 5
SUPPRESSED = "*"


def aggregate(data, out):
    dims = ["subcounty", "age"]
    df = pd.read_csv(data, skiprows=[1], usecols=dims + ["household"],
                     dtype={"subcounty": str, "age": str, "household": "float64"},
                     keep_default_na=False)
    read = time.perf_counter()
    cells = (df.groupby(dims, sort=True)
               .agg(count=("household", "size"), sum_household=("household", "sum"))
               .reset_index())
    # The gate's cells are in the order of their keys as strings (a BTreeMap of Vec<String>).
    cells = cells.sort_values(dims, kind="stable", ignore_index=True)
    primary = cells["count"] < K_TABLE
    sup = primary.copy()
    while True:
        changed = False
        for d in range(len(dims)):
            others = [x for i, x in enumerate(dims) if i != d]
            line = cells[others] if others else pd.Series(0, index=cells.index)
            by = [cells[o] for o in others] if others else [line]
            hidden = sup.groupby(by).transform("sum")
            size = sup.groupby(by).transform("size")
            eligible = (hidden == 1) & (size >= 2) & ~sup
            if not eligible.any():
                continue
            cand = cells[eligible].sort_values(others + ["count"] + dims, kind="stable")
            chosen = cand.drop_duplicates(subset=others, keep="first") if others else cand.head(1)
            sup.loc[chosen.index] = True
            changed = True
        if not changed:
            break
    secondary = sup & ~primary
    lines = ["subcounty,age,count,sum_household",
             "#adm2+name,#respondee+age,#indicator+count,#population+hh+sum"]
    for s, a, n, h, x in zip(cells["subcounty"], cells["age"], cells["count"],
                             cells["sum_household"], sup):
        lines.append(f"{s},{a},," if x else f"{s},{a},{n},{int(h)}")
    with open(out, "w", newline="") as f:
        f.write("\n".join(lines) + "\n")
    published = cells.loc[~sup, "count"]
    return {"records": len(df), "cells": len(cells), "primary": int(primary.sum()),
            "secondary": int(secondary.sum()),
            "k": int(published.min()) if len(published) else None,
            "read_s": round(read - START, 2)}


def kanon(data, out):
    qi = ["sex", "age", "county", "subcounty"]
    df = pd.read_csv(data, skiprows=[1], usecols=qi, dtype=str, keep_default_na=False)
    df = df[qi]
    read = time.perf_counter()
    per_column = dict.fromkeys(qi, 0)
    while True:
        sizes = df.groupby(qi, sort=False)[qi[0]].transform("size")
        small = sizes < K_ANON
        if not small.any():
            break
        best, best_n = None, 0
        for c in qi:
            vals = df.loc[small, c]
            n = vals[vals != SUPPRESSED].nunique()
            if n > best_n:
                best, best_n = c, n
        if best is not None:
            hit = small & (df[best] != SUPPRESSED)
            per_column[best] += int(hit.sum())
            df.loc[hit, best] = SUPPRESSED
        else:
            # Every small record is all `*`: the smallest other class joins it.
            some = (df != SUPPRESSED).any(axis=1)
            counts = df[some].groupby(qi, sort=False).size().reset_index(name="n")
            victim = counts.sort_values(["n"] + qi, kind="stable").iloc[0]
            rows = some.copy()
            for c in qi:
                rows &= df[c] == victim[c]
            for c in qi:
                hit = rows & (df[c] != SUPPRESSED)
                per_column[c] += int(hit.sum())
                df.loc[hit, c] = SUPPRESSED
    with open(out, "w", newline="") as f:
        f.write(",".join(qi) + "\n#respondee+sex,#respondee+age,#adm1+name,#adm2+name\n")
        df.to_csv(f, index=False, header=False, lineterminator="\n")
    k = int(df.groupby(qi, sort=False).size().min())
    return {"records": len(df), "values_suppressed": sum(per_column.values()),
            "values_total": len(df) * len(qi), "per_column": per_column, "k": k,
            "read_s": round(read - START, 2)}


START = time.perf_counter()


def main():
    mode, data, out = sys.argv[1:4]
    report = {"aggregate": aggregate, "kanon": kanon}[mode](data, out)
    report["pandas"] = pd.__version__
    report["wall_s"] = round(time.perf_counter() - START, 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
