"""The compose editor end to end against ruamel.yaml's round trip of the same edit, run
interleaved (one run of each command per round), so that a machine whose load changes during the
benchmark weighs on every command alike. Prints, per command, the median and best wall time, the
median CPU time (user + system, of the process and its children) and the median's ratio to
ruamel.yaml's; the raw runs go to interleaved-N-HHMMSS.json.

  python3 bench/compose/interleaved.py N ROUNDS [JAR ...]

N services (1000, 5000 or 20000; the file is made by gen.py); each JAR (default:
cli/target/testbed-plugins.jar) through the launcher on JDK 17 and on JDK 25 (env JDK17, JDK25:
JDK directories; defaults under /usr/lib/jvm). The file is restored before each run, and one
unmeasured run per command comes first (it also makes the launcher's start-up cache). Files go to
$BENCH_DIR (default /tmp/compose-bench). Needs python3 with ruamel.yaml (Debian:
python3-ruamel.yaml); PYTHON picks the interpreter that runs it.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
n, rounds = int(sys.argv[1]), int(sys.argv[2])
jars = [os.path.abspath(j) for j in sys.argv[3:]] or [
    os.path.join(root, "cli", "target", "testbed-plugins.jar")]
work = os.environ.get("BENCH_DIR", "/tmp/compose-bench")
os.makedirs(work, exist_ok=True)
os.chdir(work)
big = f"big{n}.yml"
if not os.path.exists(big):
    subprocess.run([sys.executable, os.path.join(here, "gen.py"), str(n)], check=True)
env = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
edit = ["compose", "set-env", "--compose", "t.yml", "--all-services",
        "--set", "AI_PLUGINS_S3_URI=s3://plugins/securingai_builtins"]
commands = {"ruamel.yaml": ([os.environ.get("PYTHON", "/usr/bin/python3"),
                             os.path.join(here, "ruamel_edit.py"), "t.yml"], env)}
jdks = {"17": os.environ.get("JDK17", "/usr/lib/jvm/java-17-openjdk-amd64"),
        "25": os.environ.get("JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64")}
for jar in jars:
    for v, jdk in jdks.items():
        if os.access(os.path.join(jdk, "bin", "java"), os.X_OK):
            name = f"{os.path.basename(jar)[:-4]} JDK {v}"
            # a start-up cache directory per jar: the launcher keeps one cache per command and
            # JDK, so two jars sharing a directory would evict each other's cache every run
            cache = os.path.join(work, "cache", os.path.basename(jar)[:-4])
            commands[name] = ([os.path.join(root, "cli", "bin", "testbed-plugins")] + edit,
                              dict(env, TESTBED_PLUGINS_JAR=jar, JAVA_HOME=jdk,
                                   XDG_CACHE_HOME=cache))


def run(argv, environment):
    shutil.copyfile(big, "t.yml")
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=environment, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if status != 0:
        sys.exit(f"{argv[0]} failed: {status}")
    return wall, usage.ru_utime + usage.ru_stime


def load():
    return open("/proc/loadavg").read().split()[:3]


print("load average before:", *load())
for argv, environment in commands.values():
    run(argv, environment)
times = {name: [] for name in commands}
for _ in range(rounds):
    for name, (argv, environment) in commands.items():
        times[name].append(run(argv, environment))
print("load average after:", *load())
out = f"interleaved-{n}-{time.strftime('%H%M%S')}.json"
json.dump({"services": n, "rounds": rounds, "runs": times}, open(out, "w"), indent=1)
base = statistics.median(w for w, _ in times["ruamel.yaml"])
print(f"{n} services, {rounds} rounds ({out}):")
for name, runs in times.items():
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    print(f"  {name:28s} wall median {wall:7.2f} s, best {min(w for w, _ in runs):7.2f} s;"
          f" CPU median {cpu:6.2f} s; median ×ruamel.yaml {wall / base:5.3f}")
