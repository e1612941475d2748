/* cursor.h - a bounds-checked, sticky, big-endian reader over captured bytes.
 *
 * Every decoder reads packet bytes only through a struct cur. The first read that would
 * pass the end sets c->bad, returns zeros and turns every later read into a no-op, so a
 * fixed header is read whole and checked once (Knot DNS's wire_ctx does the same). A
 * length-delimited field gets a sub-cursor that cannot see past its length while the
 * parent moves past it (OpenBSD bgpd's ibuf sub-buffers).
 *
 * Offsets returned by cur_off() count from the start of the captured frame: a sub-cursor
 * remembers its base, so events point at the byte a user would find in Wireshark.
 */
#ifndef AWSTRACE_DECODE_CURSOR_H
#define AWSTRACE_DECODE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t *p; /* first byte this cursor may see */
	size_t len;       /* how many bytes it may see */
	size_t pos;       /* next byte to read, 0..len */
	size_t base;      /* frame offset of p[0] */
	bool bad;         /* a read went short: sticky */
};

static inline struct cur
cur_make(const uint8_t *p, size_t len, size_t base)
{
	struct cur c = { .p = p, .len = len, .pos = 0, .base = base, .bad = false };
	return c;
}

/* Bytes left to read; 0 once the cursor is bad. */
static inline size_t
cur_left(const struct cur *c)
{
	return c->bad ? 0 : c->len - c->pos;
}

/* Frame offset of the next byte. */
static inline size_t
cur_off(const struct cur *c)
{
	return c->base + c->pos;
}

/* Pointer to the next byte (valid for cur_left() bytes). */
static inline const uint8_t *
cur_here(const struct cur *c)
{
	return c->p + c->pos;
}

/* True and advances when n bytes are there; else marks the cursor bad. */
static inline bool
cur_need(struct cur *c, size_t n)
{
	if (c->bad || c->len - c->pos < n) {
		c->bad = true;
		return false;
	}
	return true;
}

static inline uint8_t
cur_u8(struct cur *c)
{
	if (!cur_need(c, 1))
		return 0;
	return c->p[c->pos++];
}

static inline uint16_t
cur_be16(struct cur *c)
{
	if (!cur_need(c, 2))
		return 0;
	const uint8_t *b = c->p + c->pos;
	c->pos += 2;
	return (uint16_t)((unsigned)b[0] << 8 | b[1]);
}

static inline uint32_t
cur_be24(struct cur *c)
{
	if (!cur_need(c, 3))
		return 0;
	const uint8_t *b = c->p + c->pos;
	c->pos += 3;
	return (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
}

static inline uint32_t
cur_be32(struct cur *c)
{
	if (!cur_need(c, 4))
		return 0;
	const uint8_t *b = c->p + c->pos;
	c->pos += 4;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t
cur_be48(struct cur *c)
{
	uint64_t hi = cur_be16(c);
	return hi << 32 | cur_be32(c);
}

static inline uint64_t
cur_be64(struct cur *c)
{
	uint64_t hi = cur_be32(c);
	return hi << 32 | cur_be32(c);
}

static inline uint16_t
cur_le16(struct cur *c)
{
	uint16_t v = cur_be16(c);
	return (uint16_t)(v >> 8 | v << 8);
}

static inline uint32_t
cur_le32(struct cur *c)
{
	if (!cur_need(c, 4))
		return 0;
	const uint8_t *b = c->p + c->pos;
	c->pos += 4;
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

/* Copies n bytes into dst (zeros when short). */
static inline void
cur_copy(struct cur *c, void *dst, size_t n)
{
	if (!cur_need(c, n)) {
		memset(dst, 0, n);
		return;
	}
	memcpy(dst, c->p + c->pos, n);
	c->pos += n;
}

/* Returns a pointer to n bytes and moves past them, or NULL (cursor bad) when short. */
static inline const uint8_t *
cur_take(struct cur *c, size_t n)
{
	if (!cur_need(c, n))
		return NULL;
	const uint8_t *b = c->p + c->pos;
	c->pos += n;
	return b;
}

static inline void
cur_skip(struct cur *c, size_t n)
{
	if (cur_need(c, n))
		c->pos += n;
}

/* A cursor over the next n bytes; the parent moves past them. When fewer than n are left
 * the parent goes bad and the sub-cursor covers what is there (and is not bad itself), so
 * a caller can still look at a truncated field after recording the event. */
static inline struct cur
cur_sub(struct cur *c, size_t n)
{
	size_t have = cur_left(c);
	struct cur s = cur_make(c->p + c->pos, have < n ? have : n, cur_off(c));
	if (have < n)
		c->bad = true;
	else
		c->pos += n;
	return s;
}

/* A cursor over everything left; the parent is left empty. */
static inline struct cur
cur_rest(struct cur *c)
{
	return cur_sub(c, cur_left(c));
}

/* Looks at byte i ahead without moving; 0 when not there (does not mark bad). */
static inline uint8_t
cur_peek(const struct cur *c, size_t i)
{
	if (c->bad || c->len - c->pos <= i)
		return 0;
	return c->p[c->pos + i];
}

#endif /* AWSTRACE_DECODE_CURSOR_H */
