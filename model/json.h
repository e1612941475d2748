/* json.h - the JSON string escaper shared by the model's explanations (model/explain.c) and
 * the renderers' buffered writer (reports/out.c): RFC 8259 §7 escapes, and §8.1's rule that
 * text be UTF-8, so a byte that does not start a valid sequence becomes U+FFFD and the
 * output stays valid JSON whatever a packet or a snapshot held. It lives in model/, the
 * lowest module that needs it (STYLE.md §1): reports/ may include it, model/ may not
 * include reports/.
 */
#ifndef AWSTRACE_MODEL_JSON_H
#define AWSTRACE_MODEL_JSON_H

#include <stddef.h>

#include <glib.h>

/* Receives one run of escaped output (not NUL-terminated). */
typedef void model_json_put_fn(void *ctx, const char *p, size_t n);

/* Writes the n bytes of s, escaped, as the inside of a JSON string (no quotes) through put:
 * runs of plain ASCII in one call each, an escape or a checked UTF-8 sequence in one call.
 * Allocates nothing. */
void model_json_escape(const char *s, size_t n, model_json_put_fn *put, void *ctx);

/* Appends v to s as a JSON string (quoted, escaped), or null when v is NULL: an id from a
 * snapshot is the user's text and may hold anything. */
void model_json_gstring(GString *s, const char *v);

#endif /* AWSTRACE_MODEL_JSON_H */
