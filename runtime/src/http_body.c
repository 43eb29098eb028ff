/*
 * The request body on the libcurl handle: bytes in memory, a file read
 * as it is sent, or a multipart/form-data body built with libcurl's MIME
 * API from a model (a text part per scalar member, a JSON part per
 * object, a file part per APICC_F_FILE member, read from its path while
 * sending).  Nothing here reads a whole file into memory.
 *
 * Layer: the HTTP transport (http_internal.h).  Every attempt sets the
 * body up again (a file is opened again, so a retried call sends it
 * whole) and releases it when the attempt ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http_internal.h"

/* libcurl's read callback over the upload file. */
static size_t read_upload(char *to, size_t size, size_t n, void *ud)
{
    FILE *f = ud;
    size_t got = fread(to, 1, size * n, f);
    return got == 0 && ferror(f) ? CURL_READFUNC_ABORT : got;
}

/* The last segment of a path, for a part's filename. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *part_type(const apicc__payload *p,
                             const apicc_field_desc *f, const char *fallback)
{
    for (size_t i = 0; i < p->nencoding; i++)
        if (p->encoding[i].json_name && p->encoding[i].content_type &&
            strcmp(p->encoding[i].json_name, f->json_name) == 0)
            return p->encoding[i].content_type;
    return fallback;
}

/* A file part; 0 when libcurl refused it or the file cannot be read. */
static int add_file(struct apicc__http_state *s, const apicc__payload *p,
                    const apicc_field_desc *f, const apicc_file *file,
                    char *err, size_t errlen)
{
    curl_mimepart *part = curl_mime_addpart(s->mime);
    CURLcode rc = part ? curl_mime_name(part, f->json_name) : CURLE_OUT_OF_MEMORY;
    const char *type =
        file->content_type
            ? file->content_type
            : part_type(p, f, "application/octet-stream");
    if (rc == CURLE_OK && file->path) {
        struct stat st;
        if (stat(file->path, &st) != 0 || !S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "multipart file \"%.64s\" cannot be read",
                     f->json_name);
            return 0;
        }
        rc = curl_mime_filedata(part, file->path);
        if (rc == CURLE_OK)
            rc = curl_mime_filename(part, file->filename
                                              ? file->filename
                                              : base_name(file->path));
    } else if (rc == CURLE_OK) {
        rc = curl_mime_data(part, file->data ? file->data : "",
                            file->data ? file->len : 0);
        if (rc == CURLE_OK)
            rc = curl_mime_filename(part, file->filename ? file->filename
                                                         : "file");
    }
    if (rc == CURLE_OK)
        rc = curl_mime_type(part, type);
    if (rc != CURLE_OK)
        snprintf(err, errlen, "multipart file \"%.64s\": %s", f->json_name,
                 curl_easy_strerror(rc));
    return rc == CURLE_OK;
}

/* A part of text (a scalar) or JSON (an object, raw JSON). */
static int add_value(struct apicc__http_state *s, const apicc__payload *p,
                     const apicc_field_desc *f, const void *slot, char *err,
                     size_t errlen)
{
    char num[APICC__NUMBER_MAX];
    const char *text = NULL;
    size_t len = 0;
    char *json = NULL;
    const char *type = NULL;
    if (f->kind == APICC_F_FILE) {
        const apicc_file *file = *(const apicc_file *const *)slot;
        if (file)
            return add_file(s, p, f, file, err, errlen);
        snprintf(err, errlen, "multipart member \"%.64s\" has a NULL file",
                 f->json_name);
        return 0;
    }
    if (f->kind == APICC_F_OBJECT || f->kind == APICC_F_ANY) {
        cJSON *tree = NULL;
        if (f->kind == APICC_F_OBJECT)
            tree = apicc_model_to_json(f->model,
                                       *(const void *const *)slot);
        json = cJSON_PrintUnformatted(
            tree ? tree : *(const cJSON *const *)slot);
        cJSON_Delete(tree);
        if (!json) {
            snprintf(err, errlen, "out of memory");
            return 0;
        }
        text = json;
        len = strlen(json);
        type = "application/json";
    } else if (!apicc__field_text(f, slot, num, &text, &len)) {
        snprintf(err, errlen, "multipart member \"%.64s\" has no value",
                 f->json_name);
        return 0;
    }
    curl_mimepart *part = curl_mime_addpart(s->mime);
    CURLcode rc = part ? curl_mime_name(part, f->json_name) : CURLE_OUT_OF_MEMORY;
    if (rc == CURLE_OK)
        rc = curl_mime_data(part, text, len); /* copied */
    type = part_type(p, f, type);
    if (rc == CURLE_OK && type)
        rc = curl_mime_type(part, type);
    if (json)
        cJSON_free(json);
    if (rc != CURLE_OK)
        snprintf(err, errlen, "multipart member \"%.64s\": %s", f->json_name,
                 curl_easy_strerror(rc));
    return rc == CURLE_OK;
}

