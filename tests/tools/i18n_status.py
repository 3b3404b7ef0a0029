#!/usr/bin/env python3
"""Where a translation (data/i18n/<lang>.ini) stands against the English texts of data/*.ini.

  i18n_status.py --data data pt            what is missing, identical to the English, unknown, or too long
  i18n_status.py --data data pt --todo     also prints each missing text's English, group by group, in the
                                           order of the English files (a translator's worklist)

A translation file has the English files' groups and text keys ([430] meaning=…, [rule id] summary=…,
[labels] meaning=…, [phrases] title-response=…), only the translated keys. This is the translator's quick
check; the unit test (tests/unit/test_i18n.cpp) loads the files through the plugin's own loader and is the
one that decides. Exit status 1 when anything is missing or wrong.
"""

import argparse
import os
import re
import sys

# The keys of each file that are text to translate (reason phrases, cause and warn-code names, RFC references,
# severities and rule conditions are protocol facts and stay).
TRANSLATABLE = {
    "codes.ini": {"*": ("meaning", "seen_when", "fix", "use_when")},
    "methods.ini": {"*": ("meaning", "seen_when", "fix")},
    "contrasts.ini": {"*": ("summary", "explanation", "advice")},
    "causes.ini": {"protocol": ("name", "meaning"), "cause": ("meaning", "seen_when", "fix")},
    "warnings.ini": {"*": ("meaning", "fix")},
    "details.ini": {"*": ("text",)},
    "ui.ini": {"*": None},  # every key
}
FILES = list(TRANSLATABLE)

# Texts that are the same word in a language as in English (the unit test has the same list).
SAME = {("*", "labels", "rfc"), ("*", "phrases", "explain-title-pair"), ("fr", "labels", "code"), ("fr", "labels", "warning.code"),
        ("fr", "labels", "warning.agent"), ("de", "labels", "warning.agent"), ("es", "labels", "warning.agent"),
        ("fr", "phrases", "explain-description"), ("fr", "labels", "contrast.explanation"),
        ("fr", "labels", "retransmission"), ("de", "labels", "contrast.advice")}

# Field labels of the keys shown as one field ("Meaning: <text>"): [labels] key per (file, key).
LABEL_OF = {
    ("codes.ini", "meaning"): "meaning", ("codes.ini", "seen_when"): "seen_when", ("codes.ini", "fix"): "fix",
    ("methods.ini", "meaning"): "meaning", ("methods.ini", "seen_when"): "seen_when", ("methods.ini", "fix"): "fix",
    ("contrasts.ini", "summary"): "contrast", ("contrasts.ini", "explanation"): "contrast.explanation",
    ("contrasts.ini", "advice"): "contrast.advice",
    ("causes.ini", "meaning"): "cause.meaning", ("causes.ini", "seen_when"): "cause.seen_when",
    ("causes.ini", "fix"): "cause.fix",
    ("warnings.ini", "meaning"): "warning.meaning", ("warnings.ini", "fix"): "warning.fix",
}
LABEL_LIMIT = 239                                              # Wireshark's ITEM_LABEL_LENGTH less the NUL
SUMMARY_LIMIT = LABEL_LIMIT - len("Expert Info (Warning/Response): ")  # what the details pane shows whole


def read_keyfile(path):
    """[(group, {key: value})] in file order; values unescaped as GKeyFile does for the common escapes."""
    groups, current = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"^\[(.+)\]\s*$", line)
            if m:
                current = (m.group(1), {})
                groups.append(current)
                continue
            if "=" not in line or current is None:
                print(f"{path}:{n}: not a key=value line", file=sys.stderr)
                continue
            k, v = line.split("=", 1)
            v = v.strip().replace("\\s", " ").replace("\\\\", "\\")
            current[1][k.strip()] = v
    return groups


def translatable(fname, group, keys):
    spec = TRANSLATABLE[fname]
    kind = group.split(" ", 1)[0]
    wanted = spec.get(kind, spec.get("*", ()))
    if wanted is None:
        return list(keys)
    return [k for k in wanted if k in keys]


