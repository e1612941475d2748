#!/bin/sh
# bench.sh AWSTRACE BENCH_PCAP PCAP_FLOOR - decode speed against the libpcap read loop,
# tcpdump and tshark, on one capture, in one invocation (`make bench`).
#
# Wall time (date +%s.%N) of, best of BENCH_RUNS (default 3):
#   pcap_floor FILE                  pcap_next_ex() and nothing else: what every libpcap tool pays
#   AWSTRACE decode -q FILE          decode every layer, print only the hierarchy
#   AWSTRACE decode --json FILE      decode and render NDJSON (to /dev/null)
#   TZ=UTC tcpdump -n -r FILE        one text line per packet (to /dev/null)
# and once, on the whole capture (BENCH_TSHARK_PACKETS=N limits it to the first N packets
# when time is short: tshark reads about 50k packets/s):
#   tshark -r FILE                   one summary line per packet (to /dev/null)
# Prints a table (tool, packets, seconds, packets/s, ratio to the floor), keeps a copy in
# BENCH_OUT (default build/bench/result.txt), and the issue's targets as PASS/MISS lines.
# The targets are information: the exit status is 0 unless a tool could not run.
set -eu

if [ $# -ne 3 ]; then
	echo "usage: $0 AWSTRACE BENCH_PCAP PCAP_FLOOR" >&2
	exit 2
fi
awstrace=$1
pcap=$2
floor=$3
out=${BENCH_OUT:-build/bench/result.txt}
runs=${BENCH_RUNS:-3}
tshark_n=${BENCH_TSHARK_PACKETS:-0}

for f in "$awstrace" "$floor"; do
	if [ ! -x "$f" ]; then
		echo "bench: $f: not an executable" >&2
		exit 2
	fi
done
if [ ! -r "$pcap" ]; then
	echo "bench: $pcap: cannot read" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
table=$work/table.txt
: >"$table"

# seconds between two `date +%s.%N` stamps
elapsed() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'
}

