#!/usr/bin/env python3
"""Times tshark with and without the SIP Advice plugin on one capture, as the same unprivileged user,
alternating the two, and reports median wall time and peak RSS ratios in three modes:
  fields  -T fields -e sip.Status-Code -e sip.Call-ID   (the plugin run adds -e sipadvice.code
          -e sipadvice.contrast.earlier_frame)
  expert  -q -z expert
  full    -V (to /dev/null)
plus the plugin's own state (from its log line at the end of the file) and the per-response records.

  run_bench.py --plugin build/sipadvice.so --capture big.pcap [--runs 5] [--modes fields,expert,full] [--json r.json]
  run_bench.py --scaling small.json large.json
tests/bench/bench.sh runs the whole benchmark (100k and 1M messages).
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from sipadvice_tshark import Tshark  # noqa: E402

MODES = {
    "fields": (["-T", "fields", "-e", "sip.Status-Code", "-e", "sip.Call-ID"],
               ["-e", "sipadvice.code", "-e", "sipadvice.contrast.earlier_frame"]),
    "expert": (["-q", "-z", "expert"], []),
    "full": (["-V"], []),
}


def timed(ts, plugin_dir, args):
    """Runs tshark; returns (seconds, peak RSS in MiB)."""
    cmd, env = ts.command(args, plugin_dir)
    start = time.monotonic()
    p = subprocess.Popen(cmd, env=env, cwd=ts.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.monotonic() - start
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if status != 0:
        raise RuntimeError(f"tshark failed ({status}): {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin")
    ap.add_argument("--capture")
    ap.add_argument("--ws-version", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--modes", default="fields,expert,full")
    ap.add_argument("--json", help="also write the results here (for --scaling)")
    ap.add_argument("--scaling", nargs=2, metavar=("SMALL.json", "LARGE.json"),
                    help="compare two earlier runs instead of measuring: does time and memory grow linearly?")
    args = ap.parse_args()
    if args.scaling:
        return scaling(*args.scaling)
    ws_version = args.ws_version or re.search(r"\(Wireshark\) (\d+\.\d+)", subprocess.run(
        ["tshark", "--version"], capture_output=True, text=True).stdout).group(1)

    with Tshark(args.plugin, ws_version) as ts:
        empty = os.path.join(ts.root, "no-plugins")
        os.makedirs(os.path.join(empty, ws_version, "epan"))
        os.chmod(empty, 0o777)
        cap = ts.stage(args.capture)
        # one untimed run each way, so both start with a warm page cache
        timed(ts, empty, ["-r", cap, "-q"])
        timed(ts, ts.plugin_dir, ["-r", cap, "-q"])

        stats = ts.run(["-r", cap, "-q", "-z", "expert", "--log-level", "info", "--log-domains", "sipadvice"]).stderr_text
        m = re.search(r"(\d+) responses in (\d+) calls and (\d+) dialogs; dialog state (\d+) bytes "
                      r"\(([\d.]+) per call or dialog\); per-response records (\d+) bytes", stats)

        print(f"capture: {os.path.basename(args.capture)} ({os.path.getsize(args.capture) / 2**20:.0f} MiB), "
              f"{args.runs} alternating runs per mode, median")
        print(f"machine: {os.cpu_count()} CPUs, {subprocess.run(['uname', '-sr'], capture_output=True, text=True).stdout.strip()}, "
              f"tshark {ws_version}")
        print()
        results = {"capture": os.path.basename(args.capture), "messages": sip_messages(ts, cap), "modes": {}}
        print("| mode | without plugin | with plugin | time ratio | peak RSS without | with | RSS ratio |")
        print("|---|---|---|---|---|---|---|")
        for mode in args.modes.split(","):
            base, extra = MODES[mode]
            without, with_ = [], []
            for _ in range(args.runs):
                without.append(timed(ts, empty, ["-r", cap] + base))
                with_.append(timed(ts, ts.plugin_dir, ["-r", cap] + base + extra))
            t0, t1 = statistics.median(t for t, _ in without), statistics.median(t for t, _ in with_)
            r0, r1 = statistics.median(r for _, r in without), statistics.median(r for _, r in with_)
            print(f"| {mode} | {t0:.2f} s | {t1:.2f} s | {t1 / t0:.3f} | {r0:.0f} MiB | {r1:.0f} MiB | {r1 / r0:.3f} |",
                  flush=True)
            results["modes"][mode] = {"time": [t0, t1], "rss": [r0, r1]}
        print()
        if m:
            responses, calls, dialogs, state, per, records = m.groups()
            print(f"plugin state: {responses} responses in {calls} calls and {dialogs} dialogs; dialog state "
                  f"{int(state) / 2**20:.1f} MiB = {per} bytes per call or dialog (a dialog with its call's entry: "
                  f"at most {2 * float(per):.0f}; all state divided by the dialogs alone: "
                  f"{int(state) / max(1, int(dialogs)):.0f}); per-response records "
                  f"{int(records) / 2**20:.1f} MiB ({int(records) / max(1, int(responses)):.0f} bytes each)")
            results["state"] = {"responses": int(responses), "calls": int(calls), "dialogs": int(dialogs),
                                "state_bytes": int(state), "record_bytes": int(records)}
        else:
            print("plugin state: no state line in tshark's log (is the plugin loaded?)")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)


def sip_messages(ts, cap):
    out = ts.run(["-r", cap, "-q", "-z", "sip,stat"]).stdout_text
    m = re.search(r"Number of SIP messages: (\d+)", out)
    return int(m.group(1)) if m else 0


def scaling(small_path, large_path):
    """Per-message time and memory of two captures of different sizes, with the plugin."""
    with open(small_path) as f:
        small = json.load(f)
    with open(large_path) as f:
        large = json.load(f)
    factor = large["messages"] / small["messages"]
    print(f"scaling: {small['messages']} -> {large['messages']} SIP messages (x{factor:.1f})")
    print()
    print("| mode | time with plugin | x | ratio to plugin-less, small / large | peak RSS with plugin | x |")
    print("|---|---|---|---|---|---|")
    for mode in large["modes"]:
        if mode not in small["modes"]:
            continue
        (s0, s1), (l0, l1) = small["modes"][mode]["time"], large["modes"][mode]["time"]
        (_, sr), (_, lr) = small["modes"][mode]["rss"], large["modes"][mode]["rss"]
        print(f"| {mode} | {s1:.2f} s -> {l1:.2f} s | {l1 / s1:.1f} | {s1 / s0:.3f} / {l1 / l0:.3f} | "
              f"{sr:.0f} -> {lr:.0f} MiB | {lr / sr:.1f} |")
    if "state" in small and "state" in large:
        ss, ls = small["state"], large["state"]
        print()
        print(f"plugin state: {ss['state_bytes'] / 2**20:.1f} -> {ls['state_bytes'] / 2**20:.1f} MiB "
              f"(x{ls['state_bytes'] / ss['state_bytes']:.1f}) for {ss['calls'] + ss['dialogs']} -> "
              f"{ls['calls'] + ls['dialogs']} calls and dialogs; records {ss['record_bytes'] / 2**20:.1f} -> "
              f"{ls['record_bytes'] / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
