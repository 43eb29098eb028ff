/*
 * Status codes: every value of the X-macro table has a distinct,
 * non-empty name and message, and values outside the table still get
 * text.  Also the version the library reports.
 */
#include <stdio.h>
#include <string.h>

#include "apicc/status.h"
#include "apicc/version.h"
#include "harness.h"

TEST(every_status_has_name_and_message)
{
    for (int i = 0; i < APICC__STATUS_COUNT; i++) {
        const char *name = apicc_status_name((apicc_status)i);
        const char *msg = apicc_strerror((apicc_status)i);
        char label[64];
        snprintf(label, sizeof label, "status %d", i);
        harness_count(label, name && *name && msg && *msg,
                      "empty name or message");
        harness_count(label, name && strncmp(name, "APICC_", 6) == 0,
                      "name lacks the APICC_ prefix");
    }
}

TEST(names_and_messages_are_distinct)
{
    for (int i = 0; i < APICC__STATUS_COUNT; i++)
        for (int j = i + 1; j < APICC__STATUS_COUNT; j++) {
            if (strcmp(apicc_status_name((apicc_status)i),
                       apicc_status_name((apicc_status)j)) == 0)
                FAIL("statuses %d and %d share a name", i, j);
            if (strcmp(apicc_strerror((apicc_status)i),
                       apicc_strerror((apicc_status)j)) == 0)
                FAIL("statuses %d and %d share a message", i, j);
        }
}

TEST(known_values)
{
    CHECK_INT(APICC_OK, 0);
    CHECK_STR(apicc_status_name(APICC_OK), "APICC_OK");
    CHECK_STR(apicc_status_name(APICC_ERR_TIMEOUT), "APICC_ERR_TIMEOUT");
    CHECK_STR(apicc_strerror(APICC_ERR_TIMEOUT), "timed out");
    CHECK_STR(apicc_strerror(APICC_ERR_NOMEM), "out of memory");
}

TEST(out_of_range_values_get_text)
{
    CHECK(apicc_strerror(APICC__STATUS_COUNT) != NULL);
    CHECK(apicc_status_name(APICC__STATUS_COUNT) != NULL);
    CHECK(apicc_strerror((apicc_status)-1) != NULL);
    CHECK(apicc_status_name((apicc_status)12345) != NULL);
}

TEST(version_matches_header)
{
    CHECK_STR(apicc_version(), APICC_VERSION_STRING);
}

int main(void)
{
    RUN(every_status_has_name_and_message);
    RUN(names_and_messages_are_distinct);
    RUN(known_values);
    RUN(out_of_range_values_get_text);
    RUN(version_matches_header);
    return harness_report();
}
