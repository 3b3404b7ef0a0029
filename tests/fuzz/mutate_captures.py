#!/usr/bin/env python3
"""Mutation loop: corrupts real captures with `editcap -E` (fixed seeds, so every run is reproducible) and
runs tshark with the plugin over each mutated capture in one pass and in two passes, full tree (-V), as an
unprivileged user. A run fails when tshark dies on a signal or a sanitizer reports anything; the mutated
capture is then kept for replay. Use the ASan build's plugin to catch memory errors that do not crash
(the harness passes LD_PRELOAD and ASAN_OPTIONS through).

  mutate_captures.py --plugin build-asan/sipadvice.so --runs 10000 [--jobs 2] [--seed-start 1]
                     [--probability 0.02] [--captures captures ../shared/captures/public] [--keep DIR]
"""

import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from sipadvice_tshark import Tshark  # noqa: E402

SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", default="4.0")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed-start", type=int, default=1)
    ap.add_argument("--probability", type=float, default=0.02)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--captures", nargs="+", default=[os.path.join(here, "..", "..", "captures"),
                                                      os.path.join(here, "..", "..", "..", "shared", "captures", "public")])
    ap.add_argument("--keep", default="mutation-failures", help="where failing mutated captures are copied")
    args = ap.parse_args()

    inputs = sorted(p for d in args.captures for p in glob.glob(os.path.join(d, "*"))
                    if p.endswith((".pcap", ".pcapng", ".cap")))
    if not inputs:
        print("no captures found")
        return 1
    start = time.monotonic()
    failures, done = [], 0
    with Tshark(args.plugin, args.ws_version) as ts, tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o777)

        def one(i):
            seed = args.seed_start + i
            src = inputs[i % len(inputs)]
            dst = os.path.join(tmp, f"m{seed}-{os.path.basename(src)}")
            subprocess.run(["editcap", "-E", str(args.probability), "--seed", str(seed), src, dst],
                           check=True, capture_output=True)
            os.chmod(dst, 0o666)
            problems = []
            for passes in ([], ["-2"]):
                p = ts.run(passes + ["-r", dst, "-V"], check=False, timeout=300, discard_stdout=True)
                if p.returncode < 0 or p.returncode >= 128 or SANITIZER.search(p.stderr_text):
                    problems.append(f"exit {p.returncode} {'two' if passes else 'one'} pass: "
                                    f"{p.stderr_text.strip().splitlines()[-1:] if p.stderr_text.strip() else ''}")
            if problems:
                os.makedirs(args.keep, exist_ok=True)
                shutil.copy(dst, args.keep)
            os.remove(dst)
            return src, seed, problems

        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for src, seed, problems in pool.map(one, range(args.runs)):
                done += 1
                for p in problems:
                    failures.append(f"{os.path.basename(src)} seed {seed}: {p}")
                    print(f"FAIL: {failures[-1]}", flush=True)
                if done % 500 == 0:
                    print(f"... {done} mutated captures, {len(failures)} failures, {time.monotonic() - start:.0f} s", flush=True)
    print(f"mutated captures run: {done} (each in one and two passes) from {len(inputs)} captures, "
          f"editcap -E {args.probability}, seeds {args.seed_start}-{args.seed_start + args.runs - 1}; "
          f"crashes or sanitizer reports: {len(failures)}; {time.monotonic() - start:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
