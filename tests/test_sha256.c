/* SHA-256 of buffers and files, against the published test vectors of FIPS 180-2 (appendix B). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/sha256.h"
#include "helpers.h"

/* FIPS 180-2, appendix B.1, B.2 and B.3. */
#define ABC_DIGEST "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG448_DIGEST "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define MILLION_A_DIGEST "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
/* The empty message (NIST CAVS SHA256ShortMsg, Len = 0). */
#define EMPTY_DIGEST "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

Test(sha256, fips_180_2_one_block_message_abc)
{
	char hex[CO_SHA256_HEX];
	co_sha256_mem("abc", 3, hex);
	cr_assert_str_eq(hex, ABC_DIGEST);
}

Test(sha256, fips_180_2_two_block_448_bit_message)
{
	char hex[CO_SHA256_HEX];
	cr_assert_eq(strlen(MSG448), 56, "448 bits");
	co_sha256_mem(MSG448, strlen(MSG448), hex);
	cr_assert_str_eq(hex, MSG448_DIGEST);
}

Test(sha256, fips_180_2_one_million_a)
{
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	char hex[CO_SHA256_HEX];
	co_sha256_mem(a, 1000000, hex);
	cr_assert_str_eq(hex, MILLION_A_DIGEST);
	free(a);
}

Test(sha256, the_empty_message)
{
	char hex[CO_SHA256_HEX];
	co_sha256_mem("", 0, hex);
	cr_assert_str_eq(hex, EMPTY_DIGEST);
}

Test(sha256, a_file_streamed_and_copied_has_the_digest_of_its_bytes)
{
	/* One million 'a' on disk (more than any one read): the digest, the size, and a byte-identical copy. */
	const char *d = t_dir();
	char path[512], copy[512];
	snprintf(path, sizeof(path), "%s/million", d);
	snprintf(copy, sizeof(copy), "%s/copy", d);
	FILE *f = fopen(path, "wb");
	for (int i = 0; i < 1000000; i++)
		fputc('a', f);
	fclose(f);
	char hex[CO_SHA256_HEX];
	long long size = 0;
	cr_assert_eq(co_sha256_file(path, copy, hex, &size, NULL), 0);
	cr_assert_str_eq(hex, MILLION_A_DIGEST);
	cr_assert_eq(size, 1000000);
	char again[CO_SHA256_HEX];
	long long size2 = 0;
	cr_assert_eq(co_sha256_file(copy, NULL, again, &size2, NULL), 0);
	cr_assert_str_eq(again, MILLION_A_DIGEST, "the copy has the same bytes");
	cr_assert_eq(size2, 1000000);
}

Test(sha256, a_missing_file_is_an_io_error_naming_it)
{
	co_diags *d = co_diags_new();
	char hex[CO_SHA256_HEX];
	long long size = 0;
	cr_assert_eq(co_sha256_file("/nonexistent/calloff/bid.xml", NULL, hex, &size, d), CO_EIO);
	cr_assert_eq(co_diags_count(d), 1);
	const char *want = "/nonexistent/calloff/bid.xml:1:1: cannot open: ";
	cr_assert(strncmp(co_diags_at(d, 0), want, strlen(want)) == 0, "%s", co_diags_at(d, 0));
	co_diags_free(d);
}

Test(sha256, only_64_lowercase_hex_digits_are_a_valid_digest_name)
{
	cr_assert_eq(co_sha256_valid(ABC_DIGEST), 1);
	cr_assert_eq(co_sha256_valid("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"), 0, "uppercase");
	cr_assert_eq(co_sha256_valid("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a"), 0, "63 digits");
	cr_assert_eq(co_sha256_valid(ABC_DIGEST "0"), 0, "65 digits");
	cr_assert_eq(co_sha256_valid("../../../../../../../../../../../../../../../../../../../etc/passwd"), 0);
	cr_assert_eq(co_sha256_valid(""), 0);
}

Test(sha256, a_read_error_is_said_or_only_told_as_the_caller_asks)
{
	char hex[CO_SHA256_HEX];
	long long size = 0;
	int unreadable = 0, fd = open("/", O_RDONLY | O_DIRECTORY); /* read(2) of a folder: EISDIR */
	cr_assert_geq(fd, 0);
	co_diags *d = co_diags_new();
	cr_assert_eq(co_sha256_copy(fd, "/", -1, NULL, -1, hex, &size, &unreadable, d), CO_EIO);
	cr_assert_eq(unreadable, 1);
	cr_assert_eq(co_diags_count(d), 0, "told, not said: %s", t_diags_text(d));
	cr_assert_eq(co_sha256_fd(fd, "/", -1, NULL, -1, hex, &size, d), CO_EIO);
	cr_assert(t_diag_has(d, "/:1:1: read error"), "%s", t_diags_text(d));
	close(fd);
	co_diags_free(d);
}
