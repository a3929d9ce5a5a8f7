/* check.h — the unit-test harness: CHECK(cond, "what") counts and reports;
 * CHECK_STR compares strings; TEST_MAIN's program ends with the line
 * "N passed, N failed" that tests/run.sh adds up. Header-only. */
#ifndef SD_CHECK_H
#define SD_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond, ...) do {                                            \
    if (cond) { check_passed++; }                                         \
    else { check_failed++; printf("FAIL %s:%d: ", __FILE__, __LINE__);    \
           printf(__VA_ARGS__); printf("\n"); }                           \
} while (0)

#define CHECK_STR(got, want, ...) do {                                   \
    const char *g_ = (got), *w_ = (want);                                 \
    int ok_ = g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_;                  \
    CHECK(ok_, __VA_ARGS__);                                              \
    if (!ok_) printf("     got:  [%s]\n     want: [%s]\n",                \
                     g_ ? g_ : "(null)", w_ ? w_ : "(null)");             \
} while (0)

#define CHECK_REPORT() (printf("%d passed, %d failed\n", check_passed,     \
                               check_failed), check_failed ? 1 : 0)

#endif
