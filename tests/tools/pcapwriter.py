"""A minimal pcap writer (Ethernet, IPv4, UDP or TCP) for the generated test and benchmark captures."""

import struct


class Pcap:
    def __init__(self, path, snaplen=262144):
        self.f = open(path, "wb", buffering=1 << 20)
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, 1))  # LINKTYPE_ETHERNET
        self.t = 1_700_000_000_000_000  # microseconds

    def packet(self, src, dst, proto, l4, caplen=None):
        """Writes one frame; `caplen` shorter than the frame makes a truncated record."""
        ip_src, ip_dst = bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, min(65535, 20 + len(l4)), 0, 0, 64, proto, 0, ip_src, ip_dst)
        frame = b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + ip + l4
        self.t += 37
        cap = len(frame) if caplen is None else min(caplen, len(frame))
        self.f.write(struct.pack("<IIII", self.t // 1_000_000, self.t % 1_000_000, cap, len(frame)) + frame[:cap])

    def udp(self, src, dst, payload, sport=5060, dport=5060, caplen=None):
        self.packet(src, dst, 17, struct.pack("!HHHH", sport, dport, min(65535, 8 + len(payload)), 0) + payload, caplen)

    def close(self):
        self.f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class TcpConn:
    """One TCP connection's sequence numbers, both directions (caller = the side that connected)."""

    def __init__(self, pcap, a, b, sport):
        self.pcap, self.a, self.b, self.sport = pcap, a, b, sport
        self.seq = {True: 1000, False: 5000}

    def segment(self, caller, flags, payload=b""):
        sp, dp = (self.sport, 5060) if caller else (5060, self.sport)
        seq, ack = self.seq[caller], (self.seq[not caller] if flags & 0x10 else 0)
        self.seq[caller] += len(payload) + (1 if flags & 0x03 else 0)  # SYN and FIN count as one
        src, dst = (self.a, self.b) if caller else (self.b, self.a)
        self.pcap.packet(src, dst, 6, struct.pack("!HHIIBBHHH", sp, dp, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload)

    def handshake(self):
        for caller, flags in ((True, 0x02), (False, 0x12), (True, 0x10)):
            self.segment(caller, flags)

    def send(self, caller, payload):
        self.segment(caller, 0x18, payload)
