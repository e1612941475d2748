#!/usr/bin/python3
"""judge.py KNOWN.tsv MANIFEST.tsv - the verdict of tests/conformance.sh.

MANIFEST has one line per capture (family, capture, groups, tsv, ndjson, comparison,
awstrace's exit code), written by conformance.sh after running awstrace and
../shared/tools/compare_decode.py --verbose. This reads the comparisons, sets every
differing frame/field against KNOWN (tests/known-differences.tsv), prints per-family
counts, the differences nobody explained and the stale KNOWN entries.

Fields compare_decode.py does not compare (EXTRA_FIELDS: the BGP AS path ASNs) are
compared here, from the same TSV and NDJSON, frame by frame and the way compare_decode.py
does: a field counts as compared where either side has a value, as matched where both
lists are equal, and its counts join the family's like the others.

Exit 0 when every difference is listed; 1 when one is not, when awstrace crashed, hung
or printed a line that is not JSON; 2 when KNOWN is malformed. Standard library only:
it runs under Debian's /usr/bin/python3."""
import csv
import json
import os
import re
import sys

csv.field_size_limit(sys.maxsize)

# compare_decode.py --verbose: "  frame N FIELD: tshark=[...] ours=[...]"
DIFF_RE = re.compile(r"^  frame (\d+) (\S+): (.*)$")
FIELD_RE = re.compile(r"^(\S+)\t(\d+)/(\d+)$")
TOTAL_RE = re.compile(r"^TOTAL\t(\d+)\t(\d+)$")
FRAMES_RE = re.compile(r"^frames\t(\d+)\tmissing_in_ours\t(\d+)\tbad_json_lines\t(\d+)$")
# Per compare_decode.py group: the tshark 4.0 fields compared here (../shared/tools/oracle.sh
# names them). tshark puts the ASNs of an AS_PATH read with 2-byte ASNs under .as2; of one
# read with 4-byte ASNs and of every AS4_PATH (RFC 6793 section 3) under .as4; segments of
# all four types (RFC 4271 section 4.3, RFC 5065 section 3) alike, in wire order.
AS2 = "bgp.update.path_attribute.as_path_segment.as2"
AS4 = "bgp.update.path_attribute.as_path_segment.as4"
# Issue 14's families (../shared/captures-next): IPv4 fragment fields of every IPv4 header
# (tshark's ip.frag_offset counts 8-byte units, ours bytes), the MPLS stack, GRE and ERSPAN.
FRAG = ["ip.id", "ip.flags.mf", "ip.frag_offset"]
MPLS = ["mpls.label", "mpls.exp"]
GRE = ["gre.proto", "gre.key", "erspan.version", "erspan.spanid"]
EXTRA_FIELDS = {"bgp": [AS2, AS4], "frag": FRAG, "mpls": MPLS, "gre": GRE}
# groups compare_decode.py itself knows; the others are compared here only
COMPARE_GROUPS = ("base", "esp", "ike", "geneve", "macsec", "bgp", "dns", "http2")
# BFD (RFC 5880) and LACP (IEEE 802.1AX) fields, issue 18: compare_decode.py has no group
# for them, so they are all compared here. tshark writes numbers in hex ("0x03"), the
# system id as a MAC address.
BFD_FIELDS = ["bfd.sta", "bfd.diag", "bfd.my_discriminator", "bfd.your_discriminator"]
LACP_FIELDS = ["slow.subtype", "lacp.actor.sysid", "lacp.actor.port", "lacp.actor.state"]
EXTRA_FIELDS["bfd"] = BFD_FIELDS
EXTRA_FIELDS["lacp"] = LACP_FIELDS
# TCP-MD5 (RFC 2385) digests on BGP sessions: hex strings, compared as such
MD5 = "tcp.options.md5.digest"
EXTRA_FIELDS["bgp"] = EXTRA_FIELDS["bgp"] + [MD5]
MIN_REASON = 30      # "tshark bug" explains nothing: say what, where and why
SHOW_PER_CAPTURE = 20