# time_best RUNS CMD... : best wall time of RUNS runs in $best; a failing run (exit code
# outside $ok_codes) stops the benchmark, since its time would mean nothing
ok_codes=0
time_best() {
	n=$1
	shift
	best=
	i=0
	while [ "$i" -lt "$n" ]; do
		t0=$(date +%s.%N)
		rc=0
		"$@" || rc=$?
		t1=$(date +%s.%N)
		case " $ok_codes " in
		*" $rc "*) ;;
		*)
			echo "bench: '$*' exited $rc" >&2
			cat "$work"/*.stderr >&2 2>/dev/null || true
			exit 1
			;;
		esac
		t=$(elapsed "$t0" "$t1")
		if [ -z "$best" ] || awk -v t="$t" -v b="$best" 'BEGIN { exit !(t < b) }'; then
			best=$t
		fi
		i=$((i + 1))
	done
}

# the commands, each with its output thrown away
run_floor() {
	"$floor" "$1" >/dev/null
}
run_quiet() {
	"$awstrace" decode -q "$1" >/dev/null 2>"$work/quiet.stderr"
}
run_json() {
	"$awstrace" decode --json "$1" >/dev/null 2>"$work/json.stderr"
}
run_tcpdump() {
	TZ=UTC tcpdump -n -r "$1" >/dev/null 2>&1
}
run_tshark() {
	# an empty private configuration: no personal preference changes the work done
	WIRESHARK_CONFIG_DIR=$work/wireshark tshark -r "$1" >/dev/null 2>&1
}

# rows: tool packets seconds (rate and ratio are computed when printing)
row() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$table"
}

# The floor also counts the packets and pulls the file into the page cache before any
# timed run: every tool then reads from memory, as the floor does.
counts=$("$floor" "$pcap")
packets=${counts% *}
bytes=${counts#* }
if [ "$packets" -eq 0 ]; then
	echo "bench: $pcap holds no packets" >&2
	exit 1
fi

time_best "$runs" run_floor "$pcap"
row "pcap_next_ex loop (floor)" "$packets" "$best"
floor_s=$best

# decode exits 1 when a packet of the capture was malformed: still a complete run
ok_codes="0 1"
time_best "$runs" run_quiet "$pcap"
row "awstrace decode -q" "$packets" "$best"
quiet_s=$best
time_best "$runs" run_json "$pcap"
row "awstrace decode --json" "$packets" "$best"
json_s=$best
ok_codes=0
for f in "$work/quiet.stderr" "$work/json.stderr"; do
	if [ -s "$f" ]; then
		echo "bench: note: $(head -n 1 "$f")" >&2
	fi
done

# issue 16: the display filter's cost, decode -q -Y on an inner address against decode -q
run_dfilter() {
	"$awstrace" decode -q -Y 'inner host 10.1.1.10' "$1" >/dev/null 2>/dev/null
}
ok_codes="0 1"
time_best "$runs" run_dfilter "$pcap"
row "awstrace decode -q -Y 'inner host 10.1.1.10'" "$packets" "$best"
ok_codes=0

tcpdump_s=
if command -v tcpdump >/dev/null 2>&1; then
	time_best "$runs" run_tcpdump "$pcap"
	row "tcpdump -n -r" "$packets" "$best"
	tcpdump_s=$best
else
	echo "bench: tcpdump not found: skipped (make deps installs it)" >&2
fi

tshark_s=
tshark_packets=
if command -v tshark >/dev/null 2>&1 && command -v tcpdump >/dev/null 2>&1; then
	if [ "$tshark_n" -gt 0 ]; then
		prefix=$work/prefix.pcap
		tcpdump -r "$pcap" -w "$prefix" -c "$tshark_n" 2>/dev/null
		pc=$("$floor" "$prefix")
		tshark_packets=${pc% *}
		tshark_label="tshark -r (first $tshark_packets)"
	else
		prefix=$pcap
		tshark_packets=$packets
		tshark_label="tshark -r"
	fi
	mkdir -p "$work/wireshark"
	time_best 1 run_tshark "$prefix"
	row "$tshark_label" "$tshark_packets" "$best"
	tshark_s=$best
else
	echo "bench: tshark or tcpdump not found: tshark skipped (make deps installs them)" >&2
fi

# rate TOOL-SECONDS TOOL-PACKETS: packets per second
rate() {
	awk -v s="$1" -v n="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }'
}

{
	echo "awstrace bench: $pcap ($packets packets, $bytes bytes captured)"
	echo "machine: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)," \
		"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') cpus;" \
		"$(uname -sr); load average $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?')"
	echo "versions: $(tcpdump --version 2>/dev/null | head -n 2 | tr '\n' ' ')" \
		"$(tshark -v 2>/dev/null | head -n 1 | sed 's/ (Git.*//; s/ (v.*//')"
	echo "wall time, best of $runs runs (tshark: 1 run)"
	floor_rate=$(rate "$floor_s" "$packets")
	awk -F '\t' -v fr="$floor_rate" '
	BEGIN {
		printf "%-34s %9s %9s %12s %9s\n", "tool", "packets", "seconds", "packets/s", "x floor"
	}
	{
		r = ($3 > 0) ? $2 / $3 : 0
		printf "%-34s %9d %9.3f %12.0f %9.3f\n", $1, $2, $3, r, (fr > 0) ? r / fr : 0
	}' "$table"

	# target CHECK-NAME A-RATE B-RATE FACTOR: PASS when A >= FACTOR x B
	target() {
		if [ -z "$2" ] || [ -z "$3" ]; then
			printf '%-44s SKIP (not measured)\n' "$1"
			return 0
		fi
		awk -v name="$1" -v a="$2" -v b="$3" -v k="$4" 'BEGIN {
			printf "%-44s %s (%.2fx, target %sx)\n", name, (a >= k * b) ? "PASS" : "MISS", \
				(b > 0) ? a / b : 0, k
		}'
	}
	echo "targets:"
	quiet_rate=$(rate "$quiet_s" "$packets")
	json_rate=$(rate "$json_s" "$packets")
	tcpdump_rate=
	[ -z "$tcpdump_s" ] || tcpdump_rate=$(rate "$tcpdump_s" "$packets")
	tshark_rate=
	[ -z "$tshark_s" ] || tshark_rate=$(rate "$tshark_s" "$tshark_packets")
	target "decode -q >= 0.5x pcap_next_ex floor" "$quiet_rate" "$floor_rate" 0.5
	target "decode --json >= 2x tcpdump -n" "$json_rate" "$tcpdump_rate" 2
	target "decode -q >= 40x tshark" "$quiet_rate" "$tshark_rate" 40
} >"$work/result.txt"

