#!/usr/bin/env python3
"""Generates a large SIP capture for the benchmark: N SIP messages from thousands of interleaved dialogs
(calls, cancelled calls, REGISTER and INVITE challenges, subscriptions with 204 and NOTIFY, OPTIONS pings,
busy calls, and the contrast patterns 204->430, 100->430, 204->600), over UDP and TCP (each TCP dialog
its own connection with a handshake and correct sequence numbers). Deterministic for a given seed.

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

    def sdp(self, caller):
        return SDP.format(ip=self.a if caller else self.b, port=10000 + 2 * (self.n % 20000))


def call(d, final=(200, "OK")):
    inv = d.request("INVITE", 1, in_dialog=False, body=d.sdp(True))
    yield inv
    yield d.response(100, "Trying", "INVITE", 1, inv, with_tag=False)
    yield d.response(180, "Ringing", "INVITE", 1, inv)
    if final[0] == 200:
        yield d.response(200, "OK", "INVITE", 1, inv, body=d.sdp(False))
        yield d.request("ACK", 1)
        bye = d.request("BYE", 2)
        yield bye
        yield d.response(200, "OK", "BYE", 2, bye)
    else:
        yield d.response(*final, "INVITE", 1, inv)
        yield d.req_with_branch("ACK", 1, 1, in_dialog=True)


def cancelled(d):
    inv = d.request("INVITE", 1, in_dialog=False, body=d.sdp(True))
    yield inv
    yield d.response(100, "Trying", "INVITE", 1, inv, with_tag=False)
    yield d.response(180, "Ringing", "INVITE", 1, inv)
    cancel = d.req_with_branch("CANCEL", 1, 1, in_dialog=False)
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
    bye = d.request("BYE", 3)
    yield bye
    yield d.response(200, "OK", "BYE", 3, bye)


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
    "options": options, "busy": lambda d: call(d, (486, "Busy Here")),
}
WEIGHTS = {"call": 30, "cancelled": 8, "register": 15, "invite_challenge": 8, "subscription": 12,
           "subscription_430": 3, "subscription_600": 2, "invite_430": 3, "options": 14, "busy": 5}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
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
