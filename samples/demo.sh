#!/bin/sh
# demo.sh - what `make demo` shows: awstrace decode on the bundled samples.
set -eu
run() {
	echo
	echo "\$ $*"
	"$@"
}
run ./awstrace decode samples/captures/gwlb-geneve.pcap
run ./awstrace decode samples/captures/ipsec.pcap
run ./awstrace decode -f 'vlan' samples/captures/vlan-qinq.pcapng
run ./awstrace decode -q samples/captures/encap-mix.pcapng.gz
echo
echo "\$ ./awstrace decode --json -c 1 samples/captures/gwlb-geneve.pcap"
./awstrace decode --json -c 1 samples/captures/gwlb-geneve.pcap