mkdir -p "$(dirname "$out")"
cp "$work/result.txt" "$out"
cat "$out"

# LPM (issue 6): lookups/s of one route table's longest-prefix match, 100,000 IPv4 routes,
# against a linear scan of the same routes; IPv6, update rates and memory per table.
# LPM_BENCH (default: lpm_bench beside PCAP_FLOOR) is tests/bench/lpm_bench.c built -O2.
lpm_bench=${LPM_BENCH:-$(dirname "$floor")/lpm_bench}
if [ -x "$lpm_bench" ]; then
	"$lpm_bench" >"$work/lpm.txt"
	lpm_rate=$(awk '$1 == "lpm4.lookup" { print $6 }' "$work/lpm.txt")
	{
		echo "lpm: longest-prefix match on one core (name, ops, seconds, M ops/s, notes)"
		cat "$work/lpm.txt"
		echo "targets:"
		awk -v r="$lpm_rate" 'BEGIN {
			printf "%-44s %s (%.1f M/s, target 50 M/s)\n", \
				"LPM >= 50 M IPv4 lookups/s, 100k routes", \
				(r >= 50) ? "PASS" : "MISS", r
		}'
	} >"$work/lpm_result.txt"
	cat "$work/lpm_result.txt" >>"$out"
	cat "$work/lpm_result.txt"
else
	echo "bench: $lpm_bench: not built: LPM skipped (make bench builds it)" >&2
fi

# ---- flows (issue 5): `awstrace flows` on the whole capture next to tshark's conversation
# table (`tshark -q -z conv,ip`, once, on the same packets as the tshark row). Rows and
# targets are appended to the table above (and to BENCH_OUT).
run_flows() {
	"$awstrace" flows "$1" >/dev/null 2>"$work/flows.stderr"
}
run_tshark_conv() {
	WIRESHARK_CONFIG_DIR=$work/wireshark tshark -q -n -r "$1" -z conv,ip >/dev/null 2>&1
}
# flows exits 1 when the capture is damaged after printing what it read: a complete run
ok_codes="0 1"
time_best "$runs" run_flows "$pcap"
flows_s=$best
ok_codes=0
conv_s=
if [ -n "$tshark_s" ]; then
	time_best 1 run_tshark_conv "$prefix"
	conv_s=$best
fi
{
	awk -v fr="$floor_rate" -v n="$packets" -v s="$flows_s" -v tn="$tshark_packets" \
		-v ts="$conv_s" 'function row(name, n, s) {
		r = (s > 0) ? n / s : 0
		printf "%-34s %9d %9.3f %12.0f %9.3f\n", name, n, s, r, (fr > 0) ? r / fr : 0
	}
	BEGIN {
		row("awstrace flows", n, s)
		if (ts != "")
			row(tn == n ? "tshark -q -z conv,ip" : "tshark -q -z conv,ip (first " tn ")", tn, ts)
	}'
	flows_rate=$(rate "$flows_s" "$packets")
	conv_rate=
	[ -z "$conv_s" ] || conv_rate=$(rate "$conv_s" "$tshark_packets")
	echo "targets (flows):"
	target "flows >= 20x tshark -q -z conv,ip" "$flows_rate" "$conv_rate" 20
	target "flows >= 1/3 pcap_next_ex floor" "$flows_rate" "$floor_rate" 0.333
} >"$work/flows.txt"
cat "$work/flows.txt" >>"$out"
cat "$work/flows.txt"

# ---- forwarding engine (issue 6): model_forward() full paths/s (hop list with every
# explanation) on the sample topology, a fixed mix of delivered and dropped queries.
# FORWARD_BENCH (default: forward_bench beside PCAP_FLOOR) is tests/bench/forward_bench.c.
forward_bench=${FORWARD_BENCH:-$(dirname "$floor")/forward_bench}
if [ -x "$forward_bench" ]; then
	"$forward_bench" samples/topologies/hybrid "${BENCH_FORWARD_SECONDS:-1}" >"$work/forward.txt"
	cat "$work/forward.txt" >>"$out"
	cat "$work/forward.txt"
