#!/usr/bin/env python3
"""Times tshark with and without the SIP Advice plugin on one capture, as the same unprivileged user,
alternating the two, and reports median wall time and peak RSS ratios in three modes:
  fields  -T fields -e sip.Status-Code -e sip.Call-ID   (the plugin run adds -e sipadvice.code
          -e sipadvice.contrast.earlier_frame)
  expert  -q -z expert
  full    -V (to /dev/null)
plus the plugin's own state (from its log line at the end of the file) and the per-response records.

  run_bench.py --plugin build/sipadvice.so --capture big.pcap [--runs 5] [--modes fields,expert,full]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
from sipadvice_tshark import NOBODY, Tshark  # noqa: E402

MODES = {
    "fields": (["-T", "fields", "-e", "sip.Status-Code", "-e", "sip.Call-ID"],
               ["-e", "sipadvice.code", "-e", "sipadvice.contrast.earlier_frame"]),
    "expert": (["-q", "-z", "expert"], []),
    "full": (["-V"], []),
}


def timed(ts, plugin_dir, args):
    """Runs tshark; returns (seconds, peak RSS in MiB)."""
    env = {"HOME": ts.home, "WIRESHARK_PLUGIN_DIR": plugin_dir, "WIRESHARK_EXTCAP_DIR": ts.extcap_dir,
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    cmd = [ts.tshark] + args
    if os.geteuid() == 0:
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + cmd
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
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--capture", required=True)
    ap.add_argument("--ws-version", default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--modes", default="fields,expert,full")
    args = ap.parse_args()
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
        print()
        if m:
            responses, calls, dialogs, state, per, records = m.groups()
            print(f"plugin state: {responses} responses in {calls} calls and {dialogs} dialogs; dialog state "
                  f"{int(state) / 2**20:.1f} MiB = {per} bytes per call or dialog, "
                  f"{int(state) / max(1, int(dialogs)):.0f} bytes per dialog; per-response records "
                  f"{int(records) / 2**20:.1f} MiB ({int(records) / max(1, int(responses)):.0f} bytes each)")
        else:
            print("plugin state: no state line in tshark's log (is the plugin loaded?)")


if __name__ == "__main__":
    main()
