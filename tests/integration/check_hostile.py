#!/usr/bin/env python3
"""Hostile captures: each case generates a capture and checks what the plugin makes of it with the real
tshark, in one and two passes (which must agree) — not only that nothing crashes, but that the output is
sensible: format strings in the wire text never reach a format (the registry texts are shown), 60 KB
Call-IDs and tags still tracked, invalid codes reported as invalid, missing headers tolerated, a 204 and a
430 to one request flagged as conflicting, thousands of contrasts in one dialog, non-UTF-8 and control
bytes, truncated frames, TCP segments with partial messages; and the headers read beyond the tracker's
(Reason, Warning, Min-Expires, Allow, Contact, WWW-Authenticate) huge, empty, malformed, repeated, non-UTF-8,
with format strings, with a thousand values in one header, on responses and on a request.
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from check_capture import forward_only  # noqa: E402
from pcapwriter import Pcap, TcpConn  # noqa: E402
from sipadvice_tshark import Tshark, finish  # noqa: E402

A, B = "10.0.0.1", "10.0.0.2"


def response(code, reason=b"Whatever", call=b"c1", ftag=b"f1", ttag=b"t1", cseq=b"1 INVITE", branch=b"z9hG4bK1",
             extra=b""):
    """A response as bytes; None drops a header, b"" keeps it without tag."""
    h = b"SIP/2.0 " + code + b" " + reason + b"\r\n"
    if branch is not None:
        h += b"Via: SIP/2.0/UDP 10.0.0.1:5060;branch=" + branch + b"\r\n"
    if ftag is not None:
        h += b"From: <sip:alice@example.com>" + (b";tag=" + ftag if ftag else b"") + b"\r\n"
    if ttag is not None:
        h += b"To: <sip:bob@example.com>" + (b";tag=" + ttag if ttag else b"") + b"\r\n"
    if call is not None:
        h += b"Call-ID: " + call + b"\r\n"
    if cseq is not None:
        h += b"CSeq: " + cseq + b"\r\n"
    return h + extra + b"Content-Length: 0\r\n\r\n"


def build_format_strings(p):
    p.udp(B, A, response(b"430", reason=b"%s%n%x%s%n%p", call=b"%s%n-%x", ftag=b"%n%n", ttag=b"%s"))


def check_format_strings(anns):
    a = anns[0]
    return [] if (a.get("sipadvice.reason") == "Flow Failed" and "%" not in a.get("sipadvice.meaning")
                  and a.experts and a.experts[0][2].startswith(("430 Flow Failed: ", "430 Flow Failed to INVITE: "))) else [f"format strings: {a.fields}"]


BIG = b"x" * 60000


def build_huge(p):
    p.udp(B, A, response(b"180", call=BIG, ttag=b"t1"))
    p.udp(B, A, response(b"200", call=BIG, ttag=b"t1"))
    p.udp(B, A, response(b"180", call=b"c2", ftag=BIG, ttag=b"t2", branch=b"z9hG4bK2"))
    p.udp(B, A, response(b"487", call=b"c2", ftag=BIG, ttag=b"t2", branch=b"z9hG4bK2"))
    p.udp(B, A, response(b"180", call=b"c3", ttag=BIG, branch=b"z9hG4bK3"))
    p.udp(B, A, response(b"487", call=b"c3", ttag=BIG, branch=b"z9hG4bK3"))


def check_huge(anns):
    got = [(a.get("sipadvice.code"), a.get("sipadvice.dialog.path"), a.get("sipadvice.contrast.rule")) for a in anns]
    want = [("180", "INVITE 180", ""), ("200", "INVITE 180 200", ""),
            ("180", "INVITE 180", ""), ("487", "INVITE 180 487", "terminated-without-cancel"),
            ("180", "INVITE 180", ""), ("487", "INVITE 180 487", "terminated-without-cancel")]
    return [] if got == want else [f"60 KB Call-ID and tags: {got}"]


def build_codes(p):
    for i, code in enumerate([b"000", b"099", b"700", b"999", b"65535", b"4294967295"]):
        p.udp(B, A, response(code, call=b"code-%d" % i))


def check_codes(anns):
    got = [(a.get("sipadvice.code"), a.get("sipadvice.class"), a.experts[0][0] if a.experts else "") for a in anns]
    want = [(c, "invalid", "error") for c in ("0", "99", "700", "999")]  # 65535 and 4294967295 are no Status-Line
    return [] if got == want else [f"invalid codes: {got}"]


def build_missing(p):
    p.udp(B, A, response(b"200", ftag=b"", ttag=b""))
    p.udp(B, A, response(b"200", ftag=None, ttag=None, call=b"c-no-from-to"))
    p.udp(B, A, response(b"486", cseq=None, call=b"c-no-cseq"))
    p.udp(B, A, response(b"487", call=None))
    p.udp(B, A, response(b"503", call=None, ftag=None, ttag=None, cseq=None, branch=None))


def check_missing(anns):
    got = [(a.get("sipadvice.code"), a.get("sipadvice.dialog.path")) for a in anns]
    want = [("200", "INVITE 200"), ("200", "INVITE 200"), ("486", "other 486"), ("487", ""), ("503", "")]
    return [] if got == want else [f"missing headers: {got}"]


def build_same_request(p):
    p.udp(B, A, response(b"204", call=b"s1", cseq=b"1 SUBSCRIBE"))
    p.udp(B, A, response(b"430", call=b"s1", cseq=b"1 SUBSCRIBE"))


def check_same_request(anns):
    rule = anns[1].get("sipadvice.contrast.rule") if len(anns) == 2 else None
    return [] if rule == "conflicting-final-responses" else [f"204 and 430 to one request: {rule}"]


N_CONTRASTS = 3000


def build_many(p):
    p.udp(B, A, response(b"200", call=b"long", ftag=b"c", ttag=b"b"))
    for i in range(N_CONTRASTS):
        p.udp(B, A, response(b"481", call=b"long", ftag=b"b", ttag=b"c", cseq=b"%d BYE" % (i + 2), branch=b"z9hG4bKb%d" % i))


def check_many(anns):
    rules = [a.get("sipadvice.contrast.rule") for a in anns[1:]]
    earlier = {a.get("sipadvice.contrast.earlier_frame") for a in anns[1:]}
    ok = len(anns) == N_CONTRASTS + 1 and rules == ["dialog-state-lost"] * N_CONTRASTS and earlier == {"1"}
    return [] if ok else [f"thousands of contrasts: {len(anns)} annotations, rules {set(rules)}, earlier {earlier}"]


def build_binary(p):
    bad = b"\xff\xfe\x01\x1b[31m\xc3"  # no NUL in the Status-Line: Wireshark's SIP dissector rejects it
    p.udp(B, A, response(b"180", reason=bad, call=b"bin\x00" + bad, ftag=b"f\x00" + bad, ttag=b"t" + bad))
    p.udp(B, A, response(b"487", reason=bad, call=b"bin\x00" + bad, ftag=b"f\x00" + bad, ttag=b"t" + bad))


def check_binary(anns):
    got = [(a.get("sipadvice.code"), a.get("sipadvice.contrast.rule")) for a in anns]
    return [] if got == [("180", ""), ("487", "terminated-without-cancel")] else [f"non-UTF-8 bytes: {got}"]


def build_truncated(p):
    p.udp(B, A, response(b"180", call=b"tr"))
    whole = response(b"487", call=b"tr")
    cut = whole.index(b"Content-Length")  # the record ends right after the CSeq header
    p.udp(B, A, whole, caplen=14 + 20 + 8 + cut)
    p.udp(B, A, response(b"480", call=b"tr2"), caplen=14 + 20 + 8 + 5)  # cut inside "SIP/2.0"


def check_truncated(anns):
    got = [(a.get("sipadvice.code"), a.get("sipadvice.contrast.rule")) for a in anns]
    return [] if got == [("180", ""), ("487", "terminated-without-cancel")] else [f"truncated frames: {got}"]


def build_tcp_partial(p):
    c = TcpConn(p, A, B, 40000)
    c.handshake()
    first = response(b"180", call=b"tcp", extra=b"Server: test\r\n")
    c.send(False, first)
    whole = response(b"487", call=b"tcp", extra=b"Server: " + b"y" * 3000 + b"\r\n")
    c.send(False, whole[:40])        # frames 5, 6, 7: one response in three segments
    c.send(False, whole[40:2000])
    c.send(False, whole[2000:])
    c.send(False, response(b"200", call=b"tcp2")[:60])  # a message that never completes


def check_tcp_partial(anns):
    got = [(a.frame, a.get("sipadvice.code"), a.get("sipadvice.contrast.rule")) for a in anns]
    return [] if got == [(4, "180", ""), (7, "487", "terminated-without-cancel")] else [f"TCP partial messages: {got}"]


def request(method, call=b"rq", extra=b""):
    return (method + b" sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKr\r\n"
            b"From: <sip:alice@example.com>;tag=f1\r\nTo: <sip:bob@example.com>;tag=t1\r\nCall-ID: " + call +
            b"\r\nCSeq: 9 " + method + b"\r\n" + extra + b"Content-Length: 0\r\n\r\n")


BAD = b"\xff\xfe\x01\x1b[31m\xc3%s%n%x"
THOUSAND_CAUSES = b", ".join(b"Q.850;cause=%d;text=\"v%d\"" % (i % 128, i) for i in range(1000))
THOUSAND_WARNINGS = b", ".join(b"399 h%d \"w%d\"" % (i, i) for i in range(1000))


def build_headers(p):
    p.udp(B, A, response(b"486", call=b"h1", extra=b"Reason: " + THOUSAND_CAUSES + b"\r\n"))
    p.udp(B, A, response(b"488", call=b"h2", extra=b"Warning: " + THOUSAND_WARNINGS + b"\r\n"))
    p.udp(B, A, response(b"480", call=b"h3", extra=b"Reason: Q.850;cause=19;text=\"" + b"z" * 60000 + b"\"\r\n"
                         b"Reason:\r\nReason: ;;;,,,=\r\nReason: Q.850;cause=;text=\r\nReason: Q.850;cause=17;text=\"" + BAD + b"\"\r\n"))
    p.udp(B, A, response(b"606", call=b"h4", extra=b"Warning:\r\nWarning: abc\r\nWarning: 3051 x \"y\"\r\n"
                         b"Warning: 399 " + BAD + b" \"" + BAD + b"\"\r\n" + b"Warning: 305 a \"r\"\r\n" * 50))
    p.udp(B, A, response(b"423", call=b"h5", extra=b"Min-Expires: 99999999999999999999\r\n"))
    p.udp(B, A, response(b"423", call=b"h6", extra=b"Min-Expires:\r\nMin-Expires: soon\r\n"))
    p.udp(B, A, response(b"405", call=b"h7", extra=b"Allow: " + b", ".join([b"M%d" % i for i in range(5000)]) + b"\r\n"))
    p.udp(B, A, response(b"302", call=b"h8", extra=b"Contact: " + b", ".join([b"<sip:t%d@h>;q=0.%d" % (i, i % 10) for i in range(1000)]) + b"\r\n"))
    p.udp(B, A, response(b"401", call=b"h9", extra=b"WWW-Authenticate: Digest realm=\"" + BAD + b"\", stale=true, qop=\"" + b"a" * 5000 + b"\"\r\n"))
    p.udp(A, B, request(b"BYE", extra=b"Reason: " + THOUSAND_CAUSES + b"\r\n" + b"Reason: " + BAD + b";cause=1\r\n"))
    # A 2xx is read for a Warning only when a line starts with one: a lower-case, folded one is found; lines that
    # merely start with W (WWW-Authenticate, Warnings:) and a "Warning" inside a value are not Warnings.
    p.udp(B, A, response(b"200", reason=b"OK", call=b"h10", extra=b"Www: x\r\nwarning: 392 h\r\n \"Noisy feedback tells: " + BAD + b"\"\r\n"))
    p.udp(B, A, response(b"200", reason=b"OK", call=b"h11", extra=b"WWW-Authenticate: Warning: 399 x \"y\"\r\nWarnings: 399 x \"y\"\r\n"
                         b"Subject: \r\nWarning\r\n" + b"W" * 3000 + b"\r\n"))


def check_headers(anns):
    problems = []
    by_call = {a.sip.get("sip.Call-ID", "") or a.request: a for a in anns}
    a = by_call.get("h1")
    if not a or len(a.causes) != 16 or a.get("sipadvice.cause.not_shown") != "984":
        problems.append(f"1000 reason-values: {a and len(a.causes)} shown, {a and a.get('sipadvice.cause.not_shown')} not shown")
    a = by_call.get("h2")
    if not a or len(a.warnings) != 16 or a.get("sipadvice.warning.not_shown") != "984" or len(a.get("sipadvice.detail")) > 400:
        problems.append(f"1000 warning-values: {a and len(a.warnings)} shown")
    a = by_call.get("h3")
    texts = [c.get("sipadvice.cause.text", "") for c in a.causes] if a else []
    if not a or any(len(t.encode()) > 160 for t in texts) or not any("%s%n%x" in t for t in texts):
        problems.append(f"huge, empty, malformed Reason: {texts}")
    a = by_call.get("h4")
    if not a or len(a.warnings) != 16 or any(w.get("sipadvice.warning.code") in ("3051", "") for w in a.warnings):
        problems.append(f"malformed, repeated Warning: {a and [w.get('sipadvice.warning.code') for w in a.warnings]}")
    for call, want in (("h5", "Min-Expires is 4294967295 s"), ("h7", "Allow: M0, M1"), ("h8", "redirected to sip:t0@h (q=0.0)"),
                       ("h9", "stale=true")):
        a = by_call.get(call)
        detail = a.get("sipadvice.detail") if a else ""
        if want not in detail or len(detail.encode()) > 400:
            problems.append(f"{call}: detail '{detail[:100]}…' does not say '{want}' within 400 bytes")
    a = by_call.get("h6")
    if not a or a.get("sipadvice.detail"):
        problems.append(f"423 with an unusable Min-Expires still gave a detail: {a and a.get('sipadvice.detail')}")
    a = by_call.get("h10")
    if not a or [w.get("sipadvice.warning.code") for w in a.warnings] != ["392"]:
        problems.append(f"a 2xx with a lower-case, folded Warning: {a and [w.get('sipadvice.warning.code') for w in a.warnings]}")
    a = by_call.get("h11")
    if not a or a.warnings:
        problems.append(f"a 2xx with lines that only start with W: {a and [w.get('sipadvice.warning.code') for w in a.warnings]}")
    bye = [a for a in anns if a.request == "BYE"]
    if len(bye) != 1 or len(bye[0].causes) != 16 or bye[0].get("sipadvice.cause.not_shown") != "985":
        problems.append(f"a BYE with 1001 reason-values: {[(len(b.causes), b.get('sipadvice.cause.not_shown')) for b in bye]}")
    return problems


CASES = [
    ("format-strings", build_format_strings, check_format_strings),
    ("huge-call-id-and-tags", build_huge, check_huge),
    ("codes-outside-100-699", build_codes, check_codes),
    ("missing-headers", build_missing, check_missing),
    ("204-and-430-to-one-request", build_same_request, check_same_request),
    ("thousands-of-contrasts", build_many, check_many),
    ("non-utf8-and-control-bytes", build_binary, check_binary),
    ("truncated-frames", build_truncated, check_truncated),
    ("tcp-partial-messages", build_tcp_partial, check_tcp_partial),
    ("hostile-reason-warning-detail-headers", build_headers, check_headers),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--ws-version", required=True)
    ap.add_argument("--keep", help="also write the generated captures into this folder")
    args = ap.parse_args()
    failures = []
    with Tshark(args.plugin, args.ws_version) as ts, tempfile.TemporaryDirectory() as tmp:
        for name, build, check in CASES:
            path = os.path.join(args.keep or tmp, f"hostile-{name}.pcap")
            with Pcap(path) as p:
                build(p)
            try:
                one = ts.annotations(path, False)
                two = ts.annotations(path, True)
            except Exception as e:  # tshark failed or crashed
                failures.append(f"{name}: {e}")
                continue
            problems = check(one)
            if [forward_only(a) for a in two if not a.get("sipadvice.unanswered")] != one:
                problems.append("one and two passes differ")
            print(f"{'FAIL' if problems else 'ok'}: {name}: {len(one)} annotations")
            failures += [f"{name}: {p}" for p in problems]
    return finish(failures)


if __name__ == "__main__":
    sys.exit(main())
