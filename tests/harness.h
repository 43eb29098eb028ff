/*
 * A tiny test harness shared by every test program.
 *
 * Each check prints one line only when it fails; every test program ends
 * with the line "N passed, N failed, N skipped" that tests/run.sh adds up.
 * The exit status is 0 when nothing failed.  A case is skipped, never
 * failed, only when the data it needs lives outside the repository (the
 * shared folder beside it) and is not there: harness_skip says why.
 *
 *     TEST(encodes_space) { CHECK_STR(enc("a b"), "a%20b"); }
 *     int main(void) { RUN(encodes_space); return harness_report(); }
 */
#ifndef APICC_TESTS_HARNESS_H
#define APICC_TESTS_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed;
static int harness_failed;
static int harness_skipped;
static int harness_case_failed;
static const char *harness_case_name = "";

#define TEST(name) static void test_##name(void)

#define RUN(name)                                                              \
    do {                                                                       \
        harness_case_failed = 0;                                               \
        harness_case_name = #name;                                             \
        test_##name();                                                         \
        if (harness_case_failed)                                               \
            harness_failed++;                                                  \
        else                                                                   \
            harness_passed++;                                                  \
    } while (0)

/* Records a failure of the current case with a printf-style reason. */
#define FAIL(...)                                                              \
    do {                                                                       \
        harness_case_failed = 1;                                               \
        fprintf(stdout, "FAIL %s (%s:%d): ", harness_case_name, __FILE__,      \
                __LINE__);                                                     \
        fprintf(stdout, __VA_ARGS__);                                          \
        fputc('\n', stdout);                                                   \
    } while (0)

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond))                                                           \
            FAIL("%s", #cond);                                                 \
    } while (0)

#define CHECK_INT(got, want)                                                   \
    do {                                                                       \
        long long g_ = (long long)(got), w_ = (long long)(want);               \
        if (g_ != w_)                                                          \
            FAIL("%s = %lld, want %lld", #got, g_, w_);                        \
    } while (0)

#define CHECK_STR(got, want)                                                   \
    do {                                                                       \
        const char *g_ = (got), *w_ = (want);                                  \
        if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0)         \
            FAIL("%s = \"%s\", want \"%s\"", #got, g_ ? g_ : "(null)",         \
                 w_ ? w_ : "(null)");                                          \
    } while (0)

/* Counts a case decided outside the RUN/TEST shape (table-driven tests). */
static inline void harness_count(const char *name, int ok, const char *why)
{
    if (ok) {
        harness_passed++;
    } else {
        harness_failed++;
        fprintf(stdout, "FAIL %s: %s\n", name, why ? why : "");
    }
}

/* Counts a case that cannot run here, with the reason on a SKIP line. */
static inline void harness_skip(const char *name, const char *why)
{
    harness_skipped++;
    fprintf(stdout, "SKIP %s: %s\n", name, why);
}

static inline int harness_report(void)
{
    fprintf(stdout, "%d passed, %d failed, %d skipped\n", harness_passed,
            harness_failed, harness_skipped);
    fflush(stdout);
    return harness_failed ? 1 : 0;
}

#endif
