/* argv.c - getopt's habits for GOption: attached values ("-c2"), grouped letters ("-nr
 * FILE") and tcpdump's -r, rewritten in one place before any command parses (cmd_parse()).
 * GOption by itself reads "-c2" as "-c" with the next argument as its value, and rejects a
 * group that holds a letter taking a value. POSIX's Utility Syntax Guidelines 5 and 6
 * (XBD §12.2) say what users expect: letters without values may be grouped, and a value
 * may follow its letter in the same argument.
 */
#include "reports/argv.h"

#include <stdbool.h>
#include <string.h>

#include <glib.h>

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A letter's value: "-r FILE" is the operand FILE, any other letter keeps "-X" before it. */
static void
push_value(GPtrArray *out, char letter, const char *value)
{
	if (letter != 'r')
		g_ptr_array_add(out, g_strdup_printf("-%c", letter));
	g_ptr_array_add(out, g_strdup(value));
}

char **
cmd_argv_normalise(int argc, char *const *argv, const char *with_value, int *out_argc)
{
	GPtrArray *out = g_ptr_array_new();
	int i = 0;

	if (argc > 0)
		g_ptr_array_add(out, g_strdup(argv[i++]));
	for (; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			for (; i < argc; i++)
				g_ptr_array_add(out, g_strdup(argv[i]));
			break;
		}
		if (a[0] != '-' || a[1] == '-' || !is_letter(a[1])) {
			g_ptr_array_add(out, g_strdup(a));
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			if (!strchr(with_value, *p) || !is_letter(*p)) {
				g_ptr_array_add(out, g_strdup_printf("-%c", *p));
				continue;
			}
			if (p[1]) {
				push_value(out, *p, p + 1);
			} else if (i + 1 < argc) {
				push_value(out, *p, argv[++i]);
			} else {
				/* no value: GOption says "Missing argument for -c" */
				g_ptr_array_add(out, g_strdup_printf("-%c", *p));
			}
			break;
		}
	}
	*out_argc = (int)out->len;
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}
