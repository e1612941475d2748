/* load.h - inside the loader: the state every per-service loader (load_*.c) shares and the
 * JSON helpers of load.c. Not part of the model's public face (model.h).
 *
 * Every helper that reads a member sets *out, and on bad input sets ld->error to "FILE:
 * $.Json.Path.Key: what" and returns false; the caller stops. A reference to an id no
 * snapshot holds is for the caller to turn into a warning (ld_warn) or an error.
 */
#ifndef AWSTRACE_MODEL_LOAD_H
#define AWSTRACE_MODEL_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "model/model.h"

struct ld {
	struct model *m;
	GPtrArray *dirs;       /* char *: the snapshot directories, in the order given */
	const char *file;      /* the file being read, as named in messages */
	GString *path;         /* JSON path of the current element: "$.RouteTables[3]" */
	GPtrArray *keep;       /* JsonParser * kept alive while their arrays are read */
	GPtrArray *keep_ptrs;  /* GPtrArray * of struct src, freed at the end */
	GPtrArray *keep_arrs;  /* GArray * of struct src, freed at the end */
	GPtrArray *names;      /* char * file names of the sources */
	const struct model_snapshot *snapshot; /* of the element being read, or NULL */
	GError **error;
};

/* Where element i of a merged array came from: its file (with the page when the file holds
 * several) and its index there. */
struct origin {
	const char *file;
	guint idx;
	guint dir; /* index in ld->dirs (and m->snapshots) */
};

/* A top-level array of one snapshot file, read from every directory and every page (JSON
 * document) of each: elems is NULL when no directory has the file. */
struct src {
	const char *file;      /* the first file found (or the name looked for) */
	const char *key;
	GPtrArray *elems;      /* JsonNode *: the elements, not owned (the parsers own them) */
	GArray *origins;       /* struct origin, one per element */
	GPtrArray *roots;      /* JsonObject *: every document's root object */
	GPtrArray *root_files; /* const char *: the file (and page) of each root */
};

/* ---- messages and paths (load.c) ----------------------------------------------------- */

G_GNUC_PRINTF(4, 5)
bool ld_fail(struct ld *ld, int code, const char *key, const char *fmt, ...);
G_GNUC_PRINTF(3, 4)
void ld_warn(struct ld *ld, const char *key, const char *fmt, ...);
size_t ld_push_idx(struct ld *ld, const char *key, guint i);
size_t ld_push_key(struct ld *ld, const char *key);
void ld_pop(struct ld *ld, size_t mark);
guint ld_src_len(const struct src *s);
JsonNode * ld_member(JsonObject *o, const char *key);
const char * ld_node_type(JsonNode *n);
bool ld_is_value(JsonNode *n, GType t);
bool ld_str(struct ld *ld, JsonObject *o, const char *key, bool required, const char **out);
bool ld_strdup(struct ld *ld, JsonObject *o, const char *key, char **out);
bool ld_int(struct ld *ld, JsonObject *o, const char *key, gint64 dflt, gint64 *out);
bool ld_double(struct ld *ld, JsonObject *o, const char *key, double *out);
bool ld_bool(struct ld *ld, JsonObject *o, const char *key, bool dflt, bool *out);
bool ld_asn(struct ld *ld, JsonObject *o, const char *key, uint32_t *out);
bool ld_arr(struct ld *ld, JsonObject *o, const char *key, JsonArray **out);
bool ld_obj(struct ld *ld, JsonObject *o, const char *key, JsonObject **out);
guint ld_alen(JsonArray *a);
bool ld_elem_obj(struct ld *ld, JsonArray *a, guint i, JsonObject **out);
bool ld_elem_str(struct ld *ld, JsonArray *a, guint i, const char **out);
bool ld_prefix(struct ld *ld, JsonObject *o, const char *key, bool required, struct model_prefix *p);
bool ld_ifaddr(struct ld *ld, JsonObject *o, const char *key, struct model_ifaddr *ia);
bool ld_addr(struct ld *ld, JsonObject *o, const char *key, bool required, struct model_addr *a);
bool ld_prefix_list(struct ld *ld, JsonObject *o, const char *arrkey, const char *key,
	GArray *v4, GArray *v6);
GArray * ld_prefixes_new(void);
bool ld_name_tag(struct ld *ld, JsonObject *o, char **out);
void * ld_obj_new(struct ld *ld, enum model_kind kind, size_t size, JsonObject *o, const char *key);
bool ld_ref_id(struct ld *ld, const char *key, enum model_kind kind, const char *id, void **out);
bool ld_ref(struct ld *ld, JsonObject *o, const char *key, enum model_kind kind, bool required,
	void **out);
bool ld_ref_strings(struct ld *ld, JsonObject *o, const char *key, enum model_kind kind, GPtrArray *refs);
bool ld_ref_objects(struct ld *ld, JsonObject *o, const char *key, const char *idkey,
	enum model_kind kind, GPtrArray *refs);
void ld_add_unique(GPtrArray *a, gpointer p);
bool ld_src_open(struct ld *ld, const char *rel, const char *key, struct src *s);
bool ld_src_elem(struct ld *ld, const struct src *s, guint i, JsonObject **out);

const char *ld_file_of(struct ld *ld, const char *rel);
void *ld_obj_new_side(
	struct ld *ld, enum model_kind kind, size_t size, JsonObject *o, const char *key);
G_GNUC_PRINTF(5, 6)
void *ld_stub(
	struct ld *ld, enum model_kind kind, const char *id, const char *key, const char *fmt, ...);

/* "transit gateway", "Direct Connect connection"… for messages */
extern const char *const ld_kind_words[MODEL_N_KINDS];

/* ---- the steps, in the order load.c runs them ---------------------------------------- */

bool ld_load_prefix_lists(struct ld *ld);
bool ld_load_vpcs(struct ld *ld);
bool ld_load_subnets(struct ld *ld);
bool ld_load_igws(struct ld *ld, bool eigw);
bool ld_load_vgws(struct ld *ld);
bool ld_load_cgws(struct ld *ld);
bool ld_load_sgs(struct ld *ld);
bool ld_load_nacls(struct ld *ld);
bool ld_load_tgws(struct ld *ld);
bool ld_load_tgw_rtbs(struct ld *ld);
bool ld_load_pcxs(struct ld *ld);
bool ld_load_dx(struct ld *ld);
bool ld_load_dxgw_assocs(struct ld *ld);
bool ld_load_vpns(struct ld *ld);
bool ld_load_tgw_attachments(struct ld *ld);
bool ld_load_tgw_connect_peers(struct ld *ld);
bool ld_load_enis(struct ld *ld);
bool ld_load_natgws(struct ld *ld);
bool ld_load_rtb_shells(struct ld *ld, struct src *s);
bool ld_load_vpces(struct ld *ld);
bool ld_load_elbv2(struct ld *ld);
bool ld_load_rtb_routes(struct ld *ld, const struct src *s);
bool ld_load_tgw_tables(struct ld *ld);
bool ld_load_awstrace(struct ld *ld);

#endif /* AWSTRACE_MODEL_LOAD_H */
