/*
 * Signed payloads (runtime/src/sign_payload.c), the percent-encoder and
 * the number formatter (runtime/src/encode.c): every part kind, sorting,
 * skipped params, value formatting, and Binance's documented payloads
 * rebuilt from argument lists and signed (shared/provider-docs/FACTS.md
 * 1.8).
 */
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/sign.h"
#include "encode_internal.h"
#include "harness.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static apicc_arg str_arg(const char *name, const char *v)
{
    apicc_arg a = {.name = name, .in = APICC_IN_PARAM, .type = APICC_T_STRING,
                   .s = v};
    return a;
}

static apicc_arg int_arg(const char *name, int64_t v)
{
    apicc_arg a = {.name = name, .in = APICC_IN_PARAM, .type = APICC_T_INT,
                   .i = v};
    return a;
}

static apicc_arg num_arg(const char *name, double v)
{
    apicc_arg a = {.name = name, .in = APICC_IN_PARAM, .type = APICC_T_NUMBER,
                   .d = v};
    return a;
}

static apicc_arg bool_arg(const char *name, int v)
{
    apicc_arg a = {.name = name, .in = APICC_IN_PARAM, .type = APICC_T_BOOL,
                   .b = v};
    return a;
}

static const apicc_payload_part sorted_only[] = {{APICC_PART_SORTED_PARAMS,
                                                  NULL}};

/* A rule shaped like Binance's session.logon: sorted params, key and
 * timestamp as params, signature as a param. */
static apicc_sign_rule binance_rule(apicc_sign_alg alg, apicc_encoding enc)
{
    apicc_sign_rule r = {
        .algorithm = alg,
        .encoding = enc,
        .parts = sorted_only,
        .nparts = 1,
        .key_in = APICC_IN_PARAM,
        .key_name = "apiKey",
        .signature_in = APICC_IN_PARAM,
        .signature_name = "signature",
        .timestamp_in = APICC_IN_PARAM,
        .timestamp_name = "timestamp",
    };
    return r;
}

/* Builds the payload of `params` under `rule`; NULL (after a FAIL line)
 * on error. */
static char *build(const apicc_sign_rule *rule, const apicc_arg *params,
                   size_t n)
{
    apicc_sign_input in = {.params = params, .nparams = n};
    char *out = NULL;
    apicc_status st = apicc_sign_payload(rule, &in, &out);
    if (st != APICC_OK)
        FAIL("apicc_sign_payload: %s", apicc_status_name(st));
    return out;
}

/* ---- parts ------------------------------------------------------------- */

TEST(every_part_kind)
{
    static const apicc_payload_part parts[] = {
        {APICC_PART_METHOD, NULL},    {APICC_PART_LITERAL, "\n"},
        {APICC_PART_PATH, NULL},      {APICC_PART_LITERAL, "\n"},
        {APICC_PART_QUERY, NULL},     {APICC_PART_LITERAL, "\n"},
        {APICC_PART_BODY, NULL},      {APICC_PART_LITERAL, "\n"},
        {APICC_PART_TIMESTAMP, NULL}, {APICC_PART_LITERAL, "|"},
        {APICC_PART_SORTED_PARAMS, NULL},
    };
    apicc_sign_rule rule = {.algorithm = APICC_SIGN_HMAC_SHA256,
                            .encoding = APICC_ENC_HEX,
                            .parts = parts,
                            .nparts = N(parts)};
    apicc_arg params[] = {str_arg("b", "2"), int_arg("a", 1)};
    apicc_sign_input in = {.method = "POST",
                           .path = "/api/v3/order",
                           .query = "x=1&y=2",
                           .body = "{\"k\":true}",
                           .body_len = 10,
                           .params = params,
                           .nparams = N(params),
                           .timestamp = 1700000000123};
    char *out = NULL;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_OK);
    CHECK_STR(out, "POST\n/api/v3/order\nx=1&y=2\n{\"k\":true}\n"
                   "1700000000123|a=1&b=2");
    free(out);
}

