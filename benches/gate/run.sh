#!/usr/bin/env bash
# The dataset gate against pandas on the same file in the same run (BENCHMARKS.md, "Dataset
# gate"). Usage, from the repository root:
#
#   cargo build --release --features cli,gate --bin mandate
#   python benches/gate/generate.py --rows 10000000 > /tmp/reg10m.csv
#   benches/gate/run.sh /tmp/reg10m.csv [RUNS] [MANDATE] [PYTHON]
#
# Each of the two obligations (aggregate, k-anonymity) is run RUNS times (default 3) by
# `mandate gate` and by benches/gate/gate_pandas.py, alternating, each under
# `/usr/bin/time -v` (wall time, user CPU time, peak RSS); the outputs must be the same
# bytes, else the script stops. Releases go to a temporary folder, removed at the end.
set -euo pipefail
data=${1:?data CSV}
runs=${2:-3}
mandate=${3:-target/release/mandate}
python=${4:-python3}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export MANDATE_PATH=${MANDATE_PATH:-$here/../../policies}

measure() { # name, command...
    local name=$1
    shift
    /usr/bin/time -v "$@" > "$out/$name.stdout" 2> "$out/$name.time" || {
        cat "$out/$name.stdout" "$out/$name.time" >&2
        return 1
    }
    local wall user rss
    wall=$(grep 'Elapsed (wall clock)' "$out/$name.time" | awk '{print $NF}')
    user=$(grep 'User time (seconds)' "$out/$name.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident set size' "$out/$name.time" | awk '{print $NF}')
    printf '%-22s wall %-9s user %6s s  peak RSS %6d MB   load %s\n' "$name" "$wall" "$user" \
        $((rss / 1024)) "$(cut -d' ' -f1-3 /proc/loadavg)"
}

for flow in aggregate kanon; do
    extra=()
    [ "$flow" = aggregate ] && extra=(--sum household)
    for i in $(seq "$runs"); do
        measure "mandate-$flow-$i" "$mandate" gate --policy "$here/pack" \
            --flow "$here/pack/flows/$flow.json" --data "$data" -o "$out/mandate-$flow.csv" \
            --format json "${extra[@]}"
        measure "pandas-$flow-$i" "$python" "$here/gate_pandas.py" "$flow" "$data" \
            "$out/pandas-$flow.csv"
    done
    cmp "$out/mandate-$flow.csv" "$out/pandas-$flow.csv"
    echo "$flow: the same $(wc -l < "$out/mandate-$flow.csv") lines"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["report"]; r.pop("obligations",None); print(" mandate:", json.dumps({k: r[k] for k in r if k in ("records_in","rows_out","cells","values_suppressed","values_total","k")}))' "$out/mandate-$flow-$runs.stdout"
    echo "  pandas: $(cat "$out/pandas-$flow-$runs.stdout")"
done
