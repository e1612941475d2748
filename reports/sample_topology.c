/* sample_topology.c - finds or unpacks the bundled sample topology (embedded.h). */
#include "reports/embedded.h"

#include <stdbool.h>

#include <glib/gstdio.h>

#include "model/model.h"

static char *
on_disk(void)
{
	g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
	if (exe) {
		char *dir = g_path_get_dirname(exe);
		for (int up = 0; up < 4; up++) {
			char *cand = g_build_filename(dir, SAMPLE_TOPOLOGY, NULL);
			if (g_file_test(cand, G_FILE_TEST_IS_DIR)) {
				g_free(dir);
				return cand;
			}
			g_free(cand);
			char *parent = g_path_get_dirname(dir);
			g_free(dir);
			dir = parent;
		}
		g_free(dir);
	}
	if (g_file_test(SAMPLE_TOPOLOGY, G_FILE_TEST_IS_DIR))
		return g_strdup(SAMPLE_TOPOLOGY);
	return NULL;
}

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

/* The loader reads a directory, so the built-in copy is written to a private temporary
 * one, loaded and removed: 30-odd small files, once per run. */
static struct model *
from_embedded(GError **error)
{
	char *tmp = g_dir_make_tmp("awstrace-topology.XXXXXX", error);
	if (!tmp)
		return NULL;
	struct model *m = NULL;
	for (size_t i = 0; i < sample_topology_nfiles; i++) {
		const struct embedded_file *f = &sample_topology_files[i];
		char *path = g_build_filename(tmp, f->path, NULL);
		char *dir = g_path_get_dirname(path);
		bool ok = g_mkdir_with_parents(dir, 0700) == 0 &&
			g_file_set_contents(path, (const char *)f->data, (gssize)f->len, error);
		if (!ok && error && !*error)
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot create", dir);
		g_free(dir);
		g_free(path);
		if (!ok)
			goto out;
	}
	m = model_load(tmp, error);
out:
	rm_tree(tmp);
	g_free(tmp);
	return m;
}

struct model *
sample_topology_load(char **name, GError **error)
{
	char *dir = on_disk();
	if (dir) {
		*name = dir;
		return model_load(dir, error);
	}
	*name = g_strdup("built-in " SAMPLE_TOPOLOGY);
	return from_embedded(error);
}

struct model *
cmd_topology_load(char **dirs, unsigned flags, char **name, GError **error)
{
	if (!dirs || !dirs[0]) {
		struct model *m = sample_topology_load(name, error);
		if (m && (flags & MODEL_LOAD_STRICT) && m->warnings->len) {
			const struct model_warning *w = g_ptr_array_index(m->warnings, 0);
			g_set_error(error, MODEL_ERROR, MODEL_ERROR_WARNING,
				"%s: %s: %s (warning 1 of %u, strict)", w->file, w->path, w->what,
				m->warnings->len);
			model_free(m);
			return NULL;
		}
		return m;
	}
	*name = g_strjoinv(", ", dirs);
	return model_load_dirs((const char *const *)dirs, g_strv_length(dirs), flags, error);
}
