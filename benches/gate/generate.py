"""Writes a synthetic registration CSV with an HXL row for the dataset gate's benchmarks:
generated, no real people.

    python benches/gate/generate.py --rows 10000000 > /tmp/reg10m.csv

Columns: case, name, phone, sex, age (years), county (#adm1), subcounty (#adm2), household
(size, summed), registered (a date in 2026). Deterministic for a given --seed and --rows.
Counties and subcounties are drawn with Zipf-like weights and ages skewed towards the young,
so that some groups are rare: aggregation has cells below k and k-anonymity has classes to
suppress. Needs numpy; written in blocks, so memory stays small whatever --rows is.
"""

import argparse
import sys

import numpy as np

GIVEN = ["Amina", "Brian", "Chebet", "Dalia", "Emmanuel", "Fatuma", "Grace", "Hassan",
         "Imani", "Juma", "Kamau", "Leila", "Mercy", "Nasra", "Omar", "Pendo"]
FAMILY = ["Abdi", "Barasa", "Chege", "Deng", "Ekal", "Farah", "Gatluak", "Hussein",
          "Ibrahim", "Juba", "Kiprop", "Lokol", "Mohamed", "Nyakio", "Opiyo", "Wanjiru"]
COUNTIES = 47
SUBCOUNTIES = 6  # per county


def zipf(n, s):
    w = 1.0 / np.arange(1, n + 1) ** s
    return w / w.sum()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--block", type=int, default=500_000)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    names = np.array([f"{g} {f}" for g in GIVEN for f in FAMILY], dtype=object)
    counties = np.array([f"County{c:02d}" for c in range(COUNTIES)], dtype=object)
    subs = np.array([[f"County{c:02d}-Sub{s}" for s in range(SUBCOUNTIES)]
                     for c in range(COUNTIES)], dtype=object)
    county_w = zipf(COUNTIES, 1.6)
    sub_w = zipf(SUBCOUNTIES, 2.0)
    age_w = np.exp(-np.arange(100) / 18.0)
    age_w /= age_w.sum()
    days = np.array([str(np.datetime64("2026-01-01") + d) for d in range(334)], dtype=object)
    out = sys.stdout
    out.write("case,name,phone,sex,age,county,subcounty,household,registered\n")
    out.write("#respondee+code,#respondee+name,#contact+phone,#respondee+sex,#respondee+age,"
              "#adm1+name,#adm2+name,#population+hh,#date+registered\n")
    done = 0
    while done < args.rows:
        n = min(args.block, args.rows - done)
        c = rng.choice(COUNTIES, n, p=county_w)
        s = rng.choice(SUBCOUNTIES, n, p=sub_w)
        cols = [
            np.char.add("KE-", np.char.zfill((np.arange(done, done + n) + 1).astype(str), 8)),
            names[rng.integers(0, len(names), n)],
            np.char.add("+2547", np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8)),
            np.where(rng.random(n) < 0.52, "f", "m"),
            rng.choice(100, n, p=age_w).astype(str),
            counties[c],
            subs[c, s],
            (1 + rng.poisson(4.0, n)).astype(str),
            days[rng.integers(0, len(days), n)],
        ]
        block = np.column_stack([np.asarray(x, dtype=object) for x in cols])
        out.write("\n".join(",".join(r) for r in block))
        out.write("\n")
        done += n


if __name__ == "__main__":
    main()
