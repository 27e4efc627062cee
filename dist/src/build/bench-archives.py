#!/usr/bin/env python3
"""Times --version and `compose workers` from unpacked release archives.

For each setup (an archive, and the JDK for the plain one), the first run on a new HOME (no
per-user start-up cache yet) and the runs after it. Setups and commands are interleaved round by
round, so that on a shared machine each sees the same load; medians of wall and CPU seconds.

Usage: bench-archives.py ROUNDS LABEL=ARCHIVE[@JDK] ...
  e.g. bench-archives.py 7 plain-17=dist/target/testbed-plugins-0.1.0.tar.gz@/usr/lib/jvm/java-17
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

EXAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../examples/lab_deployment/docker-compose.yml")
COMMANDS = {"--version": ["--version"], "compose workers": ["compose", "workers", "--compose", os.path.normpath(EXAMPLE)]}


def run(launcher, args, env):
    start = time.monotonic()
    before = os.times()
    subprocess.run([launcher] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.monotonic() - start, cpu


def main():
    rounds = int(sys.argv[1])
    work = tempfile.mkdtemp()
    setups = []
    for spec in sys.argv[2:]:
        label, _, rest = spec.partition("=")
        archive, _, jdk = rest.partition("@")
        into = os.path.join(work, label)
        os.makedirs(os.path.join(into, "no-jdks"))
        subprocess.run(["tar", "-xzf", archive, "-C", into], check=True)
        top = next(d for d in os.listdir(into) if d.startswith("testbed-plugins-"))
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TESTBED_PLUGINS_JDK_ROOTS": os.path.join(into, "no-jdks")}
        if jdk:
            env["JAVA_HOME"] = jdk
        setups.append((label, os.path.join(into, top, "bin/testbed-plugins"), env, into))
    samples = {}
    try:
        for _ in range(rounds):
            for label, launcher, env, into in setups:
                for name, args in COMMANDS.items():
                    fresh = os.path.join(into, "home-new")
                    shutil.rmtree(fresh, ignore_errors=True)
                    samples.setdefault((label, name, "first run"), []).append(run(launcher, args, dict(env, HOME=fresh)))
                    warm = os.path.join(into, "home")
                    if not os.path.isdir(warm):
                        run(launcher, args, dict(env, HOME=warm))
                    samples.setdefault((label, name, "later runs"), []).append(run(launcher, args, dict(env, HOME=warm)))
        print("| setup | command | first run on a new HOME | later runs |")
        print("| --- | --- | --- | --- |")
        for label, _, _, _ in setups:
            for name in COMMANDS:
                cells = []
                for when in ("first run", "later runs"):
                    s = samples[(label, name, when)]
                    cells.append("%.2f / %.2f" % (statistics.median(w for w, _ in s), statistics.median(c for _, c in s)))
                print("| %s | `%s` | %s | %s |" % (label, name, cells[0], cells[1]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
