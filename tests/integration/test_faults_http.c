/*
 * The HTTP fault catalogue: every way a server or the network can fail a
 * call, met through a generated client (Koyeb's login: a POST with a JSON
 * body and a JSON response), each checked for the exact status, HTTP
 * status and message the caller gets, and that a failed call hands out
 * nothing.  Each case prints one line
 *   FAULT <name> | <status> | <HTTP status> | <message> | <transport text>
 * which docs/reliability.md lists (tests/integration/test_reliability_doc.sh
 * keeps the two in step).  Nothing may crash or leak (ASan, valgrind).
 */
#include <stdlib.h>
#include <string.h>

#include "koyeb/koyeb.h"
#include "provider_test.h"
#include "support/peak_rss.h"
#include "quatrix/quatrix.h"

static test_server plain;
static char certs[256];

/* The message with every ":<port>" of a 127.0.0.1 address made ":PORT",
 * so the catalogue does not change from run to run. */
static void print_fault(const char *name, const apicc_error *e)
{
    char msg[512];
    const char *m = e->message;
    size_t o = 0;
    while (*m && o + 8 < sizeof msg) {
        if (strncmp(m, "127.0.0.1:", 10) == 0) {
            memcpy(msg + o, "127.0.0.1:PORT", 14);
            o += 14;
            m += 10;
            while (*m >= '0' && *m <= '9')
                m++;
            continue;
        }
        msg[o++] = *m++;
    }
    msg[o] = '\0';
    printf("FAULT %s | %s | %ld | %s | %s\n", name,
           apicc_status_name(e->status), e->http_status, msg,
           e->transport_message ? e->transport_message : "-");
}

/* Calls koyeb_login against `base` and checks the outcome: the status,
 * the HTTP status and the exact message. */
static void expect(const char *name, const char *base, const char *ca,
                   apicc_status want, long http, const char *message)
{
    apicc_client *c = koyeb_client_new(base);
    apicc_client_set_timeout_ms(c, 1500);
    apicc_client_set_connect_timeout_ms(c, 1500);
    apicc_client_set_max_response_bytes(c, 1 << 20);
    if (ca)
        apicc_client_set_ca_file(c, ca);
    koyeb_login_request body = {.email = "a@b.c"};
    koyeb_login_reply *out = NULL;
    apicc_status st = koyeb_login(c, NULL, &body, &out);
    const apicc_error *e = apicc_client_error(c);
    if (st != want)
        FAIL("%s: %s, want %s (%s)", name, apicc_status_name(st),
             apicc_status_name(want), e->message);
    if (e->http_status != http)
        FAIL("%s: HTTP %ld, want %ld", name, e->http_status, http);
    if (strcmp(e->message, message) != 0)
        FAIL("%s: message \"%s\", want \"%s\"", name, e->message, message);
    if (out != NULL)
        FAIL("%s: a failed call handed out a result", name);
    print_fault(name, e);
    koyeb_login_reply_free(out);
    apicc_client_free(c);
}

static void url_of(char *buf, size_t cap, const char *scheme, int port,
                   const char *fault)
{
    snprintf(buf, cap, "%s://127.0.0.1:%d/%s", scheme, port, fault);
}

TEST(connection_refused)
{
    test_server gone = {0};
    char *argv[] = {(char *)test_python(), NULL, NULL};
    char script[512];
    snprintf(script, sizeof script, "%s/fault_server.py", test_servers_dir());
    argv[1] = script;
    CHECK(test_server_start(&gone, argv, 15000) == 0);
    char base[128];
    url_of(base, sizeof base, "http", gone.port, "ok");
    test_server_stop(&gone);
    expect("http.connection_refused", base, NULL, APICC_ERR_TRANSPORT, 0,
           "login: connection failed");
}

TEST(dns_failure)
{
    expect("http.dns_failure", "http://no-such-host.invalid/ok", NULL,
           APICC_ERR_RESOLVE, 0, "login: cannot resolve host name");
}

TEST(server_never_answers)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "hang");
    expect("http.never_answers", base, NULL, APICC_ERR_TIMEOUT, 0,
           "login: timed out");
}

TEST(closes_mid_body)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "close-mid-body");
    expect("http.closes_mid_body", base, NULL, APICC_ERR_TRANSPORT, 0,
           "login: connection failed");
}

