#!/bin/sh
# Puts testbed-plugins on the PATH, its man pages on the MANPATH and its bash completion where
# bash-completion finds it, as symbolic links into this directory; nothing is copied.
#   ./install.sh [--prefix DIR]    links into DIR/bin, DIR/share/man/man1 and
#                                  DIR/share/bash-completion/completions (default DIR: ~/.local)
#   ./install.sh --remove [--prefix DIR]   removes those links again
# Without the links, removing is deleting this directory.
set -eu
prefix=${HOME:?}/.local
remove=false
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix=$2; shift ;;
    --prefix=*) prefix=${1#--prefix=} ;;
    --remove) remove=true ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
home=$(cd "$(dirname "$0")" && pwd)

# link SOURCE (relative to this directory) into DIR
link() {
  target=$2/$(basename "$1")
  if $remove; then
    [ -L "$target" ] && rm -f "$target" && echo "removed $target"
    return 0
  fi
  mkdir -p "$2"
  ln -sfn "$home/$1" "$target"
  echo "$target -> $home/$1"
}

link bin/testbed-plugins "$prefix/bin"
for page in "$home"/share/man/man1/*.1; do
  [ -f "$page" ] && link "share/man/man1/$(basename "$page")" "$prefix/share/man/man1"
done
link share/bash-completion/completions/testbed-plugins "$prefix/share/bash-completion/completions"
if ! $remove; then
  case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH; add it, e.g. in ~/.profile: PATH=\"$prefix/bin:\$PATH\"" ;;
  esac
fi
