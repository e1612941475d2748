/* dns_name.c - domain names in DNS messages (RFC 1035 §3.1, §4.1.4), written once: every
 * owner name, question name and name inside rdata goes through dec_dns_name().
 *
 * A name is a sequence of labels ended by the root label or by a compression pointer:
 *
 *     +--+--+--+--+--+--+--+--+
 *     | 0  0|   LENGTH (0-63) |  then LENGTH octets; LENGTH 0 is the root
 *     +--+--+--+--+--+--+--+--+
 *
 *     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *     | 1  1|                OFFSET                   |  the name goes on at OFFSET
 *     +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+  from the message's first byte
 *
 * Types 01 and 10 were extended label types (RFC 6891 §5 deprecates them; RFC 2673's
 * bit-string labels are historic): events here.
 *
 * Termination by construction (tcpdump's fqdn_print): each pointer must land strictly
 * before the previous jump's target, and the first one strictly before the name's own
 * start, so the targets fall and the walk ends within 2^14 jumps even without the length
 * cap. Knot's weaker rule (before the pointer itself) leans on its 255-octet cap to end a
 * label-then-pointer-back loop; here that loop is refused at the pointer. A pointer into
 * the 12-byte header can only be hostile (no name lives there): an event too. The 255
 * cap (RFC 1035 §2.3.4) counts every length octet and the root, as on the wire after
 * decompression, and bounds the text buffer: at most 4 text bytes per wire byte.
 */
#include "decode/dns.h"

#include "decode/decode.h"

#define DNS_NAME_MAX 255
#define DNS_HDR_LEN  12
/* 63-byte labels all escaped as \DDD with their dots: under 4 * 255 */
#define DNS_TEXT_MAX (4 * DNS_NAME_MAX + 4)

/* Appends one label's bytes in RFC 4343 presentation form: a byte outside 0x21-0x7E as
 * \DDD (decimal), '.' and '\' with a backslash, so the text reads back to the same wire
 * bytes and a label dot is never taken for a separator. */
static size_t
label_text(char *t, size_t n, const uint8_t *p, size_t len)
{
	for (size_t k = 0; k < len; k++) {
		uint8_t ch = p[k];
		if (ch <= 0x20 || ch >= 0x7F) {
			t[n++] = '\\';
			t[n++] = (char)('0' + ch / 100);
			t[n++] = (char)('0' + ch / 10 % 10);
			t[n++] = (char)('0' + ch % 10);
		} else {
			if (ch == '.' || ch == '\\')
				t[n++] = '\\';
			t[n++] = (char)ch;
		}
	}
	return n;
}

bool
dec_dns_name(struct dec *d, const struct cur *msg, struct cur *c, const char **out)
{
	*out = NULL;
	const uint8_t *m = msg->p;
	size_t mlen = msg->len;
	size_t start = (size_t)(cur_here(c) - m);
	/* until the first jump the name's bytes must also fit in c (an rdata's bounds) */
	size_t bound = start + cur_left(c);
	size_t pos = start, limit = start, used = 0, wire = 0, tn = 0;
	bool jumped = false;
	char text[DNS_TEXT_MAX];

	if (c->bad || bound > mlen) {
		c->bad = true;
		return false;
	}
	for (;;) {
		if (pos >= bound) {
			dec_err(d, msg->base + pos,
				bound < mlen ? DEC_E_DNS_RDATA_LEN : DEC_E_TRUNCATED,
				"name at %zu runs past the %s", msg->base + start,
				bound < mlen ? "record data" : "message");
			goto out_bad;
		}
		uint8_t b = m[pos];
		if ((b & 0xC0) == 0xC0) {
			if (pos + 1 >= bound) {
				dec_err(d, msg->base + pos, DEC_E_TRUNCATED,
					"name at %zu: compression pointer cut short",
					msg->base + start);
				goto out_bad;
			}
			size_t target = (size_t)(b & 0x3F) << 8 | m[pos + 1];
			if (target >= limit) {
				dec_err(d, msg->base + pos, DEC_E_DNS_NAME_LOOP,
					"name at %zu: pointer to %zu not before %zu",
					msg->base + start, target, limit);
				goto out_bad;
			}
			if (target < DNS_HDR_LEN) {
				dec_err(d, msg->base + pos, DEC_E_DNS_NAME_PTR,
					"name at %zu: pointer to %zu in the header",
					msg->base + start, target);
				goto out_bad;
			}
			if (!jumped)
				used = pos + 2 - start;
			jumped = true;
			limit = target;
			pos = target;
			bound = mlen;
			continue;
		}
		if (b & 0xC0) {
			dec_err(d, msg->base + pos, DEC_E_DNS_LABEL_TYPE,
				"name at %zu: label type 0x%02x", msg->base + start, b & 0xC0);
			goto out_bad;
		}
		wire += 1u + b;
		if (wire > DNS_NAME_MAX) {
			dec_err(d, msg->base + pos, DEC_E_DNS_NAME_LONG,
				"name at %zu longer than %d octets", msg->base + start,
				DNS_NAME_MAX);
			goto out_bad;
		}
		if (b == 0) {
			if (!jumped)
				used = pos + 1 - start;
			break;
		}
		if (b > bound - pos - 1) {
			dec_err(d, msg->base + pos,
				bound < mlen ? DEC_E_DNS_RDATA_LEN : DEC_E_TRUNCATED,
				"name at %zu: %u-byte label runs past the %s", msg->base + start, b,
				bound < mlen ? "record data" : "message");
			goto out_bad;
		}
		if (tn)
			text[tn++] = '.';
		tn = label_text(text, tn, m + pos + 1, b);
		pos += 1u + b;
	}
	if (tn == 0)
		text[tn++] = '.';
	char *s = dec_alloc(d, tn + 1);
	if (!s)
		goto out_bad;
	memcpy(s, text, tn);
	s[tn] = '\0';
	cur_skip(c, used);
	*out = s;
	return true;

out_bad:
	c->bad = true;
	return false;
}
