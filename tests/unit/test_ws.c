/*
 * The WebSocket connection (apicc/ws.h) against a server nobody on this
 * project wrote: Python's `websockets` (tests/servers/ws_echo_server.py,
 * Debian's python3-websockets).  Echo of text and binary messages from 0
 * bytes to 1 MiB, server-sent fragmented messages with a ping inside,
 * server pings, client pings, close codes both ways, timeouts, a refused
 * upgrade, extra headers, the message limit, and wss:// with a
 * self-signed certificate made here at run time (no key is committed).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "apicc/ws.h"
#include "harness.h"
#include "support/server.h"

static test_server plain_srv, tls_srv;
static int have_tls;
static char tmpdir[] = "/tmp/apicc_ws_XXXXXX";
static char cert_path[64], key_path[64];

static int start_echo(test_server *s, int tls)
{
    char script[512];
    snprintf(script, sizeof script, "%s/ws_echo_server.py", test_servers_dir());
    char *argv[] = {(char *)test_python(), script, NULL, NULL, NULL, NULL};
    static char tls_flag[] = "--tls";
    if (tls) {
        argv[2] = tls_flag;
        argv[3] = cert_path;
        argv[4] = key_path;
    }
    return test_server_start(s, argv, 15000);
}

static void url_of(char *out, size_t n, int tls, int port, const char *path)
{
    snprintf(out, n, "%s://127.0.0.1:%d%s", tls ? "wss" : "ws", port, path);
}

/* A new connection to the plain server's `path`, or NULL. */
static apicc_ws *open_path(const char *path)
{
    apicc_ws *ws = apicc_ws_new();
    char url[128];
    url_of(url, sizeof url, 0, plain_srv.port, path);
    if (ws && apicc_ws_connect(ws, url) != APICC_OK) {
        printf("connect %s: %s\n", url, apicc_ws_error(ws));
        apicc_ws_free(ws);
        return NULL;
    }
    return ws;
}

/* ---- a self-signed certificate, made now ------------------------------ */

static int make_cert(void)
{
    if (!mkdtemp(tmpdir))
        return 0;
    snprintf(cert_path, sizeof cert_path, "%s/cert.pem", tmpdir);
    snprintf(key_path, sizeof key_path, "%s/key.pem", tmpdir);
    EVP_PKEY *pk = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    int ok = pk && x;
    if (ok) {
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), -3600);
        X509_gmtime_adj(X509_getm_notAfter(x), 86400);
        X509_set_pubkey(x, pk);
        X509_NAME *nm = X509_get_subject_name(x);
        X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
                                   (const unsigned char *)"localhost", -1, -1,
                                   0);
        X509_set_issuer_name(x, nm);
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
        const char *exts[][2] = {
            {"subjectAltName", "DNS:localhost,IP:127.0.0.1"},
            {"basicConstraints", "critical,CA:TRUE"}};
        for (size_t i = 0; i < 2 && ok; i++) {
            X509_EXTENSION *e =
                X509V3_EXT_conf(NULL, &ctx, exts[i][0], exts[i][1]);
            ok = e && X509_add_ext(x, e, -1);
            X509_EXTENSION_free(e);
        }
        ok = ok && X509_sign(x, pk, EVP_sha256()) > 0;
    }
    FILE *fc = ok ? fopen(cert_path, "w") : NULL;
    FILE *fk = ok ? fopen(key_path, "w") : NULL;
    ok = fc && fk && PEM_write_X509(fc, x) &&
         PEM_write_PrivateKey(fk, pk, NULL, NULL, 0, NULL, NULL);
    if (fc)
        fclose(fc);
    if (fk)
        fclose(fk);
    X509_free(x);
    EVP_PKEY_free(pk);
    return ok;
}

static void remove_cert(void)
{
    unlink(cert_path);
    unlink(key_path);
    rmdir(tmpdir);
}

/* ---- payloads ---------------------------------------------------------- */

/* `n` bytes of valid UTF-8: ASCII with a two-byte character now and
 * then. */