class Entry:
    def __init__(self, lineno, capture, frame, field, reason):
        self.lineno, self.capture, self.frame, self.field, self.reason = \
            lineno, capture, frame, field, reason
        self.used = 0

    def covers(self, capture, frame, field):
        return (self.capture == capture and self.frame in ("*", str(frame))
                and self.field in ("*", field))


def load_known(path):
    entries, errors = [], []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                errors.append(f"{path}:{lineno}: want capture<TAB>frame<TAB>field<TAB>reason")
                continue
            capture, frame, field = cols[0].strip(), cols[1].strip(), cols[2].strip()
            reason = "\t".join(cols[3:]).strip()
            if "/" not in capture:
                errors.append(f"{path}:{lineno}: capture as family/file, not {capture!r}")
            if frame != "*" and not (frame.isdigit() and int(frame) > 0):
                errors.append(f"{path}:{lineno}: frame is a number or *, not {frame!r}")
            if not field or " " in field:
                errors.append(f"{path}:{lineno}: field is one name or *, not {field!r}")
            if len(reason) < MIN_REASON:
                errors.append(f"{path}:{lineno}: the reason must say what differs and why")
            entries.append(Entry(lineno, capture, frame, field, reason))
    return entries, errors


def tsv_frames(path):
    with open(path, newline="") as fh:
        return [int(r["frame.number"]) for r in csv.DictReader(fh, delimiter="\t")]


def tsv_rows(path):
    with open(path, newline="") as fh:
        return {int(r["frame.number"]): r for r in csv.DictReader(fh, delimiter="\t")}


def ndjson_packets(path):
    """frame number -> packet, for the lines that are JSON objects with an integer n."""
    pkts = {}
    with open(path, errors="replace") as fh:
        for line in fh:
            try:
                pkt = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(pkt, dict) and isinstance(pkt.get("n"), int):
                pkts[pkt["n"]] = pkt
    return pkts


def asns(segments):
    return [a for seg in segments or [] if isinstance(seg, dict)
            for a in seg.get("asns", [])]


