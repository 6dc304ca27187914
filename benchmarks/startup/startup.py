#!/usr/bin/env python3
"""Start-up of `benchhal` subcommands that do no device I/O, against a bare JVM, in one run.

Each command runs as a whole process, the commands taking turns (round robin, so drift of the
machine hits all alike); the figure is the median wall time of the runs after one warm-up each.
Usage: benchmarks/startup/startup.py [--runs N] [--jar [--java-option OPT]...] (from the repository
root, after ./mvnw package; the LDF corpus is ../shared/ldf). Without --jar it runs the launcher
./benchhal as a user does (its options and class-data archive); with --jar, java -jar hal-cli.jar.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--jar", action="store_true", help="java -jar hal-cli.jar instead of ./benchhal")
    parser.add_argument("--java-option", action="append", default=[], help="added to every java -jar run")
    args = parser.parse_args()
    jar = os.path.join(ROOT, "hal-cli", "target", "hal-cli.jar")
    if not os.path.exists(jar):
        sys.exit("startup.py: build first (./mvnw -pl hal-cli -am package -DskipTests)")
    work = tempfile.mkdtemp(prefix="benchhal-startup-")
    with open(os.path.join(work, "Hi.java"), "w") as f:
        f.write('public class Hi { public static void main(String[] a) { System.out.println("hi"); } }\n')
    subprocess.run(["javac", "-d", work, os.path.join(work, "Hi.java")], check=True)
    ldf = largest_ldf()
    benchhal = ["java"] + args.java_option + ["-jar", jar] if args.jar else [os.path.join(ROOT, "benchhal")]
    commands = {
        "bare JVM (java Hi)": ["java", "-cp", work, "Hi"],
        "benchhal --version": benchhal + ["--version"],
        "benchhal --help": benchhal + ["--help"],
        "benchhal drivers": benchhal + ["drivers"],
        "benchhal psu --help": benchhal + ["psu", "--help"],
    }
    commands["benchhal bench"] = benchhal + ["--bench", os.path.join(ROOT, "examples", "consumer", "bench.yaml"), "bench"]
    commands["benchhal ldf info alm.ldf"] = benchhal + ["ldf", "info", os.path.join(ROOT, "examples", "consumer", "ldf", "alm.ldf")]
    if ldf:
        commands["benchhal ldf info " + os.path.basename(ldf)] = benchhal + ["ldf", "info", "--lenient", ldf]
    times = {name: [] for name in commands}
    for name, argv in commands.items():  # warm-up: the file cache, not the JVM
        run(argv)
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(run(argv))
    bare = statistics.median(times["bare JVM (java Hi)"])
    print("| command | median | x bare JVM |")
    print("|---|---|---|")
    for name, samples in times.items():
        m = statistics.median(samples)
        print(f"| `{name}` | {m * 1000:.0f} ms | {m / bare:.1f} |")


def run(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"startup.py: {' '.join(argv)} exited {done.returncode}: {done.stderr.decode(errors='replace')}")
    return took


def largest_ldf():
    corpus = os.path.join(os.path.dirname(ROOT), "shared", "ldf")
    files = []
    for base, _, names in os.walk(corpus):
        files += [os.path.join(base, n) for n in names if n.lower().endswith(".ldf")]
    return max(files, key=os.path.getsize) if files else None


if __name__ == "__main__":
    main()
