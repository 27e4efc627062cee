#!/usr/bin/env bash
# Builds the engine suite's two images without a registry, by 'docker import' of a root file
# system: busybox (a shell, httpd) and busybox plus a JDK (with the libraries ldd lists).
# Each is tagged with a hash of what went into it, so a second run finds it and builds nothing.
#   images.sh JAVA_HOME   prints "busybox=IMAGE" and "java=IMAGE"
set -euo pipefail
java_home=$(cd "$1" && pwd -P)
static() { [[ -x "$1" ]] && ! ldd "$1" >/dev/null 2>&1; }
busybox=$(command -v busybox || true)
static "$busybox" || busybox=/bin/busybox
static "$busybox" || { echo "no static busybox (apt-get install -y busybox-static)" >&2; exit 2; }

version=1
key() { { echo "$version"; sha256sum "$busybox"; "$@"; } | sha256sum | cut -c1-12; }

rootfs_busybox() {  # DIR: busybox with its applets as links, and the files a container expects
  local dir=$1
  mkdir -p "$dir"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,var/www}
  cp "$busybox" "$dir/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ -e "$dir/bin/$applet" ]] || ln -s busybox "$dir/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$dir/etc/passwd"
  echo 'root:x:0:' > "$dir/etc/group"
  echo 'hosts: files dns' > "$dir/etc/nsswitch.conf"
  chmod 1777 "$dir/tmp"
}

build() {  # TAG FUNCTION: imports the root file system FUNCTION fills, unless TAG exists
  local tag=$1 fill=$2
  if ! docker image inspect "$tag" >/dev/null 2>&1; then
    local dir
    dir=$(mktemp -d)
    "$fill" "$dir"
    tar -C "$dir" -c . | docker import -c 'ENV PATH=/opt/java/bin:/bin:/usr/bin:/sbin:/usr/sbin' \
      -c 'WORKDIR /' - "$tag" >/dev/null
    rm -rf "$dir"
  fi
  echo "$tag"
}

fill_java() {
  local dir=$1
  rootfs_busybox "$dir"
  mkdir -p "$dir/opt/java"
  # the runtime: bin, conf, lib (no sources or jmods), links followed
  tar -C "$java_home" -ch --exclude=src.zip --exclude=ct.sym bin conf lib release 2>/dev/null \
    | tar -C "$dir/opt/java" -x
  # every shared library the launcher and the JVM's own libraries load, at the same path
  find "$java_home/bin" "$java_home/lib" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
    | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*' | sort -u | while read -r lib; do
      [[ -e "$lib" ]] || continue
      mkdir -p "$dir$(dirname "$lib")"
      cp -L "$lib" "$dir$lib"
    done
  mkdir -p "$dir/lib64" "$dir/etc/ssl"
  echo '127.0.0.1 localhost' > "$dir/etc/hosts"
}

echo "busybox=$(build "testbed-engine/busybox:$(key true)" rootfs_busybox)"
echo "java=$(build "testbed-engine/java:$(key cat "$java_home/release")" fill_java)"
