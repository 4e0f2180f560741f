"""The soak test behind .ci/soak: see that script. Loopback only, bounded in time and count."""

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BIN, SECONDS = sys.argv[1], float(sys.argv[2])
PACK = "policies/humanitarian-baseline"
RULES = "rules-prohibitions.policy"
HOSTILE_CONNECTIONS = 64  # idle or slow sockets held at once, well under --max-connections

work = tempfile.mkdtemp(prefix="mandate-soak-")
pack = os.path.join(work, "pack")
os.makedirs(pack)
for name in os.listdir(PACK):
    if name.endswith(".policy"):
        shutil.copy(os.path.join(PACK, name), pack)
flows = []
for name in sorted(os.listdir(os.path.join(PACK, "flows"))):
    with open(os.path.join(PACK, "flows", name), "rb") as f:
        flows.append((name, json.dumps(json.load(f)).encode()))

server = subprocess.Popen(
    [BIN, "serve", "--policy", pack, "--lib", "policies", "--addr", "127.0.0.1:0",
     "--log", os.path.join(work, "log"), "--log-key", os.path.join(work, "key"),
     "--header-timeout-ms", "2000", "--body-timeout-ms", "2000", "--timeout-ms", "5000",
     "--max-connections", "256", "--max-concurrency", "32"],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
line = server.stdout.readline().decode()
base = line.strip().rsplit(" ", 1)[-1]
assert base.startswith("http://127.0.0.1:"), line
host, port = base[len("http://"):].split(":")
port = int(port)
stop_at = time.monotonic() + SECONDS
stats = {"normal": 0, "hostile": 0, "wrong": 0, "health_fail": 0, "reloads": 0, "errors": 0}
lock = threading.Lock()
wrong = []


def count(key, n=1):
    with lock:
        stats[key] += n


def post(path, body, timeout=10):
    req = urllib.request.Request(base + path, data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def outcome(body):
    d = json.loads(body)
    return d.get("decision"), d.get("kind")


expected = {name: outcome(post("/v1/decide", body)[1]) for name, body in flows}


def normal():
    while time.monotonic() < stop_at:
        name, body = random.choice(flows)
        try:
            status, answer = post("/v1/decide", body)
            got = outcome(answer)
        except Exception as e:  # a refused or reset connection is not an answer
            count("errors")
            continue
        count("normal")
        if status == 200 and got != expected[name]:
            count("wrong")
            wrong.append((name, got, expected[name]))
        elif status != 200 and got[0] != "deny":
            count("wrong")
            wrong.append((name, status, got))


def raw(data, hold):
    """Sends `data` on a new connection, holds it open `hold` seconds, reads what comes."""
    s = socket.create_connection((host, port), timeout=5)
    try:
        s.sendall(data)
        time.sleep(hold)
        s.settimeout(3)
        try:
            return s.recv(4096)
        except OSError:
            return b""
    finally:
        s.close()


HOSTILE = [
    lambda: raw(b"", 3),                                          # idle
    lambda: raw(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\n", 3),     # headers never end
    lambda: raw(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{", 3),
    lambda: raw(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 0),
    lambda: post("/v1/decide", b"{\xff\xfe}"),
    lambda: post("/v1/decide", b"[" * 100000),
    lambda: post("/v1/explain", b"{\"id\": " + b"[" * 5000),
    lambda: post("/v1/decide", b"not json at all"),
    lambda: post("/v1/decide", b"[" + b",".join(f for _, f in flows) * 20 + b"]"),
]


def hostile():
    while time.monotonic() < stop_at:
        try:
            answer = random.choice(HOSTILE)()
            if isinstance(answer, tuple) and answer[0] == 200:
                # A hostile body is never decided as allowed.
                if b'"decision":"allow"' in answer[1] and not answer[1].startswith(b"["):
                    count("wrong")
                    wrong.append(("hostile", answer[1][:200]))
        except Exception:
            pass
        count("hostile")


def storm():
    """Rewrites a rules file in pieces (comments only: decisions must not change)."""
    path = os.path.join(pack, RULES)
    with open(path, "rb") as f:
        original = f.read()
    n = 0
    while time.monotonic() < stop_at:
        n += 1
        text = original + f"\n# soak save {n}\n".encode()
        half = len(text) // 2
        with open(path, "wb") as f:
            f.write(text[:half])
            f.flush()
            time.sleep(random.uniform(0.01, 0.2))
            f.write(text[half:])
        count("reloads")
        time.sleep(random.uniform(0.3, 1.0))


def usage():
    with open(f"/proc/{server.pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
    return rss // 1024, len(os.listdir(f"/proc/{server.pid}/fd"))


samples = []


def monitor():
    while time.monotonic() < stop_at:
        t = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/health", timeout=3) as r:
                ok = r.status == 200
        except Exception:
            ok = False
        if not ok:
            count("health_fail")
        samples.append(usage())
        time.sleep(max(0.0, 1.0 - (time.monotonic() - t)))


threads = [threading.Thread(target=normal) for _ in range(4)]
threads += [threading.Thread(target=hostile) for _ in range(HOSTILE_CONNECTIONS)]
threads += [threading.Thread(target=storm), threading.Thread(target=monitor)]
started = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - started
time.sleep(3)  # the header timeout closes what the hostile clients left
after = usage()
alive = server.poll() is None
for name, body in flows:
    if outcome(post("/v1/decide", body)[1]) != expected[name]:
        stats["wrong"] += 1
        wrong.append((name, "after the soak"))
server.send_signal(signal.SIGTERM)
code = server.wait(timeout=30)
verify = subprocess.run([BIN, "log", "verify", os.path.join(work, "log"), "--key",
                         os.path.join(work, "key"), "--format", "json"],
                        capture_output=True)
report = json.loads(verify.stdout or b"{}")
shutil.rmtree(work, ignore_errors=True)

warm = samples[min(5, len(samples) - 1)]
peak_rss = max(s[0] for s in samples)
peak_fds = max(s[1] for s in samples)
print(f"soak: {elapsed:.0f} s on 127.0.0.1, {stats['normal']} decisions "
      f"({stats['normal'] / elapsed:.0f}/s), {stats['hostile']} hostile requests, "
      f"{stats['reloads']} saves in pieces (reload storm)")
print(f"  wrong answers: {stats['wrong']}; /health failures: {stats['health_fail']}; "
      f"client-side connection errors: {stats['errors']}")
print(f"  memory (RSS): {warm[0]} MB after warm-up, {peak_rss} MB peak, {after[0]} MB at the end")
print(f"  open fds: {warm[1]} after warm-up, {peak_fds} peak, {after[1]} at the end")
print(f"  log: {report.get('records')} records, problems {report.get('problems')}; "
      f"exit after SIGTERM: {code}")
failed = []
if not alive:
    failed.append("the server died")
if stats["wrong"]:
    failed.append(f"wrong answers: {wrong[:5]}")
if stats["health_fail"]:
    failed.append("/health failed")
if after[1] > warm[1] + 8:
    failed.append("file descriptors grew")
if after[0] > 2 * warm[0] + 64:
    failed.append("memory grew")
if code != 0 or report.get("problems") != []:
    failed.append("the stop or the log was not clean")
if failed:
    print("soak FAILED: " + "; ".join(failed))
    sys.exit(1)
print("soak passed")
