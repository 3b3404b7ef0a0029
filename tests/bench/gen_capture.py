#!/usr/bin/env python3
"""Generates a large SIP capture for the benchmark: N SIP messages from thousands of interleaved dialogs
(calls, cancelled calls, REGISTER and INVITE challenges, subscriptions with 204 and NOTIFY, OPTIONS pings,
busy, unanswered and congested calls, a T.38 re-INVITE refused, and the contrast patterns 204->430,
100->430, 204->600), over UDP and TCP (each TCP dialog its own connection with a handshake and correct
sequence numbers). Deterministic for a given seed.

Scenario shares (of dialogs started): call 23%, options 14%, register 15% (401 challenge), subscription
12% (+ 3% ending in 430, 2% in 600), cancelled 8%, invite_challenge 8% (407), busy 5% (486),
no_answer 3% (480), invite_430 3%, congestion 2% (503), t38 2%.

The detail headers that carrier and PBX gateways send (the plugin reads them):
- BYE (call, invite_challenge, t38): 70% `Reason: Q.850;cause=16;text="Normal call clearing"`, 2% each
  cause 102, 31 and 41 (with their texts), 24% no Reason.
- CANCEL: 25% `Reason: SIP;cause=487`, 25% `Reason: Q.850;cause=16`, 50% none.
- 486 Busy Here: 80% `Reason: Q.850;cause=17`, 10% the contradicting `Q.850;cause=16`, 10% none.
- 480 Temporarily Unavailable: two thirds after 180 with `Reason: Q.850;cause=19`, a third without
  ringing with `Q.850;cause=18`.
- 503 Service Unavailable (after 100): `Retry-After: 60..300` and `Reason: Q.850;cause=34` or `41` (half each).
- t38: an answered call whose re-INVITE offering T.38 (m=image udptl t38) is refused with
  `488 Not Acceptable Here` and `Warning: 305 proxy "Incompatible media format"`, then ACK and BYE.
- 401 (REGISTER) and 407 (INVITE) challenges answered with credentials, as before.

  gen_capture.py --messages 1000000 --out big.pcap [--concurrent 5000] [--tcp-share 0.25] [--seed 1]
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from pcapwriter import Pcap, TcpConn  # noqa: E402

SDP = ("v=0\r\no=- 20518 0 IN IP4 {ip}\r\ns=SDP data\r\nc=IN IP4 {ip}\r\nt=0 0\r\n"
       "m=audio {port} RTP/AVP 0 8 9 18 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
       "a=rtpmap:9 G722/8000\r\na=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\n"
       "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n")
# A fax gateway's T.38 offer (the re-INVITE of the t38 scenario).
T38_SDP = ("v=0\r\no=- 20518 1 IN IP4 {ip}\r\ns=SDP data\r\nc=IN IP4 {ip}\r\nt=0 0\r\n"
           "m=image {port} udptl t38\r\na=T38FaxVersion:0\r\na=T38MaxBitRate:14400\r\n"
           "a=T38FaxRateManagement:transferredTCF\r\na=T38FaxMaxBuffer:262\r\na=T38FaxMaxDatagram:176\r\n"
           "a=T38FaxUdpEC:t38UDPRedundancy\r\n")
# Headers real user agents and proxies send (calibrated so that messages have the sizes seen in real
# captures: responses ~550 bytes, requests ~750, cf. the public captures in the README).
ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, SUBSCRIBE, PRACK, UPDATE, INFO, MESSAGE\r\n"
SUPPORTED = "Supported: replaces, timer, path, 100rel, outbound\r\n"


class Dialog:
    """The messages of one scenario, produced one at a time: (from_caller, text)."""

    def __init__(self, n, kind, tcp, rnd):
        self.n, self.kind, self.tcp = n, kind, tcp
        self.a = f"10.{1 + n % 200}.{(n // 200) % 250}.{1 + (n // 50000) % 250}"
        self.b = f"10.250.{n % 250}.{1 + (n // 250) % 250}"
        self.call_id = f"{n:x}-{rnd.getrandbits(48):012x}@{self.a}"
        self.ftag, self.ttag = f"f{rnd.getrandbits(32):08x}", f"t{rnd.getrandbits(32):08x}"
        self.branch = 0
        self.transport = "TCP" if tcp else "UDP"
        self.rnd = rnd  # the scenarios draw their header values while the steps are listed below
        self.steps = list(SCENARIOS[kind](self))

    # --- message builders ---
    def via(self, caller, branch):
        host = self.a if caller else self.b
        return (f"Via: SIP/2.0/{self.transport} proxy1.example.net:5060;branch=z9hG4bKp{self.n:x}x{branch}\r\n"
                f"Via: SIP/2.0/{self.transport} {host}:5060;received={host};rport=5060;branch=z9hG4bK{self.n:x}x{branch}\r\n")

    def request(self, method, cseq, in_dialog=True, caller=True, body="", auth=False, extra=""):
        self.branch += 1
        return self.req_with_branch(method, cseq, self.branch, in_dialog, caller, body, auth, extra)

    def req_with_branch(self, method, cseq, branch, in_dialog=True, caller=True, body="", auth=False, extra=""):
        src, dst = (self.a, self.b) if caller else (self.b, self.a)
        frm, to = ("alice", "bob") if caller else ("bob", "alice")
        ftag, ttag = (self.ftag, self.ttag) if caller else (self.ttag, self.ftag)
        to_tag = f";tag={ttag}" if in_dialog else ""
        hdr = (f"{method} sip:{to}@{dst}:5060 SIP/2.0\r\n" + self.via(caller, branch) +
               "Record-Route: <sip:proxy1.example.net;lr>\r\n"
               f"Max-Forwards: 69\r\nFrom: \"{frm.title()}\" <sip:{frm}@{src}>;tag={ftag}\r\nTo: <sip:{to}@{dst}>{to_tag}\r\n"
               f"Call-ID: {self.call_id}\r\nCSeq: {cseq} {method}\r\nContact: <sip:{frm}@{src}:5060;transport={self.transport.lower()}>\r\n"
               "User-Agent: Softphone/5.2.1 (Linux)\r\n")
        if method in ("INVITE", "SUBSCRIBE", "REGISTER", "OPTIONS"):
            hdr += ALLOW + SUPPORTED
        if method == "INVITE":
            hdr += f"P-Asserted-Identity: <sip:{frm}@{src}>\r\nSession-Expires: 1800\r\nMin-SE: 90\r\n"
        if auth:
            hdr += (f'Authorization: Digest username="{frm}",realm="bench",nonce="n{self.n:x}",'
                    f'uri="sip:{to}@{dst}",response="0123456789abcdef0123456789abcdef"\r\n')
        hdr += extra
        if body:
            hdr += "Content-Type: application/sdp\r\n"
        return caller, hdr + f"Content-Length: {len(body)}\r\n\r\n" + body

    def response(self, code, reason, method, cseq, req, with_tag=True, body="", extra=""):
        caller_sent, req_text = req
        lines = req_text.split("\r\n")
        vias = "\r\n".join(l for l in lines if l.startswith("Via:"))
        frm = next(l for l in lines if l.startswith("From:"))
        to = next(l for l in lines if l.startswith("To:"))
        if with_tag and ";tag=" not in to:
            to += f";tag={self.ttag if caller_sent else self.ftag}"
        text = (f"SIP/2.0 {code} {reason}\r\n{vias}\r\n{frm}\r\n{to}\r\nCall-ID: {self.call_id}\r\n"
                f"CSeq: {cseq} {method}\r\n{extra}")
        if code != 100:
            text += "Record-Route: <sip:proxy1.example.net;lr>\r\nServer: PBX/16.4.0\r\n"
        if 180 <= code < 300:
            host = self.b if caller_sent else self.a
            text += f"Contact: <sip:{'bob' if caller_sent else 'alice'}@{host}:5060>\r\n" + ALLOW + SUPPORTED
        if body:
            text += "Content-Type: application/sdp\r\n"
        return (not caller_sent), text + f"Content-Length: {len(body)}\r\n\r\n" + body

    def sdp(self, caller, t38=False):
        return (T38_SDP if t38 else SDP).format(ip=self.a if caller else self.b, port=10000 + 2 * (self.n % 20000))

    def bye_reason(self):
        """Reason of a BYE: mostly normal clearing, a few other causes, a quarter without."""
        x = self.rnd.random()
        for share, reason in BYE_REASONS:
            if x < share:
                return reason
            x -= share
        return ""

    def hang_up(self, cseq):
        bye = self.request("BYE", cseq, extra=self.bye_reason())
        yield bye
        yield self.response(200, "OK", "BYE", cseq, bye)


def q850(cause, text=None):
    return f"Reason: Q.850;cause={cause}" + (f';text="{text}"' if text else "") + "\r\n"


BYE_REASONS = [(0.70, q850(16, "Normal call clearing")), (0.02, q850(102, "Recovery on timer expiry")),
               (0.02, q850(31, "Normal, unspecified")), (0.02, q850(41, "Temporary failure"))]


def call(d, final=(200, "OK"), extra="", ringing=True, t38=False):
    inv = d.request("INVITE", 1, in_dialog=False, body=d.sdp(True))
    yield inv
    yield d.response(100, "Trying", "INVITE", 1, inv, with_tag=False)
    if ringing:
        yield d.response(180, "Ringing", "INVITE", 1, inv)
    if final[0] == 200:
        yield d.response(200, "OK", "INVITE", 1, inv, body=d.sdp(False))
        yield d.request("ACK", 1)
        cseq = 2
        if t38:  # the fax side's re-INVITE to T.38, refused on the way: the call stays on audio
            reinv = d.request("INVITE", 2, body=d.sdp(True, t38=True))
            yield reinv
            yield d.response(100, "Trying", "INVITE", 2, reinv)
            yield d.response(488, "Not Acceptable Here", "INVITE", 2, reinv,
                             extra='Warning: 305 proxy "Incompatible media format"\r\n')
            yield d.req_with_branch("ACK", 2, d.branch)
            cseq = 3
        yield from d.hang_up(cseq)
    else:
        yield d.response(*final, "INVITE", 1, inv, extra=extra)
        yield d.req_with_branch("ACK", 1, 1, in_dialog=True)


def busy(d):
    x = d.rnd.random()
    extra = q850(17) if x < 0.8 else q850(16) if x < 0.9 else ""  # 16: the contradicting cause some send
    return call(d, (486, "Busy Here"), extra)


def no_answer(d):
    if d.rnd.random() < 2 / 3:  # alerted, nobody answered; or nobody responding at all
        return call(d, (480, "Temporarily Unavailable"), q850(19))
    return call(d, (480, "Temporarily Unavailable"), q850(18), ringing=False)


def congestion(d):
    cause = 34 if d.rnd.random() < 0.5 else 41
    return call(d, (503, "Service Unavailable"), f"Retry-After: {d.rnd.randint(60, 300)}\r\n" + q850(cause),
                ringing=False)


def cancelled(d):
    inv = d.request("INVITE", 1, in_dialog=False, body=d.sdp(True))
    yield inv
    yield d.response(100, "Trying", "INVITE", 1, inv, with_tag=False)
    yield d.response(180, "Ringing", "INVITE", 1, inv)
    x = d.rnd.random()
    reason = "Reason: SIP;cause=487\r\n" if x < 0.25 else q850(16) if x < 0.5 else ""
    cancel = d.req_with_branch("CANCEL", 1, 1, in_dialog=False, extra=reason)
    yield cancel
    yield d.response(200, "OK", "CANCEL", 1, cancel)
    yield d.response(487, "Request Terminated", "INVITE", 1, inv)
    yield d.req_with_branch("ACK", 1, 1, in_dialog=True)


def register(d):
    r1 = d.request("REGISTER", 1, in_dialog=False, extra="Expires: 3600\r\n")
    yield r1
    yield d.response(401, "Unauthorized", "REGISTER", 1, r1,
                     extra='WWW-Authenticate: Digest realm="bench", nonce="abc", algorithm=MD5\r\n')
    r2 = d.request("REGISTER", 2, in_dialog=False, auth=True, extra="Expires: 3600\r\n")
    yield r2
    yield d.response(200, "OK", "REGISTER", 2, r2)


def invite_challenge(d):
    inv = d.request("INVITE", 1, in_dialog=False, body=d.sdp(True))
    yield inv
    yield d.response(407, "Proxy Authentication Required", "INVITE", 1, inv,
                     extra='Proxy-Authenticate: Digest realm="bench", nonce="xyz"\r\n')
    yield d.req_with_branch("ACK", 1, 1, in_dialog=True)
    inv2 = d.request("INVITE", 2, in_dialog=False, body=d.sdp(True), auth=True)
    yield inv2
    yield d.response(100, "Trying", "INVITE", 2, inv2, with_tag=False)
    yield d.response(200, "OK", "INVITE", 2, inv2, body=d.sdp(False))
    yield d.request("ACK", 2)
    yield from d.hang_up(3)


def subscription(d, last=(200, "OK")):
    ev = "Event: presence\r\nExpires: 600\r\n"
    sub = d.request("SUBSCRIBE", 1, in_dialog=False, extra=ev)
    yield sub
    yield d.response(200, "OK", "SUBSCRIBE", 1, sub, extra="Expires: 600\r\n")
    n1 = d.request("NOTIFY", 1, caller=False, extra="Event: presence\r\nSubscription-State: active\r\n")
    yield n1
    yield d.response(200, "OK", "NOTIFY", 1, n1)
    sub2 = d.request("SUBSCRIBE", 2, extra=ev + "Suppress-If-Match: e1\r\n")
    yield sub2
    yield d.response(204, "No Notification", "SUBSCRIBE", 2, sub2, extra="Expires: 600\r\n")
    if last[0] == 600:
        sub3 = d.request("SUBSCRIBE", 3, extra=ev)
        yield sub3
        yield d.response(600, "Busy Everywhere", "SUBSCRIBE", 3, sub3)
    else:
        n2 = d.request("NOTIFY", 2, caller=False, extra="Event: presence\r\nSubscription-State: active\r\n")
        yield n2
        yield d.response(*last, "NOTIFY", 2, n2)


def invite_430(d):
    inv = d.request("INVITE", 1, in_dialog=False, body=d.sdp(True))
    yield inv
    yield d.response(100, "Trying", "INVITE", 1, inv, with_tag=False)
    yield d.response(430, "Flow Failed", "INVITE", 1, inv)
    yield d.req_with_branch("ACK", 1, 1, in_dialog=True)


def options(d):
    o = d.request("OPTIONS", 1, in_dialog=False)
    yield o
    yield d.response(200, "OK", "OPTIONS", 1, o)


SCENARIOS = {
    "call": call, "cancelled": cancelled, "register": register, "invite_challenge": invite_challenge,
    "subscription": subscription, "subscription_430": lambda d: subscription(d, (430, "Flow Failed")),
    "subscription_600": lambda d: subscription(d, (600, "Busy Everywhere")), "invite_430": invite_430,
    "options": options, "busy": busy, "no_answer": no_answer, "congestion": congestion,
    "t38": lambda d: call(d, t38=True),
}
# The new failure scenarios (480, 503, T.38) take their 7% from "call"; the other shares are unchanged.
WEIGHTS = {"call": 23, "cancelled": 8, "register": 15, "invite_challenge": 8, "subscription": 12,
           "subscription_430": 3, "subscription_600": 2, "invite_430": 3, "options": 14, "busy": 5,
           "no_answer": 3, "congestion": 2, "t38": 2}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--concurrent", type=int, default=5000)
    ap.add_argument("--tcp-share", type=float, default=0.25)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    pcap = Pcap(args.out)
    active, started, sent = [], 0, 0
    stats = {"dialogs": 0, "tcp": 0, "frames": 0}

    def start():
        nonlocal started
        d = Dialog(started, rnd.choices(kinds, weights)[0], rnd.random() < args.tcp_share, rnd)
        started += 1
        d.it = iter(d.steps)
        if d.tcp:
            d.conn = TcpConn(pcap, d.a, d.b, 10000 + started % 50000)
            d.conn.handshake()
            stats["frames"] += 3
        active.append(d)

    while sent < args.messages:
        while len(active) < args.concurrent:
            start()
        i = rnd.randrange(len(active))
        d = active[i]
        step = next(d.it, None)
        if step is None:
            active[i] = active[-1]
            active.pop()
            stats["dialogs"] += 1
            stats["tcp"] += d.tcp
            continue
        caller, text = step
        src, dst = (d.a, d.b) if caller else (d.b, d.a)
        if d.tcp:
            d.conn.send(caller, text.encode())
        else:
            pcap.udp(src, dst, text.encode())
        sent += 1
        stats["frames"] += 1
    pcap.close()
    print(f"{args.out}: {sent} SIP messages in {stats['frames']} frames, {started} dialogs started "
          f"({stats['dialogs']} complete, {stats['tcp']} of them over TCP), {args.concurrent} at once")


if __name__ == "__main__":
    main()
