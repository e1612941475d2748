/* test_cursor.c - the bounds-checked cursor: reads, stickiness, sub-cursors, offsets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "decode/cursor.h"
#include "tests/unit/testlib.h"

#include <stdlib.h>

static const uint8_t bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 };

static void
test_cursor_reads_big_endian(void **state)
{
	(void)state;
	uint8_t *p = test_dup(bytes, sizeof(bytes));
	struct cur c = cur_make(p, sizeof(bytes), 100);
	assert_int_equal(cur_u8(&c), 0x01);
	assert_int_equal(cur_be16(&c), 0x0203);
	assert_int_equal(cur_be24(&c), 0x040506);
	assert_int_equal(cur_off(&c), 106);
	assert_int_equal(cur_left(&c), 3);
	assert_false(c.bad);
	free(p);
}

static void
test_cursor_short_read_is_sticky(void **state)
{
	(void)state;
	uint8_t *p = test_dup(bytes, 3);
	struct cur c = cur_make(p, 3, 0);
	assert_int_equal(cur_be16(&c), 0x0102);
	assert_int_equal(cur_be32(&c), 0); /* only one byte left */
	assert_true(c.bad);
	/* every later read is a no-op returning zero, even one that would fit */
	assert_int_equal(cur_u8(&c), 0);
	assert_int_equal(cur_left(&c), 0);
	assert_null(cur_take(&c, 0 + 1));
	free(p);
}

static void
test_cursor_sub_stays_inside(void **state)
{
	(void)state;
	uint8_t *p = test_dup(bytes, sizeof(bytes));
	struct cur c = cur_make(p, sizeof(bytes), 10);
	cur_skip(&c, 2);
	struct cur s = cur_sub(&c, 3);
	assert_false(c.bad);
	assert_int_equal(cur_off(&s), 12);
	assert_int_equal(cur_be24(&s), 0x030405);
	assert_int_equal(cur_u8(&s), 0); /* past the sub-cursor's end */
	assert_true(s.bad);
	assert_false(c.bad); /* the parent is not touched */
	assert_int_equal(cur_u8(&c), 0x06);
	free(p);
}

static void
test_cursor_sub_longer_than_parent(void **state)
{
	(void)state;
	uint8_t *p = test_dup(bytes, 4);
	struct cur c = cur_make(p, 4, 0);
	cur_skip(&c, 1);
	struct cur s = cur_sub(&c, 10);
	assert_true(c.bad);           /* the parent learns the field was cut */
	assert_int_equal(s.len, 3);   /* the sub-cursor sees what is there */
	assert_int_equal(cur_be24(&s), 0x020304);
	free(p);
}

static void
test_cursor_le_and_64(void **state)
{
	(void)state;
	uint8_t *p = test_dup(bytes, sizeof(bytes));
	struct cur c = cur_make(p, sizeof(bytes), 0);
	assert_int_equal(cur_le32(&c), 0x04030201);
	cur_make(p, 0, 0);
	struct cur c2 = cur_make(p, sizeof(bytes), 0);
	assert_true(cur_be64(&c2) == 0x0102030405060708ULL);
	assert_int_equal(cur_peek(&c2, 0), 0x09);
	assert_int_equal(cur_peek(&c2, 1), 0); /* beyond: zero, not bad */
	assert_false(c2.bad);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_reads_big_endian),
		cmocka_unit_test(test_cursor_short_read_is_sticky),
		cmocka_unit_test(test_cursor_sub_stays_inside),
		cmocka_unit_test(test_cursor_sub_longer_than_parent),
		cmocka_unit_test(test_cursor_le_and_64),
	};
	return cmocka_run_group_tests_name("cursor", tests, NULL, NULL);
}
