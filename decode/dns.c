/* dns.c - placeholder until the decoder lands (issue 4). */
#include "decode/decoders.h"

enum dec_rc
dec_dns_udp(struct dec *d, struct cur *c)
{
	(void)d;
	(void)c;
	return DEC_DONE;
}

enum dec_rc
dec_dns_tcp(struct dec *d, struct cur *c)
{
	(void)d;
	(void)c;
	return DEC_DONE;
}
