#!/usr/bin/env python3
"""The "SIP Advice" configuration profile (data/profiles/SIP Advice) in a real tshark: every colouring rule and
filter button compiles and matches exactly the frames it is meant to (computed from the plugin's annotations of
the same captures), and `tshark -C "SIP Advice"` prints the profile's columns with the plugin's values."""

import argparse
import os
import re
import shutil
import sys

from sipadvice_tshark import Tshark, finish, truthy

# What each filter of the profile is meant to match, as a predicate over one annotation (frames of annotations
# for which it holds). A filter of the profile missing here fails the test: every one is checked.
MEANT = {
    "sipadvice.contrast": lambda a: bool(a.get("sipadvice.contrast.rule")),
    "sipadvice.unanswered": lambda a: truthy(a.get("sipadvice.unanswered")),
    "sipadvice.cause.mismatch": lambda a: any(truthy(c.get("sipadvice.cause.mismatch", "")) for c in a.causes),
    'sipadvice.unregistered || sipadvice.class == "invalid"':
        lambda a: truthy(a.get("sipadvice.unregistered")) or a.get("sipadvice.class") == "invalid",
    'sipadvice.severity == "error"': lambda a: a.get("sipadvice.severity") == "error",
    'sipadvice.severity == "warning"': lambda a: a.get("sipadvice.severity") == "warning",
    'sipadvice.severity == "note"': lambda a: a.get("sipadvice.severity") == "note",
    "sipadvice.request": lambda a: bool(a.get("sipadvice.request")),
    "sipadvice.code >= 300": lambda a: a.get("sipadvice.code").isdigit() and int(a.get("sipadvice.code")) >= 300,
    "sipadvice.cause": lambda a: bool(a.causes),
    "sipadvice.warning": lambda a: bool(a.warnings),
    "sipadvice.outcome": lambda a: bool(a.get("sipadvice.outcome")),
    'sipadvice.outcome && sipadvice.outcome != "answered"':
        lambda a: a.get("sipadvice.outcome") not in ("", "answered"),
}
CAPTURES = ["reason-udp.pcap", "warning-udp.pcap", "dialog-rules-udp.pcap", "unanswered-udp.pcap",
            "all-codes-wrong-phrases.pcap", "ack-missing-udp.pcap"]


def profile_filters(folder):
    """(where, filter) of every colouring rule and filter button of the profile."""
    found = []
    with open(os.path.join(folder, "colorfilters"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("@"):
                name, expr = line.split("@")[1:3]
                found.append((f"colouring rule '{name}'", expr))
    with open(os.path.join(folder, "dfilter_buttons"), encoding="utf-8") as f:
        for line in f:
            if line.startswith('"'):
                fields = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
                found.append((f"button '{fields[1]}'", fields[2].replace("\\x22", '"')))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--profile", required=True, help="data/profiles/SIP Advice")
    ap.add_argument("--captures", required=True)
    args = ap.parse_args()
    failures = []
    filters = profile_filters(args.profile)
    with Tshark(args.plugin, args.ws_version) as ts:
        installed = os.path.join(ts.home, ".config", "wireshark", "profiles", "SIP Advice")
        shutil.copytree(args.profile, installed)
        ts._open_up()
        for cap in CAPTURES:
            path = os.path.join(args.captures, cap)
            anns = ts.annotations(path, True)
            for where, expr in filters:
                if expr not in MEANT:
                    failures.append(f"{where}: no statement of what '{expr}' should match")
                    continue
                want = sorted({a.frame for a in anns if MEANT[expr](a)})
                p = ts.run(["-2", "-r", ts.stage(path), "-Y", expr, "-T", "fields", "-e", "frame.number"], check=False)
                if p.returncode != 0:
                    failures.append(f"{where}: '{expr}' does not compile: {p.stderr_text.strip()}")
                    continue
                got = sorted(int(x) for x in p.stdout_text.split())
                if got != want:
                    failures.append(f"{cap}: {where} '{expr}' matches frames {got}, expected {want}")
        # The profile's columns, as tshark prints them with -C: the 486 of reason-udp with its cause and contrast.
        out = ts.run(["-2", "-C", "SIP Advice", "-r", ts.stage(os.path.join(args.captures, "reason-udp.pcap")),
                      "-Y", "frame.number == 4"]).stdout_text
        for value in ("486", "Busy Here", "busy", "Q.850 17 User busy", "ringing-then-busy", "INVITE 100 180 486"):
            if value not in out:
                failures.append(f"tshark -C 'SIP Advice': '{value}' is not in the line of frame 4: {out.strip()}")
    if not failures:
        print(f"ok: {len(filters)} profile filters compile and match what they mean on {len(CAPTURES)} captures; "
              "the profile's columns print")
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