static size_t elem_size(apicc_field_kind k)
{
    switch (k) {
    case APICC_F_INT:
        return sizeof(int64_t);
    case APICC_F_NUMBER:
        return sizeof(double);
    case APICC_F_BOOL:
        return sizeof(bool);
    case APICC_F_ENUM:
        return sizeof(int);
    default:
        return sizeof(void *);
    }
}

/* A part per present member; an array gives a part per element, under
 * the member's name. */
static int build_mime(struct apicc__http_state *s, const apicc__payload *p,
                      char *err, size_t errlen)
{
    s->mime = curl_mime_init(s->h);
    if (!s->mime) {
        snprintf(err, errlen, "out of memory");
        return 0;
    }
    const apicc_model_desc *d = p->model;
    for (size_t i = 0; d && p->value && i < d->nfields; i++) {
        const apicc_field_desc *f = &d->fields[i];
        if (!apicc__field_present(f, p->value))
            continue;
        const char *at = (const char *)p->value + f->offset;
        if (f->shape == APICC_SHAPE_SINGLE) {
            if (!add_value(s, p, f, at, err, errlen))
                return 0;
            continue;
        }
        const char *items = *(const char *const *)(const void *)at;
        size_t n = *(const size_t *)(const void *)((const char *)p->value +
                                                   f->count_offset);
        for (size_t k = 0; k < n && items; k++)
            if (!add_value(s, p, f, items + k * elem_size(f->kind), err,
                           errlen))
                return 0;
    }
    return 1;
}

CURLcode apicc__http_set_body(struct apicc__http_state *s,
                              const apicc__payload *p, char *err,
                              size_t errlen)
{
    CURL *h = s->h;
    err[0] = '\0';
    switch (p ? p->kind : APICC__PAYLOAD_NONE) {
    case APICC__PAYLOAD_MEMORY: {
        CURLcode rc = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                                       (curl_off_t)p->len);
        if (rc == CURLE_OK)
            rc = curl_easy_setopt(h, CURLOPT_POSTFIELDS,
                                  p->data ? p->data : "");
        return rc;
    }
    case APICC__PAYLOAD_FILE: {
        struct stat st;
        s->upload = fopen(p->path, "rb");
        if (!s->upload || fstat(fileno(s->upload), &st) != 0 ||
            !S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "the body file cannot be read");
            return CURLE_READ_ERROR;
        }
        CURLcode rc = curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
        if (rc == CURLE_OK)
            rc = curl_easy_setopt(h, CURLOPT_POST, 1L);
        if (rc == CURLE_OK)
            rc = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                                  (curl_off_t)st.st_size);
        if (rc == CURLE_OK)
            rc = curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
        if (rc == CURLE_OK)
            rc = curl_easy_setopt(h, CURLOPT_READDATA, s->upload);
        return rc;
    }
    case APICC__PAYLOAD_MULTIPART:
        if (!build_mime(s, p, err, errlen))
            return CURLE_READ_ERROR;
        return curl_easy_setopt(h, CURLOPT_MIMEPOST, s->mime);
    case APICC__PAYLOAD_NONE:
        break;
    }
    /* A body-less POST, PUT or PATCH still says Content-Length: 0. */
    CURLcode rc = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                                   (curl_off_t)0);
    if (rc == CURLE_OK)
        rc = curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
    return rc;
}

void apicc__http_release_body(struct apicc__http_state *s)
{
    /* libcurl must keep no pointer to a body the caller frees */
    curl_easy_setopt(s->h, CURLOPT_POSTFIELDS, NULL);
    if (s->mime) {
        curl_easy_setopt(s->h, CURLOPT_MIMEPOST, NULL);
        curl_mime_free(s->mime);
        s->mime = NULL;
    }
    if (s->upload) {
        curl_easy_setopt(s->h, CURLOPT_READFUNCTION, NULL);
        curl_easy_setopt(s->h, CURLOPT_READDATA, NULL);
        fclose(s->upload);
        s->upload = NULL;
    }
}
