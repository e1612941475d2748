/* replay_main.c - runs a fuzz target's LLVMFuzzerTestOneInput once on every file named or
 * found in the directories named, without libFuzzer, so `make test` replays the corpora
 * under gcc with ASan+UBSan (Knot DNS's tests-fuzz does the same).
 *
 *   replay_<target> NAME DIR|FILE...   prints "fuzz-replay: NAME: N inputs ok"
 *
 * A crash is the sanitizers' report and a non-zero exit; before each input its path goes
 * to stderr only when REPLAY_VERBOSE is set, so a failure can be found by rerunning.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool verbose;

/* Runs the target on one file; false when it cannot be read. */
static bool
run_file(const char *path)
{
	gchar *buf = NULL;
	gsize n = 0;
	GError *err = NULL;
	if (!g_file_get_contents(path, &buf, &n, &err)) {
		fprintf(stderr, "fuzz-replay: %s\n", err->message);
		g_error_free(err);
		return false;
	}
	if (verbose)
		fprintf(stderr, "fuzz-replay: %s (%zu bytes)\n", path, (size_t)n);
	/* exactly n bytes, so an overread is past the allocation */
	uint8_t *copy = g_memdup2(buf, n);
	g_free(buf);
	LLVMFuzzerTestOneInput(copy, n);
	g_free(copy);
	return true;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file in dir, in name order; adds them to *count. */
static bool
run_dir(const char *dir, unsigned *count)
{
	DIR *dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "fuzz-replay: %s: %s\n", dir, strerror(errno));
		return false;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	struct dirent *de;
	while ((de = readdir(dp)) != NULL)
		if (de->d_name[0] != '.')
			g_ptr_array_add(names, g_build_filename(dir, de->d_name, NULL));
	closedir(dp);
	qsort(names->pdata, names->len, sizeof(gpointer), cmp_str);
	bool ok = true;
	for (guint i = 0; i < names->len; i++) {
		const char *path = g_ptr_array_index(names, i);
		struct stat sb;
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (!run_file(path))
			ok = false;
		else
			(*count)++;
	}
	g_ptr_array_free(names, TRUE);
	return ok;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME DIR|FILE...\n", argv[0]);
		return 2;
	}
	verbose = getenv("REPLAY_VERBOSE") != NULL;
	unsigned count = 0;
	bool ok = true;
	for (int i = 2; i < argc; i++) {
		struct stat sb;
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "fuzz-replay: %s: %s\n", argv[i], strerror(errno));
			ok = false;
		} else if (S_ISDIR(sb.st_mode)) {
			ok = run_dir(argv[i], &count) && ok;
		} else if (run_file(argv[i])) {
			count++;
		} else {
			ok = false;
		}
	}
	if (!ok)
		return 1;
	printf("fuzz-replay: %s: %u inputs ok\n", argv[1], count);
	return 0;
}
