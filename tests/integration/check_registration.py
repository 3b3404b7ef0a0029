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
}
EXPERTS = [f"sipadvice.expert.{group}.{sev}" for group in ("response", "sequence") for sev in ("chat", "note", "warn", "error")]
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
