/*
 * Bodies and answers by media type, end to end: the client generated
 * from tests/specs/bodies.yaml against tests/servers/http_server.py,
 * checking the exact bytes on the wire (its /echo route answers the
 * request it got) and what each kind of answer reads into.
 *
 * Form bodies follow the WHATWG urlencoded serializer (space as '+',
 * only alphanumerics and *-._ unescaped) with OpenAPI's style/explode;
 * multipart bodies RFC 7578 (a boundary from the Content-Type, one part
 * per member with Content-Disposition name and filename and a
 * Content-Type per file part).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bodies/bodies.h"
#include "download_pattern.h"
#include "provider_test.h"

static test_server server;
static char base[128];

static apicc_client *new_client(void)
{
    apicc_client *c = apicc_client_new(base);
    if (c)
        apicc_client_set_timeout_ms(c, 20000);
    return c;
}

/* A header of an echoed request, or NULL. */
static const char *echo_header(const bodies_echo *e, const char *name)
{
    for (size_t i = 0; e && i < e->n_headers; i++)
        if (strcmp(e->headers_keys[i], name) == 0)
            return e->headers[i];
    return NULL;
}

TEST(form_body_bytes_follow_whatwg_and_openapi_styles)
{
    apicc_client *c = new_client();
    static const char *const media[] = {"https://x/a.png", "u2"};
    static const char *const tags[] = {"a", "b c"};
    static const char *const meta_keys[] = {"k1", "a b"};
    static const char *const meta[] = {"v1", "c"};
    bodies_address addr = {.city = "Paris"};
    bodies_message m = {.to = "+1 555",
                        .body = "Hi & bye*-._~\xc3\xa9",
                        .media_url = media,
                        .n_media_url = 2,
                        .tags = tags,
                        .n_tags = 2,
                        .count = 3,
                        .has_count = true,
                        .price = 1.5,
                        .has_price = true,
                        .urgent = true,
                        .has_urgent = true,
                        .metadata = meta,
                        .metadata_keys = meta_keys,
                        .n_metadata = 2,
                        .address = &addr};
    bodies_echo *e = NULL;
    CHECK_INT(bodies_send_form(c, &m, &e), APICC_OK);
    CHECK_STR(e ? e->body : NULL,
              "To=%2B1+555&Body=Hi+%26+bye*-._%7E%C3%A9"
              "&MediaUrl=https%3A%2F%2Fx%2Fa.png&MediaUrl=u2"
              "&Tags=a%2Cb+c&Count=3&Price=1.5&Urgent=true"
              "&metadata%5Bk1%5D=v1&metadata%5Ba+b%5D=c"
              "&address%5Bcity%5D=Paris");
    CHECK_STR(echo_header(e, "content-type"),
              "application/x-www-form-urlencoded");
    CHECK_STR(echo_header(e, "accept"), "application/json");
    bodies_echo_free(e);

    /* Optional members left out are not sent. */
    bodies_message small = {.to = "x"};
    e = NULL;
    CHECK_INT(bodies_send_form(c, &small, &e), APICC_OK);
    CHECK_STR(e ? e->body : NULL, "To=x");
    bodies_echo_free(e);

    /* No body at all where one is required. */
    CHECK_INT(bodies_send_form(c, NULL, &e), APICC_ERR_INVALID_ARG);
    CHECK(strstr(apicc_client_error(c)->message, "body is required"));
    apicc_client_free(c);
}

static int write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

TEST(multipart_parts_follow_rfc7578)
{
    apicc_client *c = new_client();
    char path[] = "/tmp/apicc-bodies-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    CHECK_INT(write_file(path, "hello file", 10), 0);
    apicc_file f = {.path = path, .filename = "data.txt",
                    .content_type = "text/plain"};
    apicc_file mem = {.data = "\x01\x02z", .len = 3, .filename = "mem.bin"};
    const apicc_file *extra[] = {&mem};
    bodies_address addr = {.city = "Paris"};
    bodies_upload u = {.purpose = "fine-tune",
                       .file = &f,
                       .extra = extra,
                       .n_extra = 1,
                       .meta = &addr};
    bodies_echo *e = NULL;
    CHECK_INT(bodies_send_multipart(c, &u, &e), APICC_OK);
    const char *ct = echo_header(e, "content-type");
    const char *b = ct ? strstr(ct, "boundary=") : NULL;
    CHECK(ct && strncmp(ct, "multipart/form-data; ", 21) == 0 && b);
    if (b && e && e->body) {
        const char *bd = b + 9;
        char want[2048];
        snprintf(want, sizeof want,
                 "--%s\r\nContent-Disposition: form-data; name=\"purpose\""
                 "\r\n\r\nfine-tune\r\n"
                 "--%s\r\nContent-Disposition: form-data; name=\"file\"; "
                 "filename=\"data.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                 "hello file\r\n"
                 "--%s\r\nContent-Disposition: form-data; name=\"extra\"; "
                 "filename=\"mem.bin\"\r\nContent-Type: "
                 "application/octet-stream\r\n\r\n%c%cz\r\n"
                 "--%s\r\nContent-Disposition: form-data; name=\"meta\""
                 "\r\nContent-Type: application/json\r\n\r\n"
                 "{\"city\":\"Paris\"}\r\n--%s--\r\n",
                 bd, bd, bd, 1, 2, bd, bd);
        CHECK_STR(e->body, want);
    }
    bodies_echo_free(e);

    /* A file that is not there fails before anything is sent. */
    apicc_file gone = {.path = "/nonexistent/apicc-file"};
    bodies_upload bad = {.purpose = "x", .file = &gone};
    CHECK_INT(bodies_send_multipart(c, &bad, &e), APICC_ERR_INVALID_ARG);
    CHECK(strstr(apicc_client_error(c)->message, "cannot be read"));
    unlink(path);
    apicc_client_free(c);
}