TEST(invalid_json)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "invalid-json");
    expect("http.invalid_json", base, NULL, APICC_ERR_RESPONSE, 200,
           "login: HTTP 200 with a body that is not JSON");
}

TEST(wrong_shape)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "string-body");
    expect("http.string_for_object", base, NULL, APICC_ERR_RESPONSE, 200,
           "login: expected a JSON object in the response, got a string");
}

TEST(missing_required_fields)
{
    /* Quatrix's ErrorModel requires code and msg */
    cJSON *json = cJSON_Parse("{\"details\": {}}");
    quatrix_error_model *m = NULL;
    apicc_json_error err;
    memset(&err, 0, sizeof err);
    apicc_status st = quatrix_error_model_from_json(json, &m, &err);
    CHECK_INT(st, APICC_ERR_RESPONSE);
    CHECK(m == NULL);
    CHECK_STR(err.message, "ErrorModel: missing required member \"code\"");
    printf("FAULT model.missing_required | %s | - | %s | -\n",
           apicc_status_name(st), err.message);
    cJSON_Delete(json);
}

TEST(empty_body)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "empty");
    expect("http.empty_body", base, NULL, APICC_ERR_RESPONSE, 200,
           "login: expected a JSON object in the response, got an empty body");
}

TEST(body_over_the_cap)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "big");
    expect("http.body_over_cap", base, NULL, APICC_ERR_TOO_LARGE, 200,
           "login: response body larger than 1048576 bytes");
}

/* What a call leaves, as the child of peak_rss_of reports it. */
static void dense_call(void *arg, char *report, size_t cap)
{
    apicc_client *c = koyeb_client_new((const char *)arg);
    apicc_client_set_timeout_ms(c, 20000);
    koyeb_login_request body = {.email = "a@b.c"};
    koyeb_login_reply *out = NULL;
    apicc_status st = koyeb_login(c, NULL, &body, &out);
    const apicc_error *e = apicc_client_error(c);
    snprintf(report, cap, "%s|%ld|%s|%s", apicc_status_name(st),
             e->http_status, e->message, out ? "result" : "none");
    koyeb_login_reply_free(out);
    apicc_client_free(c);
}

/* Bodies just under the default 16 MiB cap made of tiny values: parsed
 * into cJSON nodes without a budget, a value every two bytes took 40
 * times the body (666 MB measured).  The peak must stay within a small
 * multiple of the cap, both when the parser refuses the body (over its
 * value budget) and when it takes it (as many values as the budget
 * allows, the worst case). */
#define CAP_KIB (16L << 10)
#define PEAK_LIMIT_KIB (8 * CAP_KIB)

static void memory_bounded(const char *name, const char *fault,
                           const char *want)
{
    char base[128], report[512];
    url_of(base, sizeof base, "http", plain.port, fault);
    long rise = peak_rss_of(dense_call, base, report, sizeof report);
    if (rise < 0) {
        FAIL("%s: the measuring child failed", name);
        return;
    }
    printf("# %s: peak RSS rose %ld KiB (limit %ld)\n", name, rise,
           PEAK_LIMIT_KIB);
    if (peak_rss_bounded() && rise > PEAK_LIMIT_KIB)
        FAIL("%s took %ld KiB, want at most %ld", name, rise, PEAK_LIMIT_KIB);
    CHECK_STR(report, want);
    char status[64], message[256];
    long http = 0;
    if (sscanf(report, "%63[^|]|%ld|%255[^|]", status, &http, message) == 3)
        printf("FAULT %s | %s | %ld | %s | peak RSS rose less than %ld MiB "
               "(8x the 16 MiB cap)\n",
               name, status, http, message, PEAK_LIMIT_KIB >> 10);
}

TEST(tiny_values_memory_bounded)
{
    memory_bounded("http.dense_body", "dense-array",
                   "APICC_ERR_RESPONSE|200|login: HTTP 200 with JSON with "
                   "more values than its size allows|none");
    memory_bounded("http.padded_body", "padded-array",
                   "APICC_ERR_RESPONSE|200|login: expected a JSON object in "
                   "the response, got an array|none");
}

