#!/usr/bin/env python3
"""Checks one bundled capture end to end with the real tshark and the built plugin:
 - every SIP response is annotated, once, with the texts of its own code from data/codes.ini, or of the code
   for its request's method from data/methods.ini (--method-texts CODE:N: for at least N methods);
 - one pass and two passes (the GUI's way) give the same annotations, except back links
   (sipadvice.contrast.later_frame) to later frames, which only a later pass can know;
 - `tshark -q -z expert` lists one SIP Advice "Response code" item per response and one "Sequence" item
   per contrast, in one and two passes;
 - the two-pass annotations equal the reviewed expected-output file beside the capture (--update rewrites it).
"""

import argparse
import configparser
import dataclasses
import difflib
import os
import sys

from sipadvice_tshark import Tshark, render, truthy

BACK_LINK = "sipadvice.contrast.later_frame"


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


CONTRAST_FIELDS = ("sipadvice.contrast", "sipadvice.contrast.rule", "sipadvice.contrast.earlier_code",
                   "sipadvice.contrast.earlier_frame", "sipadvice.contrast.explanation", "sipadvice.contrast.advice")


def end_of_capture_rules(data_dir):
    """Rules found only once the whole capture was read (applies=end-without-ack in contrasts.ini)."""
    kf = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    kf.read(os.path.join(data_dir, "contrasts.ini"), encoding="utf-8")
    return {s[5:] for s in kf.sections() if s.startswith("rule ") and kf[s].get("applies") == "end-without-ack"}


