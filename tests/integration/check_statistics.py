#!/usr/bin/env python3
"""The statistics in a real tshark, two passes (as the GUI sees the capture): `-z sipadvice,tree` counts exactly what
the fields say on the same capture (responses per code, call attempts per outcome, contrasts per rule, unanswered
requests per method, repeats, Reason causes), `-z sipadvice,calls` lists each call once with its outcome, contrasts
and unanswered requests, and both equal reviewed expected files (tests/integration/stats/, --update rewrites).
Also the export route: -T ek and -T json carry every field the details show, and the Elasticsearch mapping
(-G elastic-mapping) types codes and frames as numbers."""

import argparse
import collections
import difflib
import json
import os
import re
import sys

from sipadvice_tshark import Tshark, finish, truthy

CAPTURES = ["reason-udp.pcap", "dialog-rules-udp.pcap", "unanswered-udp.pcap", "ack-missing-udp.pcap",
            "two-hops-udp.pcap", "normal-flows-udp.pcap", "all-codes-wrong-phrases.pcap"]
TOPS = {"responses": "Responses by class and code", "outcomes": "Call attempts by outcome (final response to each INVITE)",
        "contrasts": "Contrasts by rule", "unanswered": "Unanswered requests by method", "repeats": "Repeated responses",
        "causes": "Reason causes by protocol and value"}


def parse_tree(text):
    """{(top, path...): count} of the stats tree's text output; paths by indentation."""
    counts, stack = {}, []
    for line in text.splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s", line)
        if not m or m.group(2).startswith("Topic"):
            continue
        depth = len(m.group(1))
        stack = stack[:depth] + [m.group(2)]
        counts[tuple(stack)] = int(m.group(3))
    return counts


def expected_counts(anns):
    """The same counts, from the fields."""
    want = collections.Counter()
    top = {k: (v,) for k, v in TOPS.items()}
    for a in anns:
        code = a.get("sipadvice.code")
        if code and not a.request:
            want[top["responses"]] += 1
            cls = {"invalid": "invalid (outside 100-699)", "provisional": "1xx provisional", "success": "2xx success",
                   "redirection": "3xx redirection", "client-failure": "4xx client failure",
                   "server-failure": "5xx server failure", "global-failure": "6xx global failure"}[a.get("sipadvice.class")]
            want[top["responses"] + (cls,)] += 1
            want[top["responses"] + (cls, f"{code} {a.get('sipadvice.reason')}")] += 1
        if truthy(a.get("sipadvice.retransmission")) or truthy(a.get("sipadvice.copy")):
            want[top["repeats"]] += 1
            want[top["repeats"] + ("relayed by a proxy (both legs captured)" if truthy(a.get("sipadvice.copy"))
                                   else "retransmissions",)] += 1
        if a.get("sipadvice.contrast.rule"):
            want[top["contrasts"]] += 1
            want[top["contrasts"] + (a.get("sipadvice.contrast.rule"),)] += 1
        if a.get("sipadvice.outcome"):
            o = a.get("sipadvice.outcome")
            want[top["outcomes"]] += 1
            want[top["outcomes"] + (o,)] += 1
            if o in ("rejected", "redirected"):
                want[top["outcomes"] + (o, f"{code} {a.get('sipadvice.reason')}")] += 1
        if truthy(a.get("sipadvice.unanswered")):
            want[top["unanswered"]] += 1
            want[top["unanswered"] + (a.request,)] += 1
            late = "only after" in (a.experts[0][2] if a.experts else "")
            if a.request == "INVITE" and not late:
                want[top["outcomes"]] += 1
                want[top["outcomes"] + ("unanswered (no final response)",)] += 1
        for c in a.causes:
            want[top["causes"]] += 1
            proto = c.get("sipadvice.cause.protocol")
            value = c.get("sipadvice.cause.value")
            name = c.get("sipadvice.cause.name")
            want[top["causes"] + (proto,)] += 1
            want[top["causes"] + (proto, f"{value} {name}" if value else name)] += 1
    return want


def tree_lines(text):
    """The reviewable part of the tree: topic and count (rates are noise to read). Wireshark sorts siblings by count
    and leaves ties in no fixed order (it differs between versions), so ties are put in name order here."""
    root = {"children": []}
    stack = [root]
    for line in text.splitlines():
        m = re.match(r"^( *)(\S.*?)\s{2,}(\d+)\s", line)
        if m and not m.group(2).startswith("Topic"):
            depth = len(m.group(1))
            node = {"name": m.group(2), "count": int(m.group(3)), "children": []}
            stack = stack[:depth + 1]
            stack[-1]["children"].append(node)
            stack.append(node)
    out = []

    def emit(node, depth):
        for child in sorted(node["children"], key=lambda n: (-n["count"], n["name"])):
            out.append(f"{' ' * depth}{child['name']}: {child['count']}")
            emit(child, depth + 1)
    emit(root, 0)
    return out


