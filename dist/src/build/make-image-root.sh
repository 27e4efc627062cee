#!/bin/sh
# Makes the file tree of the container image in ROOT, which Jib then packs over `scratch`, as a
# distroless image is made:
#   /opt/testbed-plugins/runtime   the runtime that make-runtime.sh jlinked (from STAGE)
#   /opt/testbed-plugins/lib       the jar, the start-up cache, and jvm.options (the entrypoint's
#                                  @argfile: the launcher's JVM options and the cache to use)
#   /lib, /lib64 ...               the shared libraries the runtime loads (glibc, libz,
#                                  libstdc++, libgcc_s), copied from this host as ldd finds them
#   /etc/nsswitch.conf, /tmp, /deploy
# No /etc/passwd and no shell: the tool runs as whatever `docker run -u` gives.
#
# The start-up cache, for JDK 17 to 24:
#   by default (APP_CDS=true, -Dimage.appCds=true): lib/testbed-plugins.jsa, a static CDS archive
#     of the JDK's and the jar's classes that the training runs of make-runtime.sh loaded
#     (CLASSES). These JDKs check the class path by its absolute name and the jar's mtime, so the
#     archive is dumped in a private mount namespace (unshare) where ROOT/opt is /opt, with every
#     file's mtime set to the one Jib gives (1970-01-01T00:00:01Z). Where unshare is not allowed,
#     the image ships the runtime's default archive and the build says so.
#   with APP_CDS=false (-Dimage.appCds=false): the runtime's default CDS archive that
#     make-runtime.sh dumped (the JDK's classes only): a slower start.
#   Neither is byte-reproducible on JDK 17: its dump orders part of the archive by the order in
#   which its own threads made their symbols at start-up (see docs/design.md).
#   JDK 25 and later, APP_CDS=true: lib/testbed-plugins.aot, an AOT cache made the same way.
# Usage: make-image-root.sh STAGE JAR ROOT EXAMPLE_COMPOSE_FILE CLASSES LICENSE_DIR [EMPTY_DIR [APP_CDS]]
# (EMPTY_DIR: made empty if missing; Jib reads the classes directory of the module, which has none)
set -eu
stage=$1 jar=$2 root=$3 example=$4 classes=$5 licenses=$6 app_cds=${8:-true}
[ -z "${7:-}" ] || mkdir -p "$7"
home=/opt/testbed-plugins
rm -rf "$root"
mkdir -p "$root$home/lib" "$root/etc" "$root/tmp" "$root/deploy"
cp -R "$stage/runtime" "$root$home/runtime"
cp "$jar" "$root$home/lib/testbed-plugins.jar"
for f in "$licenses"/LICENSE* "$licenses"/NOTICE*; do
  [ -f "$f" ] && cp "$f" "$root$home/"
done

# the runtime's own libraries without their symbol tables (libjvm.so: 24 MB to 20 MB; a crash
# report then names fewer functions), where binutils is installed
rt=$root$home/runtime
if command -v strip >/dev/null; then
  find "$rt" -name '*.so' -exec strip --strip-unneeded {} +
fi

# every shared library the launcher and the runtime's libraries load, at the path ldd gives
find "$rt/bin" "$rt/lib" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} + 2>/dev/null \
  | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p' | sort -u \
  | while read -r lib; do
      case $lib in "$root"/*) continue ;; esac
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
[ -f "$root/lib64/ld-linux-x86-64.so.2" ] || [ -f "$root/lib/ld-linux-aarch64.so.1" ]
# hosts first from /etc/hosts (which docker writes), then DNS (compose's service names)
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"

# the JVM options of bin/testbed-plugins (its opts= line, without the logging ones); what the
# JVM would say about its cache is off
opts=$(sed -n 's/^opts="\(.*\) \$quiet"$/\1/p' "$(dirname "$jar")/../bin/testbed-plugins")
[ -n "$opts" ] || { echo "no opts= line in the launcher beside $jar" >&2; exit 1; }
version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rt/release")
# the mtime Jib gives every file (its filesModificationTime), so that the cache's checks hold
find "$root" -exec touch -h -d @1 {} +

# runs sh -c SCRIPT in a private mount namespace where /opt is ROOT/opt, as in the image
in_image() {
  unshare --user --map-root-user --mount sh -c "mount --bind '$root/opt' /opt && $1" \
    >/dev/null 2>&1
}
export AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training
java="$home/runtime/bin/java $opts"
if [ "$app_cds" != true ]; then
  :
elif [ "$version" -ge 25 ]; then
  cache=$home/lib/testbed-plugins.aot
  if in_image "$java -Xlog:aot=off -XX:AOTCacheOutput=$cache -jar $home/lib/testbed-plugins.jar \
      compose workers --compose '$example' || true; test -f $cache"; then
    cache_opts="-Xlog:aot*=off -Xlog:cds*=off -XX:AOTCache=$cache"
  fi
else
  cache=$home/lib/testbed-plugins.jsa
  cp "$classes" "$root$home/lib/classes.lst"
  # address randomization off and the interpreter only (no compiler threads), so that the archive
  # depends on little but the classes. JDK 17 still orders part of it by the order in which its
  # own threads made their symbols at start-up, which varies now and then: the archive is the
  # image's last layer, alone, so that the layers below it stay the same from build to build.
  in_image "setarch $(uname -m) -R $home/runtime/bin/java -Xint -XX:+UseSerialGC -Xshare:dump \
    -XX:SharedClassListFile=$home/lib/classes.lst -XX:SharedArchiveFile=$cache \
    -cp $home/lib/testbed-plugins.jar" || true
  if [ -f "$root$cache" ]; then
    # the archive holds the JDK's classes too: the default one is not needed
    rm -f "$rt/lib/server/classes.jsa"
    cache_opts="-XX:SharedArchiveFile=$cache -Xshare:auto -Xlog:cds*=off"
  fi
  rm -f "$root$home/lib/classes.lst"
fi
if [ -z "${cache_opts:-}" ]; then
  [ "$app_cds" != true ] ||
    echo "warning: unshare is not allowed here; the image ships no start-up cache of the jar's classes" >&2
  rm -f "$root$home/lib/testbed-plugins.jsa" "$root$home/lib/testbed-plugins.aot"
  cache_opts="-Xshare:auto -Xlog:cds*=off"
  [ "$version" -ge 25 ] && cache_opts="-Xlog:aot*=off -Xlog:cds*=off"
fi
echo "$opts $cache_opts" | tr ' ' '\n' > "$root$home/lib/jvm.options"
# the files' times back to now: the image holds Jib's time whatever they are, and Jib's layer
# cache (target/jib-cache) tells changed files by their time
find "$root" -exec touch -h {} +
du -sh "$root"
