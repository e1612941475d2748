#!/bin/sh
# demo.sh - what `make demo` shows: the main job first (analyze on the sample incidents,
# its HTML page, replay), then decode and flows on the bundled sample captures, and explain
# over the bundled topology.
set -eu
run() {
	echo
	echo "\$ $*"
	"$@"
}
# the post-incident report on the sample incident (issue 12): the DX session lost to its
# hold timer, failover to the VPN, the .2 resolver asked from on-premises, a GWLB flow
run ./awstrace analyze samples/captures/incident-hold.pcap samples/captures/incident-appliance.pcap
run ./awstrace analyze samples/captures/incident-notify.pcap
mkdir -p build/demo
./awstrace analyze --html build/demo/incident-hold.html samples/captures/incident-hold.pcap \
	samples/captures/incident-appliance.pcap >/dev/null
echo
echo "(the first report as one self-contained page, inline SVG: build/demo/incident-hold.html)"
# the forwarding engine under load, and the modeled links (issue 13)
run ./awstrace replay samples/captures/incident-hold.pcap
run ./awstrace decode samples/captures/gwlb-geneve.pcap
run ./awstrace decode samples/captures/ipsec.pcap
run ./awstrace decode samples/captures/bgp-dx-vif.pcap
run ./awstrace decode samples/captures/h2c-alb.pcap
run ./awstrace decode -f 'vlan' samples/captures/vlan-qinq.pcapng
run ./awstrace decode -q samples/captures/encap-mix.pcapng.gz
echo
echo "\$ ./awstrace decode --json -c 1 samples/captures/gwlb-geneve.pcap"
./awstrace decode --json -c 1 samples/captures/gwlb-geneve.pcap
run ./awstrace flows samples/captures/encap-mix.pcapng.gz
run ./awstrace explain --src 192.168.1.10 --dst 10.1.1.10 --proto tcp --dport 80
run ./awstrace explain --src 10.1.1.10 --dst 10.2.1.20 --proto tcp --dport 443