else
	echo "bench: $forward_bench: not built: forwarding engine skipped (make bench builds it)" >&2
fi

# ---- analyze (issue 12): `awstrace analyze` on the whole capture against the same floor,
# with its peak RSS (GNU time's %M); with BENCH_ANALYZE_10M=FILE (a 10M-packet capture:
# `samples/gen bench FILE 10000000`, about 5 GB) also the peak RSS there: memory must follow
# live flows and sessions, not packets. Rows and targets are appended to BENCH_OUT.
run_analyze() {
	"$awstrace" analyze --no-progress "$1" >/dev/null 2>"$work/analyze.stderr"
}
# peak_rss FILE: kilobytes, or empty without GNU time
peak_rss() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$work/rss" "$awstrace" analyze --no-progress "$1" \
			>/dev/null 2>/dev/null && cat "$work/rss"
	fi
}
time_best "$runs" run_analyze "$pcap"
analyze_s=$best
rss_1m=$(peak_rss "$pcap")
rss_10m=
if [ -n "${BENCH_ANALYZE_10M:-}" ] && [ -r "$BENCH_ANALYZE_10M" ]; then
	rss_10m=$(peak_rss "$BENCH_ANALYZE_10M")
fi
{
	awk -v fr="$floor_rate" -v n="$packets" -v s="$analyze_s" 'BEGIN {
		r = (s > 0) ? n / s : 0
		printf "%-34s %9d %9.3f %12.0f %9.3f\n", "awstrace analyze", n, s, r, (fr > 0) ? r / fr : 0
	}'
	echo "analyze peak RSS: ${rss_1m:-?} kB on this capture${rss_10m:+, $rss_10m kB on $BENCH_ANALYZE_10M}"
	echo "targets (analyze):"
	target "analyze >= 1/4 pcap_next_ex floor" "$(rate "$analyze_s" "$packets")" "$floor_rate" 0.25
	if [ -n "$rss_10m" ] && [ -n "$rss_1m" ]; then
		awk -v a="$rss_10m" -v b="$rss_1m" 'BEGIN {
			printf "%-44s %s (%.2fx)\n", "analyze RSS on 10M < 10x RSS on 1M", \
				(a < 10 * b) ? "PASS" : "MISS", a / b
		}'
	else
		printf '%-44s SKIP (set BENCH_ANALYZE_10M=FILE)\n' "analyze RSS on 10M < 10x RSS on 1M"
	fi
} >"$work/analyze.txt"
cat "$work/analyze.txt" >>"$out"
cat "$work/analyze.txt"
# ---- replay (issue 13): `awstrace replay` on the whole capture, the forwarding engine's
# packets/s, bits/s and latency through the full bundled topology after a warm-up pass,
# BENCH_REPLAY_LOOPS (default 5) measured loops, one thread per core; its JSON is kept as
# BENCH_REPLAY_JSON (default build/bench/replay.json) for `awstrace bench compare`. The
# targets (>= 10 M packets/s per core, >= the pcap_next_ex floor of this run, p99 < 1 us)
# are information, like the others.
replay_json=${BENCH_REPLAY_JSON:-$(dirname "$out")/replay.json}
replay_loops=${BENCH_REPLAY_LOOPS:-5}
"$awstrace" replay --loops "$replay_loops" --json "$replay_json" "$pcap" >"$work/replay.txt" \
	2>"$work/replay.stderr" || {
	echo "bench: awstrace replay failed: $(head -n 1 "$work/replay.stderr")" >&2
	exit 1
}
# a figure of the "engine" object: the first "KEY": after "engine"
engine_fig() {
	sed -n 's/.*"engine":{\(.*\)/\1/p' "$replay_json" | tr ',' '\n' |
		sed -n "s/^\"$1\":\([0-9.e+-]*\).*/\1/p" | head -n 1
}
replay_pps=$(engine_fig pps)
replay_bps=$(engine_fig bps)
replay_p50=$(sed -n 's/.*"engine":{[^}]*"latency_ns":{"p50":\([0-9.e+-]*\).*/\1/p' "$replay_json")
replay_p99=$(sed -n 's/.*"engine":{[^}]*"latency_ns":{[^}]*"p99":\([0-9.e+-]*\).*/\1/p' "$replay_json")
replay_threads=$(sed -n 's/.*"options":{[^}]*"threads":\([0-9]*\).*/\1/p' "$replay_json")
# one core alone: the per-core figure, which the other tools' load on a shared machine
# disturbs less than a run that needs every core
"$awstrace" replay -j 1 -q --loops "$replay_loops" --json "$work/replay1.json" "$pcap" \
	2>"$work/replay.stderr" || {
	echo "bench: awstrace replay -j 1 failed: $(head -n 1 "$work/replay.stderr")" >&2
	exit 1
}
replay1_pps=$(sed -n 's/.*"engine":{"pps":\([0-9.e+-]*\).*/\1/p' "$work/replay1.json")
replay1_p99=$(sed -n 's/.*"engine":{[^}]*"latency_ns":{[^}]*"p99":\([0-9.e+-]*\).*/\1/p' "$work/replay1.json")
{
	echo "replay: the forwarding engine on every packet ($replay_loops loops after a warm-up, $replay_threads threads; $replay_json)"
	sed -n '/^read /p; /^engine:/,/^  walks/p' "$work/replay.txt"
	echo "targets (replay):"
	awk -v p="$replay1_pps" -v l="$replay1_p99" 'BEGIN {
		printf "one thread: %.2f M packets/s, latency p99 %.0f ns\n", p / 1e6, l
		printf "%-44s %s (%.2f M packets/s on one core)\n", "replay >= 10 M packets/s per core", \
			(p >= 10e6) ? "PASS" : "MISS", p / 1e6
	}'
	target "replay >= pcap_next_ex floor" "$replay_pps" "$floor_rate" 1
	awk -v l="$replay_p99" 'BEGIN {
		printf "%-44s %s (%.0f ns)\n", "replay latency p99 < 1 us", (l < 1000) ? "PASS" : "MISS", l
	}'
	echo "  ($replay_threads threads: bits/s $replay_bps; latency p50 $replay_p50 ns)"
} >"$work/replay_result.txt"
cat "$work/replay_result.txt" >>"$out"
cat "$work/replay_result.txt"