TEST(no_implicit_separators)
{
    static const apicc_payload_part parts[] = {
        {APICC_PART_TIMESTAMP, NULL},
        {APICC_PART_METHOD, NULL},
        {APICC_PART_PATH, NULL},
        {APICC_PART_BODY, NULL},
    };
    apicc_sign_rule rule = {.parts = parts, .nparts = N(parts)};
    /* Only the first body_len bytes count. */
    apicc_sign_input in = {.method = "GET",
                           .path = "/v1/x",
                           .body = "abcdef",
                           .body_len = 3,
                           .timestamp = 42};
    char *out = NULL;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_OK);
    CHECK_STR(out, "42GET/v1/xabc");
    free(out);
}

TEST(absent_inputs_are_empty)
{
    static const apicc_payload_part parts[] = {
        {APICC_PART_METHOD, NULL}, {APICC_PART_LITERAL, "["},
        {APICC_PART_PATH, NULL},   {APICC_PART_QUERY, NULL},
        {APICC_PART_BODY, NULL},   {APICC_PART_SORTED_PARAMS, NULL},
        {APICC_PART_LITERAL, "]"}, {APICC_PART_LITERAL, ""},
    };
    apicc_sign_rule rule = {.parts = parts, .nparts = N(parts)};
    apicc_sign_input in = {0};
    char *out = NULL;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_OK);
    CHECK_STR(out, "[]");
    free(out);

    apicc_sign_rule none = {.parts = NULL, .nparts = 0};
    CHECK_INT(apicc_sign_payload(&none, &in, &out), APICC_OK);
    CHECK_STR(out, "");
    free(out);
}

TEST(timestamp_values)
{
    static const apicc_payload_part parts[] = {{APICC_PART_TIMESTAMP, NULL}};
    apicc_sign_rule rule = {.parts = parts, .nparts = 1};
    apicc_sign_input in = {.timestamp = 0};
    char *out = NULL;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_OK);
    CHECK_STR(out, "0");
    free(out);
    in.timestamp = 1649729878; /* seconds */
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_OK);
    CHECK_STR(out, "1649729878");
    free(out);
}

/* ---- sorted params ----------------------------------------------------- */

TEST(sorted_bytewise)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    /* Upper case sorts before lower case, '_' before letters, a prefix
     * before its extensions. */
    apicc_arg params[] = {str_arg("aa", "4"), str_arg("a_b", "3"),
                          str_arg("a", "2"), str_arg("B", "1"),
                          str_arg("\xc3\xa9", "5")};
    char *out = build(&rule, params, N(params));
    CHECK_STR(out, "B=1&a=2&a_b=3&aa=4&\xc3\xa9=5");
    free(out);
}

TEST(array_params_keep_order)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_arg params[] = {str_arg("symbols", "ZEC"), str_arg("b", "x"),
                          str_arg("symbols", "ADA"), int_arg("a", 1),
                          str_arg("symbols", "MKR"), str_arg("symbols", "ADA")};
    for (size_t i = 0; i < N(params); i++)
        params[i].array = strcmp(params[i].name, "symbols") == 0;
    char *out = build(&rule, params, N(params));
    CHECK_STR(out, "a=1&b=x&symbols=ZEC&symbols=ADA&symbols=MKR&symbols=ADA");
    free(out);
}

TEST(signature_param_skipped)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_arg params[] = {str_arg("signature", "old"), str_arg("z", "1"),
                          str_arg("signatures", "kept")};
    char *out = build(&rule, params, N(params));
    CHECK_STR(out, "signatures=kept&z=1");
    free(out);
    rule.signature_name = NULL; /* nothing to skip */
    out = build(&rule, params, N(params));
    CHECK_STR(out, "signature=old&signatures=kept&z=1");
    free(out);
}

TEST(header_cookie_path_params_left_out)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_arg params[] = {str_arg("X-MBX-APIKEY", "key"), str_arg("q", "1"),
                          str_arg("session", "c"), str_arg("id", "7"),
                          str_arg("n", "2")};
    params[0].in = APICC_IN_HEADER;
    params[1].in = APICC_IN_QUERY;
    params[2].in = APICC_IN_COOKIE;
    params[3].in = APICC_IN_PATH;
    params[4].in = APICC_IN_NONE;
    char *out = build(&rule, params, N(params));
    CHECK_STR(out, "n=2&q=1");
    free(out);
}