TEST(errors_with_and_without_provider_body)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "4xx-body");
    expect("http.404_provider_body", base, NULL, APICC_ERR_PROVIDER, 404,
           "login: HTTP 404 (provider error)");
    url_of(base, sizeof base, "http", plain.port, "4xx-bare");
    expect("http.404_no_body", base, NULL, APICC_ERR_HTTP, 404,
           "login: HTTP 404");
    url_of(base, sizeof base, "http", plain.port, "5xx-body");
    expect("http.500_provider_body", base, NULL, APICC_ERR_PROVIDER, 500,
           "login: HTTP 500 (provider error)");
    url_of(base, sizeof base, "http", plain.port, "5xx-bare");
    expect("http.503_no_body", base, NULL, APICC_ERR_HTTP, 503,
           "login: HTTP 503");
}

TEST(redirect_loop)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "redirect-loop");
    expect("http.redirect_loop", base, NULL, APICC_ERR_HTTP, 302,
           "login: HTTP 302");
}

/* Server text reaches the caller's terminal through the error: the
 * provider's code and message, and any message made from them, come with
 * control characters written out (ESC ] ... BEL would retitle the
 * terminal, ESC [ 2J clear it). */
TEST(escape_sequences_in_errors)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "escapes");
    expect("http.escapes_in_error", base, NULL, APICC_ERR_PROVIDER, 500,
           "login: HTTP 500 (provider error)");
    apicc_client *c = koyeb_client_new(base);
    koyeb_login_request body = {0};
    koyeb_login_reply *out = NULL;
    CHECK_INT(koyeb_login(c, NULL, &body, &out), APICC_ERR_PROVIDER);
    const apicc_error *e = apicc_client_error(c);
    CHECK_STR(e->provider_code ? e->provider_code : "(null)",
              "bad\\x1b[2J");
    CHECK_STR(e->provider_message ? e->provider_message : "(null)",
              "App \\x1b]0;pwned\\x07not found\\x1b[31m\\u009b1m");
    /* the one place every message goes through, also for generated code */
    apicc_client_fail(c, APICC_ERR_RESPONSE, "tab\there \x1b[0m\xff end");
    CHECK_STR(apicc_client_error(c)->message,
              "tab\\x09here \\x1b[0m\\xff end");
    printf("FAULT http.escapes_in_error_text | %s | %ld | %s | -\n",
           apicc_status_name(e->status), e->http_status, e->message);
    koyeb_login_reply_free(out);
    apicc_client_free(c);
}

/* A token from a response becomes an Authorization header: one that is
 * not a valid header value (cut short by \u0000, or not UTF-8) is
 * refused, never sent. */
TEST(unusable_credentials_refused)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "nul-token");
    expect("http.token_with_nul", base, NULL, APICC_ERR_RESPONSE, 200,
           "login: \"token.id\" in the response is not a usable credential");
    url_of(base, sizeof base, "http", plain.port, "bad-utf8-token");
    expect("http.token_not_utf8", base, NULL, APICC_ERR_RESPONSE, 200,
           "login: \"token.id\" in the response is not a usable credential");
    /* the control: a good token is taken */
    url_of(base, sizeof base, "http", plain.port, "ok");
    apicc_client *c = koyeb_client_new(base);
    koyeb_login_request body = {0};
    koyeb_login_reply *out = NULL;
    CHECK_INT(koyeb_login(c, NULL, &body, &out), APICC_OK);
    koyeb_login_reply_free(out);
    apicc_client_free(c);
}

/* Answers that are not HTTP as apicc speaks it: the status names the
 * server's fault, never the caller's (INVALID_ARG) or memory (NOMEM). */
TEST(broken_status_lines_and_headers)
{
    char base[128];
    url_of(base, sizeof base, "http", plain.port, "huge-header");
    expect("http.huge_header", base, NULL, APICC_ERR_TOO_LARGE, 0,
           "login: response header too large");
    url_of(base, sizeof base, "http", plain.port, "http09");
    expect("http.http09", base, NULL, APICC_ERR_RESPONSE, 0,
           "login: the answer is not HTTP/1.x or HTTP/2");
    url_of(base, sizeof base, "http", plain.port, "status-199");
    expect("http.status_199", base, NULL, APICC_ERR_RESPONSE, 0,
           "login: the answer is not HTTP/1.x or HTTP/2");
    url_of(base, sizeof base, "http", plain.port, "bad-status");
    expect("http.bad_status_line", base, NULL, APICC_ERR_RESPONSE, 0,
           "login: the answer is not HTTP/1.x or HTTP/2");
}