def fill(template, values):
    return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "data"))
    ap.add_argument("--todo", action="store_true")
    ap.add_argument("lang")
    args = ap.parse_args()

    path = os.path.join(args.data, "i18n", args.lang + ".ini")
    tr = {g: kv for g, kv in read_keyfile(path)} if os.path.exists(path) else {}
    english = {f: read_keyfile(os.path.join(args.data, f)) for f in FILES}
    en_all = {}
    for f in FILES:
        for g, kv in english[f]:
            en_all.setdefault(g, {}).update(kv)

    problems, missing, total = [], [], 0
    todo_lines = []
    for f in FILES:
        for g, kv in english[f]:
            keys = translatable(f, g, kv)
            for k in keys:
                total += 1
                t = tr.get(g, {}).get(k)
                if t is None:
                    missing.append((f, g, k))
                    if args.todo:
                        if not todo_lines or todo_lines[-1][0] != g:
                            todo_lines.append((g, [f"\n# {f}\n[{g}]\n"]))
                        todo_lines[-1][1].append(f"# {kv[k]}\n{k}=\n")
                elif t == kv[k] and (args.lang, g, k) not in SAME and ("*", g, k) not in SAME:
                    problems.append(f"[{g}] {k}: identical to the English")
                elif not t:
                    problems.append(f"[{g}] {k}: empty")
    # unknown groups/keys
    for g, kv in tr.items():
        if g not in en_all:
            problems.append(f"[{g}]: no such group in the English files")
            continue
        fname = next(f for f in FILES if any(eg == g for eg, _ in english[f]))
        allowed = translatable(fname, g, en_all[g])
        for k, v in kv.items():
            if k not in allowed:
                problems.append(f"[{g}] {k}: not a text to translate (allowed: {', '.join(allowed)})")
            if re.findall(r"\{[a-z_]+\}", v) and sorted(set(re.findall(r"\{[a-z_]+\}", v))) != sorted(
                    set(re.findall(r"\{[a-z_]+\}", en_all[g].get(k, "")))):
                problems.append(f"[{g}] {k}: placeholders {sorted(set(re.findall(r'{[a-z_]+}', v)))} differ from "
                                f"the English {sorted(set(re.findall(r'{[a-z_]+}', en_all[g].get(k, ''))))}")
            elif "{" in en_all[g].get(k, "") and not re.findall(r"\{[a-z_]+\}", v):
                problems.append(f"[{g}] {k}: the English has placeholders, the translation none")

    # lengths, as the details pane shows them
    def t_or_en(g, k):
        return tr.get(g, {}).get(k, en_all.get(g, {}).get(k, ""))

    def nbytes(s):
        return len(s.encode("utf-8"))

    for f in FILES:
        for g, kv in english[f]:
            for k in translatable(f, g, kv):
                if g not in tr or k not in tr[g]:
                    continue
                lab = LABEL_OF.get((f, k))
                if lab:
                    label = t_or_en("labels", lab) + ": " + tr[g][k]
                    if nbytes(label) > LABEL_LIMIT:
                        problems.append(f"[{g}] {k}: \"{t_or_en('labels', lab)}: …\" is {nbytes(label)} bytes; the details "
                                        f"pane cuts it at {LABEL_LIMIT}: shorten by {nbytes(label) - LABEL_LIMIT}")
    # summaries
    for g, kv in english["codes.ini"]:
        # classes are shown with an unregistered code of theirs (198 ...), [invalid] with any other number (999)
        number = g if re.fullmatch(r"\d{3}", g) else g[0] + "98" if re.fullmatch(r"\dxx", g) else "999"
        s = fill(t_or_en("phrases", "summary-response"),
                 {"code": number, "reason": kv["reason"], "meaning": t_or_en(g, "meaning"), "fix": t_or_en(g, "fix")})
        if nbytes(s) > SUMMARY_LIMIT:
            problems.append(f"[{g}]: Expert Info summary is {nbytes(s)} bytes, cut at {SUMMARY_LIMIT}: shorten "
                            f"meaning+fix by {nbytes(s) - SUMMARY_LIMIT}")
    for g, kv in english["methods.ini"]:
        code, method = g.split(" ", 1)
        s = fill(t_or_en("phrases", "summary-response-method"),
                 {"code": code, "reason": en_all[code]["reason"], "method": method,
                  "meaning": tr.get(g, {}).get("meaning") or kv.get("meaning") or t_or_en(code, "meaning"),
                  "fix": tr.get(g, {}).get("fix") or kv.get("fix") or t_or_en(code, "fix")})
        if nbytes(s) > SUMMARY_LIMIT:
            problems.append(f"[{g}]: Expert Info summary is {nbytes(s)} bytes, cut at {SUMMARY_LIMIT}: shorten "
                            f"meaning+fix by {nbytes(s) - SUMMARY_LIMIT}")
    for g, kv in english["contrasts.ini"]:
        s = fill(t_or_en("phrases", "summary-contrast"), {"later": "SUBSCRIBE", "earlier": "200",
                                                           "summary": t_or_en(g, "summary")})
        if nbytes(s) > SUMMARY_LIMIT:
            problems.append(f"[{g}]: Expert Info summary is {nbytes(s)} bytes, cut at {SUMMARY_LIMIT}")
    for g, kv in english["causes.ini"]:
        if not g.startswith("cause "):
            continue
        _, proto, value = g.split(" ")
        s = fill(t_or_en("phrases", "summary-cause"), {"protocol": proto, "value": value, "name": kv["name"],
                                                        "meaning": t_or_en(g, "meaning")})
        if nbytes(s) > SUMMARY_LIMIT:
            problems.append(f"[{g}]: Expert Info summary is {nbytes(s)} bytes, cut at {SUMMARY_LIMIT}")
    for g, kv in english["warnings.ini"]:
        s = fill(t_or_en("phrases", "summary-warning"), {"code": g.split(" ")[1], "name": kv["name"],
                                                          "meaning": t_or_en(g, "meaning")})
        if nbytes(s) > SUMMARY_LIMIT:
            problems.append(f"[{g}]: Expert Info summary is {nbytes(s)} bytes, cut at {SUMMARY_LIMIT}")

    if args.todo and todo_lines:
        print("".join("".join(lines) for _, lines in todo_lines))
    print(f"{args.lang}: {total - len(missing)} of {total} texts translated, {len(missing)} missing, "
          f"{len(problems)} problems")
    by_file = {}
    for f, g, k in missing:
        by_file[f] = by_file.get(f, 0) + 1
    for f, n in by_file.items():
        print(f"  missing in {f}: {n}")
    for p in problems:
        print("  " + p)
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
