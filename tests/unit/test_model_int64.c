/*
 * 64-bit integers through models, both ways: what a server sends is read
 * exactly (2^53 + 1, INT64_MAX, INT64_MIN) or refused with a message
 * naming the field, never rounded; what a client sends is written with
 * every digit, never as "1.6e+18".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "harness.h"
#include "json_parse.h"

typedef struct order {
    int64_t id;
    int64_t *fills;
    size_t n_fills;
} order;

static const apicc_field_desc order_fields[] = {
    {"id", APICC_F_INT, APICC_SHAPE_SINGLE, APICC_FIELD_REQUIRED,
     offsetof(order, id), APICC_NO_OFFSET, APICC_NO_OFFSET, APICC_NO_OFFSET,
     APICC_NO_OFFSET, NULL, NULL, NULL},
    {"fills", APICC_F_INT, APICC_SHAPE_ARRAY, APICC_FIELD_REQUIRED,
     offsetof(order, fills), APICC_NO_OFFSET, APICC_NO_OFFSET,
     offsetof(order, n_fills), APICC_NO_OFFSET, NULL, NULL, NULL},
};
static const apicc_model_desc order_desc = {"Order", sizeof(order),
                                            order_fields, 2, 0, NULL};

/* Parses `text` as the runtime parses responses, into an order. */
static order *read_order(const char *text, apicc_status *st, char *msg,
                         size_t cap)
{
    cJSON *j = apicc__json_parse_bounded(text, strlen(text));
    void *v = NULL;
    apicc_json_error err;
    err.message[0] = '\0';
    *st = apicc_model_from_json(&order_desc, j, &v, &err);
    snprintf(msg, cap, "%s", err.message);
    cJSON_Delete(j);
    return v;
}

static void reads_exactly(const char *digits, int64_t want)
{
    char text[128], msg[256];
    snprintf(text, sizeof text, "{\"id\":%s,\"fills\":[%s,1]}", digits,
             digits);
    apicc_status st;
    order *o = read_order(text, &st, msg, sizeof msg);
    if (st != APICC_OK || !o) {
        FAIL("%s: %s", digits, msg);
        return;
    }
    if (o->id != want || o->n_fills != 2 || o->fills[0] != want)
        FAIL("%s read as %" PRId64, digits, o->id);
    apicc_model_free(&order_desc, o);
}

TEST(integers_read_exactly)
{
    reads_exactly("9007199254740993", 9007199254740993LL); /* 2^53 + 1 */
    reads_exactly("-9007199254740993", -9007199254740993LL);
    reads_exactly("9223372036854775807", INT64_MAX);
    reads_exactly("-9223372036854775808", INT64_MIN);
    reads_exactly("1649729878532", 1649729878532LL);
    reads_exactly("0", 0);
}

static void refused(const char *json, const char *want)
{
    char msg[256];
    apicc_status st;
    order *o = read_order(json, &st, msg, sizeof msg);
    CHECK(o == NULL);
    CHECK_INT(st, APICC_ERR_RESPONSE);
    CHECK_STR(msg, want);
    apicc_model_free(&order_desc, o);
}

TEST(out_of_range_is_refused_naming_the_field)
{
    refused("{\"id\":9223372036854775808,\"fills\":[]}",
            "Order.id: integer 9223372036854775808 is outside int64 range");
    refused("{\"id\":1,\"fills\":[2,-9223372036854775809]}",
            "Order.fills[1]: integer -9223372036854775809 is outside int64 "
            "range");
    /* written with an exponent, beyond 2^53: no exact integer to take */
    refused("{\"id\":1e19,\"fills\":[]}",
            "Order.id: integer 1e+19 cannot be read exactly");
    refused("{\"id\":1.5,\"fills\":[]}", "Order.id: expected an integer, got 1.5");
}

/* A tree built by cJSON itself holds doubles only: past 2^53 the value
 * is refused rather than rounded. */
TEST(a_double_past_2_53_is_refused)
{
    cJSON *j = cJSON_Parse("{\"id\":9007199254740993,\"fills\":[]}");
    void *v = NULL;
    apicc_json_error err;
    CHECK_INT(apicc_model_from_json(&order_desc, j, &v, &err),
              APICC_ERR_RESPONSE);
    CHECK(strstr(err.message, "Order.id: integer") == err.message);
    CHECK(v == NULL);
    cJSON_Delete(j);
}

static void writes(int64_t id, const char *want)
{
    int64_t fills[1] = {id};
    order o = {id, fills, 1};
    cJSON *j = apicc_model_to_json(&order_desc, &o);
    char *text = cJSON_PrintUnformatted(j);
    CHECK_STR(text, want);
    free(text);
    cJSON_Delete(j);
}

TEST(integers_written_exactly)
{
    writes(1600000000000000000LL,
           "{\"id\":1600000000000000000,\"fills\":[1600000000000000000]}");
    writes(INT64_MAX,
           "{\"id\":9223372036854775807,\"fills\":[9223372036854775807]}");
    writes(INT64_MIN,
           "{\"id\":-9223372036854775808,\"fills\":[-9223372036854775808]}");
    writes(9007199254740993LL,
           "{\"id\":9007199254740993,\"fills\":[9007199254740993]}");
    writes(1000000000000000LL,
           "{\"id\":1000000000000000,\"fills\":[1000000000000000]}");
    writes(999999999999999LL,
           "{\"id\":999999999999999,\"fills\":[999999999999999]}");
    writes(-42, "{\"id\":-42,\"fills\":[-42]}");
}

int main(void)
{
    RUN(integers_read_exactly);
    RUN(out_of_range_is_refused_naming_the_field);
    RUN(a_double_past_2_53_is_refused);
    RUN(integers_written_exactly);
    return harness_report();
}
