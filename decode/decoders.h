/* decoders.h - every decoder the dispatch table names; one shape (decode.h's dec_fn). */
#ifndef AWSTRACE_DECODE_DECODERS_H
#define AWSTRACE_DECODE_DECODERS_H

#include "decode/decode.h"

dec_fn dec_null, dec_loop, dec_sll, dec_sll2, dec_raw_ip, dec_juniper_ether;
dec_fn dec_eth, dec_llc, dec_vlan, dec_arp;
dec_fn dec_ipv4, dec_ipv6, dec_icmp, dec_icmpv6, dec_udp, dec_tcp;
dec_fn dec_macsec, dec_esp, dec_natt, dec_ike, dec_geneve, dec_vxlan;
dec_fn dec_bgp_tcp, dec_dns_udp, dec_dns_tcp;
dec_probe_fn dec_probe_bgp;
dec_fn dec_http2_tcp;
dec_fn dec_gre, dec_erspan, dec_mpls, dec_ppp;
dec_probe_fn dec_probe_http2;
dec_fn dec_bfd, dec_bfd_echo, dec_slow;

#endif /* AWSTRACE_DECODE_DECODERS_H */
