#!/usr/bin/python3
"""tshark_view.py IN.ndjson OUT.ndjson - awstrace's NDJSON with what tshark 4.0 never shows
taken out, so that ../shared/tools/compare_decode.py compares what both sides have
(tests/conformance.sh runs it between awstrace and compare_decode.py).

Only differences by design belong here, each with the reason; a decoding difference must
show up in the comparison and be judged against tests/known-differences.tsv instead.

- dns rcode of a query: DESIGN.md has rcode in every message; tshark 4.0's packet-dns.c
  adds dns.flags.rcode only when QR is set (RFC 1035 section 4.1.1: RCODE is "set as
  part of responses"). Responses keep theirs and are compared.

Lines that are not JSON objects are copied unchanged, so compare_decode.py still counts
them as bad lines. Standard library only: it runs under Debian's /usr/bin/python3."""
import json
import sys


def tshark_view(pkt):
    for layer in pkt.get("layers", []):
        if isinstance(layer, dict) and layer.get("p") == "dns" and layer.get("qr") is False:
            layer.pop("rcode", None)
            layer.pop("rcode_name", None)
    return pkt


def main():
    if len(sys.argv) != 3:
        print("usage: tshark_view.py IN.ndjson OUT.ndjson", file=sys.stderr)
        return 2
    with open(sys.argv[1], errors="replace") as src, \
            open(sys.argv[2], "w", encoding="utf-8") as dst:
        for line in src:
            try:
                pkt = json.loads(line)
            except json.JSONDecodeError:
                dst.write(line)
                continue
            if not isinstance(pkt, dict):
                dst.write(line)
                continue
            dst.write(json.dumps(tshark_view(pkt), ensure_ascii=False,
                                 separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
