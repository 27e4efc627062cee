#!/bin/sh
# Makes a runtime in STAGE/runtime: jlink from JDK, with the modules jdeps finds in the jar, plus
# jdk.crypto.ec (TLS key exchange and certificates use elliptic curves; found by no static
# analysis), and no debug data, headers or man pages. Then, by training runs on the example
# deployment, one of:
#   without CLASSES, for the linux-x64 archive, a start-up cache:
#     JDK 25 and later: STAGE/lib/testbed-plugins.aot, an AOT cache of the jar's classes and the
#       JDK's that `compose workers` loads (one run makes one cache). It holds no absolute path
#       that must match (the class path is checked by the jar's size and time), so it works
#       wherever the archive is unpacked;
#     JDK 17 to 24: runtime/lib/server/classes.jsa, the runtime's default CDS archive, dumped
#       again with every JDK class that the training runs loaded. An archive of the jar's own
#       classes cannot ship: these JDKs check the class path by its absolute name, known only
#       once unpacked (the launcher makes that one in the user's cache, on each command's first
#       run);
#   with CLASSES, for the container image (make-image-root.sh), whose paths are fixed: the list
#     of every class, the jar's and the JDK's, that the training runs loaded, in a stable order,
#     and the runtime's modules compressed (the image's archive holds the classes it loads).
# The training runs: `compose workers`, `lint`, `status`, `configure --dry-run` and
# `compose set-env --dry-run`.
# Usage: make-runtime.sh JDK JAR STAGE EXAMPLE_COMPOSE_FILE [CLASSES]
set -eu
jdk=$1 jar=$2 stage=$3 example=$4 classes=${5:-}
rt=$stage/runtime
rm -rf "$stage"
mkdir -p "$stage/lib"
cp -p "$jar" "$stage/lib/testbed-plugins.jar"

version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")
modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")
if "$jdk/bin/java" --list-modules | grep -q '^jdk.crypto.ec@'; then
  modules=$modules,jdk.crypto.ec
fi
compress=
if [ -n "$classes" ]; then
  compress=--compress=2
  [ "$version" -lt 21 ] || compress=--compress=zip-6
fi
echo "jlink --add-modules $modules $compress"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  $compress --output "$rt"

# the launcher's JVM options (its opts= line, without the logging ones), so that the cache fits
# the runs that use it
opts=$(sed -n 's/^opts="\(.*\) \$quiet"$/\1/p' "$(dirname "$jar")/../bin/testbed-plugins")
[ -n "$opts" ] || { echo "no opts= line in the launcher beside $jar" >&2; exit 1; }
deployment=$(dirname "$example")
plugins=$deployment/../task-plugins/securingai_builtins
# run the jar on the new runtime with JVM options $1, then the command line; what it says does
# not matter (the status run fails to connect), what it loads does. In an environment of its
# own, so that nothing of the build's (DOCKER_HOST, AWS settings, a hash cache) changes which
# classes load; for the image, the image's: no PATH (no docker CLI) and
# TESTBED_PLUGINS_IN_CONTAINER=1
if [ -n "$classes" ]; then
  where=TESTBED_PLUGINS_IN_CONTAINER=1
else
  where=PATH=$PATH
fi
train() {
  jvm=$1
  shift
  env -i "$where" HOME="$stage/home" XDG_CACHE_HOME="$stage/home/.cache" LANG=C.UTF-8 \
    AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training \
    "$rt/bin/java" $opts $jvm -jar "$stage/lib/testbed-plugins.jar" "$@" >/dev/null 2>&1 || true
}
if [ -z "$classes" ] && [ "$version" -ge 25 ]; then
  # one run makes one cache
  train "-Xlog:aot=off -XX:AOTCacheOutput=$stage/lib/testbed-plugins.aot" compose workers --compose "$example"
  [ -f "$stage/lib/testbed-plugins.aot" ]
else
  # the classes of several commands: the compose commands, and the S3 path up to the connection
  # (to a closed port: no server at package time)
  s3="--plugins $plugins --endpoint-url http://127.0.0.1:9"
  for command in "compose workers" "lint" "status $s3" "configure --dry-run $s3" \
      "compose set-env --set AI_PLUGINS_S3_URI=s3://plugins/training --dry-run"; do
    n=$((${n:-0} + 1))
    train "-Xshare:off -XX:DumpLoadedClassList=$stage/classes-$n.lst" \
      $command --compose "$example"
  done
  if [ -n "$classes" ]; then
    # lambda forms and proxies after the classes; without the ids and the constant pool entries
    # (@cp) of JDK 25's lists, which number the classes of one run
    { cat "$stage"/classes-*.lst | grep -v '^[#@]' | sed 's/ id: [0-9]*$//' | sort -u
      cat "$stage"/classes-*.lst | grep '^@' | grep -v '^@cp ' | sort -u; } > "$classes"
    echo "class list: $(wc -l < "$classes") lines"
  else
    # the JDK's classes only (the jar's are not on the dump's class path)
    cat "$stage"/classes-*.lst | grep -E '^(java|javax|jdk|sun|com/sun)/' | sed 's/ .*//' \
      | sort -u > "$stage/jdk-classes.lst"
    "$rt/bin/java" -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile="$stage/jdk-classes.lst" \
      -XX:SharedArchiveFile="$rt/lib/server/classes.jsa" >/dev/null
    echo "default CDS archive: $(wc -l < "$stage/jdk-classes.lst") JDK classes"
    [ "$(wc -l < "$stage/jdk-classes.lst")" -gt 1000 ]
    rm -f "$stage/jdk-classes.lst"
  fi
  rm -f "$stage"/classes-*.lst
fi
rm -rf "$stage/lib/testbed-plugins.jar" "$stage/home"
du -sh "$rt" "$stage/lib"