def calls_lines(text):
    return [line for line in text.splitlines() if " |" in line and not line.startswith("Call-ID |")]


def compare(failures, path, text, update):
    if update:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return
    if not os.path.exists(path):
        failures.append(f"{path} is missing: run with --update and review it")
        return
    with open(path, encoding="utf-8") as f:
        want = f.read()
    if want != text:
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), path, "actual"))
        failures.append(f"{os.path.basename(path)} differs")


def check_export(ts, failures, capture, anns):
    """-T json and -T ek carry the fields the details show; the mapping types numbers as numbers."""
    shown = set()
    for a in anns:
        shown |= set(a.fields)
        for sub in a.causes + a.warnings:
            shown |= set(sub)
    js = ts.run(["-2", "-r", ts.stage(capture), "-T", "json", "-J", "sipadvice"]).stdout_text
    ek = ts.run(["-2", "-r", ts.stage(capture), "-T", "ek", "-J", "sipadvice"]).stdout_text
    for name in sorted(shown):
        if f'"{name}"' not in js:
            failures.append(f"-T json lacks {name}")
        # ek keys are "<protocol>_<field>" with dots as underscores (sipadvice_sipadvice_code)
        key = name.replace(".", "_")
        if f'"sipadvice_{key}"' not in ek and f'"{key}"' not in ek:
            failures.append(f"-T ek lacks {name}")
    mapping = json.loads(ts.run(["-G", "elastic-mapping", "--elastic-mapping-filter", "sip,sipadvice"]).stdout_text)
    types = {}

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k.startswith("sipadvice_") and isinstance(v, dict) and "type" in v:
                    types[k] = v["type"]
                walk(v)
    walk(mapping)
    for name in ("sipadvice_sipadvice_code", "sipadvice_sipadvice_contrast_earlier_frame",
                 "sipadvice_sipadvice_contrast_later_frame", "sipadvice_sipadvice_cause_value",
                 "sipadvice_sipadvice_warning_code", "sipadvice_sipadvice_contrast_earlier_code"):
        if types.get(name) not in ("long", "integer"):
            failures.append(f"elastic mapping: {name} is {types.get(name)}, expected a number")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--captures", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()
    failures = []
    with Tshark(args.plugin, args.ws_version) as ts:
        for cap in CAPTURES:
            path = os.path.join(args.captures, cap)
            anns = ts.annotations(path, True)
            tree = ts.run(["-2", "-q", "-r", ts.stage(path), "-z", "sipadvice,tree"]).stdout_text
            got = {k: v for k, v in parse_tree(tree).items() if k[0] != "SIP Advice:"}
            want = {k: v for k, v in expected_counts(anns).items()}
            for key in sorted(set(got) | set(want)):
                if got.get(key, 0) != want.get(key, 0):
                    failures.append(f"{cap}: {' / '.join(key)}: the tree says {got.get(key, 0)}, the fields {want.get(key, 0)}")
            calls = ts.run(["-2", "-q", "-r", ts.stage(path), "-z", "sipadvice,calls"]).stdout_text
            rows = calls_lines(calls)
            ids = [r.split(" |")[0] for r in rows]
            if len(ids) != len(set(ids)):
                failures.append(f"{cap}: a call is listed twice: {ids}")
            outcomes = sorted(a.get("sipadvice.outcome") for a in anns if a.get("sipadvice.outcome"))
            for r in rows:
                cols = [c.strip() for c in r.split("|")]
                if cols[4] and cols[4] not in outcomes:
                    failures.append(f"{cap}: call {cols[0]} has outcome {cols[4]}, which no field shows")
            name = os.path.splitext(cap)[0]
            compare(failures, os.path.join(args.expected, name + ".tree"), "\n".join(tree_lines(tree)) + "\n", args.update)
            compare(failures, os.path.join(args.expected, name + ".calls"), "\n".join(rows) + "\n", args.update)
            print(f"{'FAIL' if any(f.startswith(cap) for f in failures) else 'ok'}: {cap}: tree and {len(rows)} calls")
        check_export(ts, failures, os.path.join(args.captures, "reason-udp.pcap"), ts.annotations(os.path.join(args.captures, "reason-udp.pcap"), True))
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
