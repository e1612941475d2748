/* ike.c - ISAKMP/IKEv1 (RFC 2408 §3.1) and IKEv2 (RFC 7296 §3.1) on UDP 500, and on UDP
 * 4500 behind the non-ESP marker (RFC 3948 §2.2): the header, the payload chain, and for
 * IKEv2 what the unencrypted payloads hold (SA proposals and transforms, KE group, Nonce,
 * Notify, Delete, traffic selectors; SK and SKF stay opaque).
 *
 * Header (the same 28 bytes in both versions):
 *
 *   |                       IKE SA Initiator's SPI                  |
 *   |                       (Initiator Cookie in IKEv1)             |
 *   |                       IKE SA Responder's SPI                  |
 *   |                       (Responder Cookie in IKEv1)             |
 *   |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 *   |                          Message ID                           |
 *   |                            Length                             |
 *
 * Generic payload header (RFC 7296 §3.2; RFC 2408 §3.2 has RESERVED where C is):
 *
 *   | Next Payload  |C|  RESERVED   |         Payload Length        |
 *
 * Payload Length counts the generic header, so it is at least 4; every payload advances
 * the walk by at least 4 bytes and at most DEC_IKE_MAX_ITEMS are recorded. The walk is
 * bounded by both the message length and what was captured: a payload past the message
 * is DEC_E_PAYLOAD_LEN, one past the capture inside the message is DEC_E_TRUNCATED (a
 * snaplen), and either keeps the payloads read before it. A payload whose own structure
 * is wrong (a proposal length, a selector) is an event for that payload only: the
 * generic header still frames the next one, so the walk goes on.
 *
 * Lists go to the per-packet arena, sized by a first pass that only hops over lengths
 * (chain_count), so a message never takes more arena than it has items.
 */
#include "decode/ike.h"

#include <stdio.h>

#include "decode/decoders.h"

#define IKE_HDR_LEN 28

/* Substructures sharing the shape "1 byte, 1 byte, 2-byte length counting themselves"
 * (payloads, proposals, transforms, traffic selectors): how many sound ones follow each
 * other from the cursor, at most DEC_IKE_MAX_ITEMS. */
static size_t
chain_count(struct cur c, size_t min)
{
	size_t n = 0;
	while (n < DEC_IKE_MAX_ITEMS && cur_left(&c) >= min) {
		size_t len = (size_t)cur_peek(&c, 2) << 8 | cur_peek(&c, 3);
		if (len < min || len > cur_left(&c))
			break;
		cur_skip(&c, len);
		n++;
	}
	return n;
}

static bool
is_marker(const struct cur *c)
{
	return cur_left(c) >= 4 && cur_peek(c, 0) == 0 && cur_peek(c, 1) == 0 &&
	       cur_peek(c, 2) == 0 && cur_peek(c, 3) == 0;
}

/* For event texts: the payload's name, or its number in buf. */
static const char *
payload_label(uint8_t version, uint8_t type, char *buf, size_t n)
{
	const char *s = dec_ike_payload_name(version, type);
	if (s)
		return s;
	snprintf(buf, n, "type %u", type);
	return buf;
}

/* Transform attributes (RFC 7296 §3.3.5): AF set means a 2-byte value in place of the
 * length (TV), else a length and that many bytes (TLV). Only Key Length (14) is kept. */
static void
ike2_attributes(struct dec *d, struct dec_ike_transform *t, struct cur a)
{
	while (cur_left(&a) > 0) {
		size_t at = cur_off(&a);
		uint16_t af_type = cur_be16(&a);
		uint16_t v = cur_be16(&a);
		if (a.bad) {
			dec_err(d, at, DEC_E_OPTION_LEN,
				"transform attribute header needs 4 bytes");
			return;
		}
		if (af_type & 0x8000) {
			if ((af_type & 0x7FFF) == 14) {
				t->has_keylen = true;
				t->keylen = v;
			}
			continue;
		}
		if (v > cur_left(&a)) {
			dec_err(d, at, DEC_E_OPTION_LEN, "transform attribute length %u, %zu left",
				v, cur_left(&a));
			return;
		}
		cur_skip(&a, v);
	}
}

/* Transforms of one proposal (RFC 7296 §3.3.2):
 *   | Last Substruc |   RESERVED    |        Transform Length       |
 *   |Transform Type |   RESERVED    |          Transform ID         |
 *   |                      Transform Attributes                     | */