END_RULES = end_of_capture_rules(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data"))


def forward_only(a):
    """What one pass can show: a back link only to a frame already read (several messages in one frame), and
    no contrast that only the end of the capture tells."""
    later = a.get(BACK_LINK)
    if later and int(later) > a.frame:
        a = a.without(BACK_LINK)
    if a.get("sipadvice.contrast.rule") in END_RULES:
        a = a.without(*CONTRAST_FIELDS)
        a = dataclasses.replace(a, experts=[e for e in a.experts if e[1] != "sequence"])
    return a


def code_texts(data_dir):
    """data/codes.ini and data/methods.ini as {group: {key: value}} (GKeyFile's syntax, as far as our data uses it)."""
    kf = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    kf.optionxform = str
    kf.read([os.path.join(data_dir, f) for f in ("codes.ini", "methods.ini")], encoding="utf-8")
    return {s: dict(kf[s]) for s in kf.sections()}


def check_texts(anns, texts):
    """Each response shows the texts of its own code (registry codes) or of its class (others), or those of its
    code's entry for the request's method ([200 REGISTER]) where there is one."""
    for a in anns:
        code = int(a.get("sipadvice.code"))
        group = str(code) if str(code) in texts else (f"{code // 100}xx" if 100 <= code <= 699 else "invalid")
        want = dict(texts[group])
        method_group = f"{code} {a.sip.get('sip.CSeq.method', '')}"
        want.update({k: v for k, v in texts.get(method_group, {}).items() if k != "severity"})
        for key in ("reason", "meaning", "seen_when", "fix", "rfc"):
            if a.get(f"sipadvice.{key}") != want[key]:
                fail(f"frame {a.frame}: {code} shows {key} '{a.get('sipadvice.' + key)}', data/ [{group}]/[{method_group}] says '{want[key]}'")
        if truthy(a.get("sipadvice.unregistered")) != (group != str(code)):
            fail(f"frame {a.frame}: {code} unregistered flag is {a.get('sipadvice.unregistered')}")


def check(ts, capture, expected, update, decode_as, data, method_texts=()):
    extra = [x for d in decode_as for x in ("-d", d)]
    one_all = ts.annotations(capture, False, extra)
    two = ts.annotations(capture, True, extra)
    codes = ts.status_codes(capture, extra)
    one = [a for a in one_all if not a.request]
    requests = [a for a in one_all if a.request]

    if [int(a.get("sipadvice.code")) for a in one] != codes:
        fail(f"annotated codes {[a.get('sipadvice.code') for a in one]} differ from the capture's responses {codes}")
    for a in requests:
        if a.get("sipadvice.unanswered"):
            fail(f"frame {a.frame}: an unanswered request in one pass: only the end of the capture tells")
        if not a.causes and not a.get("sipadvice.contrast.rule"):
            fail(f"frame {a.frame}: a request's subtree with nothing to show")
    for a in one:
        if a.get(BACK_LINK) and int(a.get(BACK_LINK)) > a.frame:
            fail(f"frame {a.frame}: a single pass cannot know a later frame, yet shows {a.get(BACK_LINK)}")
        for key in ("sipadvice.reason", "sipadvice.class", "sipadvice.meaning", "sipadvice.seen_when", "sipadvice.fix", "sipadvice.rfc"):
            if not a.get(key):
                fail(f"frame {a.frame}: {key} missing")
        if a.sip and a.sip.get("sip.Status-Code") != a.get("sipadvice.code"):
            fail(f"frame {a.frame}: annotation {a.get('sipadvice.code')} paired with SIP message {a.sip}")
    # What only the end of the capture tells (unanswered requests, end-of-capture contrasts) is not in one pass.
    two_as_one = [forward_only(a) for a in two if not a.get("sipadvice.unanswered")]
    if two_as_one != one_all:
        for x, y in zip(one_all, two_as_one):
            if x != y:
                fail(f"one pass and two passes differ at frame {x.frame}:\n  1: {x}\n  2: {y}")
        fail("one pass and two passes differ in the number of annotations")

    if data:
        texts = code_texts(data)
        check_texts(one, texts)
        for spec in method_texts:  # "200:5": 200 shown with its own text for at least five methods
            code, least = spec.split(":")
            shown = {a.sip.get("sip.CSeq.method") for a in one if a.get("sipadvice.code") == code
                     and f"{code} {a.sip.get('sip.CSeq.method')}" in texts
                     and a.get("sipadvice.meaning") == texts[f"{code} {a.sip.get('sip.CSeq.method')}"]["meaning"]
                     and a.get("sipadvice.meaning") != texts[code]["meaning"]}
            if len(shown) < int(least):
                fail(f"{code} is shown with a text of its own for {sorted(shown)}: fewer than {least} methods")
            print(f"ok: {code} with per-method texts for {', '.join(sorted(shown))}")

    # Expert Info: per response one item, one per cause and per warning; per contrast one (on a response, or on a
    # BYE after an unACKed 2xx); per cause of a request one; per cause contradicting its code one; per unanswered
    # request one (two passes only, with the end-of-capture contrasts).
    def items(anns):
        return sum((0 if a.request else 1) + len(a.causes) + len(a.warnings) + bool(a.get("sipadvice.contrast.rule")) +
                   sum(1 for c in a.causes if truthy(c.get("sipadvice.cause.mismatch", ""))) +
                   bool(a.get("sipadvice.unanswered")) for a in anns)
    contrasts = sum(1 for a in one if a.get("sipadvice.contrast.rule"))
    # tshark -z expert merges items of equal severity and summary whatever their group (a Q.850 16 on a 486 and on a
    # BYE are one line), so only the total is exact.
    for passes, anns in ((False, one_all), (True, two)):
        counts = ts.expert_counts(capture, passes, extra)
        if sum(counts.values()) != items(anns):
            fail(f"-z expert ({'two' if passes else 'one'} pass): {sum(counts.values())} items, expected {items(anns)}: {counts}")

    text = render(two, f"{os.path.basename(capture)}: SIP Advice annotations")
    if update:
        with open(expected, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {expected}")
        return
    if not os.path.exists(expected):
        fail(f"{expected} is missing: run with --update, then review it")
    with open(expected, encoding="utf-8") as f:
        want = f.read()
    if want != text:
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), expected, "actual"))
        fail(f"annotations differ from {expected}")
    print(f"ok: {os.path.basename(capture)}: {len(one)} responses, {contrasts} contrasts, one and two passes agree")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--capture", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--decode-as", action="append", default=[])
    ap.add_argument("--data", help="data/ folder: check every response's texts against codes.ini")
    ap.add_argument("--method-texts", action="append", default=[],
                    help="CODE:N: the capture shows CODE with its own per-method text for at least N methods")
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    with Tshark(args.plugin, args.ws_version) as ts:
        path, version = ts.loaded_plugin()
        if path != ts.plugin:
            fail(f"tshark loaded the plugin from {path}, not the build under test ({ts.plugin})")
        check(ts, args.capture, args.expected, args.update, args.decode_as, args.data, args.method_texts)


if __name__ == "__main__":
    main()
