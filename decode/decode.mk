# decode/: the cursor, dispatch, one decoder per protocol
DECODE_SRCS := decode/dispatch.c decode/link.c decode/eth.c decode/arp.c decode/ipv4.c \
	decode/ipv6.c decode/icmp.c decode/udp.c decode/tcp.c decode/macsec.c decode/esp.c \
	decode/ike.c decode/geneve.c decode/vxlan.c decode/reasm.c decode/bgp.c decode/dns.c \
	decode/dns_name.c decode/http2.c
DECODE_SRCS += decode/flow.c decode/community_id.c
DECODE_SRCS += decode/bfd.c decode/lacp.c decode/keys.c decode/tcp_sig.c decode/esp_decrypt.c
DECODE_SRCS += decode/dnssec.c decode/dnssec_denial.c
DECODE_SRCS += decode/gre.c decode/mpls.c decode/ipfrag.c decode/ppp.c
DECODE_SRCS += decode/dfilter.c