/* Starts the fault server over TLS with certs/<name>.{pem,key}. */
static int tls_server(test_server *s, const char *name)
{
    char script[512], cert[512], key[512];
    snprintf(script, sizeof script, "%s/fault_server.py", test_servers_dir());
    snprintf(cert, sizeof cert, "%s/%s.pem", certs, name);
    snprintf(key, sizeof key, "%s/%s.key", certs, name);
    char *argv[] = {(char *)test_python(), script, (char *)"--tls", cert, key,
                    NULL};
    return test_server_start(s, argv, 15000);
}

TEST(tls_faults)
{
    char ca[512];
    snprintf(ca, sizeof ca, "%s/ca.pem", certs);
    /* The messages carry OpenSSL's and libcurl's words for the failed
     * check (Debian 12: OpenSSL 3.0, libcurl 7.88). */
    static const struct {
        const char *cert, *fault, *message;
    } cases[] = {
        {"good", "http.tls_trusted", NULL},
        {"self", "http.tls_untrusted",
         "login: TLS failure (SSL certificate problem: self-signed "
         "certificate)"},
        {"expired", "http.tls_expired",
         "login: TLS failure (SSL certificate problem: certificate has "
         "expired)"},
        {"wronghost", "http.tls_wrong_host",
         "login: TLS failure (SSL: no alternative certificate subject name "
         "matches target host name '127.0.0.1')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        test_server s = {0};
        if (tls_server(&s, cases[i].cert) != 0) {
            FAIL("%s: server did not start", cases[i].cert);
            continue;
        }
        char base[128];
        url_of(base, sizeof base, "https", s.port, "ok");
        if (i == 0) {
            /* the control: the same CA, a good certificate, works */
            apicc_client *c = koyeb_client_new(base);
            apicc_client_set_ca_file(c, ca);
            koyeb_login_reply *out = NULL;
            koyeb_login_request body = {0};
            CHECK_INT(koyeb_login(c, NULL, &body, &out), APICC_OK);
            koyeb_login_reply_free(out);
            apicc_client_free(c);
        } else {
            expect(cases[i].fault, base, ca, APICC_ERR_TLS, 0,
                   cases[i].message);
        }
        test_server_stop(&s);
    }
}

int main(void)
{
    char tmpl[] = "/tmp/apicc-faults-XXXXXX";
    if (!mkdtemp(tmpl)) {
        printf("FAIL mkdtemp\n0 passed, 1 failed\n");
        return 1;
    }
    snprintf(certs, sizeof certs, "%s", tmpl);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "bash %s/make_certs.sh %s", test_servers_dir(),
             certs);
    int certs_ok = system(cmd) == 0;
    char script[512];
    snprintf(script, sizeof script, "%s/fault_server.py", test_servers_dir());
    char *argv[] = {(char *)test_python(), script, NULL};
    if (test_server_start(&plain, argv, 15000) != 0) {
        printf("FAIL could not start fault_server.py\n0 passed, 1 failed\n");
        return 1;
    }
    RUN(connection_refused);
    RUN(dns_failure);
    RUN(server_never_answers);
    RUN(closes_mid_body);
    RUN(invalid_json);
    RUN(wrong_shape);
    RUN(missing_required_fields);
    RUN(empty_body);
    RUN(body_over_the_cap);
    RUN(tiny_values_memory_bounded);
    RUN(errors_with_and_without_provider_body);
    RUN(redirect_loop);
    RUN(escape_sequences_in_errors);
    RUN(unusable_credentials_refused);
    RUN(broken_status_lines_and_headers);
    if (certs_ok)
        RUN(tls_faults);
    else
        printf("FAIL tls_faults: make_certs.sh failed\n"), harness_failed++;
    test_server_stop(&plain);
    snprintf(cmd, sizeof cmd, "rm -rf %s", certs);
    if (system(cmd) != 0)
        printf("note: could not remove %s\n", certs);
    return harness_report();
}
