#!/usr/bin/env python3
"""Gate a data transfer on `mandate serve`, with the Python standard library only.

    mandate serve --policy policies/humanitarian-baseline &
    python3 examples/http-client/client.py flow.json [--url http://127.0.0.1:8181] [--explain]

Prints the decision and exits 0 when the flow is allowed, 1 when it is denied or held for
review, 2 when the service cannot be reached or answers with an error. Anything but a clear
allow is treated as "do not transfer": the gate fails closed.
"""

import argparse
import json
import sys
import urllib.error
import urllib.request


def decide(url, flow, explain=False, timeout=10.0):
    """POST the flow; return (HTTP status, parsed JSON answer)."""
    endpoint = url.rstrip("/") + ("/v1/explain" if explain else "/v1/decide")
    request = urllib.request.Request(
        endpoint,
        data=json.dumps(flow).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        # 4xx and 5xx answers are JSON too, and always a deny.
        return error.code, json.load(error)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("flow", help="the flow as a JSON file")
    parser.add_argument("--url", default="http://127.0.0.1:8181")
    parser.add_argument("--explain", action="store_true", help="ask why, and what would allow it")
    args = parser.parse_args()
    with open(args.flow, encoding="utf-8") as f:
        flow = json.load(f)
    try:
        status, answer = decide(args.url, flow, args.explain)
    except (urllib.error.URLError, OSError, ValueError) as error:
        print(f"mandate is unreachable ({error}): not transferring", file=sys.stderr)
        return 2
    inner = answer.get("decision")
    if isinstance(inner, dict):  # an explanation wraps the decision
        decision, reason = inner["decision"], inner["reason"]
    else:
        decision, reason = inner, answer.get("reason") or answer.get("error")
    print(f"{decision}: {reason}")
    if "remedies" in answer:
        remedies = answer["remedies"]
        print(remedies["note"])
        for i, option in enumerate(remedies["options"], 1):
            print(f"  {i}. " + "; and ".join(json.dumps(c) for c in option["changes"]))
    if status >= 400:
        return 2
    return 0 if decision == "allow" else 1


if __name__ == "__main__":
    sys.exit(main())
