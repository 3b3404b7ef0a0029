#!/usr/bin/env python3
"""Memory check with valgrind: tshark with the plugin over captures, one and two passes, full tree. Fails
on any memory error (invalid read/write, uninitialised use) and on any definitely or indirectly lost
block whose allocation stack passes through the plugin. Wireshark's own blocks still reachable at exit
are not the plugin's and are only counted.

  check_valgrind.py --plugin build/sipadvice.so --ws-version 4.0 CAPTURE...
"""

import argparse
import os
import re
import sys

from sipadvice_tshark import Tshark, finish

RECORD = re.compile(r"^==\d+== (?P<head>(?:Invalid|Conditional|Use of uninitialised|Mismatched|Syscall param|"
                    r"\d[\d,]* (?:\(\d[\d,]* direct, \d[\d,]* indirect\) )?bytes in [\d,]+ blocks are "
                    r"(?:definitely|indirectly|possibly) lost).*)$")


def records(log):
    """valgrind's error and leak records, each as (headline, stack text)."""
    out, current = [], None
    for line in log.splitlines():
        m = RECORD.match(line)
        if m:
            current = [m.group("head"), []]
            out.append(current)
        elif current is not None:
            if re.match(r"^==\d+== $", line):
                current = None
            else:
                current[1].append(line)
    return [(h, "\n".join(s)) for h, s in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("captures", nargs="+")
    args = ap.parse_args()
    problems = []
    with Tshark(args.plugin, args.ws_version, tshark="valgrind") as ts:
        for cap in args.captures:
            for passes in ([], ["-2"]):
                p = ts.run(["--leak-check=full", "--show-leak-kinds=definite,indirect,possible",
                            "--num-callers=40", "tshark"] + passes + ["-r", ts.stage(cap), "-V"], check=False, timeout=1800)
                log = p.stderr_text
                summary = re.search(r"definitely lost: ([\d,]+) bytes.*?\n.*?indirectly lost: ([\d,]+) bytes", log, re.S)
                # ours: an error or leak whose stack passes through the plugin (our calls into Wireshark included)
                mine = [h for h, s in records(log) if "sipadvice" in s]
                label = f"{os.path.basename(cap)} ({'two passes' if passes else 'one pass'})"
                if p.returncode != 0:
                    problems.append(f"{label}: tshark under valgrind exited {p.returncode}")
                for h in mine:
                    problems.append(f"{label}: {h}")
                print(f"{'FAIL' if mine else 'ok'}: {label}: {len(mine)} errors or leaks from the plugin; "
                      f"whole process: definitely lost {summary.group(1) if summary else '?'} bytes, "
                      f"indirectly lost {summary.group(2) if summary else '?'} bytes")
    return finish(problems)


if __name__ == "__main__":
    sys.exit(main())