static char *utf8_text(size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i % 97 == 0 && i + 1 < n) {
            p[i++] = '\xc3';
            p[i] = '\xa9';
        } else {
            p[i] = (char)('a' + i % 26);
        }
    }
    p[n] = '\0';
    return p;
}

static unsigned char *binary(size_t n)
{
    unsigned char *p = malloc(n ? n : 1);
    for (size_t i = 0; p && i < n; i++)
        p[i] = (unsigned char)(i * 131 + (i >> 8));
    return p;
}

static const size_t sizes[] = {0,     1,     125,   126,    127,
                               65535, 65536, 65537, 200000, 1 << 20};

/* Sends one message and checks the echo. */
static void echo_one(apicc_ws *ws, apicc_ws_type type, const void *p, size_t n)
{
    apicc_status st = apicc_ws_send(ws, type, p, n);
    if (st != APICC_OK) {
        FAIL("send %zu bytes: %s", n, apicc_ws_error(ws));
        return;
    }
    apicc_ws_message m;
    st = apicc_ws_recv(ws, -1, &m);
    if (st != APICC_OK) {
        FAIL("recv %zu bytes: %s", n, apicc_ws_error(ws));
        return;
    }
    if (m.type != type || m.len != n || (n && memcmp(m.data, p, n) != 0))
        FAIL("echo of %zu bytes differs (type %d, len %zu)", n, (int)m.type,
             m.len);
}

/* ---- tests ------------------------------------------------------------- */

TEST(echo_text_0_to_1mib)
{
    apicc_ws *ws = open_path("/echo");
    CHECK(ws != NULL);
    for (size_t i = 0; ws && i < sizeof sizes / sizeof sizes[0]; i++) {
        char *t = utf8_text(sizes[i]);
        echo_one(ws, APICC_WS_TEXT, t, sizes[i]);
        free(t);
    }
    if (ws)
        CHECK_INT(apicc_ws_close(ws, 1000, NULL), APICC_OK);
    apicc_ws_free(ws);
}

TEST(echo_binary_0_to_1mib)
{
    apicc_ws *ws = open_path("/echo");
    CHECK(ws != NULL);
    for (size_t i = 0; ws && i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *b = binary(sizes[i]);
        echo_one(ws, APICC_WS_BINARY, b, sizes[i]);
        free(b);
    }
    apicc_ws_free(ws);
}

TEST(many_in_flight)
{
    /* 200 sends before any read: frames queue in the socket buffers and
     * arrive several per read. */
    apicc_ws *ws = open_path("/echo");
    CHECK(ws != NULL);
    char buf[32];
    for (int i = 0; ws && i < 200; i++) {
        int n = snprintf(buf, sizeof buf, "message %d", i);
        CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, buf, (size_t)n), APICC_OK);
    }
    for (int i = 0; ws && i < 200; i++) {
        apicc_ws_message m;
        int n = snprintf(buf, sizeof buf, "message %d", i);
        if (apicc_ws_recv(ws, -1, &m) != APICC_OK) {
            FAIL("recv %d: %s", i, apicc_ws_error(ws));
            break;
        }
        CHECK(m.len == (size_t)n && memcmp(m.data, buf, (size_t)n) == 0);
    }
    apicc_ws_free(ws);
}

TEST(server_fragments_with_ping_inside)
{
    apicc_ws *ws = open_path("/fragments");
    CHECK(ws != NULL);
    size_t fsizes[] = {8, 1000, 100000, 1 << 20};
    for (size_t i = 0; ws && i < 4; i++) {
        char *t = utf8_text(fsizes[i]);
        echo_one(ws, APICC_WS_TEXT, t, fsizes[i]);
        free(t);
        unsigned char *b = binary(fsizes[i]);
        echo_one(ws, APICC_WS_BINARY, b, fsizes[i]);
        free(b);
    }
    apicc_ws_free(ws);
}

TEST(server_ping_answered)
{
    apicc_ws *ws = open_path("/ping");
    CHECK(ws != NULL);
    if (!ws)
        return;
    CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, "hi", 2), APICC_OK);
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, -1, &m), APICC_OK);
    CHECK_STR((const char *)m.data, "pong-ok:hi");
    apicc_ws_free(ws);
}

