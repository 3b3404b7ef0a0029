#!/usr/bin/env python3
"""Every display filter the README shows is run on the bundled capture the README names for it, in two passes (as
the GUI reads a file), and must match exactly the frames of tests/integration/readme_filters.txt (reviewed;
--update rewrites it). A filter must compile, match at least one frame, and match fewer frames than the capture
has. The filters of the README's tshark examples (-Y …) must be filters of the table, so they are run too."""

import argparse
import os
import re
import sys

from sipadvice_tshark import Tshark, finish

BEGIN, END = "<!-- filters:begin", "<!-- filters:end -->"


def readme_filters(text):
    """[(filter, capture)] of the README's filter table."""
    if BEGIN not in text or END not in text:
        raise SystemExit(f"README lacks the markers {BEGIN} … {END}")
    table = text.split(BEGIN, 1)[1].split(END, 1)[0]
    rows = []
    for line in table.splitlines():
        m = re.match(r"^\| `(.+?)` \| .* \| `([\w.-]+\.pcap)` \|$", line)
        if m:
            rows.append((m.group(1).replace("\\|", "|"), m.group(2)))
    return rows


def example_filters(text):
    """The -Y filters of the README's fenced code blocks."""
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        found += [m.strip("'\"") for m in re.findall(r"-Y\s+('[^']*'|\"[^\"]*\"|\S+)", block)]
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    with open(args.readme, encoding="utf-8") as f:
        text = f.read()
    rows = readme_filters(text)
    failures = []
    if len(rows) < 10:
        failures.append(f"the README's filter table has {len(rows)} rows; the parser expects | `filter` | … | `capture` |")
    known = {f for f, _ in rows}
    for f in example_filters(text):
        if f not in known:
            failures.append(f"the README's example filter '{f}' is not in its filter table (so it is not tested)")

    want = {}
    if os.path.exists(args.expected) and not args.update:
        with open(args.expected, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    cap, flt, frames = line.rstrip("\n").split("\t")
                    want[(cap, flt)] = frames
    got = {}
    with Tshark(args.plugin, args.ws_version) as ts:
        for flt, cap in rows:
            path = os.path.join(args.captures, cap)
            if not os.path.exists(path):
                failures.append(f"{cap}: no such bundled capture (README filter '{flt}')")
                continue
            r = ts.run(["-2", "-r", ts.stage(path), "-Y", flt, "-T", "fields", "-e", "frame.number"], check=False)
            if r.returncode != 0:
                failures.append(f"'{flt}' on {cap}: tshark failed: {r.stderr_text.strip()[:300]}")
                continue
            frames = " ".join(r.stdout_text.split())
            total = len(ts.run(["-r", ts.stage(path), "-T", "fields", "-e", "frame.number"]).stdout_text.split())
            got[(cap, flt)] = frames
            n = len(frames.split())
            if n == 0:
                failures.append(f"'{flt}' matches nothing in {cap}")
            elif n == total:
                failures.append(f"'{flt}' matches every frame of {cap}: it tells nothing")
            elif not args.update and want.get((cap, flt)) != frames:
                failures.append(f"'{flt}' on {cap}: frames {frames}, expected {want.get((cap, flt), '(not reviewed yet: --update)')}")
            print(f"{cap}\t{flt}\t{frames}")
    if args.update:
        with open(args.expected, "w", encoding="utf-8") as f:
            f.write("# The frames each README filter matches in its capture (two passes); reviewed. "
                    "check_readme_filters.py --update rewrites it.\n")
            for (cap, flt), frames in got.items():
                f.write(f"{cap}\t{flt}\t{frames}\n")
    for key in want:
        if key not in got and not args.update:
            failures.append(f"{key[1]} on {key[0]}: reviewed, but no longer in the README")
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
