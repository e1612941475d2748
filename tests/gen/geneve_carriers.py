#!/usr/bin/env python3
"""geneve_carriers.py N - a pcap on stdout of N GENEVE packets (RFC 8926, UDP 6081), each
from a distinct outer source address (a distinct carrier) and carrying a distinct inner
UDP flow: what grew awstrace flows' carrier labels without bound (issue 17, item 6)."""
import struct
import sys

n = int(sys.argv[1])
out = sys.stdout.buffer
out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
inner_udp = struct.pack('>HHHH', 0, 53, 8 + 4, 0) + b'data'
inner_ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(inner_udp), 0, 0, 64, 17, 0,
                       bytes([192, 168, 0, 1]), bytes([192, 168, 0, 2]))
inner = b'\x02\0\0\0\0\x04' + b'\x02\0\0\0\0\x03' + b'\x08\x00' + inner_ip + inner_udp
geneve = struct.pack('>BBHI', 0, 0, 0x6558, 7 << 8)  # version 0, no options, Ethernet, VNI 7
outer_udp = struct.pack('>HHHH', 50000, 6081, 8 + len(geneve) + len(inner), 0)
outer_ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(outer_udp) + len(geneve) + len(inner),
                       0, 0, 64, 17, 0, bytes([10, 0, 0, 0]), bytes([10, 255, 0, 1]))
frame = bytearray(b'\x02\0\0\0\0\x02' + b'\x02\0\0\0\0\x01' + b'\x08\x00' + outer_ip +
                  outer_udp + geneve + inner)
src = 14 + 12                      # outer IPv4 source address
isport = 14 + 20 + 8 + 8 + 14 + 20  # inner UDP source port
rec = struct.Struct('<IIII')
buf = []
for i in range(n):
    frame[src + 1] = (i >> 16) & 0xff
    frame[src + 2] = (i >> 8) & 0xff
    frame[src + 3] = i & 0xff
    frame[isport] = 0x80 | ((i >> 8) & 0x7f)
    frame[isport + 1] = i & 0xff
    buf.append(rec.pack(1714564800 + i // 1000, (i % 1000) * 1000, len(frame), len(frame)))
    buf.append(bytes(frame))
    if len(buf) >= 20000:
        out.write(b''.join(buf))
        buf = []
out.write(b''.join(buf))