TEST(client_ping_gets_pong)
{
    apicc_ws *ws = open_path("/echo");
    CHECK(ws != NULL);
    if (!ws)
        return;
    CHECK_INT(apicc_ws_ping(ws, "abc", 3), APICC_OK);
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, -1, &m), APICC_OK);
    CHECK_INT(m.type, APICC_WS_PONG);
    CHECK(m.len == 3 && memcmp(m.data, "abc", 3) == 0);
    char big[126] = {0};
    CHECK_INT(apicc_ws_ping(ws, big, sizeof big), APICC_ERR_INVALID_ARG);
    apicc_ws_free(ws);
}

TEST(client_close_with_code)
{
    apicc_ws *ws = open_path("/echo");
    CHECK(ws != NULL);
    if (!ws)
        return;
    CHECK_INT(apicc_ws_close(ws, 5000, NULL), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_close(ws, 0, "reason without code"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_close(ws, 4000, "done"), APICC_OK);
    CHECK_INT(apicc_ws_get_state(ws), APICC_WS_CLOSED);
    CHECK_INT(apicc_ws_close_code(ws), 4000);
    CHECK_STR(apicc_ws_close_reason(ws), "done");
    CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, "x", 1), APICC_ERR_CLOSED);
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, 10, &m), APICC_ERR_CLOSED);
    CHECK_INT(apicc_ws_close(ws, 1000, NULL), APICC_ERR_CLOSED);
    /* The same handle connects again. */
    char url[128];
    url_of(url, sizeof url, 0, plain_srv.port, "/echo");
    CHECK_INT(apicc_ws_connect(ws, url), APICC_OK);
    echo_one(ws, APICC_WS_TEXT, "again", 5);
    CHECK_INT(apicc_ws_close(ws, 1000, NULL), APICC_OK);
    CHECK_INT(apicc_ws_close_code(ws), 1000);
    apicc_ws_free(ws);
}

TEST(server_close_with_code)
{
    apicc_ws *ws = open_path("/close");
    CHECK(ws != NULL);
    if (!ws)
        return;
    CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, "4001 bye now", 12), APICC_OK);
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, -1, &m), APICC_ERR_CLOSED);
    CHECK_INT(apicc_ws_get_state(ws), APICC_WS_CLOSED);
    CHECK_INT(apicc_ws_close_code(ws), 4001);
    CHECK_STR(apicc_ws_close_reason(ws), "bye now");
    CHECK(strstr(apicc_ws_error(ws), "4001") != NULL);
    apicc_ws_free(ws);
}

TEST(recv_timeout_keeps_connection)
{
    apicc_ws *ws = apicc_ws_new();
    char url[128];
    url_of(url, sizeof url, 0, plain_srv.port, "/echo");
    /* A connect timeout shorter than the waits below: it must bound only
     * the opening, never later reads and writes. */
    CHECK_INT(apicc_ws_set_timeouts(ws, 1000, 0), APICC_OK);
    if (apicc_ws_connect(ws, url) != APICC_OK) {
        FAIL("connect: %s", apicc_ws_error(ws));
        apicc_ws_free(ws);
        return;
    }
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, 1500, &m), APICC_ERR_TIMEOUT);
    CHECK_INT(apicc_ws_recv(ws, 0, &m), APICC_ERR_TIMEOUT);
    CHECK_INT(apicc_ws_get_state(ws), APICC_WS_OPEN);
    echo_one(ws, APICC_WS_TEXT, "still here", 10);
    CHECK_INT(apicc_ws_set_timeouts(ws, 0, 200), APICC_OK);
    CHECK_INT(apicc_ws_recv(ws, -1, &m), APICC_ERR_TIMEOUT);
    apicc_ws_free(ws);
}