TEST(raw_and_text_bodies)
{
    apicc_client *c = new_client();
    char path[] = "/tmp/apicc-bodies-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    CHECK_INT(write_file(path, "from a file", 11), 0);
    apicc_file f = {.path = path};
    bodies_echo *e = NULL;
    CHECK_INT(bodies_send_bytes(c, &f, &e), APICC_OK);
    CHECK_STR(e ? e->method : NULL, "PUT");
    CHECK_STR(e ? e->body : NULL, "from a file");
    CHECK_STR(echo_header(e, "content-type"), "application/octet-stream");
    CHECK_STR(echo_header(e, "content-length"), "11");
    bodies_echo_free(e);
    unlink(path);

    apicc_file mem = {.data = "abc", .len = 3, .content_type = "image/png"};
    CHECK_INT(bodies_send_bytes(c, &mem, &e), APICC_OK);
    CHECK_STR(e ? e->body : NULL, "abc");
    CHECK_STR(echo_header(e, "content-type"), "image/png");
    bodies_echo_free(e);

    apicc_file text = {.data = "plain words", .len = 11};
    CHECK_INT(bodies_send_text(c, &text, &e), APICC_OK);
    CHECK_STR(e ? e->body : NULL, "plain words");
    CHECK_STR(echo_header(e, "content-type"), "text/plain");
    bodies_echo_free(e);

    /* An optional body left out: nothing is sent, and no body type. */
    CHECK_INT(bodies_send_text(c, NULL, &e), APICC_OK);
    CHECK_STR(e ? e->body : NULL, "");
    CHECK(echo_header(e, "content-type") == NULL);
    CHECK_STR(echo_header(e, "content-length"), "0");
    bodies_echo_free(e);
    apicc_client_free(c);
}

/* JSON bodies and answers that are one value: a string sent as a JSON
 * string, an integer and any JSON read. */
TEST(scalar_json_bodies_and_answers)
{
    apicc_client *c = new_client();
    bodies_send_scalar_body b = {.value = "say \"hi\""};
    bodies_echo *e = NULL;
    CHECK_INT(bodies_send_scalar(c, &b, &e), APICC_OK);
    CHECK_STR(e ? e->body : NULL, "\"say \\\"hi\\\"\"");
    CHECK_STR(echo_header(e, "content-type"), "application/json");
    bodies_echo_free(e);

    bodies_read_number_params np = {.body = "9007199254740993"};
    bodies_read_number_response *n = NULL;
    CHECK_INT(bodies_read_number(c, &np, &n), APICC_OK);
    CHECK(n && n->value == 9007199254740993LL);
    bodies_read_number_response_free(n);
    n = NULL;
    np.body = "\"nine\"";
    CHECK_INT(bodies_read_number(c, &np, &n), APICC_ERR_RESPONSE);
    CHECK(n == NULL);

    bodies_read_any_params ap = {.body = "[1,{\"a\":null}]"};
    bodies_read_any_response *a = NULL;
    CHECK_INT(bodies_read_any(c, &ap, &a), APICC_OK);
    CHECK(a && cJSON_IsArray(a->value) &&
          cJSON_GetArraySize(a->value) == 2);
    bodies_read_any_response_free(a);
    apicc_client_free(c);
}

TEST(post_without_body_sends_no_content_type)
{
    apicc_client *c = new_client();
    bodies_echo *e = NULL;
    CHECK_INT(bodies_poke(c, &e), APICC_OK);
    CHECK_STR(e ? e->method : NULL, "POST");
    CHECK(echo_header(e, "content-type") == NULL);
    CHECK_STR(echo_header(e, "content-length"), "0");
    bodies_echo_free(e);
    apicc_client_free(c);
}

