#!/usr/bin/env python3
"""What Wireshark sees of the plugin: `tshark -G plugins` lists it with its version, `-G fields` lists every
sipadvice.* field with its type, the expert items are registered with filterable names, and the
preferences exist under the sipadvice module."""

import argparse
import sys

from sipadvice_tshark import Tshark

FIELDS = {
    "sipadvice.code": "FT_UINT32", "sipadvice.reason": "FT_STRING", "sipadvice.class": "FT_STRING",
    "sipadvice.meaning": "FT_STRING", "sipadvice.seen_when": "FT_STRING", "sipadvice.fix": "FT_STRING",
    "sipadvice.rfc": "FT_STRING", "sipadvice.unregistered": "FT_BOOLEAN", "sipadvice.retransmission": "FT_BOOLEAN",
    "sipadvice.dialog.path": "FT_STRING", "sipadvice.contrast": "FT_STRING", "sipadvice.contrast.rule": "FT_STRING",
    "sipadvice.contrast.earlier_code": "FT_UINT32", "sipadvice.contrast.earlier_frame": "FT_FRAMENUM",
    "sipadvice.contrast.explanation": "FT_STRING", "sipadvice.contrast.advice": "FT_STRING",
    "sipadvice.contrast.later_frame": "FT_FRAMENUM",
    "sipadvice.request": "FT_STRING", "sipadvice.severity": "FT_STRING", "sipadvice.copy": "FT_BOOLEAN",
    "sipadvice.outcome": "FT_STRING", "sipadvice.detail": "FT_STRING",
    "sipadvice.cause": "FT_STRING", "sipadvice.cause.protocol": "FT_STRING", "sipadvice.cause.value": "FT_UINT32",
    "sipadvice.cause.name": "FT_STRING", "sipadvice.cause.text": "FT_STRING", "sipadvice.cause.meaning": "FT_STRING",
    "sipadvice.cause.seen_when": "FT_STRING", "sipadvice.cause.fix": "FT_STRING", "sipadvice.cause.rfc": "FT_STRING",
    "sipadvice.cause.mismatch": "FT_BOOLEAN", "sipadvice.cause.not_shown": "FT_UINT32",
    "sipadvice.warning": "FT_STRING", "sipadvice.warning.code": "FT_UINT32", "sipadvice.warning.agent": "FT_STRING",
    "sipadvice.warning.text": "FT_STRING", "sipadvice.warning.name": "FT_STRING", "sipadvice.warning.meaning": "FT_STRING",
    "sipadvice.warning.fix": "FT_STRING", "sipadvice.warning.unregistered": "FT_BOOLEAN",
    "sipadvice.warning.not_shown": "FT_UINT32",
    "sipadvice.unanswered": "FT_BOOLEAN", "sipadvice.unanswered.last": "FT_STRING",
    "sipadvice.unanswered.sent": "FT_UINT32", "sipadvice.unanswered.waited": "FT_RELATIVE_TIME",
}
# The fields of earlier versions (per kind and severity: what a user file adds or changes), and per entry of the
# built-in data (samples: every code, rule, cause and warn-code has one).
EXPERTS = [f"sipadvice.expert.{group}.{sev}" for group in ("response", "sequence", "cause", "request_cause", "warning")
           for sev in ("chat", "note", "warn", "error")] + [
    "sipadvice.expert.code.430", "sipadvice.expert.code.481", "sipadvice.expert.code.481.note", "sipadvice.expert.code.4xx",
    "sipadvice.expert.code.invalid", "sipadvice.expert.contrast.subscription-flow-failed",
    "sipadvice.expert.contrast.ack-never-came", "sipadvice.expert.cause.q_850.17", "sipadvice.expert.request_cause.q_850.16",
    "sipadvice.expert.cause.release_cause.2", "sipadvice.expert.warning.305", "sipadvice.expert.cause_mismatch",
    "sipadvice.expert.unanswered", "sipadvice.expert.unanswered_at_end"]
PREFS = ["sipadvice.annotate_provisional", "sipadvice.annotate_success", "sipadvice.annotate_redirection",
         "sipadvice.annotate_client_failure", "sipadvice.annotate_server_failure", "sipadvice.annotate_global_failure",
         "sipadvice.annotate_invalid", "sipadvice.info_note"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--version", required=True, help="the project version the plugin must report")
    args = ap.parse_args()
    problems = []
    with Tshark(args.plugin, args.ws_version) as ts:
        path, version = ts.loaded_plugin()
        if path != ts.plugin:
            problems.append(f"-G plugins: sipadvice loaded from {path}, expected {ts.plugin}")
        if version != args.version:
            problems.append(f"-G plugins: version {version}, expected {args.version}")
        fields = {}
        for line in ts.run(["-G", "fields"]).stdout_text.splitlines():
            cols = line.split("\t")
            if len(cols) > 3 and cols[0] == "F" and cols[2].startswith("sipadvice."):
                fields[cols[2]] = cols[3]
        for name, ftype in FIELDS.items():
            if fields.get(name) != ftype:
                problems.append(f"-G fields: {name} is {fields.get(name, 'missing')}, expected {ftype}")
        for name in EXPERTS:
            if name not in fields:
                problems.append(f"-G fields: expert item {name} missing")
        prefs = ts.run(["-G", "defaultprefs"]).stdout_text
        for name in PREFS:
            if f"#{name}: TRUE" not in prefs:
                problems.append(f"-G defaultprefs: {name} missing or not TRUE by default")
        if "SIP Advice\tSIP Advice\tsipadvice" not in ts.run(["-G", "protocols"]).stdout_text:
            problems.append("-G protocols: SIP Advice missing")
    for p in problems:
        print(f"FAIL: {p}")
    if not problems:
        print(f"ok: sipadvice {version} registered: {len(FIELDS)} fields, {len(EXPERTS)} expert items, {len(PREFS)} preferences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
