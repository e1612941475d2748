/* json.c - JSON string escaping (RFC 8259 §7 and §8.1); see json.h. */
#include "model/json.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p[0..left), or 0: no overlongs, no surrogates, nothing
 * past U+10FFFF (RFC 3629 §4). */
static size_t
utf8_len(const uint8_t *p, size_t left)
{
	uint8_t ch = p[0];
	size_t need = ch >= 0xF0 && ch <= 0xF4   ? 4
		      : ch >= 0xE0 && ch <= 0xEF ? 3
		      : ch >= 0xC2 && ch < 0xE0  ? 2
						 : 0;
	if (!need || need > left)
		return 0;
	for (size_t k = 1; k < need; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	if (need == 3) {
		uint32_t cp =
			(uint32_t)(ch & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
	} else if (need == 4) {
		uint32_t cp = (uint32_t)(ch & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
			      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		if (cp < 0x10000 || cp > 0x10FFFF)
			return 0;
	}
	return need;
}

void
model_json_escape(const char *s, size_t n, model_json_put_fn *put, void *ctx)
{
	static const char hexd[] = "0123456789abcdef";
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;
	while (i < n) {
		uint8_t ch = p[i];
		if (ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\') {
			size_t j = i + 1;
			while (j < n && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\')
				j++;
			put(ctx, s + i, j - i);
			i = j;
			continue;
		}
		if (ch < 0x80) {
			char esc[6] = { '\\', 0, 0, 0, 0, 0 };
			size_t len = 2;
			switch (ch) {
			case '"':
				esc[1] = '"';
				break;
			case '\\':
				esc[1] = '\\';
				break;
			case '\n':
				esc[1] = 'n';
				break;
			case '\r':
				esc[1] = 'r';
				break;
			case '\t':
				esc[1] = 't';
				break;
			default:
				esc[1] = 'u';
				esc[2] = '0';
				esc[3] = '0';
				esc[4] = hexd[ch >> 4];
				esc[5] = hexd[ch & 0xF];
				len = 6;
				break;
			}
			put(ctx, esc, len);
			i++;
			continue;
		}
		size_t k = utf8_len(p + i, n - i);
		if (k) {
			put(ctx, s + i, k);
			i += k;
		} else {
			put(ctx, "\xEF\xBF\xBD", 3);
			i++;
		}
	}
}

static void
gstring_put(void *ctx, const char *p, size_t n)
{
	g_string_append_len(ctx, p, (gssize)n);
}

void
model_json_gstring(GString *s, const char *v)
{
	if (!v) {
		g_string_append(s, "null");
		return;
	}
	g_string_append_c(s, '"');
	model_json_escape(v, strlen(v), gstring_put, s);
	g_string_append_c(s, '"');
}