static void
ike2_transforms(struct dec *d, struct dec_ike_proposal *pp, struct cur b)
{
	size_t cap = chain_count(b, 8);
	while (cur_left(&b) > 0) {
		size_t at = cur_off(&b), left = cur_left(&b);
		uint8_t last = cur_u8(&b);
		cur_skip(&b, 1);
		uint16_t len = cur_be16(&b);
		if (b.bad || len < 8 || len > left) {
			dec_err(d, at, DEC_E_OPTION_LEN, "transform length %u, %zu bytes left", len,
				left);
			return;
		}
		if (pp->ntr == cap) {
			dec_err(d, at, DEC_E_IKE_TOO_MANY, "more than %d transforms in a proposal",
				DEC_IKE_MAX_ITEMS);
			return;
		}
		if (!pp->tr && !(pp->tr = dec_alloc(d, cap * sizeof(*pp->tr))))
			return;
		struct cur t = cur_sub(&b, (size_t)len - 4);
		struct dec_ike_transform *tr = &pp->tr[pp->ntr++];
		tr->type = cur_u8(&t);
		cur_skip(&t, 1);
		tr->id = cur_be16(&t);
		ike2_attributes(d, tr, t);
		if (last == 0)
			break;
	}
}

/* SA payload (RFC 7296 §3.3.1): proposals, each
 *   | Last Substruc |   RESERVED    |         Proposal Length       |
 *   | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 *   ~                        SPI (variable)                         ~
 *   ~                        <Transforms>                           ~ */
static void
ike2_sa(struct dec *d, struct dec_ike_payload *p, struct cur b)
{
	size_t cap = chain_count(b, 8);
	while (cur_left(&b) > 0) {
		size_t at = cur_off(&b), left = cur_left(&b);
		uint8_t last = cur_u8(&b);
		cur_skip(&b, 1);
		uint16_t len = cur_be16(&b);
		if (b.bad || len < 8 || len > left) {
			dec_err(d, at, DEC_E_OPTION_LEN, "proposal length %u, %zu bytes left", len,
				left);
			return;
		}
		if (p->u.sa.nprop == cap) {
			dec_err(d, at, DEC_E_IKE_TOO_MANY, "more than %d proposals in an SA",
				DEC_IKE_MAX_ITEMS);
			return;
		}
		if (!p->u.sa.prop && !(p->u.sa.prop = dec_alloc(d, cap * sizeof(*p->u.sa.prop))))
			return;
		struct cur pr = cur_sub(&b, (size_t)len - 4);
		struct dec_ike_proposal *pp = &p->u.sa.prop[p->u.sa.nprop++];
		pp->num = cur_u8(&pr);
		pp->proto = cur_u8(&pr);
		pp->spi_size = cur_u8(&pr);
		pp->ntransforms = cur_u8(&pr);
		if (pp->spi_size > cur_left(&pr)) {
			dec_err(d, at + 6, DEC_E_OPTION_LEN,
				"SPI size %u, %zu bytes left in proposal", pp->spi_size,
				cur_left(&pr));
			pp->spi_size = 0;
			return;
		}
		pp->spi = cur_take(&pr, pp->spi_size);
		ike2_transforms(d, pp, pr);
		if (last == 0)
			break;
	}
}

/* Notify (RFC 7296 §3.10):
 *   |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 *   ~                Security Parameter Index (SPI)                 ~
 *   ~                       Notification Data                       ~ */
static void
ike2_notify(struct dec *d, struct dec_ike_payload *p, struct cur b)
{
	size_t at = cur_off(&b);
	p->u.notify.proto = cur_u8(&b);
	p->u.notify.spi_size = cur_u8(&b);
	p->u.notify.type = cur_be16(&b);
	if (p->u.notify.spi_size > cur_left(&b)) {
		dec_err(d, at + 1, DEC_E_BAD_LENGTH, "notify SPI size %u, %zu bytes left",
			p->u.notify.spi_size, cur_left(&b));
		p->u.notify.spi_size = 0;
		return;
	}
	p->u.notify.spi = cur_take(&b, p->u.notify.spi_size);
	p->u.notify.data_len = (uint16_t)cur_left(&b);
}

/* Delete (RFC 7296 §3.11):
 *   | Protocol ID   |   SPI Size    |          Num of SPIs          |
 *   ~               Security Parameter Index(es) (SPI)              ~ */
