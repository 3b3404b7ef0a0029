#!/usr/bin/env python3
"""The texts in each language, in a real tshark: with -o sipadvice.language:L on the all-codes capture, every
response's meaning, seen_when and fix are that language's texts of its code (data/i18n/L.ini, its class's for a code
outside the registry, its method's where data/methods.ini has one), its Expert Info summary is made of them with the
language's frame, the field labels are the language's, and one pass equals two (tshark -2). The expected texts are
read here from the data files, independently of the plugin's loader."""

import argparse
import configparser
import os
import re
import sys

from sipadvice_tshark import Tshark, finish

LANGUAGES = ["pt", "zh", "fr", "es", "de"]


def load(path):
    kf = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    kf.optionxform = str
    kf.read(path, encoding="utf-8")
    return kf


def expected_texts(code, method, registered, codes_en, methods_en, tr):
    """meaning, seen_when, fix of `code` to `method` in the translation."""
    group = str(code) if registered else f"{str(code)[0]}xx"
    texts = {k: tr[group][k] for k in ("meaning", "seen_when", "fix")}
    per_method = f"{code} {method}"
    if registered and methods_en.has_section(per_method):
        for k in texts:
            if methods_en.has_option(per_method, k):
                texts[k] = tr[per_method][k]
    return texts


def frame_of(template):
    """The literal text between {meaning} and {fix} of a summary phrase (" Fix: ")."""
    m = re.search(r"\{meaning\}(.*)\{fix\}", template)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--capture", required=True)
    ap.add_argument("--data", required=True)
    args = ap.parse_args()
    codes_en = load(os.path.join(args.data, "codes.ini"))
    methods_en = load(os.path.join(args.data, "methods.ini"))
    registered = {int(s) for s in codes_en.sections() if re.fullmatch(r"\d{3}", s)}
    failures = []
    with Tshark(args.plugin, args.ws_version) as ts:
        for lang in LANGUAGES:
            tr = load(os.path.join(args.data, "i18n", lang + ".ini"))
            option = ("-o", f"sipadvice.language:{lang}")
            one = ts.annotations(args.capture, False, option)
            two = ts.annotations(args.capture, True, option)
            if [a.without("sipadvice.contrast.later_frame") for a in one if not a.request] != \
                    [a.without("sipadvice.contrast.later_frame") for a in two if not a.request]:
                failures.append(f"{lang}: one pass differs from tshark -2")
            responses = [a for a in two if not a.request]
            if len(responses) < 80:
                failures.append(f"{lang}: {len(responses)} responses annotated, expected the capture's 81")
            frame = frame_of(tr["phrases"]["summary-response"])
            for a in responses:
                code = int(a.get("sipadvice.code"))
                method = a.sip.get("sip.CSeq.method", "")
                want = expected_texts(code, method, code in registered, codes_en, methods_en, tr)
                for key, text in want.items():
                    got = a.get(f"sipadvice.{key}")
                    if got != text:
                        failures.append(f"{lang} frame {a.frame} ({code}): {key} is {got[:50]!r}…, expected {text[:50]!r}…")
                summaries = [m for sev, group, m in a.experts if group == "response"]
                if not summaries:
                    failures.append(f"{lang} frame {a.frame}: no Expert Info summary")
                    continue
                s = summaries[0]
                if not s.startswith(str(code)) or (frame and frame not in s and not s.endswith("…")) \
                        or want["meaning"][:20] not in s:
                    failures.append(f"{lang} frame {a.frame}: summary not in {lang}: {s[:90]}")
            print(f"{'FAIL' if any(f.startswith(lang) for f in failures) else 'ok'}: {lang}: {len(responses)} responses")
        # The labels follow the language (the details pane's text of a field).
        out = ts.run(["-r", ts.stage(args.capture), "-o", "sipadvice.language:de", "-O", "sipadvice", "-Y",
                      "sipadvice.code == 430"]).stdout_text
        label = load(os.path.join(args.data, "i18n", "de.ini"))["labels"]["meaning"]
        if f"{label}: " not in out:
            failures.append(f"de: the label '{label}' is not shown")
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