TEST(percent_encode_on_off)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_arg params[] = {str_arg("s", "a b&c=d/\xc3\xa9~-._+%"),
                          num_arg("n", 1e21), int_arg("i", -5),
                          bool_arg("t", 1)};
    char *out = build(&rule, params, N(params));
    CHECK_STR(out, "i=-5&n=1e+21&s=a b&c=d/\xc3\xa9~-._+%&t=true");
    free(out);
    rule.percent_encode = 1;
    out = build(&rule, params, N(params));
    CHECK_STR(out, "i=-5&n=1e%2B21&s=a%20b%26c%3Dd%2F%C3%A9~-._%2B%25&t=true");
    free(out);
}

TEST(value_types)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_arg params[] = {
        int_arg("a", INT64_MIN), int_arg("b", INT64_MAX), int_arg("c", 0),
        num_arg("d", 5000),      num_arg("e", 0.1),       num_arg("f", 6000.346),
        bool_arg("g", 0),        bool_arg("h", 7),        str_arg("i", ""),
        num_arg("j", -0.0),
    };
    char *out = build(&rule, params, N(params));
    CHECK_STR(out, "a=-9223372036854775808&b=9223372036854775807&c=0&d=5000"
                   "&e=0.1&f=6000.346&g=false&h=true&i=&j=0");
    free(out);
}

/* ---- errors ------------------------------------------------------------ */

TEST(invalid_inputs)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_sign_input in = {0};
    char *out = (char *)"untouched";
    CHECK_INT(apicc_sign_payload(NULL, &in, &out), APICC_ERR_INVALID_ARG);
    CHECK(out == NULL);
    CHECK_INT(apicc_sign_payload(&rule, NULL, &out), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_sign_payload(&rule, &in, NULL), APICC_ERR_INVALID_ARG);

    apicc_arg nul = str_arg("s", NULL);
    in.params = &nul;
    in.nparams = 1;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_ERR_INVALID_ARG);
    CHECK(out == NULL);
    apicc_arg nan_ = num_arg("n", NAN), inf = num_arg("n", INFINITY);
    in.params = &nan_;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_ERR_INVALID_ARG);
    in.params = &inf;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_ERR_INVALID_ARG);
    apicc_arg noname = str_arg(NULL, "x");
    in.params = &noname;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_ERR_INVALID_ARG);
    apicc_arg badtype = str_arg("x", "x");
    badtype.type = (apicc_value_type)0;
    in.params = &badtype;
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_ERR_INVALID_ARG);
    in.params = NULL; /* nparams 1 with no array */
    CHECK_INT(apicc_sign_payload(&rule, &in, &out), APICC_ERR_INVALID_ARG);

    static const apicc_payload_part lit[] = {{APICC_PART_LITERAL, NULL}};
    apicc_sign_rule r2 = {.parts = lit, .nparts = 1};
    apicc_sign_input empty = {0};
    CHECK_INT(apicc_sign_payload(&r2, &empty, &out), APICC_ERR_INVALID_ARG);
    static const apicc_payload_part body[] = {{APICC_PART_BODY, NULL}};
    apicc_sign_rule r3 = {.parts = body, .nparts = 1};
    apicc_sign_input nobody = {.body = NULL, .body_len = 3};
    CHECK_INT(apicc_sign_payload(&r3, &nobody, &out), APICC_ERR_INVALID_ARG);
    static const apicc_payload_part bad[] = {{(apicc_part_kind)0, NULL}};
    apicc_sign_rule r4 = {.parts = bad, .nparts = 1};
    CHECK_INT(apicc_sign_payload(&r4, &empty, &out), APICC_ERR_INVALID_ARG);
    apicc_sign_rule r5 = {.parts = NULL, .nparts = 2};
    CHECK_INT(apicc_sign_payload(&r5, &empty, &out), APICC_ERR_INVALID_ARG);
    CHECK(out == NULL);
}

/* ---- number formatting ------------------------------------------------- */

typedef struct num_case {
    double d;
    const char *want;
} num_case;

