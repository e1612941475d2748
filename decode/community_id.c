/* community_id.c - Community ID v1: base64(SHA1(seed . saddr . daddr . proto . 0 . sport .
 * dport)) with the smaller address:port endpoint first, prefixed "1:". The spec's baseline
 * (baseline/baseline_deflt.json in corelight/community-id-spec) is in tests/unit/test_flow.c.
 *
 * GLib's GChecksum computes the SHA1. It allocates per call, which is fine here: an ID is
 * computed once per flow when the flow is printed, never per packet.
 */
#include "decode/community_id.h"

#include <string.h>

#include <glib.h>

int
flow_icmp_counterpart(bool v6, uint8_t type)
{
	if (!v6) {
		switch (type) {
		case 8: return 0;    /* echo request -> reply */
		case 0: return 8;
		case 13: return 14;  /* timestamp */
		case 14: return 13;
		case 15: return 16;  /* information */
		case 16: return 15;
		case 10: return 9;   /* router solicitation -> advertisement (not back: Zeek) */
		case 17: return 18;  /* address mask */
		case 18: return 17;
		default: return -1;
		}
	}
	switch (type) {
	case 128: return 129; /* echo */
	case 129: return 128;
	case 133: return 134; /* router solicitation / advertisement */
	case 134: return 133;
	case 135: return 136; /* neighbor solicitation / advertisement */
	case 136: return 135;
	case 130: return 131; /* MLD query / report */
	case 131: return 130;
	case 139: return 140; /* node information query / reply */
	case 140: return 139;
	case 144: return 145; /* home agent address discovery */
	case 145: return 144;
	default: return -1;
	}
}

/* seed(2) + 2 addresses(16 each at most) + proto + pad + 2 ports */
#define CID_MAX_INPUT (2 + 32 + 2 + 4)

static void
cid_hash(char out[FLOW_COMMUNITY_ID_LEN], uint16_t seed, const uint8_t *a, const uint8_t *b,
	size_t alen, uint8_t proto, bool has_ports, uint16_t pa, uint16_t pb)
{
	uint8_t in[CID_MAX_INPUT];
	size_t n = 0;
	in[n++] = (uint8_t)(seed >> 8);
	in[n++] = (uint8_t)seed;
	memcpy(in + n, a, alen);
	n += alen;
	memcpy(in + n, b, alen);
	n += alen;
	in[n++] = proto;
	in[n++] = 0;
	if (has_ports) {
		in[n++] = (uint8_t)(pa >> 8);
		in[n++] = (uint8_t)pa;
		in[n++] = (uint8_t)(pb >> 8);
		in[n++] = (uint8_t)pb;
	}
	uint8_t digest[20];
	gsize dlen = sizeof(digest);
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA1);
	g_checksum_update(ck, in, n);
	g_checksum_get_digest(ck, digest, &dlen);
	g_checksum_free(ck);
	out[0] = '1';
	out[1] = ':';
	gint state = 0, save = 0;
	gsize w = g_base64_encode_step(digest, sizeof(digest), FALSE, out + 2, &state, &save);
	w += g_base64_encode_close(FALSE, out + 2 + w, &state, &save);
	out[2 + w] = '\0';
}

/* true when (a, pa) is smaller than (b, pb): the spec's ordering */
static bool
endpoint_less(const uint8_t *a, const uint8_t *b, size_t alen, uint16_t pa, uint16_t pb)
{
	int c = memcmp(a, b, alen);
	return c < 0 || (c == 0 && pa < pb);
}

void
flow_community_id(char out[FLOW_COMMUNITY_ID_LEN], uint16_t seed, const uint8_t *src,
	const uint8_t *dst, size_t alen, uint8_t proto, bool has_ports, uint16_t sport,
	uint16_t dport)
{
	g_return_if_fail(alen == 4 || alen == 16);
	if (!has_ports)
		sport = dport = 0;
	if (endpoint_less(src, dst, alen, sport, dport))
		cid_hash(out, seed, src, dst, alen, proto, has_ports, sport, dport);
	else
		cid_hash(out, seed, dst, src, alen, proto, has_ports, dport, sport);
}

void
flow_community_id_icmp(char out[FLOW_COMMUNITY_ID_LEN], uint16_t seed, const uint8_t *src,
	const uint8_t *dst, size_t alen, uint8_t proto, uint8_t type, uint8_t code)
{
	g_return_if_fail(alen == 4 || alen == 16);
	int other = flow_icmp_counterpart(proto == 58, type);
	if (other < 0) /* one-way: (type, code) as sent, not reordered */
		cid_hash(out, seed, src, dst, alen, proto, true, type, code);
	else
		flow_community_id(out, seed, src, dst, alen, proto, true, type, (uint16_t)other);
}
