/* verbose.c - decode -v and -vv: below each packet's line, what the layers' JSON objects
 * hold (reports/layer_*.c write them), so the text shows every field JSON has under the
 * same names, and a field added to JSON appears here without a second renderer.
 *
 * -v: one line per layer whose one-line summary leaves fields out (IKE proposals and
 * transforms, DNS flags and EDNS, BGP attributes, GENEVE option bodies, MACsec, TCP
 * options): "  layer: key=value ...", nested values as compact JSON.
 * -vv: every layer, one line per field, indented per layer and per nesting level, as
 * tshark -V prints its tree (without the byte offsets and bit diagrams).
 */
#include "reports/verbose.h"

#include <json-glib/json-glib.h>

static void write_scalar(struct out *o, JsonNode *n);

static bool
verbose_v1_layer(unsigned proto)
{
	switch (proto) {
	case DEC_P_TCP:
	case DEC_P_IKE:
	case DEC_P_DNS:
	case DEC_P_BGP:
	case DEC_P_GENEVE:
	case DEC_P_MACSEC:
		return true;
	default:
		return false;
	}
}

static void
indent(struct out *o, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		out_str(o, "  ");
}

/* A scalar as text: strings without quotes, the rest as JSON has it; SPIs in 0x hex as
 * the one-line text prints them (JSON keeps ESP's a number, IKE's 16 hex digits). */
static void
write_scalar_key(struct out *o, const char *key, JsonNode *n)
{
	bool spi = key && (!strcmp(key, "spi") || !strcmp(key, "ispi") || !strcmp(key, "rspi"));
	if (spi && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64) {
		out_printf(o, "0x%08" G_GINT64_MODIFIER "x", (guint64)json_node_get_int(n));
		return;
	}
	if (spi && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING &&
		*json_node_get_string(n))
		out_str(o, "0x");
	write_scalar(o, n);
}

static void
write_scalar(struct out *o, JsonNode *n)
{
	if (JSON_NODE_HOLDS_NULL(n)) {
		out_str(o, "null");
		return;
	}
	if (json_node_get_value_type(n) == G_TYPE_STRING) {
		out_str(o, json_node_get_string(n));
		return;
	}
	g_autofree char *s = json_to_string(n, FALSE);
	out_str(o, s);
}

static bool
is_scalar_array(JsonArray *a)
{
	for (guint k = 0; k < json_array_get_length(a); k++)
		if (!JSON_NODE_HOLDS_VALUE(json_array_get_element(a, k)) &&
			!JSON_NODE_HOLDS_NULL(json_array_get_element(a, k)))
			return false;
	return true;
}

static void write_tree(struct out *o, JsonNode *n, unsigned depth);

/* -vv: "key: value" per line; objects and arrays of objects open a level */
static void
write_member(struct out *o, const char *key, JsonNode *v, unsigned depth)
{
	indent(o, depth);
	out_str(o, key);
	out_ch(o, ':');
	if (JSON_NODE_HOLDS_ARRAY(v) && is_scalar_array(json_node_get_array(v))) {
		JsonArray *a = json_node_get_array(v);
		out_str(o, " [");
		for (guint k = 0; k < json_array_get_length(a); k++) {
			if (k)
				out_str(o, ", ");
			write_scalar(o, json_array_get_element(a, k));
		}
		out_str(o, "]\n");
	} else if (JSON_NODE_HOLDS_OBJECT(v) || JSON_NODE_HOLDS_ARRAY(v)) {
		out_ch(o, '\n');
		write_tree(o, v, depth + 1);
	} else {
		bool empty = JSON_NODE_HOLDS_VALUE(v) && json_node_get_value_type(v) == G_TYPE_STRING &&
			!*json_node_get_string(v);
		if (!empty)
			out_ch(o, ' ');
		write_scalar_key(o, key, v);
		out_ch(o, '\n');
	}
}

static void
write_tree(struct out *o, JsonNode *n, unsigned depth)
{
	if (JSON_NODE_HOLDS_OBJECT(n)) {
		JsonObject *obj = json_node_get_object(n);
		g_autoptr(GList) members = json_object_get_members(obj); /* insertion order */
		for (GList *m = members; m; m = m->next)
			write_member(o, m->data, json_object_get_member(obj, m->data), depth);
	} else if (JSON_NODE_HOLDS_ARRAY(n)) {
		JsonArray *a = json_node_get_array(n);
		for (guint k = 0; k < json_array_get_length(a); k++) {
			char key[16];
			g_snprintf(key, sizeof(key), "[%u]", k);
			write_member(o, key, json_array_get_element(a, k), depth);
		}
	}
}

/* -v: key=value ... on one line; nested values compact JSON */
static void
write_flat(struct out *o, JsonObject *obj)
{
	g_autoptr(GList) members = json_object_get_members(obj);
	bool first = true;
	for (GList *m = members; m; m = m->next) {
		if (!strcmp(m->data, "p") || !strcmp(m->data, "tunnel"))
			continue;
		JsonNode *v = json_object_get_member(obj, m->data);
		if (!first)
			out_ch(o, ' ');
		first = false;
		out_str(o, m->data);
		out_ch(o, '=');
		if (JSON_NODE_HOLDS_OBJECT(v) || JSON_NODE_HOLDS_ARRAY(v)) {
			g_autofree char *s = json_to_string(v, FALSE);
			out_str(o, s);
		} else {
			write_scalar_key(o, m->data, v);
		}
	}
}

void
report_verbose_packet(struct out *o, struct out *scratch, const struct dec *d, int level)
{
	for (unsigned i = 0; i < d->nlayers; i++) {
		const struct dec_layer *l = &d->layers[i];
		const struct report_layer_ops *ops = &report_layer_ops[l->proto];
		if (level < 2 && !verbose_v1_layer(l->proto))
			continue;
		if (!ops->json || (l->truncated && !ops->partial))
			continue;
		/* the layer's JSON object, as report_json_packet() writes it */
		scratch->n = 0;
		out_str(scratch, "{\"p\":\"");
		out_str(scratch, dec_proto_name(l->proto));
		out_ch(scratch, '"');
		ops->json(scratch, d, i);
		out_ch(scratch, '}');
		if (scratch->broken)
			continue; /* over OUT_BUF_SIZE: the JSON output still has it */
		g_autoptr(JsonParser) jp = json_parser_new();
		if (!json_parser_load_from_data(jp, scratch->buf, (gssize)scratch->n, NULL))
			continue;
		JsonNode *root = json_parser_get_root(jp);
		if (!root || !JSON_NODE_HOLDS_OBJECT(root))
			continue;
		indent(o, 1 + l->tunnel);
		/* --color: the layer name dimmed, as on the packet line above */
		if (report_color)
			out_str(o, REPORT_SGR_DIM);
		out_str(o, dec_proto_name(l->proto));
		if (report_color)
			out_str(o, REPORT_SGR_OFF);
		if (level < 2) {
			out_str(o, ": ");
			write_flat(o, json_node_get_object(root));
			out_ch(o, '\n');
			continue;
		}
		out_str(o, l->tunnel ? " (tunnel level " : "\n");
		if (l->tunnel) {
			out_u64(o, l->tunnel);
			out_str(o, ")\n");
		}
		JsonObject *obj = json_node_get_object(root);
		json_object_remove_member(obj, "p");
		json_object_remove_member(obj, "tunnel");
		write_tree(o, root, 2 + l->tunnel);
	}
}