static const num_case numbers[] = {
    {5000, "5000"},
    {0.1, "0.1"},
    {6000.346, "6000.346"},
    {-0.0001, "-0.0001"},
    {1.5, "1.5"},
    {100, "100"},
    {-42, "-42"},
    {0.30000000000000004, "0.30000000000000004"},
    {1.0 / 3, "0.3333333333333333"},
    {52000.00, "52000"},
    {0.000001, "0.000001"},
    {1e-7, "1e-7"},
    {1.5e-7, "1.5e-7"},
    {123456789012345680000.0, "123456789012345680000"},
    {1e21, "1e+21"},
    {1.2345e22, "1.2345e+22"},
    {9007199254740993.0, "9007199254740992"},
    {5e-324, "5e-324"},
    {1.7976931348623157e308, "1.7976931348623157e+308"},
    {0, "0"},
    {-0.0, "0"},
};

static void run_numbers(void)
{
    for (size_t i = 0; i < N(numbers); i++) {
        char buf[APICC__NUMBER_MAX], name[64], why[96];
        size_t n = apicc__format_number(numbers[i].d, buf);
        snprintf(name, sizeof name, "number_%s", numbers[i].want);
        snprintf(why, sizeof why, "got \"%s\" (%zu), want \"%s\"", buf, n,
                 numbers[i].want);
        harness_count(name,
                      strcmp(buf, numbers[i].want) == 0 && n == strlen(buf) &&
                          strtod(buf, NULL) == numbers[i].d,
                      why);
    }
    char buf[APICC__NUMBER_MAX];
    harness_count("number_nan", apicc__format_number(NAN, buf) == 0 &&
                                    buf[0] == '\0', buf);
    harness_count("number_inf", apicc__format_number(-INFINITY, buf) == 0,
                  buf);
}

/* With a locale whose decimal point is ',' the text still uses '.'.  Such
 * a locale is not installed everywhere; then the case is skipped. */
TEST(number_locale_independent)
{
    static const char *names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                  "fr_FR.utf8", "de_DE", "ru_RU.UTF-8"};
    const char *got = NULL;
    for (size_t i = 0; i < N(names) && !got; i++)
        got = setlocale(LC_NUMERIC, names[i]);
    if (!got) {
        printf("SKIP number_locale_independent: no locale with a ',' "
               "decimal point is installed\n");
        return;
    }
    char buf[APICC__NUMBER_MAX];
    apicc__format_number(6000.346, buf);
    CHECK_STR(buf, "6000.346");
    apicc__format_number(1.5e-7, buf);
    CHECK_STR(buf, "1.5e-7");
    setlocale(LC_NUMERIC, "C");
}

/* ---- percent-encoder --------------------------------------------------- */

TEST(percent_encoder)
{
    char *s = apicc__percent_encode("", 0);
    CHECK_STR(s, "");
    free(s);
    static const char unreserved[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    s = apicc__percent_encode(unreserved, strlen(unreserved));
    CHECK_STR(s, unreserved);
    free(s);
    s = apicc__percent_encode(" !\"#$%&'()*+,/:;=?@[]", 21);
    CHECK_STR(s, "%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40"
                 "%5B%5D");
    free(s);
    s = apicc__percent_encode("\x00\xff\n", 3); /* bytes, not C strings */
    CHECK_STR(s, "%00%FF%0A");
    free(s);
    CHECK_INT(apicc__percent_encode_to(NULL, "a b", 3), 5);
    char buf[8] = "xxxxxxx";
    CHECK_INT(apicc__percent_encode_to(buf, "a/", 2), 4);
    CHECK(memcmp(buf, "a%2Fxxx", 7) == 0); /* no NUL written */
}

/* ---- Binance vectors (FACTS.md 1.8) ------------------------------------ */

#define BN_SECRET "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
#define BN_KEY "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"

static void check_signed(const apicc_sign_rule *rule, const apicc_arg *params,
                         size_t n, const char *want_payload,
                         const char *want_sig, const char *pem)
{
    char *payload = build(rule, params, n);
    CHECK_STR(payload, want_payload);
    apicc_sign_key *k = NULL;
    apicc_status st = pem ? apicc_sign_key_pem(pem, strlen(pem), &k)
                          : apicc_sign_key_hmac(BN_SECRET, strlen(BN_SECRET),
                                                &k);
    CHECK_INT(st, APICC_OK);
    char *sig = NULL;
    if (payload && k)
        CHECK_INT(apicc_sign(rule->algorithm, rule->encoding, k, payload,
                             strlen(payload), &sig),
                  APICC_OK);
    CHECK_STR(sig, want_sig);
    free(sig);
    free(payload);
    apicc_sign_key_free(k);
}

TEST(binance_h1_from_args)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    /* In the order a caller might pass them, with the signature param of
     * a previous attempt still present. */
    apicc_arg params[] = {
        str_arg("symbol", "BTCUSDT"),    str_arg("side", "SELL"),
        str_arg("type", "LIMIT"),        str_arg("timeInForce", "GTC"),
        str_arg("quantity", "0.01000000"), str_arg("price", "52000.00"),
        int_arg("recvWindow", 100),      str_arg("signature", "stale"),
        str_arg("apiKey", BN_KEY),       int_arg("timestamp", 1645423376532),
    };
    check_signed(&rule, params, N(params),
                 "apiKey=" BN_KEY "&price=52000.00&quantity=0.01000000"
                 "&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC"
                 "&timestamp=1645423376532&type=LIMIT",
                 "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2"
                 "db24",
                 NULL);
}

