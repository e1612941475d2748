/* test_writer.c - the pcap writer (capture/writer.c): files written to a temporary
 * directory and read back through cap_open()/cap_next(), plain and gzip, rotated by size
 * and by time, a ring that deletes old files, and a writer killed before closing. */
#include <stdarg.h> /* cmocka 1.1 wants these four first */
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "capture/capture.h"
#include "capture/writer.h"

#define LINKTYPE_ETHERNET 1

struct fx {
	char *dir;
	uint8_t data[2048];
};

static int
setup(void **state)
{
	struct fx *f = g_new0(struct fx, 1);

	f->dir = g_dir_make_tmp("test_writer.XXXXXX", NULL);
	assert_non_null(f->dir);
	for (size_t i = 0; i < sizeof(f->data); i++)
		f->data[i] = (uint8_t)(i * 7 + 3);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	GDir *d = g_dir_open(f->dir, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(f->dir, name, NULL);

		g_unlink(p);
		g_free(p);
	}
	if (d)
		g_dir_close(d);
	g_rmdir(f->dir);
	g_free(f->dir);
	g_free(f);
	return 0;
}

/* Packet i: caplen bytes of data starting at offset i, on the wire len + 4, at second
 * sec0 + i and i * 1001 microseconds. */
static struct cap_pkt
pkt(const struct fx *f, unsigned i, uint32_t caplen, int64_t sec)
{
	struct cap_pkt p = {
		.data = f->data + i,
		.caplen = caplen,
		.len = caplen + 4,
		.sec = sec,
		.nsec = i * 1001000u,
		.prec = 6,
		.linktype = LINKTYPE_ETHERNET,
	};
	return p;
}

/* Reads path and checks it holds packets first .. first+n-1 as pkt() made them. */
static void
expect_file(const struct fx *f, const char *path, unsigned first, unsigned n, uint32_t caplen,
	bool nano)
{
	GError *err = NULL;
	struct cap_reader *r = cap_open(path, &err);
	struct cap_pkt p;
	unsigned got = 0;
	int rc;

	assert_non_null(r);
	assert_int_equal(cap_linktype(r), LINKTYPE_ETHERNET);
	while ((rc = cap_next(r, &p, &err)) == 1) {
		unsigned i = first + got++;

		assert_int_equal(p.caplen, caplen);
		assert_int_equal(p.len, caplen + 4);
		assert_memory_equal(p.data, f->data + i, caplen);
		assert_int_equal(p.nsec, i * 1001000u);
		assert_int_equal(p.prec, nano ? 9 : 6);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(got, n);
	cap_close(r);
}

static char *
path_in(const struct fx *f, const char *name)
{
	return g_build_filename(f->dir, name, NULL);
}

static void
write_n(struct cap_writer *w, const struct fx *f, unsigned n, uint32_t caplen)
{
	for (unsigned i = 0; i < n; i++) {
		struct cap_pkt p = pkt(f, i, caplen, 1700000000 + i);

		assert_true(cap_writer_write(w, &p, NULL));
	}
}

static void
test_writer_plain_reads_back(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "plain.pcap");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET, .snaplen = 65535 };
	struct cap_writer *w = cap_writer_open(out, &o, NULL);

	assert_non_null(w);
	write_n(w, f, 100, 60);
	assert_int_equal(cap_writer_packets(w), 100);
	assert_int_equal(cap_writer_files(w), 1);
	assert_true(cap_writer_close(w, NULL));
	expect_file(f, out, 0, 100, 60, false);
	g_free(out);
}

static void
test_writer_nano_keeps_nanoseconds(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "nano.pcap");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET, .nano = true };
	struct cap_writer *w = cap_writer_open(out, &o, NULL);

	assert_non_null(w);
	write_n(w, f, 10, 20);
	assert_true(cap_writer_close(w, NULL));
	expect_file(f, out, 0, 10, 20, true);
	g_free(out);
}

static void
test_writer_empty_capture_is_a_valid_file(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "empty.pcap.gz");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET };

	assert_true(cap_writer_close(cap_writer_open(out, &o, NULL), NULL));
	expect_file(f, out, 0, 0, 0, false);
	g_free(out);
}

static void
test_writer_gzip_reads_back(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "z.pcap.gz");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET };
	struct cap_writer *w = cap_writer_open(out, &o, NULL);

	assert_non_null(w);
	write_n(w, f, 500, 300);
	assert_true(cap_writer_close(w, NULL));

	struct cap_reader *r = cap_open(out, NULL);

	assert_non_null(r);
	assert_true(cap_gzipped(r));
	cap_close(r);
	expect_file(f, out, 0, 500, 300, false);
	g_free(out);
}

/* header 24 + 8 records of 16 + 100 = 952 fit under 1000; the ninth would not */
static void
test_writer_rotates_by_size(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "size.pcap");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET, .rotate_bytes = 1000 };
	struct cap_writer *w = cap_writer_open(out, &o, NULL);

	assert_non_null(w);
	write_n(w, f, 20, 100);
	assert_int_equal(cap_writer_files(w), 3);
	assert_true(cap_writer_close(w, NULL));
	for (unsigned i = 0; i < 3; i++) {
		char *name = cap_writer_file_name(out, i);
		GStatBuf st;

		assert_int_equal(g_stat(name, &st), 0);
		assert_true(st.st_size <= 1000);
		expect_file(f, name, i * 8, i < 2 ? 8 : 4, 100, false);
		g_free(name);
	}
	char *fourth = cap_writer_file_name(out, 3);

	assert_false(g_file_test(fourth, G_FILE_TEST_EXISTS));
	g_free(fourth);
	g_free(out);
}

