"""Times saves until they are visible in S3, from outside the syncing process.

For each tool (a watched tree and its bucket): an edit rewrites one file of the tree with new
content (same directory, new bytes), and a boto3 poller HEADs the object until its ETag is the MD5
of the new content; the time from just before the write to that answer is the save-to-visible
latency. Edits alternate between the tools (one of each per round), with a pause between rounds so
that each edit is its own batch. Then a burst: BURST new files in a new directory, timed until a
listing shows every one with its content's MD5. Prints a table and writes visible-HHMMSS.json in
the work directory.

  python3 bench/watch/visible.py --endpoint URL --work DIR [--edits 50] [--burst 200]
"""
import argparse
import hashlib
import json
import os
import random
import statistics
import time

import boto3
from botocore.config import Config

TOOLS = {"ours": ("watch-ours", "ours"), "inotifywait+rclone": ("watch-rclone", "rclone")}
PREFIX = "medium/"
TIMEOUT = 30.0


def client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, config=Config(
        s3={"addressing_style": "path"}, retries={"max_attempts": 1}, max_pool_connections=4))


def etag(s3, bucket, key):
    try:
        return (s3.head_object(Bucket=bucket, Key=key).get("ETag") or "").strip('"')
    except s3.exceptions.ClientError:
        return None


def wait_visible(s3, bucket, key, md5, t0):
    while time.monotonic() - t0 < TIMEOUT:
        if etag(s3, bucket, key) == md5:
            return time.monotonic() - t0
        time.sleep(0.002)
    return None


def edit(s3, tree, bucket, rel, n):
    content = open(os.path.join(tree, rel), "rb").read() + b"# edit %d\n" % n
    md5 = hashlib.md5(content).hexdigest()
    t0 = time.monotonic()
    with open(os.path.join(tree, rel), "wb") as f:
        f.write(content)
    return wait_visible(s3, bucket, PREFIX + rel, md5, t0)


def burst(s3, tree, bucket, count, tag):
    files = {}
    t0 = time.monotonic()
    for i in range(count):
        rel = "burst_%s/mod_%03d/file_%04d.py" % (tag, i % 20, i)
        content = b"# burst file %d\nVALUE = %d\n" % (i, i)
        os.makedirs(os.path.dirname(os.path.join(tree, rel)), exist_ok=True)
        with open(os.path.join(tree, rel), "wb") as f:
            f.write(content)
        files[PREFIX + rel] = hashlib.md5(content).hexdigest()
    while time.monotonic() - t0 < TIMEOUT:
        seen = {}
        try:
            for page in s3.get_paginator("list_objects_v2").paginate(
                    Bucket=bucket, Prefix=PREFIX + "burst_%s/" % tag):
                for o in page.get("Contents", []):
                    seen[o["Key"]] = (o.get("ETag") or "").strip('"')
        except s3.exceptions.ClientError:
            pass  # S3Proxy's file store can fail a listing while objects are being written
        if all(seen.get(k) == v for k, v in files.items()):
            return time.monotonic() - t0
        time.sleep(0.01)
    return None


def summary(xs):
    ok = sorted(x for x in xs if x is not None)
    if not ok:
        return {"n": 0, "missed": len(xs)}
    q = statistics.quantiles(ok, n=20, method="inclusive") if len(ok) > 1 else [ok[0]] * 19
    return {"n": len(ok), "missed": len(xs) - len(ok), "p50_ms": round(statistics.median(ok) * 1000),
            "p95_ms": round(q[18] * 1000), "max_ms": round(ok[-1] * 1000)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--burst", type=int, default=200)
    ap.add_argument("--pause", type=float, default=1.5, help="seconds between rounds")
    args = ap.parse_args()
    s3 = client(args.endpoint)
    rnd = random.Random(1)
    tree0 = os.path.join(args.work, "ours")
    rels = sorted(os.path.relpath(os.path.join(d, f), tree0)
                  for d, _, fs in os.walk(tree0) for f in fs if f.endswith(".py"))
    lat = {t: [] for t in TOOLS}
    for n in range(args.edits):
        rel = rnd.choice(rels)
        order = list(TOOLS) if n % 2 == 0 else list(reversed(TOOLS))
        for tool in order:
            bucket, tree = TOOLS[tool]
            lat[tool].append(edit(s3, os.path.join(args.work, tree), bucket, rel, n))
            time.sleep(args.pause)
    bursts = {}
    for tool in TOOLS:
        bucket, tree = TOOLS[tool]
        bursts[tool] = burst(s3, os.path.join(args.work, tree), bucket, args.burst, tree)
        time.sleep(args.pause)
    result = {"edits": {t: summary(v) for t, v in lat.items()},
              "burst_s": {t: None if v is None else round(v, 3) for t, v in bursts.items()},
              "burst_files": args.burst, "loadavg": os.getloadavg(),
              "raw_ms": {t: [None if x is None else round(x * 1000, 1) for x in v]
                         for t, v in lat.items()}}
    print("| tool | save-to-visible p50 | p95 | max | missed | %d-file burst |" % args.burst)
    print("|---|---|---|---|---|---|")
    for t in TOOLS:
        s = result["edits"][t]
        b = result["burst_s"][t]
        print("| %s | %s ms | %s ms | %s ms | %d of %d | %s |" % (
            t, s.get("p50_ms"), s.get("p95_ms"), s.get("max_ms"), s["missed"], args.edits,
            "not visible in %ds" % TIMEOUT if b is None else "%.2f s" % b))
    o, r = result["edits"]["ours"], result["edits"]["inotifywait+rclone"]
    if o.get("p50_ms") and r.get("p50_ms"):
        print("p50 ours / inotifywait+rclone: %.2f" % (o["p50_ms"] / r["p50_ms"]))
    out = os.path.join(args.work, time.strftime("visible-%H%M%S.json"))
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    print("raw: " + out)


if __name__ == "__main__":
    main()