static void
ike2_delete(struct dec *d, struct dec_ike_payload *p, struct cur b)
{
	size_t at = cur_off(&b);
	p->u.del.proto = cur_u8(&b);
	p->u.del.spi_size = cur_u8(&b);
	p->u.del.nspi = cur_be16(&b);
	if (p->u.del.spi_size == 0)
		return; /* an IKE SA: the header's SPIs say which */
	size_t fit = cur_left(&b) / p->u.del.spi_size;
	size_t n = p->u.del.nspi;
	if (n > fit) {
		dec_err(d, at + 2, DEC_E_BAD_LENGTH, "%zu SPIs of %u bytes, room for %zu", n,
			p->u.del.spi_size, fit);
		n = fit;
	}
	if (n > DEC_IKE_MAX_ITEMS) {
		dec_err(d, at + 2, DEC_E_IKE_TOO_MANY, "more than %d SPIs in a Delete",
			DEC_IKE_MAX_ITEMS);
		n = DEC_IKE_MAX_ITEMS;
	}
	p->u.del.nspi_seen = (uint16_t)n;
	p->u.del.spis = cur_here(&b);
}

/* Traffic selectors (RFC 7296 §3.13.1):
 *   |   TS Type     |IP Protocol ID*|       Selector Length         |
 *   |           Start Port*         |           End Port*           |
 *   ~                         Starting Address*                     ~
 *   ~                         Ending Address*                       ~ */
static void
ike2_ts(struct dec *d, struct dec_ike_payload *p, struct cur b)
{
	p->u.ts.count = cur_u8(&b);
	cur_skip(&b, 3);
	size_t cap = chain_count(b, 8);
	while (cur_left(&b) > 0) {
		size_t at = cur_off(&b), left = cur_left(&b);
		uint8_t type = cur_u8(&b);
		uint8_t proto = cur_u8(&b);
		uint16_t len = cur_be16(&b);
		if (b.bad || len < 8 || len > left) {
			dec_err(d, at, DEC_E_OPTION_LEN, "selector length %u, %zu bytes left", len,
				left);
			return;
		}
		if (p->u.ts.nts == cap) {
			dec_err(d, at, DEC_E_IKE_TOO_MANY, "more than %d traffic selectors",
				DEC_IKE_MAX_ITEMS);
			return;
		}
		size_t alen = type == 7 ? 4 : type == 8 ? 16 : 0;
		if (alen && len != 8 + 2 * alen) {
			dec_err(d, at + 2, DEC_E_OPTION_LEN, "selector type %u length %u, not %zu",
				type, len, 8 + 2 * alen);
			return;
		}
		if (!p->u.ts.ts && !(p->u.ts.ts = dec_alloc(d, cap * sizeof(*p->u.ts.ts))))
			return;
		struct cur s = cur_sub(&b, (size_t)len - 4);
		struct dec_ike_ts *ts = &p->u.ts.ts[p->u.ts.nts++];
		ts->type = type;
		ts->ip_proto = proto;
		ts->len = len;
		ts->start_port = cur_be16(&s);
		ts->end_port = cur_be16(&s);
		if (alen) {
			cur_copy(&s, ts->start, alen);
			cur_copy(&s, ts->end, alen);
		}
	}
}

/* Bytes each IKEv2 payload body has before its variable part (RFC 7296 §3.3-3.16,
 * RFC 7383 §2.5): a Payload Length leaving less is malformed. Compared before anything
 * is subtracted: print-isakmp.c once took an 8-byte header off a 5-byte ID length. */
static size_t
ike2_fixed_len(uint8_t type)
{
	switch (type) {
	case DEC_IKE2_KE:
	case DEC_IKE2_IDI:
	case DEC_IKE2_IDR:
	case DEC_IKE2_AUTH:
	case DEC_IKE2_N:
	case DEC_IKE2_D:
	case DEC_IKE2_TSI:
	case DEC_IKE2_TSR:
	case DEC_IKE2_CP:
	case DEC_IKE2_EAP:
	case DEC_IKE2_SKF:
		return 4;
	case DEC_IKE2_CERT:
	case DEC_IKE2_CERTREQ:
		return 1;
	default:
		return 0;
	}
}

