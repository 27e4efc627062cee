#!/bin/sh
# Times --version and `compose workers` from unpacked release archives: the first run on a new
# HOME (no per-user cache yet), the runs after it, and runs with the per-user cache off
# (TESTBED_PLUGINS_CDS=0: only what the archive ships). Needs hyperfine.
# Usage: bench-archives.sh ARCHIVE JAVA_HOME_OR_- LABEL [RUNS]
#   JAVA_HOME_OR_-: the JDK for the plain archive; - for the linux-x64 one (its own runtime)
set -eu
archive=$1 jdk=$2 label=$3 runs=${4:-10}
example=$(cd "$(dirname "$0")/../../../examples/lab_deployment" && pwd)/docker-compose.yml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
launcher=$(echo "$work"/testbed-plugins-*/bin/testbed-plugins)
mkdir -p "$work/no-jdks"
set -- env -u JAVA_HOME -u JAVA_OPTS -u TESTBED_PLUGINS_JAVA TESTBED_PLUGINS_JDK_ROOTS="$work/no-jdks"
[ "$jdk" = - ] || set -- "$@" JAVA_HOME="$jdk"
for args in "--version" "compose workers --compose $example"; do
  hyperfine -N -r "$runs" --prepare "rm -rf $work/home" --command-name "$label, first run: $args" \
    --export-json "$work/first.json" "$* HOME=$work/home $launcher $args" >/dev/null
  hyperfine -N -w 2 -r "$runs" --command-name "$label, later runs: $args" \
    --export-json "$work/later.json" "$* HOME=$work/home $launcher $args" >/dev/null
  hyperfine -N -w 2 -r "$runs" --command-name "$label, no per-user cache: $args" \
    --export-json "$work/off.json" "$* HOME=$work/home TESTBED_PLUGINS_CDS=0 $launcher $args" >/dev/null
  for j in first later off; do
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%s | %.2f / %.2f" % (r["command"].split(" --compose")[0], r["median"], r["user"]+r["system"]))' "$work/$j.json"
  done
done
