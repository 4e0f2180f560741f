"""mandate's Python binding against cedarpy (Cedar's Python binding) on the same fragment,
measured side by side in one run, in µs per request:

- mandate `verdict(dict)`, one flow at a time;
- mandate `decide_batch` on a list of the flows' dicts, one call;
- cedarpy `is_authorized`, one request at a time, with the policies and entities parsed
  once (`PolicySet`, `Entities` handles) and, for reference, as text each call;
- cedarpy `is_authorized_batch`, one call.

The workload is the comparison benchmark's (benches/compare): a generated pack of the
fragment all engines agree on and its 512 flows, written by the comparison's `export`
example. Before measuring anything, the script checks that cedarpy allows exactly the flows
mandate allows, and that mandate's verdicts are those of the Rust engine the export
recorded; it reports no figure otherwise. Run from the repository root, with a release
wheel of the binding and cedarpy installed:

    cargo build --release --manifest-path benches/compare/Cargo.toml --example export
    benches/compare/target/release/examples/export OUT 100
    python python/bench/cedar_compare.py OUT [--repeat 20]
"""

import argparse
import json
import os
import pathlib
import platform
import sys
import time

import cedarpy

import mandate


def best(f, runs=3):
    """The best of `runs` timings of f(), in seconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def allowed(decision):
    return decision == cedarpy.Decision.Allow


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="the folder the comparison's `export` example wrote")
    ap.add_argument("--repeat", type=int, default=20,
                    help="passes over the exported flows per timing (default 20)")
    args = ap.parse_args()
    folder = pathlib.Path(args.folder)

    engine = mandate.Engine.from_path(str(folder / "pack"))
    flows = json.loads((folder / "flows.json").read_text())
    recorded = json.loads((folder / "verdicts.json").read_text())
    doc = json.loads((folder / "cedar.json").read_text())
    policy_text, entity_list, requests = doc["policies"], doc["entities"], doc["requests"]
    policies = cedarpy.PolicySet.from_str(policy_text)
    entities = cedarpy.Entities.from_json_str(json.dumps(entity_list))
    if not (len(flows) == len(requests) == len(recorded)):
        sys.exit("cedar_compare: the export's files do not hold the same number of flows")

    # Agreement first: no figure for engines that do not decide the same thing.
    verdicts = [engine.verdict(f) for f in flows]
    verdicts = [{"decision": v.decision, "kind": v.kind} for v in verdicts]
    batch = engine.decide_batch(flows).to_pydict()
    one = [allowed(cedarpy.is_authorized(r, policies, entities).decision) for r in requests]
    many = [allowed(r.decision)
            for r in cedarpy.is_authorized_batch(requests, policies, entities)]
    problems = []
    for i, flow in enumerate(flows):
        mandate_allows = verdicts[i]["decision"] == "allow"
        if verdicts[i]["decision"] == "deny" and verdicts[i]["kind"] != recorded[i]:
            problems.append(f"{flow['id']}: binding {verdicts[i]['kind']}, Rust {recorded[i]}")
        if mandate_allows != (recorded[i] == "allow"):
            problems.append(f"{flow['id']}: binding {verdicts[i]['decision']}, Rust {recorded[i]}")
        if batch["decision"][i] != verdicts[i]["decision"] or batch["id"][i] != flow["id"]:
            problems.append(f"{flow['id']}: decide_batch {batch['decision'][i]}")
        if one[i] != mandate_allows or many[i] != mandate_allows:
            problems.append(f"{flow['id']}: mandate {verdicts[i]['decision']}, "
                            f"cedarpy {one[i]} (batch {many[i]})")
    if problems:
        sys.exit("cedar_compare: the engines disagree, no figures:\n  " + "\n  ".join(problems))
    n_allowed = sum(one)

    n = len(flows) * args.repeat
    dicts = flows * args.repeat
    reqs = requests * args.repeat
    load = os.getloadavg()
    print(f"python {platform.python_version()}, cedarpy {version('cedarpy')}, "
          f"{platform.machine()}, {os.cpu_count()} cores, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"fragment: {policy_text.count(';')} rules, {len(flows)} flows "
          f"({n_allowed} allowed), each timing {n:,} requests, best of 3; "
          "every verdict checked against cedarpy's before timing")
    print()
    print("| how | requests | time (best) | per request |")
    print("|---|---:|---:|---:|")

    def report(name, count, seconds):
        print(f"| {name} | {count:,} | {seconds * 1e3:,.1f} ms | {seconds / count * 1e6:,.2f} µs |")
        return seconds / count

    report("mandate `verdict(dict)`, one at a time", n,
           best(lambda: [engine.verdict(d) for d in dicts]))
    report("mandate `decide_batch(list of dicts)`, one call", n,
           best(lambda: engine.decide_batch(dicts)))
    report("cedarpy `is_authorized`, one at a time (parsed `PolicySet`, `Entities`)", n,
           best(lambda: [cedarpy.is_authorized(r, policies, entities) for r in reqs]))
    report("cedarpy `is_authorized_batch`, one call (parsed `PolicySet`, `Entities`)", n,
           best(lambda: cedarpy.is_authorized_batch(reqs, policies, entities)))
    # Policies and entities as text each call: how cedarpy's README calls it.
    # Each such call parses every policy and entity again (tens of ms): a few requests do.
    few = requests[:50]
    report("cedarpy `is_authorized`, one at a time, policies and entities as text", len(few),
           best(lambda: [cedarpy.is_authorized(r, policy_text, entity_list) for r in few],
                runs=1))


def version(package):
    from importlib.metadata import version as v
    return v(package)


if __name__ == "__main__":
    main()