static void
ike2_body(struct dec *d, const struct dec_ike_layer *k, struct dec_ike_payload *p, struct cur b)
{
	size_t fixed = ike2_fixed_len(p->type);
	char buf[16];
	if (cur_left(&b) < fixed) {
		dec_err(d, p->off + 2, DEC_E_BAD_HEADER_LEN,
			"%s payload length %u below its %zu-byte header",
			payload_label(k->version, p->type, buf, sizeof(buf)), p->len, 4 + fixed);
		return;
	}
	switch (p->type) {
	case DEC_IKE2_SA:
		ike2_sa(d, p, b);
		break;
	case DEC_IKE2_KE:
		p->u.ke.group = cur_be16(&b);
		cur_skip(&b, 2);
		p->u.ke.data_len = (uint16_t)cur_left(&b);
		break;
	case DEC_IKE2_IDI:
	case DEC_IKE2_IDR:
	case DEC_IKE2_AUTH:
	case DEC_IKE2_CP:
		p->u.opaque.kind = cur_u8(&b);
		cur_skip(&b, 3);
		p->u.opaque.data_len = (uint16_t)cur_left(&b);
		break;
	case DEC_IKE2_CERT:
	case DEC_IKE2_CERTREQ:
		p->u.opaque.kind = cur_u8(&b);
		p->u.opaque.data_len = (uint16_t)cur_left(&b);
		break;
	case DEC_IKE2_EAP:
		/* the body is the EAP packet itself (RFC 7296 §3.16): its code first */
		p->u.opaque.kind = cur_peek(&b, 0);
		p->u.opaque.data_len = (uint16_t)cur_left(&b);
		break;
	case DEC_IKE2_N:
		ike2_notify(d, p, b);
		break;
	case DEC_IKE2_D:
		ike2_delete(d, p, b);
		break;
	case DEC_IKE2_TSI:
	case DEC_IKE2_TSR:
		ike2_ts(d, p, b);
		break;
	case DEC_IKE2_SKF:
		p->u.sk.frag_num = cur_be16(&b);
		p->u.sk.frag_total = cur_be16(&b);
		p->u.sk.data_len = (uint16_t)cur_left(&b);
		break;
	case DEC_IKE2_SK:
		p->u.sk.data_len = (uint16_t)cur_left(&b);
		break;
	default: /* Nonce, V and what we do not look into */
		p->u.opaque.data_len = (uint16_t)cur_left(&b);
		break;
	}
}

/* Walks the payload chain in body (the message after its header, cut to the shorter of
 * the message length and the capture; msg_end is the frame offset where the message
 * says it ends). Returns DEC_STOP when it recorded an event that ended the walk. */
static enum dec_rc
ike_payloads(struct dec *d, struct dec_ike_layer *k, struct cur body, size_t msg_end)
{
	bool v2 = k->version >> 4 == 2;
	size_t cap = chain_count(body, 4);
	uint8_t np = k->next_payload;
	while (np != 0) {
		size_t at = cur_off(&body), left = cur_left(&body);
		char buf[16];
		const char *name = payload_label(k->version, np, buf, sizeof(buf));
		uint8_t next = cur_u8(&body);
		uint8_t crit = cur_u8(&body);
		uint16_t len = cur_be16(&body);
		if (body.bad || len > left) {
			size_t need = body.bad ? 4 : len;
			if (at + need <= msg_end)
				return dec_err(d, at, DEC_E_TRUNCATED,
					"truncated: %s payload needs %zu bytes, %zu captured", name,
					need, left);
			if (left == 0)
				return dec_err(d, at, DEC_E_PAYLOAD_LEN,
					"next payload %s announced after the message end at %zu",
					name, msg_end);
			return dec_err(d, at, DEC_E_PAYLOAD_LEN,
				"%s payload of %zu bytes runs past the message end at %zu", name,
				need, msg_end);
		}
		if (len < 4)
			return dec_err(d, at + 2, DEC_E_BAD_HEADER_LEN,
				"%s payload length %u below the 4-byte generic header", name, len);
		if (k->npayloads == cap)
			return dec_err(d, at, DEC_E_IKE_TOO_MANY, "more than %d payloads",
				DEC_IKE_MAX_ITEMS);
		if (!k->payloads && !(k->payloads = dec_alloc(d, cap * sizeof(*k->payloads))))
			return DEC_STOP;
		struct dec_ike_payload *p = &k->payloads[k->npayloads++];
		p->type = np;
		p->next = next;
		p->critical = v2 && (crit & 0x80);
		p->len = len;
		p->off = (uint32_t)at;
		struct cur b = cur_sub(&body, (size_t)len - 4);
		/* IKEv1 payloads: type and length only */
		if (v2) {
			ike2_body(d, k, p, b);
			/* SK must be the last payload (RFC 7296 §3.14); its Next Payload names
			 * the first one inside the ciphertext, not one after it. */
			if (np == DEC_IKE2_SK || np == DEC_IKE2_SKF)
				break;
		}
		np = next;
	}
	return DEC_DONE;
}