# ---- analyze --html (issue 15): the report of the whole capture, its size (target under
# 5 MB) and how long headless Chromium takes from navigation to the load event (target
# under 2 s; tests/browser/check.py measures it with performance.now()). Information only.
html_out=build/bench/bench-report.html
html_start=$(date +%s.%N)
"$awstrace" analyze --no-progress --html "$html_out" "$pcap" >/dev/null 2>&1 || true
html_end=$(date +%s.%N)
html_bytes=$(wc -c <"$html_out")
html_load=
chromium=$(command -v chromium || true)
if [ -n "$chromium" ]; then
	html_load=$(/usr/bin/python3 tests/browser/check.py "$chromium" "$html_out" \
		build/bench/bench-report.png 2>/dev/null | sed -n 's/.*load \([0-9]*\) ms.*/\1/p' | head -1)
fi
{
	printf '%-34s %9d %9.3f  (%d bytes of HTML)\n' "awstrace analyze --html" "$packets" \
		"$(elapsed "$html_start" "$html_end")" "$html_bytes"
	echo "targets (analyze --html):"
	awk -v b="$html_bytes" 'BEGIN { printf "%-44s %s (%.2f MB)\n", "HTML report < 5 MB", \
		(b < 5000000) ? "PASS" : "MISS", b / 1e6 }'
	if [ -n "$html_load" ]; then
		awk -v l="$html_load" 'BEGIN { printf "%-44s %s (%d ms to the load event)\n", \
			"HTML report renders < 2 s", (l < 2000) ? "PASS" : "MISS", l }'
	else
		printf '%-44s SKIP (no chromium)\n' "HTML report renders < 2 s"
	fi
} >"$work/html.txt"
cat "$work/html.txt" >>"$out"
cat "$work/html.txt"
