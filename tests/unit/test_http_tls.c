/*
 * HTTPS against tests/servers/http_server.py --tls with a self-signed
 * certificate made at run time (openssl CLI, in a temporary directory
 * removed afterwards; no key is ever committed): verified through a CA
 * file or a hashed CA directory, refused without one, accepted by the
 * explicit insecure switch, and kept alive across calls.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "http_test.h"
#include "support/test_time.h"

static test_server server;
static char base[64];
static char dir[64];
static char cert[128];
static char key[128];
static char cadir[128];

static int run(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        printf("command failed (%d): %s\n", rc, cmd);
    return rc == 0;
}

/* A self-signed certificate for 127.0.0.1 and localhost, and a hashed
 * directory holding it. */
static int make_certificate(void)
{
    snprintf(dir, sizeof dir, "/tmp/apicc-tls-XXXXXX");
    if (!mkdtemp(dir))
        return 0;
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    snprintf(cadir, sizeof cadir, "%s/ca", dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ec -pkeyopt "
             "ec_paramgen_curve:prime256v1 -nodes -keyout %s -out %s "
             "-days 2 -subj /CN=localhost -addext "
             "subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null",
             key, cert);
    if (!run(cmd))
        return 0;
    snprintf(cmd, sizeof cmd,
             "mkdir %s && cp %s %s/ && openssl rehash %s 2>/dev/null", cadir,
             cert, cadir, cadir);
    return run(cmd);
}

static void remove_dir_files(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        unlink(p);
    }
    closedir(d);
}

static void remove_certificate(void)
{
    if (!dir[0] || strncmp(dir, "/tmp/apicc-tls-", 15) != 0)
        return;
    remove_dir_files(cadir);
    rmdir(cadir);
    remove_dir_files(dir);
    rmdir(dir);
}

/* A client whose connect timeout (which covers the TLS handshake) and
 * call timeout are the defaults stretched by the run's time scale: under
 * valgrind a handshake, with the system CA bundle to parse, is slow. */
static apicc_client *tls_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (c) {
        apicc_client_set_connect_timeout_ms(c, test_ms(10000));
        apicc_client_set_timeout_ms(c, test_ms(30000));
    }
    return c;
}

static apicc_status ping(apicc_client *c)
{
    apicc_status st;
    cJSON *out = http_get(c, "/echo", &st);
    cJSON_Delete(out);
    return st;
}

TEST(verified_with_ca_file_and_kept_alive)
{
    apicc_client *c = tls_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_ca_file(c, cert), APICC_OK);
    for (int i = 0; i < 10; i++)
        CHECK_INT(ping(c), APICC_OK);
    CHECK_INT(apicc_client_connection_count(c), 1);
    apicc_client_free(c);
}

TEST(verified_with_ca_directory)
{
    apicc_client *c = tls_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_ca_path(c, cadir), APICC_OK);
    /* Nothing but the hashed directory: no system bundle to fall back on. */
    CHECK_INT(apicc_client_set_ca_file(c, NULL), APICC_OK);
    CHECK_INT(ping(c), APICC_OK);
    apicc_client_free(c);
}

TEST(refused_without_ca)
{
    apicc_client *c = tls_client();
    if (!c)
        return;
    CHECK_INT(ping(c), APICC_ERR_TLS);
    const apicc_error *e = apicc_client_error(c);
    CHECK(e->transport_message && strstr(e->transport_message, "certificate"));
    CHECK_INT(e->http_status, 0);
    apicc_client_free(c);
}

TEST(insecure_switch)
{
    apicc_client *c = tls_client();
    if (!c)
        return;
    CHECK_INT(apicc_client_set_insecure_skip_verify(c, 1), APICC_OK);
    CHECK_INT(ping(c), APICC_OK);
    CHECK_INT(ping(c), APICC_OK);
    CHECK_INT(apicc_client_connection_count(c), 1);
    /* Turned off again, the next connection is verified again. */
    CHECK_INT(apicc_client_set_insecure_skip_verify(c, 0), APICC_OK);
    CHECK_INT(ping(c), APICC_ERR_TLS);
    apicc_client_free(c);
}

TEST(settings_change_on_a_live_client)
{
    apicc_client *c = tls_client();
    if (!c)
        return;
    CHECK_INT(ping(c), APICC_ERR_TLS);
    CHECK_INT(apicc_client_set_ca_file(c, cert), APICC_OK);
    CHECK_INT(ping(c), APICC_OK);
    /* Back to the default bundle, which does not know the certificate:
     * the verified connection is not reused for the new settings. */
    CHECK_INT(apicc_client_set_ca_file(c, NULL), APICC_OK);
    CHECK_INT(ping(c), APICC_ERR_TLS);
    apicc_client_free(c);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK || !make_certificate() ||
        http_server_start(&server, cert, key) != 0) {
        printf("FAIL setup: cannot make a certificate or start the server\n");
        printf("0 passed, 1 failed\n");
        remove_certificate();
        return 1;
    }
    http_base_url(base, sizeof base, "https", server.port);
    RUN(verified_with_ca_file_and_kept_alive);
    RUN(verified_with_ca_directory);
    RUN(refused_without_ca);
    RUN(insecure_switch);
    RUN(settings_change_on_a_live_client);
    test_server_stop(&server);
    remove_certificate();
    apicc_global_cleanup();
    return harness_report();
}
