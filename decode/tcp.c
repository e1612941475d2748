/* tcp.c - TCP (RFC 9293 §3.1) header and the options a capture reader needs: MSS
 * (kind 2), window scale (3, RFC 7323 §2), SACK-permitted (4) and SACK (5, RFC 2018),
 * timestamps (8, RFC 7323 §3); the signatures BGP sessions use: TCP-MD5 (19, RFC 2385 §3.0,
 * verified with --tcp-md5-key in decode/tcp_sig.c) and TCP-AO (29, RFC 5925 §2.2).
 *
 *   |          Source Port          |       Destination Port        |
 *   |                        Sequence Number                        |
 *   |                    Acknowledgment Number                      |
 *   |  Data |       |C|E|U|A|P|R|S|F|                               |
 *   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *   |           Checksum            |         Urgent Pointer        |
 *   |                    Options                    |    Padding    |
 */
#include "decode/decoders.h"
#include "decode/keys.h"

/* Options: kind 0 ends the list, 1 is one byte of padding, every other kind has a length
 * byte counting kind and length, so at least 2: a smaller one would not advance. */
static void
tcp_options(struct dec *d, struct dec_tcp_layer *t, struct cur o)
{
	while (cur_left(&o) > 0) {
		size_t at = cur_off(&o);
		uint8_t kind = cur_u8(&o);
		if (kind == 0)
			break;
		if (kind == 1)
			continue;
		uint8_t len = cur_u8(&o);
		if (o.bad || len < 2 || (size_t)len - 2 > cur_left(&o)) {
			dec_err(d, at, DEC_E_OPTION_LEN, "option %u length %u, %zu bytes left", kind,
				len, o.bad ? 0 : cur_left(&o) + 2);
			return;
		}
		struct cur v = cur_sub(&o, (size_t)len - 2);
		switch (kind) {
		case 2:
			if (len == 4) {
				t->has_mss = true;
				t->mss = cur_be16(&v);
			}
			break;
		case 3:
			if (len == 3) {
				t->has_wscale = true;
				t->wscale = cur_u8(&v);
			}
			break;
		case 4:
			t->sack_perm = true;
			break;
		case 5:
			t->nsack = (uint8_t)((len - 2) / 8);
			break;
		case 8:
			if (len == 10) {
				t->has_ts = true;
				t->ts_val = cur_be32(&v);
				t->ts_ecr = cur_be32(&v);
			}
			break;
		case 19: /* RFC 2385 §3.0: kind 19, length 18, a 16-byte MD5 digest */
			if (len == 18) {
				t->has_md5 = true;
				cur_copy(&v, t->md5, 16);
			} else {
				dec_err(d, at, DEC_E_OPTION_LEN, "TCP-MD5 option length %u, not 18", len);
			}
			break;
		case 29: /* RFC 5925 §2.2: KeyID, RNextKeyID, MAC (length >= 4) */
			if (len >= 4) {
				t->has_ao = true;
				t->ao_keyid = cur_u8(&v);
				t->ao_rnextkeyid = cur_u8(&v);
				size_t n = cur_left(&v);
				t->ao_maclen = (uint8_t)(n < sizeof(t->ao_mac) ? n : sizeof(t->ao_mac));
				cur_copy(&v, t->ao_mac, t->ao_maclen);
			} else {
				dec_err(d, at, DEC_E_OPTION_LEN, "TCP-AO option length %u below 4", len);
			}
			break;
		default:
			break;
		}
	}
}

enum dec_rc
dec_tcp(struct dec *d, struct cur *c)
{
	struct dec_layer *l = dec_layer_add(d, DEC_P_TCP, c);
	if (!l)
		return DEC_STOP;
	size_t have = cur_left(c);
	struct dec_tcp_layer *t = &l->u.tcp;
	t->sport = cur_be16(c);
	t->dport = cur_be16(c);
	t->seq = cur_be32(c);
	t->ack = cur_be32(c);
	uint16_t off_flags = cur_be16(c);
	t->win = cur_be16(c);
	cur_skip(c, 2); /* checksum */
	t->urg = cur_be16(c);
	if (c->bad) {
		t->ports_only = have >= 4;
		return dec_truncated(d, l, 20, have);
	}
	t->hlen = (uint8_t)((off_flags >> 12) * 4);
	t->flags = off_flags & 0x1FF;
	l->len = t->hlen;
	if (t->hlen < 20)
		return dec_err(d, l->off + 12, DEC_E_BAD_HEADER_LEN,
			"data offset %u bytes below the minimum 20", t->hlen);
	size_t optlen = (size_t)t->hlen - 20;
	if (cur_left(c) < optlen) {
		/* the ports are data, the rest of the header is not all there */
		l->truncated = true;
		t->ports_only = true;
		if (d->quoted)
			return DEC_STOP;
		return dec_err(d, cur_off(c), DEC_E_TRUNCATED,
			"truncated: options end at %u, %zu captured", t->hlen, have);
	}
	tcp_options(d, t, cur_sub(c, optlen));
	if (d->ip_payload_len != UINT32_MAX)
		t->plen = d->ip_payload_len >= t->hlen ? d->ip_payload_len - t->hlen : 0;
	else
		t->plen = (uint32_t)cur_left(c);
	if (d->quoted)
		return DEC_DONE;
	if (d->keys)
		dec_tcp_md5_check(d, l, c);
	return dec_next(d, DEC_K_TCP_PORT, t->sport, t->dport);
}