TEST(downloads_to_memory_file_and_callback)
{
    apicc_client *c = new_client();
    apicc_download d = {0};
    bodies_download_params p = {.n = 1000};
    CHECK_INT(bodies_download(c, &p, &d), APICC_OK);
    CHECK(d.len == 1000 && d.data &&
          pattern_ok((const unsigned char *)d.data, 1000, 0));
    CHECK_STR(d.content_type, "application/octet-stream");
    apicc_download_free(&d);

    /* Streamed answers have no size cap: 8 MB through a 1 MB limit. */
    apicc_client_set_max_response_bytes(c, 1u << 20);
    char path[] = "/tmp/apicc-download-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0)
        close(fd);
    d.to_path = path;
    p.n = 8 * 1000 * 1000;
    CHECK_INT(bodies_download(c, &p, &d), APICC_OK);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == 8 * 1000 * 1000);
    CHECK(d.len == 8u * 1000 * 1000 && d.data == NULL);
    unlink(path);

    counted k = {0, 1, 0};
    apicc_download cb = {.to_fn = count_chunk, .user = &k};
    CHECK_INT(bodies_download(c, &p, &cb), APICC_OK);
    CHECK(k.ok && k.bytes == 8u * 1000 * 1000 && cb.len == k.bytes);

    /* The callback may stop the transfer. */
    counted stop = {0, 1, 100000};
    apicc_download cb2 = {.to_fn = count_chunk, .user = &stop};
    CHECK_INT(bodies_download(c, &p, &cb2), APICC_ERR_TRANSPORT);
    CHECK(strstr(apicc_client_error(c)->message, "stopped"));

    /* Kept in memory, the cap applies. */
    apicc_download mem = {0};
    CHECK_INT(bodies_download(c, &p, &mem), APICC_ERR_TOO_LARGE);
    apicc_download_free(&mem);
    apicc_client_free(c);
}

TEST(text_answer)
{
    apicc_client *c = new_client();
    apicc_download d = {0};
    CHECK_INT(bodies_read_text(c, &d), APICC_OK);
    CHECK_STR(d.data, "hello, not json");
    CHECK(strncmp(d.content_type, "text/plain", 10) == 0);
    apicc_download_free(&d);
    apicc_client_free(c);
}

TEST(answers_by_status)
{
    apicc_client *c = new_client();
    bodies_by_status_result r = {0};
    bodies_by_status_params p = {.code = 201};
    CHECK_INT(bodies_by_status(c, &p, &r), APICC_OK);
    CHECK(r.status == 201 && r.status_201 && !r.status_200);
    CHECK_STR(r.status_201 ? r.status_201->status : NULL, "as asked");

    /* The same result reused: the earlier answer is freed. */
    p.code = 200;
    CHECK_INT(bodies_by_status(c, &p, &r), APICC_OK);
    CHECK(r.status == 200 && r.status_200 && !r.status_201);

    /* An error status with a documented answer: read, and still an
     * error. */
    p.code = 404;
    CHECK_INT(bodies_by_status(c, &p, &r), APICC_ERR_HTTP);
    CHECK(r.status == 404 && r.status_4xx && !r.status_200);
    CHECK_STR(r.status_4xx ? r.status_4xx->status : NULL, "as asked");

    /* `default` reads the rest, here as text. */
    p.code = 503;
    CHECK_INT(bodies_by_status(c, &p, &r), APICC_ERR_HTTP);
    CHECK(r.status == 503 && r.status_default.data &&
          strstr(r.status_default.data, "as asked"));
    bodies_by_status_result_free(&r);
    CHECK(r.status == 0 && r.status_default.data == NULL);
    apicc_client_free(c);
}

int main(void)
{
    if (apicc_global_init() != APICC_OK ||
        provider_server_start(&server, "http_server.py", NULL) != 0) {
        printf("FAIL setup: cannot start the test server\n");
        printf("0 passed, 1 failed\n");
        return 1;
    }
    provider_url(base, sizeof base, "http", server.port, NULL);
    RUN(form_body_bytes_follow_whatwg_and_openapi_styles);
    RUN(multipart_parts_follow_rfc7578);
    RUN(raw_and_text_bodies);
    RUN(scalar_json_bodies_and_answers);
    RUN(post_without_body_sends_no_content_type);
    RUN(downloads_to_memory_file_and_callback);
    RUN(text_answer);
    RUN(answers_by_status);
    test_server_stop(&server);
    apicc_global_cleanup();
    return harness_report();
}
