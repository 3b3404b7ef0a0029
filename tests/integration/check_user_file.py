#!/usr/bin/env python3
"""The user's knowledge file and the preferences, end to end in tshark:
 - sipadvice.ini in the personal configuration folder overrides texts and rules;
 - a malformed file is reported on stderr naming the file and line, tshark still succeeds and the built-in
   texts stay in use;
 - Protocols > SIP Advice preferences: classes can be left unannotated; the Info column note is optional.
Uses a capture with a 100 Trying and a 430 Flow Failed that contrasts with it."""

import argparse
import os
import sys

from sipadvice_tshark import Tshark

problems = []


def expect(cond, what):
    if not cond:
        problems.append(what)
    print(("ok: " if cond else "FAIL: ") + what)


def fields(ts, cap, *names, opts=()):
    args = ["-r", ts.stage(cap), "-Y", "sipadvice", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
    for o in opts:
        args += ["-o", o]
    for n in names:
        args += ["-e", n]
    p = ts.run(args, check=False)
    return p.stdout_text, p.stderr_text, p.returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--capture", required=True)
    args = ap.parse_args()
    cap = args.capture
    with Tshark(args.plugin, args.ws_version) as ts:
        builtin, err, _ = fields(ts, cap, "sipadvice.meaning", "sipadvice.contrast.rule")
        expect("trying-then-flow-failed" in builtin and not err.strip(), "built-in: the 430 contrasts with the 100, no warnings")

        path = ts.user_file("# my notes\n[430]\nmeaning=Our edge proxy lost the TCP connection to this phone.\n\n"
                            "[rule trying-then-flow-failed]\nenabled=false\n")
        out, err, _ = fields(ts, cap, "sipadvice.meaning", "sipadvice.contrast.rule")
        expect("Our edge proxy lost the TCP connection to this phone." in out, "user file overrides the 430 meaning")
        expect("trying-then-flow-failed" not in out, "user file disables a rule")
        expect(not err.strip(), "a good user file gives no message")

        bad_files = [
            ("unknown key", "[430]\nmeanin=typo\n", ":2: unknown key 'meanin'"),
            ("syntax error", "[430]\nthis is not a key\n", ":2: expected key=value"),
            ("non-UTF-8", b"[430]\nmeaning=caf\xe9\n", ":2: the line is not valid UTF-8"),
            ("code out of range", "[999]\nmeaning=x\n", ":1: [999] is not a SIP status code"),
        ]
        for name, text, says in bad_files:
            path = ts.user_file(text)
            out, err, rc = fields(ts, cap, "sipadvice.meaning", "sipadvice.contrast.rule")
            expect(rc == 0, f"{name}: tshark still succeeds")
            expect(path + says in err, f"{name}: stderr names {path}{says}")
            expect(out == builtin, f"{name}: built-in annotations unchanged")

        os.remove(path)
        os.mkdir(path)
        os.chmod(path, 0o777)
        out, err, rc = fields(ts, cap, "sipadvice.meaning", "sipadvice.contrast.rule")
        expect(rc == 0 and path + ": is a directory" in err, "a directory in place of the file is reported")
        expect(out == builtin, "directory: built-in annotations unchanged")
        os.rmdir(path)

        out, _, _ = fields(ts, cap, "sipadvice.code", opts=["sipadvice.annotate_provisional:FALSE"])
        expect("100" not in out.split() and "430" in out.split(), "preference: 1xx responses can be left unannotated")
        on, off = (ts.run(["-r", ts.stage(cap), "-Y", "sipadvice"] + o).stdout_text  # the packet list, Info last
                   for o in ([], ["-o", "sipadvice.info_note:FALSE"]))
        expect("[after 100 in frame" in on and "[after" not in off, "preference: the Info column note can be turned off")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