TEST(binance_h2_from_args_utf8)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    /* recvWindow as a number: 5000.0 is written "5000". */
    apicc_arg params[] = {
        str_arg("apiKey", BN_KEY),       num_arg("recvWindow", 5000.0),
        str_arg("symbol", "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
                          "\xef\xbc\x95\xef\xbc\x96"),
        str_arg("side", "BUY"),          str_arg("type", "LIMIT"),
        str_arg("timeInForce", "GTC"),   str_arg("quantity", "1.00000000"),
        str_arg("price", "0.10000000"),  int_arg("timestamp", 1645423376532),
    };
    check_signed(&rule, params, N(params),
                 "apiKey=" BN_KEY "&price=0.10000000&quantity=1.00000000"
                 "&recvWindow=5000&side=BUY&symbol=\xef\xbc\x91\xef\xbc\x92"
                 "\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96"
                 "&timeInForce=GTC&timestamp=1645423376532&type=LIMIT",
                 "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae07"
                 "52cd",
                 NULL);
}

TEST(binance_h3_session_logon)
{
    apicc_sign_rule rule = binance_rule(APICC_SIGN_HMAC_SHA256, APICC_ENC_HEX);
    apicc_arg params[] = {int_arg("timestamp", 1649729878532),
                          str_arg("apiKey", BN_KEY)};
    check_signed(&rule, params, N(params),
                 "apiKey=" BN_KEY "&timestamp=1649729878532",
                 "1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee0"
                 "66ed",
                 NULL);
}

TEST(binance_h3_ed25519)
{
    static const char pem[] =
        "-----BEGIN PRIVATE KEY-----\n"
        "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u\n"
        "-----END PRIVATE KEY-----\n";
    apicc_sign_rule rule = binance_rule(APICC_SIGN_ED25519, APICC_ENC_BASE64);
    apicc_arg params[] = {str_arg("apiKey", BN_KEY),
                          int_arg("timestamp", 1649729878532),
                          str_arg("signature", "")};
    check_signed(&rule, params, N(params),
                 "apiKey=" BN_KEY "&timestamp=1649729878532",
                 "PdyZthZkWH6iRM43rd8+UBP8CPxkW5TJq6Wxsjy8vl5St2O54RDvgGcqRWsk"
                 "W7xWLdftHLxCKA0PDzjLt26eDg==",
                 pem);
}

int main(void)
{
    RUN(every_part_kind);
    RUN(no_implicit_separators);
    RUN(absent_inputs_are_empty);
    RUN(timestamp_values);
    RUN(sorted_bytewise);
    RUN(array_params_keep_order);
    RUN(signature_param_skipped);
    RUN(header_cookie_path_params_left_out);
    RUN(percent_encode_on_off);
    RUN(value_types);
    RUN(invalid_inputs);
    run_numbers();
    RUN(number_locale_independent);
    RUN(percent_encoder);
    RUN(binance_h1_from_args);
    RUN(binance_h2_from_args_utf8);
    RUN(binance_h3_session_logon);
    RUN(binance_h3_ed25519);
    return harness_report();
}
