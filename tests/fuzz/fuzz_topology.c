/* fuzz_topology.c - libFuzzer target over the topology loader (model/load*.c): the JSON
 * layer (pages, the depth bound before json-glib, member types, JSON paths), every
 * per-service loader, stubs, warnings and the merging of duplicates.
 *
 * The input is a snapshot directory packed as files separated by NUL bytes, each file its
 * relative name, a newline, then its content:
 *     describe-vpcs.json\n{"Vpcs": [...]}\0describe-subnets.json\n{...}\0...
 * A name is kept to [a-z0-9./-], no "..", at most two levels; others are skipped. The files
 * are written under a private temporary directory (twice: DIR/a and DIR/b for the odd
 * inputs, so two snapshots merge), loaded with model_load_dirs() strict and not, and the
 * model checked: every object's id is non-NULL and found by it, a stub has `missing`, a
 * warning names a file and a path. A failed check aborts (a crash for libFuzzer).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *root;

static void
rm_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;
	while (d && (n = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, n, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
			rm_tree(p);
		else
			g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(dir);
}

static bool
name_ok(const char *n, size_t len)
{
	unsigned slashes = 0;
	if (!len || len > 120 || n[0] == '/' || n[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = n[i];
		if (c == '/')
			slashes++;
		else if (!g_ascii_islower(c) && !g_ascii_isdigit(c) && c != '.' && c != '-')
			return false;
	}
	return slashes <= 1 && !g_strstr_len(n, (gssize)len, "..") && n[len - 1] != '/';
}

static void
write_files(const char *dir, const uint8_t *data, size_t size)
{
	size_t at = 0;
	for (unsigned files = 0; at < size && files < 64; files++) {
		const uint8_t *chunk = data + at;
		const uint8_t *nul = memchr(chunk, 0, size - at);
		size_t len = nul ? (size_t)(nul - chunk) : size - at;
		at += len + 1;
		const uint8_t *nl = memchr(chunk, '\n', len);
		if (!nl || !name_ok((const char *)chunk, (size_t)(nl - chunk)))
			continue;
		char *name = g_strndup((const char *)chunk, (gsize)(nl - chunk));
		char *path = g_build_filename(dir, name, NULL);
		char *parent = g_path_get_dirname(path);
		if (g_mkdir_with_parents(parent, 0700) == 0 &&
			!g_file_test(path, G_FILE_TEST_IS_DIR))
			g_file_set_contents(path, (const char *)nl + 1,
				(gssize)(len - (size_t)(nl + 1 - chunk)), NULL);
		g_free(parent);
		g_free(path);
		g_free(name);
	}
}

static void
check_model(const struct model *m)
{
	for (unsigned k = 0; k < MODEL_N_KINDS; k++)
		for (guint i = 0; i < MODEL_COUNT(m, k); i++) {
			const struct model_obj *o = g_ptr_array_index(m->objs[k], i);
			if (!o->id || model_find(m, k, o->id) != o || o->idx != i ||
				(o->stub && !o->missing))
				abort();
		}
	for (guint i = 0; i < m->warnings->len; i++) {
		const struct model_warning *w = g_ptr_array_index(m->warnings, i);
		if (!w->file || !w->path || w->path[0] != '$' || !w->what || !*w->what)
			abort();
	}
	if (m->dirs->len != m->snapshots->len)
		abort();
}

static void
cleanup(void)
{
	rm_tree(root);
	g_free(root);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root) {
		if (!(root = g_dir_make_tmp("fuzz_topology.XXXXXX", NULL)))
			abort();
		atexit(cleanup);
	}
	char *a = g_build_filename(root, "a", NULL);
	char *b = g_build_filename(root, "b", NULL);
	g_mkdir_with_parents(a, 0700);
	write_files(a, data, size);
	bool two = size & 1;
	if (two) {
		g_mkdir_with_parents(b, 0700);
		write_files(b, data, size);
	}
	const char *const dirs[] = { a, b };
	for (unsigned strict = 0; strict < 2; strict++) {
		GError *err = NULL;
		struct model *m =
			model_load_dirs(dirs, two ? 2 : 1, strict ? MODEL_LOAD_STRICT : 0, &err);
		if (m) {
			check_model(m);
			model_free(m);
		} else if (!err || !err->message || err->domain != MODEL_ERROR) {
			abort();
		}
		g_clear_error(&err);
	}
	rm_tree(a);
	rm_tree(b);
	g_free(a);
	g_free(b);
	return 0;
}
