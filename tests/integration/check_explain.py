#!/usr/bin/env python3
"""sipadvice-explain, run as users run it: the three seed comparisons (204 vs 430 in Portuguese, 100 vs 430 in
Chinese, 204 vs 600 in French) carry the seeds' section headings and each code's own texts in that language (read
here from data/i18n/<language>.ini, independently of the command), with the contrast rule that covers the pair;
one code's page, --method, the Markdown and JSON formats and the default language from the locale work; bad input
gets one line on stderr, nothing on stdout and exit status 2; and the README shows the command's real output."""

import argparse
import configparser
import json
import os
import subprocess
import sys

SEEDS = [  # language, codes, headings, the rule that covers the pair
    ("pt", ("204", "430"), ["Descrição", "Quando você o vê", "Como corrigir", "Diferenças principais", "Quando usar qual"],
     "subscription-flow-failed"),
    ("zh", ("100", "430"), ["描述", "何时出现", "如何修复", "主要区别", "何时使用哪个"], "trying-then-flow-failed"),
    ("fr", ("204", "600"), ["Description", "Quand vous le voyez", "Comment résoudre", "Différences clés", "Quand utiliser lequel"],
     "no-notification-then-busy-everywhere"),
]
BAD = [["0"], ["700"], ["99"], ["abc"], ["43"], ["4300"], [""], ["4x0"], [], ["200", "404", "486"],
       ["--lang", "xx", "430"], ["--format", "pdf", "430"], ["--method", "FOO", "430"], ["430", "--lang"],
       ["--frobnicate", "430"]]


def load(path):
    kf = configparser.ConfigParser(interpolation=None, strict=False, delimiters=("=",))
    kf.optionxform = str
    kf.read(path, encoding="utf-8")
    return kf


def run(exe, args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update(env_extra or {"LANG": "C.UTF-8"})
    p = subprocess.run([exe] + args, capture_output=True, env=env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--explain", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--readme", required=True)
    ap.add_argument("--write-readme", action="store_true", help="put the command's output into the README")
    args = ap.parse_args()
    failures = []
    english = load(os.path.join(args.data, "codes.ini"))

    for lang, codes, headings, rule in SEEDS:
        rc, out, err = run(args.explain, [*codes, "--lang", lang])
        if rc != 0 or err:
            failures.append(f"{lang} {' '.join(codes)}: exit {rc}, stderr {err!r}")
            continue
        tr = load(os.path.join(args.data, "i18n", lang + ".ini"))
        for h in headings:
            if h not in out.splitlines():
                failures.append(f"{lang} {' '.join(codes)}: heading '{h}' missing (on a line of its own)")
        for code in codes:
            reason = english[code]["reason"]
            if f"{code} {reason}" not in out:
                failures.append(f"{lang}: '{code} {reason}' missing")
            for key in ("meaning", "seen_when", "fix", "use_when"):
                text = tr[code][key]
                if text not in out:
                    failures.append(f"{lang}: {code}'s own {key} in {lang} missing: {text[:60]}…")
                if english[code][key] in out:
                    failures.append(f"{lang}: {code}'s English {key} printed")
        if f"({rule})" not in out and rule not in out:
            failures.append(f"{lang} {' '.join(codes)}: the rule {rule} is not named")
        print(f"ok: {lang} {' vs '.join(codes)}: {len(out.splitlines())} lines")

    # One code's page: per-method texts and rules; --method picks that method's texts.
    methods = load(os.path.join(args.data, "methods.ini"))
    rc, out, err = run(args.explain, ["481", "--lang", "en"])
    for m in ("BYE", "NOTIFY", "PRACK"):
        if methods[f"481 {m}"]["meaning"] not in out:
            failures.append(f"481's page lacks its text for {m}")
    if "Contrast rules it takes part in" not in out or "dialog-state-lost" not in out:
        failures.append("481's page lacks its contrast rules")
    rc, out, err = run(args.explain, ["481", "--method", "NOTIFY", "--lang", "en"])
    if rc != 0 or methods["481 NOTIFY"]["meaning"] not in out or "481 Call/Transaction Does Not Exist to NOTIFY" not in out:
        failures.append(f"--method NOTIFY: exit {rc}, not the NOTIFY texts")
    rc, out, err = run(args.explain, ["499", "--lang", "en"])
    if rc != 0 or "Not in the IANA registry" not in out:
        failures.append(f"499 (unregistered): exit {rc}, no note that it is unregistered")

    # Formats.
    rc, out, err = run(args.explain, ["204", "430", "--format", "json", "--lang", "zh"])
    try:
        doc = json.loads(out)
        if [c["code"] for c in doc["codes"]] != [204, 430] or doc["language"] != "zh" or not doc["dialog"] \
                or doc["headings"]["description"] != "描述" or not doc["codes"][0]["use_when"]:
            failures.append(f"json: unexpected content {out[:200]}")
    except (ValueError, KeyError) as e:
        failures.append(f"json: {e}: {out[:200]}")
    rc, out, err = run(args.explain, ["204", "430", "--format=markdown", "--lang", "de"])
    if rc != 0 or not out.startswith("# SIP 204 No Notification") or "\n## " not in out or "**" not in out:
        failures.append(f"markdown: {out[:120]!r}")

    # The default language follows the locale; an unknown one falls back to English.
    rc, out, err = run(args.explain, ["204", "430"], {"LANG": "fr_FR.UTF-8"})
    if "Différences clés" not in out:
        failures.append("LANG=fr_FR.UTF-8 did not give French")
    rc, out, err = run(args.explain, ["204", "430"], {"LANG": "it_IT.UTF-8"})
    if "Key differences" not in out:
        failures.append("LANG=it_IT.UTF-8 did not fall back to English")

    # Bad input.
    for bad in BAD:
        rc, out, err = run(args.explain, bad)
        if rc != 2 or out or len(err.strip().splitlines()) != 1 or not err.startswith("sipadvice-explain: "):
            failures.append(f"bad input {bad}: exit {rc}, stdout {out[:40]!r}, stderr {err!r}")
    rc, out, err = run(args.explain, ["700", "--lang", "pt"])
    print(f"ok: bad input, e.g. {err.strip()}")
    rc, out, err = run(args.explain, ["--help"])
    if rc != 0 or not out.startswith("usage: sipadvice-explain"):
        failures.append("--help")

    # The README shows the real output.
    with open(args.readme, encoding="utf-8") as f:
        readme = f.read()
    begin, end = "<!-- explain:begin", "<!-- explain:end -->"
    if begin not in readme:
        failures.append("README lacks the explain markers")
    else:
        block = readme.split(begin, 1)[1].split("-->", 1)[1].split(end, 1)[0]
        rc, out, err = run(args.explain, ["204", "430", "--lang", "pt"])
        want = "\n```\n" + out + "```\n"
        if args.write_readme:
            head, rest = readme.split(begin, 1)
            marker, rest = rest.split("-->", 1)
            with open(args.readme, "w", encoding="utf-8") as f:
                f.write(head + begin + marker + "-->" + want + end + rest.split(end, 1)[1])
        elif block != want:
            failures.append("the README's sipadvice-explain output differs from the command's (check_explain.py "
                            "--write-readme rewrites it)")

    for f in failures:
        print("FAIL:", f)
    print(f"{'FAILED' if failures else 'PASSED'}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