TEST(handshake_timeout)
{
    /* A socket that listens but never answers: the kernel completes the
     * TCP handshake, the upgrade answer never comes. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
          listen(fd, 4) == 0 &&
          getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
    apicc_ws *ws = apicc_ws_new();
    CHECK_INT(apicc_ws_set_timeouts(ws, 300, 0), APICC_OK);
    char url[128];
    url_of(url, sizeof url, 0, ntohs(a.sin_port), "/");
    CHECK_INT(apicc_ws_connect(ws, url), APICC_ERR_TIMEOUT);
    CHECK_INT(apicc_ws_get_state(ws), APICC_WS_FAILED);
    CHECK(apicc_ws_error(ws)[0] != '\0');
    close(fd);
    /* The port is closed now: refused. */
    CHECK_INT(apicc_ws_connect(ws, url), APICC_ERR_TRANSPORT);
    apicc_ws_free(ws);
}

TEST(bad_arguments)
{
    apicc_ws *ws = apicc_ws_new();
    CHECK_INT(apicc_ws_connect(ws, "http://127.0.0.1/"), APICC_ERR_INVALID_ARG);
    CHECK(strstr(apicc_ws_error(ws), "ws://") != NULL);
    CHECK_INT(apicc_ws_connect(ws, "ws://no-such-host.invalid/"),
              APICC_ERR_RESOLVE);
    CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, "x", 1), APICC_ERR_CLOSED);
    CHECK_INT(apicc_ws_add_header(ws, "Host", "x"), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_add_header(ws, "X-A", "a\r\nB: c"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_add_header(ws, "X:A", "a"), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_set_timeouts(ws, -1, 0), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_set_max_message(ws, 0), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_set_user_agent(ws, "a\nb"), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc_ws_get_state(NULL), APICC_WS_IDLE);
    apicc_ws_free(ws);
    apicc_ws_free(NULL);
}

TEST(refused_upgrade)
{
    apicc_ws *ws = apicc_ws_new();
    char url[128];
    url_of(url, sizeof url, 0, plain_srv.port, "/reject");
    CHECK_INT(apicc_ws_connect(ws, url), APICC_ERR_HTTP);
    CHECK_INT(apicc_ws_http_status(ws), 403);
    CHECK(strstr(apicc_ws_error(ws), "403") != NULL);
    apicc_ws_free(ws);
}

TEST(extra_headers_and_user_agent)
{
    apicc_ws *ws = apicc_ws_new();
    CHECK_INT(apicc_ws_add_header(ws, "X-Test", "one"), APICC_OK);
    CHECK_INT(apicc_ws_add_header(ws, "x-test", "two"), APICC_OK);
    CHECK_INT(apicc_ws_add_header(ws, "Origin", "http://example.com"),
              APICC_OK);
    CHECK_INT(apicc_ws_set_user_agent(ws, "apicc-test/1"), APICC_OK);
    char url[128];
    url_of(url, sizeof url, 0, plain_srv.port, "/headers?q=1");
    CHECK_INT(apicc_ws_connect(ws, url), APICC_OK);
    CHECK_INT(apicc_ws_http_status(ws), 101);
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, -1, &m), APICC_OK);
    const char *j = (const char *)m.data;
    CHECK(strstr(j, "\"X-Test\": \"two\"") != NULL);
    CHECK(strstr(j, "\"one\"") == NULL);
    CHECK(strstr(j, "\"Origin\": \"http://example.com\"") != NULL);
    CHECK(strstr(j, "\"User-Agent\": \"apicc-test/1\"") != NULL);
    CHECK(strstr(j, "Sec-WebSocket-Extensions") == NULL);
    char hostport[64];
    snprintf(hostport, sizeof hostport, "\"Host\": \"127.0.0.1:%d\"",
             plain_srv.port);
    CHECK(strstr(j, hostport) != NULL);
    apicc_ws_free(ws);
}

