#!/usr/bin/python3
"""crafted.py OUT.pcap - a capture whose strings are markup (issue 15: every dynamic
string of the HTML report is escaped): an on-premises host asks the Route 53 Resolver
inbound endpoint of the bundled topology (10.2.1.53) for a name holding <script> and an
<img onerror>, and gets SERVFAIL, so the name reaches the report in the dns_failure
anomaly. Standard library only."""
import struct
import sys

NAME = [b"<script>alert(1)</script>", b"<img src=x onerror=alert(2)>", b"example"]


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def udp_frame(src, sport, dst, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, ip4(src), ip4(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    eth = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00"
    return eth + hdr + udp


def dns(qid, flags, rcode):
    q = b"".join(bytes([len(l)]) + l for l in NAME) + b"\0" + struct.pack("!HH", 1, 1)
    return struct.pack("!HHHHHH", qid, flags | rcode, 1, 0, 0, 0) + q


def main():
    out = open(sys.argv[1], "wb")
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    t = 1714564800
    frames = []
    for i in range(3):
        frames.append((t + i, 0, udp_frame("192.168.10.5", 40000 + i, "10.2.1.53", 53,
                                           dns(0x1000 + i, 0x0100, 0))))
        frames.append((t + i, 2000, udp_frame("10.2.1.53", 53, "192.168.10.5", 40000 + i,
                                              dns(0x1000 + i, 0x8180, 2))))
    for sec, usec, f in frames:
        out.write(struct.pack("<IIII", sec, usec, len(f), len(f)) + f)
    out.close()


if __name__ == "__main__":
    main()