/* seconds 0..9 every 3 s: [0,1,2] [3,4,5] [6,7,8] [9] */
static void
test_writer_rotates_by_packet_time(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "time.pcap.gz");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET, .rotate_seconds = 3 };
	struct cap_writer *w = cap_writer_open(out, &o, NULL);

	assert_non_null(w);
	write_n(w, f, 10, 40);
	assert_int_equal(cap_writer_files(w), 4);
	assert_true(cap_writer_close(w, NULL));
	for (unsigned i = 0; i < 4; i++) {
		char *name = cap_writer_file_name(out, i);

		assert_true(g_str_has_suffix(name, ".gz"));
		expect_file(f, name, i * 3, i < 3 ? 3 : 1, 40, false);
		g_free(name);
	}
	g_free(out);
}

/* 40 packets of 116 bytes, 8 per file: files 0..4; a ring of 2 keeps 3 and 4 */
static void
test_writer_ring_keeps_last_files(void **state)
{
	struct fx *f = *state;
	char *out = path_in(f, "ring.pcap");
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET,
		.rotate_bytes = 1000,
		.ring = 2 };
	struct cap_writer *w = cap_writer_open(out, &o, NULL);

	assert_non_null(w);
	write_n(w, f, 40, 100);
	assert_int_equal(cap_writer_files(w), 5);
	assert_true(cap_writer_close(w, NULL));
	for (unsigned i = 0; i < 5; i++) {
		char *name = cap_writer_file_name(out, i);

		assert_int_equal(g_file_test(name, G_FILE_TEST_EXISTS), i >= 3);
		if (i >= 3)
			expect_file(f, name, i * 8, 8, 100, false);
		g_free(name);
	}
	g_free(out);
}

static void
test_writer_file_names(void **state)
{
	(void)state;
	char *a = cap_writer_file_name("x.pcap", 0);
	char *b = cap_writer_file_name("x.pcap", 12);
	char *c = cap_writer_file_name("dir/x.pcap.gz", 3);

	assert_string_equal(a, "x.pcap");
	assert_string_equal(b, "x.pcap.12");
	assert_string_equal(c, "dir/x.pcap.3.gz");
	g_free(a);
	g_free(b);
	g_free(c);
}

static void
test_writer_stdout_cannot_rotate(void **state)
{
	(void)state;
	struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET, .rotate_bytes = 1000 };
	GError *err = NULL;

	assert_null(cap_writer_open("-", &o, &err));
	assert_non_null(err);
	g_error_free(err);
}

/* A child writes 30 packets, flushes, writes 5 more that are never flushed and is killed
 * without closing: the file still reads back with the first 30 intact. */
static void
killed_writer_leaves_prefix(struct fx *f, const char *name)
{
	char *out = path_in(f, name);
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct cap_writer_opts o = { .linktype = LINKTYPE_ETHERNET,
			.flush_ms = 3600000 };
		struct cap_writer *w = cap_writer_open(out, &o, NULL);

		if (w == NULL)
			_exit(3);
		for (unsigned i = 0; i < 35; i++) {
			struct cap_pkt p = pkt(f, i, 200, 1700000000);

			if (!cap_writer_write(w, &p, NULL))
				_exit(4);
			if (i == 29 && !cap_writer_flush(w, NULL))
				_exit(5);
		}
		raise(SIGKILL);
		_exit(6);
	}
	int status = 0;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	GError *err = NULL;
	struct cap_reader *r = cap_open(out, &err);
	struct cap_pkt p;
	unsigned got = 0;
	int rc;

	assert_non_null(r);
	while ((rc = cap_next(r, &p, &err)) == 1) {
		assert_int_equal(p.caplen, 200);
		assert_memory_equal(p.data, f->data + got, 200);
		got++;
	}
	/* the unflushed five are lost, nothing before them; a gzip file lacks its end */
	assert_int_equal(got, 30);
	if (rc < 0)
		g_error_free(err);
	cap_close(r);
	g_free(out);
}

static void
test_writer_killed_plain_reads_to_last_flush(void **state)
{
	killed_writer_leaves_prefix(*state, "killed.pcap");
}

static void
test_writer_killed_gzip_reads_to_last_flush(void **state)
{
	killed_writer_leaves_prefix(*state, "killed.pcap.gz");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writer_plain_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_nano_keeps_nanoseconds, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_writer_empty_capture_is_a_valid_file, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_writer_gzip_reads_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_rotates_by_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_rotates_by_packet_time, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_writer_ring_keeps_last_files, setup,
			teardown),
		cmocka_unit_test(test_writer_file_names),
		cmocka_unit_test(test_writer_stdout_cannot_rotate),
		cmocka_unit_test_setup_teardown(test_writer_killed_plain_reads_to_last_flush,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_killed_gzip_reads_to_last_flush,
			setup, teardown),
	};
	return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
