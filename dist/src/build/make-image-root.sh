#!/bin/sh
# Makes the file tree of the container image in ROOT, which Jib then packs over `scratch`, as a
# distroless image is made:
#   /opt/testbed-plugins/runtime   a jlinked runtime (see below)
#   /opt/testbed-plugins/lib       the jar, the start-up cache, and jvm.options (the entrypoint's
#                                  @argfile: the launcher's JVM options and the cache to use)
#   /lib, /lib64 ...               the shared libraries the runtime loads (glibc, libz,
#                                  libstdc++, libgcc_s), copied from this host as ldd finds them
#   /etc/nsswitch.conf, /tmp, /deploy
# No /etc/passwd and no shell: the tool runs as whatever `docker run -u` gives.
#
# The same sources and build tools give the same bytes, so that the image's digest is
# reproducible. What decides it is the start-up cache: lib/testbed-plugins.jsa, a static CDS
# archive of the JDK's and the jar's classes that the training runs of make-runtime.sh loaded.
# The JVM checks the class path by its absolute name and the jar's mtime, so the archive is
# dumped in a private mount namespace (unshare) where ROOT/opt is /opt, with every file's mtime
# set to the one Jib gives (1970-01-01T00:00:01Z).
# Only the dump of JDK 25 and later is byte-reproducible: JDK 17's orders its symbols by the
# order in which its main and finalizer threads load the class jdk.internal.misc.VM at start-up,
# a race (docs/design.md). So the image's runtime is jlinked from IMAGE_JDK:
#   auto (the default): RUNTIME_JDK if it is 25 or later, else the newest JDK 25 or later in
#     /usr/lib/jvm; where there is none, RUNTIME_JDK with no start-up cache at all (slower to
#     start, still reproducible), and the build says so;
#   a JDK's directory: that JDK (-Dimage.jdk=PATH).
# APP_CDS=false (-Dimage.appCds=false): no start-up cache.
# Usage: make-image-root.sh JAR ROOT EXAMPLE_COMPOSE_FILE LICENSE_DIR EMPTY_DIR APP_CDS IMAGE_JDK
#        RUNTIME_JDK
# (EMPTY_DIR: made empty if missing; Jib reads the classes directory of the module, which has none)
set -eu
jar=$1 root=$2 example=$3 licenses=$4 app_cds=$6 image_jdk=$7 runtime_jdk=$8
mkdir -p "$5"
home=/opt/testbed-plugins
rm -rf "$root"
mkdir -p "$root$home/lib" "$root/etc" "$root/tmp" "$root/deploy"

# the image's runtime (see above)
version_of() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }
if [ "$image_jdk" = auto ]; then
  image_jdk=$runtime_jdk v=$(version_of "$runtime_jdk")
  if [ "${v:-0}" -lt 25 ]; then
    newest=$(for release in /usr/lib/jvm/*/release; do
        jdk=${release%/release}
        v=$(version_of "$jdk")
        [ -x "$jdk/bin/jlink" ] && [ "${v:-0}" -ge 25 ] && echo "$v $jdk"
      done | sort -k1,1n -k2 | tail -n 1 | cut -d' ' -f2-)
    image_jdk=${newest:-$runtime_jdk}
  fi
fi
echo "the image's runtime: jlink from $image_jdk"
classes=$root.stage/classes.lst
sh "$(dirname "$0")/make-runtime.sh" "$image_jdk" "$jar" "$root.stage" "$example" "$classes"
cp -R "$root.stage/runtime" "$root$home/runtime"
cp "$jar" "$root$home/lib/testbed-plugins.jar"
for f in "$licenses"/LICENSE* "$licenses"/NOTICE*; do
  [ -f "$f" ] && cp "$f" "$root$home/"
done

# the runtime's own libraries without their symbol tables (Debian's JDK 17 libjvm.so: 24 MB to
# 20 MB; Temurin's come stripped; a crash report then names fewer functions), where binutils is
# installed
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
version=$(version_of "$rt")
# the mtime Jib gives every file (its filesModificationTime), so that the cache's checks hold
find "$root" -exec touch -h -d @1 {} +

# runs sh -c SCRIPT in a private mount namespace where /opt is ROOT/opt, as in the image
in_image() {
  unshare --user --map-root-user --mount sh -c "mount --bind '$root/opt' /opt && $1" \
    >/dev/null 2>&1
}
if [ "$app_cds" != true ]; then
  why="-Dimage.appCds=false"
elif [ "$version" -lt 25 ]; then
  why="its runtime is JDK $version, whose archive dump is not reproducible; -Dimage.jdk=PATH\
 names a JDK 25 or later, which gives one"
else
  cache=$home/lib/testbed-plugins.jsa
  cp "$classes" "$root$home/lib/classes.lst"
  # the interpreter only: no compiler thread at work beside the dump; nothing of the build's
  # environment (JAVA_TOOL_OPTIONS)
  in_image "env -i $home/runtime/bin/java -Xint -XX:+UseSerialGC -Xshare:dump \
    -XX:SharedClassListFile=$home/lib/classes.lst -XX:SharedArchiveFile=$cache \
    -cp $home/lib/testbed-plugins.jar" || true
  rm -f "$root$home/lib/classes.lst"
  if [ -f "$root$cache" ]; then
    cache_opts="-XX:SharedArchiveFile=$cache -Xshare:auto -Xlog:cds*=off -Xlog:aot*=off"
  else
    why="unshare is not allowed here"
  fi
fi
if [ -z "${cache_opts:-}" ]; then
  echo "note: the image has no start-up cache ($why); it starts about 0.1 s slower" >&2
  cache_opts="-Xshare:off"
fi
echo "$opts $cache_opts" | tr ' ' '\n' > "$root$home/lib/jvm.options"
# the files' times back to now: the image holds Jib's time whatever they are, and Jib's layer
# cache (target/jib-cache) tells changed files by their time
find "$root" -exec touch -h {} +
du -sh "$root"