def ours_extra(pkt):
    """Our values of the EXTRA_FIELDS, in tshark's shape (DESIGN.md's bgp layer)."""
    f = {AS2: [], AS4: []}
    for k in FRAG + MPLS + GRE:
        f[k] = []
    for layer in pkt.get("layers", []):
        p = layer.get("p")
        if p == "ipv4" and not layer.get("truncated"):
            f["ip.id"].append(layer.get("id"))
            f["ip.flags.mf"].append(int(bool(layer.get("mf"))))
            f["ip.frag_offset"].append(int(layer.get("frag", 0)) // 8)
        elif p == "mpls":
            for e in layer.get("labels", []):
                f["mpls.label"].append(e.get("label"))
                f["mpls.exp"].append(e.get("tc"))
        elif p == "gre" and "proto" in layer:
            f["gre.proto"].append(layer.get("proto"))
            if "key" in layer:
                f["gre.key"].append(layer.get("key"))
        elif p == "erspan" and layer.get("type", 1) > 1:
            f["erspan.version"].append(layer.get("ver"))
            f["erspan.spanid"].append(layer.get("session"))
    for k in BFD_FIELDS + LACP_FIELDS + [MD5]:
        f[k] = []
    for layer in pkt.get("layers", []):
        if layer.get("p") == "bfd" and not layer.get("echo") and layer.get("version") == 1:
            f["bfd.sta"].append(layer.get("state"))
            f["bfd.diag"].append(layer.get("diag"))
            f["bfd.my_discriminator"].append(layer.get("my_disc"))
            f["bfd.your_discriminator"].append(layer.get("your_disc"))
        if layer.get("p") == "tcp" and isinstance(layer.get("md5"), str):
            f[MD5].append(layer["md5"])
        if layer.get("p") == "lacp":
            f["slow.subtype"].append(layer.get("subtype"))
            actor = layer.get("actor")
            if isinstance(actor, dict):
                f["lacp.actor.sysid"].append(actor.get("sys"))
                f["lacp.actor.port"].append(actor.get("port"))
                f["lacp.actor.state"].append(actor.get("state"))
        if layer.get("p") != "bgp":
            continue
        for msg in layer.get("messages", []):
            if not isinstance(msg, dict) or msg.get("type") != "UPDATE":
                continue
            if "as_path" in msg:
                f[AS2 if msg.get("asn_size") == 2 else AS4] += asns(msg["as_path"])
            if "as4_path" in msg:
                f[AS4] += asns(msg["as4_path"])
    return f


def oracle_extra(row, field):
    out = []
    for x in (row.get(field) or "").split(","):
        if x and field == MD5:
            out.append(x.replace(":", "").lower())
        elif x:
            try:
                out.append(int(x, 0))
            except ValueError:
                out.append(x)
    return out


def compare_extra(fam, groups, tsv, ndjson):
    # (the judge sees all groups, compare_decode.py only COMPARE_GROUPS)
    """Compares the EXTRA_FIELDS of groups; adds the counts to fam and returns the
    differences as (frame, field, detail)."""
    fields = [f for g in groups.split(",") for f in EXTRA_FIELDS.get(g, [])]
    if not fields:
        return []
    rows, pkts = tsv_rows(tsv), ndjson_packets(ndjson)
    diffs = []
    for n in sorted(rows):
        got = ours_extra(pkts.get(n, {}))
        for field in fields:
            w, g = oracle_extra(rows[n], field), got[field]
            if not w and not g:
                continue
            st = fam.fields.setdefault(field, [0, 0])
            st[1] += 1
            fam.compared += 1
            if w == g:
                st[0] += 1
                fam.matched += 1
            else:
                diffs.append((n, field, f"tshark={w[:8]}{'...' if len(w) > 8 else ''} "
                                        f"ours={g[:8]}{'...' if len(g) > 8 else ''}"))
    return diffs


def ndjson_frames(path):
    seen = set()
    with open(path, errors="replace") as fh:
        for line in fh:
            try:
                pkt = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(pkt, dict) and isinstance(pkt.get("n"), int):
                seen.add(pkt["n"])
    return seen


def first_line(path):
    try:
        with open(path, errors="replace") as fh:
            line = fh.readline().strip()
    except OSError:
        return ""
    return f": {line}" if line else ""


class Family:
    def __init__(self, name, groups):
        self.name, self.groups = name, groups
        self.captures = self.frames = self.matched = self.compared = 0
        self.known = self.unexpected = 0
        self.fields = {}    # field -> [matched, compared]


def main():
    if len(sys.argv) != 3:
        print("usage: judge.py KNOWN.tsv MANIFEST.tsv", file=sys.stderr)
        return 2
    known_path, manifest = sys.argv[1], sys.argv[2]
    entries, errors = load_known(known_path)
    if errors:
        for e in errors:
            print(f"conformance: {e}", file=sys.stderr)
        return 2
    verbose = bool(os.environ.get("CONFORMANCE_VERBOSE"))

    families = {}
    order = []
    hard = []           # never excusable: crashes, hangs, output that is not NDJSON
    unexplained = {}    # capture -> [line]
    explained = []
    captures_seen = set()
    with open(manifest, encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    for fam_name, capture, groups, tsv, ndjson, cmp_path, rc in rows:
        captures_seen.add(capture)
        if fam_name not in families:
            families[fam_name] = Family(fam_name, groups)
            order.append(fam_name)
        fam = families[fam_name]
        fam.captures += 1
        rc = int(rc)
        if rc == 124:
            hard.append(f"{capture}: awstrace decode --json timed out")
        elif rc not in (0, 1):
            hard.append(f"{capture}: awstrace decode --json exited {rc}"
                        + (f" (signal {rc - 128})" if rc > 128 else "")
                        + first_line(ndjson[:-len(".ndjson")] + ".stderr"))
        diffs = []      # (frame, field, detail)
        total = frames_line = None
        with open(cmp_path, errors="replace") as cf:
            for line in cf:
                line = line.rstrip("\n")
                m = DIFF_RE.match(line)
                if m:
                    diffs.append((int(m.group(1)), m.group(2), m.group(3)))
                    continue
                m = FIELD_RE.match(line)
                if m:
                    st = fam.fields.setdefault(m.group(1), [0, 0])
                    st[0] += int(m.group(2))
                    st[1] += int(m.group(3))
                    continue
                m = TOTAL_RE.match(line)
                if m:
                    total = (int(m.group(1)), int(m.group(2)))
                    continue
                m = FRAMES_RE.match(line)
                if m:
                    frames_line = tuple(int(x) for x in m.groups())
        if total is None or frames_line is None:
            hard.append(f"{capture}: compare_decode.py printed no totals ({cmp_path})")
            continue
        fam.frames += frames_line[0]
        fam.matched += total[0]
        fam.compared += total[1]
        if frames_line[2]:
            hard.append(f"{capture}: {frames_line[2]} output lines are not JSON")
        diffs += compare_extra(fam, groups, tsv, ndjson)
        have = ndjson_frames(ndjson)
        want = tsv_frames(tsv)
        for n in want:
            if n not in have:
                diffs.append((n, "frame", "tshark has this frame, awstrace printed none"))
        for n in sorted(have - set(want)):
            diffs.append((n, "frame", "awstrace printed a frame tshark does not have"))
        for frame, field, detail in sorted(diffs, key=lambda d: d[0]):
            hits = [e for e in entries if e.covers(capture, frame, field)]
            for e in hits:
                e.used += 1
            text = f"{capture} frame {frame} {field}: {detail}"
            if hits:
                fam.known += 1
                explained.append(text + f"  [known, line {hits[0].lineno}]")
            else:
                fam.unexpected += 1
                unexplained.setdefault(capture, []).append(text)

    print("conformance: awstrace decode --json against tshark 4.0 field extraction")
    hdr = f"{'family':<8} {'captures':>8} {'frames':>7}  {'fields matched/compared':>24}" \
          f"  {'known':>5} {'unexpected':>10}  groups"
    print(hdr)
    tot = Family("TOTAL", "")
    for name in order:
        f = families[name]
        pct = f" ({100.0 * f.matched / f.compared:5.1f}%)" if f.compared else ""
        print(f"{name:<8} {f.captures:>8} {f.frames:>7}  {f'{f.matched}/{f.compared}{pct}':>24}"
              f"  {f.known:>5} {f.unexpected:>10}  {f.groups}")
        for a in ("captures", "frames", "matched", "compared", "known", "unexpected"):
            setattr(tot, a, getattr(tot, a) + getattr(f, a))
    pct = f" ({100.0 * tot.matched / tot.compared:5.1f}%)" if tot.compared else ""
    print(f"{'TOTAL':<8} {tot.captures:>8} {tot.frames:>7}  {f'{tot.matched}/{tot.compared}{pct}':>24}"
          f"  {tot.known:>5} {tot.unexpected:>10}")

    if verbose:
        print("\nper field, matched/compared:")
        for name in order:
            f = families[name]
            print(f"  {name:<8} " + "  ".join(f"{k}={m}/{c}" for k, (m, c) in f.fields.items()))
    if verbose and explained:
        print("\nknown differences (tests/known-differences.tsv):")
        for t in explained:
            print("  " + t)
    stale = [e for e in entries if not e.used
             and (e.capture in captures_seen or not captures_seen)]
    for e in stale:
        print(f"conformance: warning: stale: {known_path}:{e.lineno}: "
              f"{e.capture} frame {e.frame} {e.field} no longer differs")
    if unexplained:
        print(f"\nunexpected differences (not in {known_path}):")
        for capture, lines in unexplained.items():
            for t in lines[:SHOW_PER_CAPTURE]:
                print("  " + t)
            if len(lines) > SHOW_PER_CAPTURE:
                print(f"  {capture}: {len(lines) - SHOW_PER_CAPTURE} more"
                      " (CONFORMANCE_KEEP=DIR keeps every comparison)")
    for h in hard:
        print(f"conformance: error: {h}")
    if unexplained or hard:
        print(f"conformance: FAIL: {tot.unexpected} unexpected difference(s), "
              f"{len(hard)} error(s)")
        return 1
    print(f"conformance: PASS ({tot.known} known difference(s), {len(stale)} stale)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
