/* phs.c - protocol hierarchy statistics.
 *
 * A tree of layer paths kept in one array; each node finds a child by protocol through a
 * direct-index array, so counting a packet is one load per layer. The tree's size is
 * bounded by the distinct paths the capture holds; past PHS_MAX_NODES (a crafted capture)
 * the rest of a path is counted at the deepest node that fits, and a counter says so.
 */
#include "reports/phs.h"

#include <glib.h>

#define PHS_MAX_NODES 4096

struct phs_node {
	uint16_t proto;
	int32_t first_child, next_sibling, last_child;
	int32_t child[DEC_P_COUNT];
	uint64_t frames, bytes;
};

struct phs {
	GArray *nodes; /* of struct phs_node; [0] is the root */
	uint64_t frames, bytes, with_events, cut_paths;
};

static int32_t
node_new(struct phs *h, int32_t parent, uint16_t proto)
{
	struct phs_node n;
	memset(&n, 0, sizeof(n));
	n.proto = proto;
	n.first_child = n.next_sibling = n.last_child = -1;
	for (unsigned k = 0; k < DEC_P_COUNT; k++)
		n.child[k] = -1;
	g_array_append_val(h->nodes, n);
	int32_t id = (int32_t)h->nodes->len - 1;
	if (parent >= 0) {
		struct phs_node *p = &g_array_index(h->nodes, struct phs_node, parent);
		p->child[proto] = id;
		if (p->last_child < 0)
			p->first_child = id;
		else
			g_array_index(h->nodes, struct phs_node, p->last_child).next_sibling = id;
		p->last_child = id;
	}
	return id;
}

struct phs *
phs_new(void)
{
	struct phs *h = g_new0(struct phs, 1);
	h->nodes = g_array_sized_new(FALSE, FALSE, sizeof(struct phs_node), 64);
	node_new(h, -1, DEC_P_NONE);
	return h;
}

void
phs_add(struct phs *h, const struct dec *d, uint32_t len)
{
	h->frames++;
	h->bytes += len;
	if (d->nerrors)
		h->with_events++;
	int32_t at = 0;
	for (unsigned i = 0; i < d->nlayers; i++) {
		uint16_t proto = d->layers[i].proto;
		struct phs_node *n = &g_array_index(h->nodes, struct phs_node, at);
		int32_t next = n->child[proto];
		if (next < 0) {
			if (h->nodes->len >= PHS_MAX_NODES) {
				h->cut_paths++;
				break;
			}
			next = node_new(h, at, proto);
		}
		at = next;
		n = &g_array_index(h->nodes, struct phs_node, at);
		n->frames++;
		n->bytes += len;
	}
}

static void
write_node(const struct phs *h, struct out *o, int32_t id, unsigned depth)
{
	for (int32_t c = g_array_index(h->nodes, struct phs_node, id).first_child; c >= 0;
		c = g_array_index(h->nodes, struct phs_node, c).next_sibling) {
		const struct phs_node *n = &g_array_index(h->nodes, struct phs_node, c);
		size_t at = o->n;
		for (unsigned k = 0; k < depth; k++)
			out_str(o, "  ");
		out_str(o, dec_proto_name(n->proto));
		/* pad the name column to 41 characters, as tshark does */
		size_t w = o->n - at;
		for (; w < 41; w++)
			out_ch(o, ' ');
		out_str(o, "frames:");
		out_u64(o, n->frames);
		out_str(o, " bytes:");
		out_u64(o, n->bytes);
		out_ch(o, '\n');
		write_node(h, o, c, depth + 1);
	}
}

void
phs_write(const struct phs *h, struct out *o, const char *filter)
{
	out_str(o, "===================================================================\n");
	out_str(o, "Protocol Hierarchy Statistics\n");
	out_str(o, "Filter: ");
	out_str(o, filter ? filter : "");
	out_str(o, "\n\n");
	write_node(h, o, 0, 0);
	out_str(o, "===================================================================\n");
	out_str(o, "frames:");
	out_u64(o, h->frames);
	out_str(o, " bytes:");
	out_u64(o, h->bytes);
	out_str(o, " frames with decode errors:");
	out_u64(o, h->with_events);
	out_ch(o, '\n');
	if (h->cut_paths) {
		out_str(o, "paths cut short (more than 4096 distinct layer paths): ");
		out_u64(o, h->cut_paths);
		out_ch(o, '\n');
	}
}

void
phs_free(struct phs *h)
{
	if (!h)
		return;
	g_array_free(h->nodes, TRUE);
	g_free(h);
}
