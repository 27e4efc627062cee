#!/usr/bin/env bash
# Save-to-visible latency of `sync --watch`, side by side with the inotifywait + rclone loop.
#
#   bench/watch/run.sh [EDITS] [BURST]        (defaults: 50 edits, a burst of 200 files)
#
# Starts its own S3Proxy with the s3bench scripts (../shared/tools/s3bench, port 18123, its data in
# $BENCH_DATA, default ~/.cache/s3bench-watch), generates the s3bench medium tree (2,000 files) twice,
# starts `cli/bin/testbed-plugins sync TREE s3://watch-ours/medium --delete --watch` on one copy and
# `while inotifywait -r ...; do rclone sync --checksum ...; done` on the other, then runs
# visible.py: the edits alternate between the two trees, and a poller outside both processes
# (boto3, HEAD until the ETag is the new content's MD5) times each save until the object is
# visible. Needs the jar (mvn -B -DskipTests package), python3 with boto3, inotify-tools, rclone.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
S3BENCH="${S3BENCH:-$ROOT/../shared/tools/s3bench}"
export BENCH_DATA="${BENCH_DATA:-$HOME/.cache/s3bench-watch}"
export S3BENCH_PORT="${S3BENCH_PORT:-18123}"
export S3BENCH_STORE="${S3BENCH_STORE:-$BENCH_DATA/store}"
. "$S3BENCH/env.sh"
EDITS="${1:-50}"
BURST="${2:-200}"
WORK="$BENCH_DATA/work"

[ -f "$ROOT/cli/target/testbed-plugins.jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
# reuse the jars of the shared s3bench cache when they are there
shared_lib="${XDG_CACHE_HOME:-$HOME/.cache}/s3bench/s3proxy/lib"
if [ ! -e "$BENCH_DATA/s3proxy/lib" ] && [ -d "$shared_lib" ]; then
  mkdir -p "$BENCH_DATA/s3proxy" && ln -s "$shared_lib" "$BENCH_DATA/s3proxy/lib"
fi
"$S3BENCH/server/start-s3proxy.sh" >/dev/null

pids=()
cleanup() {
  # each job runs in its own process group (setsid): the launcher and its JVM, the loop and its
  # inotifywait and rclone
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || true; done
  "$S3BENCH/server/stop-s3proxy.sh" --wipe >/dev/null 2>&1 || true
}
trap cleanup EXIT

rm -rf "$WORK" && mkdir -p "$WORK"
python3 -B "$S3BENCH/gen_tree.py" generate --preset medium --seed 1 --out "$WORK/ours" >/dev/null
cp -a "$WORK/ours" "$WORK/rclone"
for b in watch-ours watch-rclone; do
  aws --endpoint-url "$S3BENCH_ENDPOINT" s3 mb "s3://$b" >/dev/null
done
# the rclone side starts in sync, as a running loop would be
rclone sync --checksum --transfers 16 --checkers 16 "$WORK/rclone" bench:watch-rclone/medium

XDG_CACHE_HOME="$WORK/cache" setsid "$ROOT/cli/bin/testbed-plugins" sync "$WORK/ours" s3://watch-ours/medium \
  --delete --watch --json --endpoint-url "$S3BENCH_ENDPOINT" >"$WORK/ours.jsonl" 2>"$WORK/ours.err" &
pids+=($!)
setsid bash -c 'while inotifywait -r -q -e modify,create,delete,move "$1" >/dev/null; do
    rclone sync --checksum --transfers 16 --checkers 16 "$1" bench:watch-rclone/medium
  done' loop "$WORK/rclone" >"$WORK/rclone.log" 2>&1 &
pids+=($!)
# the watch is ready once it printed its notice
for _ in $(seq 1 600); do grep -q '"event":"notice"' "$WORK/ours.jsonl" 2>/dev/null && break; sleep 0.1; done

echo "load before: $(uptime)"
python3 -B "$HERE/visible.py" --endpoint "$S3BENCH_ENDPOINT" --work "$WORK" --edits "$EDITS" --burst "$BURST"
echo "load after:  $(uptime)"
echo "batches reported by the watch: $(grep -c '"event":"changes"' "$WORK/ours.jsonl")"
