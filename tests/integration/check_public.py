#!/usr/bin/env python3
"""Runs the built plugin over real SIP captures from other projects (../shared/captures/public), which this
repository does not ship. For each capture:
 - tshark neither crashes nor fails, in one and in two passes, and the two agree (forward links aside);
 - every SIP response the SIP dissector found is annotated;
 - no contrast links two different calls, and dialog-scope contrasts stay inside one dialog;
 - the contrasts a SIP engineer expects are there (below);
 - the annotations equal the reviewed expected file in tests/integration/public/ (--update rewrites).
Exits 77 (CTest: skipped) with a message when the folder is absent, e.g. in a user's fresh clone.
"""

import argparse
import configparser
import difflib
import glob
import os
import sys

from check_capture import BACK_LINK, forward_only
from sipadvice_tshark import Tshark, finish, render

SKIP = 77
# Captures whose SIP runs on a port Wireshark does not treat as SIP by default.
DECODE_AS = {"heplify__sip_ipv4_tcp_fragmented.pcap": ["tcp.port==6060,sip"]}
# What a SIP engineer expects to be pointed out: capture -> {rule: minimum count}.
EXPECTED_CONTRASTS = {
    "heplify__sip_ipv4_tcp_fragmented.pcap": {},  # 180, CANCEL, 200, 487: a normal cancelled call, no contrast
    "heplify__erspan_sip_ipv4_udp.pcapng": {"subscription-gone": 1},     # 481 to NOTIFY after 202
    "sngrep__aaa.pcap": {"authentication-loop": 1, "credentials-rejected": 1},  # REGISTER 401 loops, 401 then 403
}


def rule_scopes(data_dir):
    kf = configparser.ConfigParser(interpolation=None, strict=False)
    kf.read(os.path.join(data_dir, "contrasts.ini"), encoding="utf-8")
    # rules about an unACKed 2xx (applies=...) link within one dialog
    return {s[len("rule "):]: kf[s].get("scope", "dialog") for s in kf.sections() if s.startswith("rule ")}


def check_links(name, anns, scopes):
    """Every contrast's earlier response is in the same call; dialog-scope ones in the same dialog."""
    by_frame = {}
    for a in anns:
        by_frame.setdefault(a.frame, []).append(a)
    problems = []
    for a in anns:
        rule = a.get("sipadvice.contrast.rule")
        if not rule:
            continue
        frame, code = int(a.get("sipadvice.contrast.earlier_frame")), a.get("sipadvice.contrast.earlier_code")
        earlier = [e for e in by_frame.get(frame, []) if e.get("sipadvice.code") == code]
        tags = {a.sip.get("sip.from.tag"), a.sip.get("sip.to.tag")} - {None, ""}

        def same_dialog(e):
            etags = {e.sip.get("sip.from.tag"), e.sip.get("sip.to.tag")} - {None, ""}
            return etags == tags or (not e.sip.get("sip.to.tag") and e.sip.get("sip.from.tag") in tags) or \
                (not a.sip.get("sip.to.tag") and a.sip.get("sip.from.tag") in etags)

        ok = [e for e in earlier if e.sip.get("sip.Call-ID") == a.sip.get("sip.Call-ID")]
        if scopes.get(rule) == "dialog":
            ok = [e for e in ok if same_dialog(e)]
        if not ok:
            problems.append(f"{name}: frame {a.frame} ({rule}) links to frame {frame}, which is not in its "
                            f"{'dialog' if scopes.get(rule) == 'dialog' else 'call'}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--captures", required=True, help="folder of public captures (../shared/captures/public)")
    ap.add_argument("--expected", required=True, help="folder of reviewed expected files")
    ap.add_argument("--data", required=True, help="the data/ folder (rule scopes)")
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()

    captures = sorted(p for p in glob.glob(os.path.join(args.captures, "*")) if p.endswith((".pcap", ".pcapng", ".cap")))
    if not captures:
        print(f"SKIPPED: no public captures in {args.captures}: that folder is not part of this repository "
              "(see tests/README); nothing to check here")
        return SKIP

    scopes = rule_scopes(args.data)
    failures = []
    with Tshark(args.plugin, args.ws_version) as ts:
        if ts.loaded_plugin()[0] != ts.plugin:
            print("FAIL: tshark did not load the plugin under test")
            return 1
        for cap in captures:
            name = os.path.basename(cap)
            extra = [x for d in DECODE_AS.get(name, []) for x in ("-d", d)]
            try:
                one = ts.annotations(cap, False, extra)
                two = ts.annotations(cap, True, extra)
                codes = ts.status_codes(cap, extra)
            except Exception as e:  # a crash or a failing tshark
                failures.append(f"{name}: {e}")
                continue
            if [int(a.get("sipadvice.code")) for a in one if not a.request] != codes:
                failures.append(f"{name}: {len(codes)} responses, {len([a for a in one if not a.request])} annotated")
            if [forward_only(a) for a in two if not a.get("sipadvice.unanswered")] != one:
                failures.append(f"{name}: one pass and two passes differ")
            failures += check_links(name, two, scopes)
            found = {}
            for a in two:
                rule = a.get("sipadvice.contrast.rule")
                if rule:
                    found[rule] = found.get(rule, 0) + 1
            for rule, least in EXPECTED_CONTRASTS.get(name, {}).items():
                if found.get(rule, 0) < least:
                    failures.append(f"{name}: expected at least {least} '{rule}' contrast(s), found {found.get(rule, 0)}")

            expected = os.path.join(args.expected, name + ".expected")
            text = render(two, f"{name} (../shared/captures/public): SIP Advice annotations")
            if args.update:
                with open(expected, "w", encoding="utf-8") as f:
                    f.write(text)
            elif not os.path.exists(expected):
                failures.append(f"{name}: {expected} missing (run with --update and review it)")
            else:
                with open(expected, encoding="utf-8") as f:
                    want = f.read()
                if want != text:
                    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), expected, "actual"))
                    failures.append(f"{name}: annotations differ from {expected}")
            print(f"{'ok' if not any(f.startswith(name) for f in failures) else 'FAIL'}: {name}: "
                  f"{len(one)} responses, contrasts {found or '{}'}")
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