enum dec_rc
dec_ike(struct dec *d, struct cur *c)
{
	/* On 4500 (either port: a NAT may map 500 to 4500 on one side only) IKE follows
	 * the non-ESP marker, RFC 3948 §2.2; dec_natt has already seen it there. */
	bool natt = false;
	if (d->nlayers > 0 && d->layers[d->nlayers - 1].proto == DEC_P_UDP) {
		const struct dec_udp_layer *u = &d->layers[d->nlayers - 1].u.udp;
		if ((u->sport == 4500 || u->dport == 4500) && is_marker(c)) {
			cur_skip(c, 4);
			natt = true;
		}
	}
	struct dec_layer *l = dec_layer_add(d, DEC_P_IKE, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_ike_layer *k = &l->u.ike;
	k->natt = natt;
	cur_copy(c, k->ispi, 8);
	cur_copy(c, k->rspi, 8);
	k->next_payload = cur_u8(c);
	k->version = cur_u8(c);
	k->exchange = cur_u8(c);
	k->flags = cur_u8(c);
	k->msgid = cur_be32(c);
	k->length = cur_be32(c);
	if (c->bad) {
		l->len = (uint32_t)have; /* the fields that are whole are shown (render.c) */
		return dec_truncated(d, l, IKE_HDR_LEN, have);
	}
	l->len = IKE_HDR_LEN;
	uint8_t major = k->version >> 4;
	if (major != 1 && major != 2)
		return dec_err(d, l->off + 17, DEC_E_BAD_VERSION, "IKE major version %u (%u.%u)",
			major, major, k->version & 0xF);
	if (k->length < IKE_HDR_LEN)
		return dec_err(d, l->off + 24, DEC_E_BAD_LENGTH,
			"message length %u below the 28-byte header", k->length);
	/* RFC 7296 §3.1: Length is the whole message, header included. More than the UDP
	 * payload (or the frame) carried, a snaplen's cut aside, is a wrong length, not a
	 * capture's cut; the payloads that are there are still walked. A message in IP
	 * fragments (large IKE_AUTH with certificates) is whole only once reassembled. */
	size_t room;
	if (!dec_ip_is_fragment(dec_ip_below(d)) && dec_claim_past(d, l->off, k->length, &room))
		dec_err(d, l->off + 24, DEC_E_BAD_LENGTH,
			"message length %u past the %zu bytes of the datagram", k->length, room);
	cur_limit(c, k->length - IKE_HDR_LEN);
	struct cur body = cur_rest(c);
	l->len += (uint32_t)cur_left(&body);
	if (major == 1 && (k->flags & DEC_IKE_F_ENCRYPTED)) {
		/* RFC 2408 §3.1: with E set everything after the header is ciphertext, the
		 * header's Next Payload included; only the length can be told. */
		k->encrypted = true;
		return DEC_DONE;
	}
	return ike_payloads(d, k, body, (size_t)l->off + k->length);
}

/* Names below follow the IANA registries "IKEv2 Parameters" and "Internet Security
 * Association and Key Management Protocol (ISAKMP) Identifiers" / "Magic Numbers for
 * ISAKMP Protocol", as of 2024. */

const char *
dec_ike_exchange_name(uint8_t version, uint8_t exchange)
{
	static const char *const v1[] = {
		[1] = "Base",
		[2] = "Identity-Protection",
		[3] = "Authentication-Only",
		[4] = "Aggressive",
		[5] = "Informational",
		[6] = "Transaction",
		[32] = "Quick-Mode",
		[33] = "New-Group-Mode",
	};
	static const char *const v2[] = {
		[34] = "IKE_SA_INIT",
		[35] = "IKE_AUTH",
		[36] = "CREATE_CHILD_SA",
		[37] = "INFORMATIONAL",
		[38] = "IKE_SESSION_RESUME",
		[39] = "GSA_AUTH",
		[40] = "GSA_REGISTRATION",
		[41] = "GSA_REKEY",
		[43] = "IKE_INTERMEDIATE",
		[44] = "IKE_FOLLOWUP_KE",
	};
	switch (version >> 4) {
	case 1:
		return exchange < G_N_ELEMENTS(v1) ? v1[exchange] : NULL;
	case 2:
		return exchange < G_N_ELEMENTS(v2) ? v2[exchange] : NULL;
	default:
		return NULL;
	}
}

const char *
dec_ike_payload_name(uint8_t version, uint8_t type)
{
	static const char *const v1[] = {
		[1] = "SA",
		[2] = "P",
		[3] = "T",
		[4] = "KE",
		[5] = "ID",
		[6] = "CERT",
		[7] = "CR",
		[8] = "HASH",
		[9] = "SIG",
		[10] = "NONCE",
		[11] = "N",
		[12] = "D",
		[13] = "VID",
		[14] = "ATTR",
		[15] = "SAK",
		[16] = "SAT",
		[17] = "KD",
		[18] = "SEQ",
		[19] = "POP",
		[20] = "NAT-D",
		[21] = "NAT-OA",
		[22] = "GAP",
		/* the numbers the NAT-T drafts used before RFC 3947 */
		[130] = "NAT-D",
		[131] = "NAT-OA",
	};
	static const char *const v2[] = {
		[33] = "SA",
		[34] = "KE",
		[35] = "IDi",
		[36] = "IDr",
		[37] = "CERT",
		[38] = "CERTREQ",
		[39] = "AUTH",
		[40] = "Nonce",
		[41] = "N",
		[42] = "D",
		[43] = "V",
		[44] = "TSi",
		[45] = "TSr",
		[46] = "SK",
		[47] = "CP",
		[48] = "EAP",
		[49] = "GSPM",
		[50] = "IDg",
		[51] = "GSA",
		[52] = "KD",
		[53] = "SKF",
		[54] = "PS",
	};
	switch (version >> 4) {
	case 1:
		return type < G_N_ELEMENTS(v1) ? v1[type] : NULL;
	case 2:
		return type < G_N_ELEMENTS(v2) ? v2[type] : NULL;
	default:
		return NULL;
	}
}

struct code_name {
	uint16_t code;
	const char *name;
};

const char *
dec_ike_notify_name(uint16_t type)
{
	static const struct code_name names[] = {
		/* error types (RFC 7296 §3.10.1 and later RFCs) */
		{ 1, "UNSUPPORTED_CRITICAL_PAYLOAD" },
		{ 4, "INVALID_IKE_SPI" },
		{ 5, "INVALID_MAJOR_VERSION" },
		{ 7, "INVALID_SYNTAX" },
		{ 9, "INVALID_MESSAGE_ID" },
		{ 11, "INVALID_SPI" },
		{ 14, "NO_PROPOSAL_CHOSEN" },
		{ 17, "INVALID_KE_PAYLOAD" },
		{ 24, "AUTHENTICATION_FAILED" },
		{ 34, "SINGLE_PAIR_REQUIRED" },
		{ 35, "NO_ADDITIONAL_SAS" },
		{ 36, "INTERNAL_ADDRESS_FAILURE" },
		{ 37, "FAILED_CP_REQUIRED" },
		{ 38, "TS_UNACCEPTABLE" },
		{ 39, "INVALID_SELECTORS" },
		{ 40, "UNACCEPTABLE_ADDRESSES" },
		{ 41, "UNEXPECTED_NAT_DETECTED" },
		{ 42, "USE_ASSIGNED_HoA" },
		{ 43, "TEMPORARY_FAILURE" },
		{ 44, "CHILD_SA_NOT_FOUND" },
		{ 45, "INVALID_GROUP_ID" },
		{ 46, "AUTHORIZATION_FAILED" },
		{ 47, "STATE_NOT_FOUND" },
		/* status types */
		{ 16384, "INITIAL_CONTACT" },
		{ 16385, "SET_WINDOW_SIZE" },
		{ 16386, "ADDITIONAL_TS_POSSIBLE" },
		{ 16387, "IPCOMP_SUPPORTED" },
		{ 16388, "NAT_DETECTION_SOURCE_IP" },
		{ 16389, "NAT_DETECTION_DESTINATION_IP" },
		{ 16390, "COOKIE" },
		{ 16391, "USE_TRANSPORT_MODE" },
		{ 16392, "HTTP_CERT_LOOKUP_SUPPORTED" },
		{ 16393, "REKEY_SA" },
		{ 16394, "ESP_TFC_PADDING_NOT_SUPPORTED" },
		{ 16395, "NON_FIRST_FRAGMENTS_ALSO" },
		{ 16396, "MOBIKE_SUPPORTED" },
		{ 16397, "ADDITIONAL_IP4_ADDRESS" },
		{ 16398, "ADDITIONAL_IP6_ADDRESS" },
		{ 16399, "NO_ADDITIONAL_ADDRESSES" },
		{ 16400, "UPDATE_SA_ADDRESSES" },
		{ 16401, "COOKIE2" },
		{ 16402, "NO_NATS_ALLOWED" },
		{ 16403, "AUTH_LIFETIME" },
		{ 16404, "MULTIPLE_AUTH_SUPPORTED" },
		{ 16405, "ANOTHER_AUTH_FOLLOWS" },
		{ 16406, "REDIRECT_SUPPORTED" },
		{ 16407, "REDIRECT" },
		{ 16408, "REDIRECTED_FROM" },
		{ 16409, "TICKET_LT_OPAQUE" },
		{ 16410, "TICKET_REQUEST" },
		{ 16411, "TICKET_ACK" },
		{ 16412, "TICKET_NACK" },
		{ 16413, "TICKET_OPAQUE" },
		{ 16414, "LINK_ID" },
		{ 16415, "USE_WESP_MODE" },
		{ 16416, "ROHC_SUPPORTED" },
		{ 16417, "EAP_ONLY_AUTHENTICATION" },
		{ 16418, "CHILDLESS_IKEV2_SUPPORTED" },
		{ 16419, "QUICK_CRASH_DETECTION" },
		{ 16420, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED" },
		{ 16421, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED" },
		{ 16422, "IKEV2_MESSAGE_ID_SYNC" },
		{ 16423, "IPSEC_REPLAY_COUNTER_SYNC" },
		{ 16424, "SECURE_PASSWORD_METHODS" },
		{ 16425, "PSK_PERSIST" },
		{ 16426, "PSK_CONFIRM" },
		{ 16427, "ERX_SUPPORTED" },
		{ 16428, "IFOM_CAPABILITY" },
		{ 16429, "SENDER_REQUEST_ID" },
		{ 16430, "IKEV2_FRAGMENTATION_SUPPORTED" },
		{ 16431, "SIGNATURE_HASH_ALGORITHMS" },
		{ 16432, "CLONE_IKE_SA_SUPPORTED" },
		{ 16433, "CLONE_IKE_SA" },
		{ 16434, "PUZZLE" },
		{ 16435, "USE_PPK" },
		{ 16436, "PPK_IDENTITY" },
		{ 16437, "NO_PPK_AUTH" },
		{ 16438, "INTERMEDIATE_EXCHANGE_SUPPORTED" },
		{ 16439, "IP4_ALLOWED" },
		{ 16440, "IP6_ALLOWED" },
		{ 16441, "ADDITIONAL_KEY_EXCHANGE" },
		{ 16442, "USE_AGGFRAG" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (names[i].code == type)
			return names[i].name;
	return NULL;
}

const char *
dec_ike_transform_type_name(uint8_t type)
{
	static const char *const names[] = {
		[1] = "ENCR",
		[2] = "PRF",
		[3] = "INTEG",
		[4] = "DH",
		[5] = "ESN",
	};
	return type < G_N_ELEMENTS(names) ? names[type] : NULL;
}

const char *
dec_ike_transform_name(uint8_t type, uint16_t id)
{
	static const char *const encr[] = {
		[1] = "ENCR_DES_IV64",
		[2] = "ENCR_DES",
		[3] = "ENCR_3DES",
		[4] = "ENCR_RC5",
		[5] = "ENCR_IDEA",
		[6] = "ENCR_CAST",
		[7] = "ENCR_BLOWFISH",
		[8] = "ENCR_3IDEA",
		[9] = "ENCR_DES_IV32",
		[11] = "ENCR_NULL",
		[12] = "ENCR_AES_CBC",
		[13] = "ENCR_AES_CTR",
		[14] = "ENCR_AES_CCM_8",
		[15] = "ENCR_AES_CCM_12",
		[16] = "ENCR_AES_CCM_16",
		[18] = "ENCR_AES_GCM_8",
		[19] = "ENCR_AES_GCM_12",
		[20] = "ENCR_AES_GCM_16",
		[21] = "ENCR_NULL_AUTH_AES_GMAC",
		[23] = "ENCR_CAMELLIA_CBC",
		[24] = "ENCR_CAMELLIA_CTR",
		[25] = "ENCR_CAMELLIA_CCM_8",
		[26] = "ENCR_CAMELLIA_CCM_12",
		[27] = "ENCR_CAMELLIA_CCM_16",
		[28] = "ENCR_CHACHA20_POLY1305",
	};
	static const char *const prf[] = {
		[1] = "PRF_HMAC_MD5",
		[2] = "PRF_HMAC_SHA1",
		[3] = "PRF_HMAC_TIGER",
		[4] = "PRF_AES128_XCBC",
		[5] = "PRF_HMAC_SHA2_256",
		[6] = "PRF_HMAC_SHA2_384",
		[7] = "PRF_HMAC_SHA2_512",
		[8] = "PRF_AES128_CMAC",
	};
	static const char *const integ[] = {
		[0] = "NONE",
		[1] = "AUTH_HMAC_MD5_96",
		[2] = "AUTH_HMAC_SHA1_96",
		[3] = "AUTH_DES_MAC",
		[4] = "AUTH_KPDK_MD5",
		[5] = "AUTH_AES_XCBC_96",
		[6] = "AUTH_HMAC_MD5_128",
		[7] = "AUTH_HMAC_SHA1_160",
		[8] = "AUTH_AES_CMAC_96",
		[9] = "AUTH_AES_128_GMAC",
		[10] = "AUTH_AES_192_GMAC",
		[11] = "AUTH_AES_256_GMAC",
		[12] = "AUTH_HMAC_SHA2_256_128",
		[13] = "AUTH_HMAC_SHA2_384_192",
		[14] = "AUTH_HMAC_SHA2_512_256",
	};
	static const char *const dh[] = {
		[0] = "NONE",
		[1] = "MODP_768",
		[2] = "MODP_1024",
		[5] = "MODP_1536",
		[14] = "MODP_2048",
		[15] = "MODP_3072",
		[16] = "MODP_4096",
		[17] = "MODP_6144",
		[18] = "MODP_8192",
		[19] = "ECP_256",
		[20] = "ECP_384",
		[21] = "ECP_521",
		[22] = "MODP_1024_160",
		[23] = "MODP_2048_224",
		[24] = "MODP_2048_256",
		[25] = "ECP_192",
		[26] = "ECP_224",
		[27] = "BRAINPOOL_P224",
		[28] = "BRAINPOOL_P256",
		[29] = "BRAINPOOL_P384",
		[30] = "BRAINPOOL_P512",
		[31] = "CURVE25519",
		[32] = "CURVE448",
		[33] = "GOST3410_2012_256",
		[34] = "GOST3410_2012_512",
		[35] = "ML_KEM_512",
		[36] = "ML_KEM_768",
		[37] = "ML_KEM_1024",
	};
	static const char *const esn[] = {
		[0] = "NO_ESN",
		[1] = "ESN",
	};
	switch (type) {
	case 1:
		return id < G_N_ELEMENTS(encr) ? encr[id] : NULL;
	case 2:
		return id < G_N_ELEMENTS(prf) ? prf[id] : NULL;
	case 3:
		return id < G_N_ELEMENTS(integ) ? integ[id] : NULL;
	case 4:
		return id < G_N_ELEMENTS(dh) ? dh[id] : NULL;
	case 5:
		return id < G_N_ELEMENTS(esn) ? esn[id] : NULL;
	default:
		return NULL;
	}
}

const char *
dec_ike_proto_name(uint8_t proto)
{
	static const char *const names[] = {
		[1] = "IKE",
		[2] = "AH",
		[3] = "ESP",
		[4] = "FC_ESP_HEADER",
		[5] = "FC_CT_AUTHENTICATION",
	};
	return proto < G_N_ELEMENTS(names) ? names[proto] : NULL;
}