TEST(message_limit)
{
    apicc_ws *ws = apicc_ws_new();
    CHECK_INT(apicc_ws_set_max_message(ws, 1000), APICC_OK);
    char url[128];
    url_of(url, sizeof url, 0, plain_srv.port, "/echo");
    CHECK_INT(apicc_ws_connect(ws, url), APICC_OK);
    echo_one(ws, APICC_WS_BINARY, "fits", 4);
    unsigned char *b = binary(2000);
    CHECK_INT(apicc_ws_send(ws, APICC_WS_BINARY, b, 2000), APICC_OK);
    apicc_ws_message m;
    CHECK_INT(apicc_ws_recv(ws, -1, &m), APICC_ERR_TOO_LARGE);
    CHECK_INT(apicc_ws_get_state(ws), APICC_WS_FAILED);
    CHECK(strstr(apicc_ws_error(ws), "1009") != NULL);
    free(b);
    CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, "\xc0\xaf", 2),
              APICC_ERR_CLOSED);
    CHECK_INT(apicc_ws_connect(ws, url), APICC_OK);
    CHECK_INT(apicc_ws_send(ws, APICC_WS_TEXT, "\xc0\xaf", 2),
              APICC_ERR_INVALID_ARG);
    echo_one(ws, APICC_WS_TEXT, "still fine", 10);
    apicc_ws_free(ws);
}

TEST(wss_with_ca_file)
{
    if (!have_tls) {
        FAIL("no TLS server");
        return;
    }
    char url[128];
    url_of(url, sizeof url, 1, tls_srv.port, "/echo");
    apicc_ws *ws = apicc_ws_new();
    CHECK_INT(apicc_ws_set_ca_file(ws, cert_path), APICC_OK);
    if (apicc_ws_connect(ws, url) != APICC_OK)
        FAIL("wss connect: %s", apicc_ws_error(ws));
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *b = binary(sizes[i]);
        echo_one(ws, APICC_WS_BINARY, b, sizes[i]);
        free(b);
    }
    CHECK_INT(apicc_ws_close(ws, 1000, "bye"), APICC_OK);
    /* By name too: the certificate names localhost. */
    char url2[128];
    snprintf(url2, sizeof url2, "wss://localhost:%d/echo", tls_srv.port);
    CHECK_INT(apicc_ws_connect(ws, url2), APICC_OK);
    echo_one(ws, APICC_WS_TEXT, "by name", 7);
    apicc_ws_free(ws);
}

TEST(wss_verification)
{
    if (!have_tls) {
        FAIL("no TLS server");
        return;
    }
    char url[128];
    url_of(url, sizeof url, 1, tls_srv.port, "/echo");
    apicc_ws *ws = apicc_ws_new();
    CHECK_INT(apicc_ws_connect(ws, url), APICC_ERR_TLS);
    CHECK(apicc_ws_error(ws)[0] != '\0');
    CHECK_INT(apicc_ws_set_insecure_skip_verify(ws, 1), APICC_OK);
    CHECK_INT(apicc_ws_connect(ws, url), APICC_OK);
    echo_one(ws, APICC_WS_TEXT, "insecure but works", 18);
    apicc_ws_free(ws);
    /* A plain ws:// client on the TLS port gets a clean error. */
    ws = apicc_ws_new();
    CHECK_INT(apicc_ws_set_timeouts(ws, 2000, 0), APICC_OK);
    url_of(url, sizeof url, 0, tls_srv.port, "/echo");
    apicc_status st = apicc_ws_connect(ws, url);
    CHECK(st != APICC_OK);
    apicc_ws_free(ws);
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (start_echo(&plain_srv, 0) != 0) {
        printf("FAIL cannot start tests/servers/ws_echo_server.py\n");
        harness_failed++;
        return harness_report();
    }
    if (make_cert() && start_echo(&tls_srv, 1) == 0)
        have_tls = 1;
    RUN(echo_text_0_to_1mib);
    RUN(echo_binary_0_to_1mib);
    RUN(many_in_flight);
    RUN(server_fragments_with_ping_inside);
    RUN(server_ping_answered);
    RUN(client_ping_gets_pong);
    RUN(client_close_with_code);
    RUN(server_close_with_code);
    RUN(recv_timeout_keeps_connection);
    RUN(handshake_timeout);
    RUN(bad_arguments);
    RUN(refused_upgrade);
    RUN(extra_headers_and_user_agent);
    RUN(message_limit);
    RUN(wss_with_ca_file);
    RUN(wss_verification);
    test_server_stop(&plain_srv);
    if (have_tls)
        test_server_stop(&tls_srv);
    remove_cert();
    curl_global_cleanup();
    return harness_report();
}
