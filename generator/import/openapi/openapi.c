/*
 * Importing an OpenAPI 3.0/3.1 or Swagger 2.0 document: which version it
 * is, the title and version, the provider name, the servers, and the
 * order of the rest (security schemes, named schemas, operations, the
 * default error model).  See openapi.h for the parts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/diag.h"
#include "import/import_doc.h"
#include "import/openapi/openapi.h"

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static int detect_version(oa_ctx *c)
{
    /* `swagger: 2.0` unquoted is a YAML number: read scalars as text. */
    char t1[64], t2[64];
    const char *oa = imp_scalar_text(get(c->root, "openapi"), t1, sizeof t1);
    const char *sw = imp_scalar_text(get(c->root, "swagger"), t2, sizeof t2);
    if (oa && strncmp(oa, "3.0", 3) == 0)
        return 30;
    if (oa && strncmp(oa, "3.", 2) == 0) {
        if (strncmp(oa, "3.1", 3) != 0)
            oa_warn(c, "OpenAPI %s is read as 3.1", oa);
        return 31;
    }
    if (sw && strcmp(sw, "2.0") == 0)
        return 20;
    if (oa)
        diag_error(c->d, c->file, 0, 0, "OpenAPI version '%s' is not "
                                        "supported (3.0 and 3.1 are)", oa);
    else if (sw)
        diag_error(c->d, c->file, 0, 0, "Swagger version '%s' is not "
                                        "supported (2.0 is)", sw);
    else
        diag_error(c->d, c->file, 0, 0, "not an OpenAPI 3.x or Swagger 2.0 "
                                        "document: no 'openapi' or "
                                        "'swagger' key");
    return 0;
}

/* ---- the document --------------------------------------------------- */

static void info(oa_ctx *c, const char *provider)
{
    imp_spec *sp = c->sp;
    const cJSON *in = get(c->root, "info");
    const char *title = imp_get_str(in, "title");
    char tmp[64];
    const char *version = imp_scalar_text(get(in, "version"), tmp,
                                          sizeof tmp);
    sp->title = imp_save(sp, title && title[0] ? title : "API");
    if (!title || !title[0])
        oa_warn(c, "no info.title; the title is \"API\"");
    sp->version = imp_save(sp, version);
    sp->description = imp_text(sp, imp_get_str(in, "description"));
    if (provider) {
        sp->provider = imp_save(sp, provider);
    } else {
        oa_provider(c, title);
    }
}

/* A client sends requests; webhooks are requests it would receive, so
 * none becomes an endpoint.  Each is reported, not dropped in silence. */
static void webhooks(oa_ctx *c)
{
    const cJSON *w;
    oa_pop(c, 0);
    oa_push(c, "webhooks");
    cJSON_ArrayForEach(w, get(c->root, "webhooks"))
    {
        size_t len = oa_push(c, w->string);
        oa_warn(c, "webhook not imported: a client does not receive "
                   "requests (--all-models keeps the schemas)");
        oa_pop(c, len);
    }
    oa_pop(c, 0);
}

static void header(oa_ctx *c)
{
    imp_spec *sp = c->sp;
    const char *kind = c->version == 20 ? "Swagger" : "OpenAPI";
    char tmp[64];
    const char *v = imp_scalar_text(
        get(c->root, c->version == 20 ? "swagger" : "openapi"), tmp,
        sizeof tmp);
    imp_note(sp, &sp->header, "Imported by apicc import openapi from %s "
                              "(%s %s).", c->file, kind, v ? v : "");
    imp_note(sp, &sp->header, "Comments marked \"guessed\" say where the "
                              "importer guessed; what it could not");
    imp_note(sp, &sp->header, "map it reported as warnings.");
}

/* What the spec keeps of the operations, bodies and responses counted
 * while reading (params are counted as they are added). */
static void tally(oa_ctx *c)
{
    imp_spec *sp = c->sp;
    sp->present.schemas = c->ncomps;
    sp->kept.schemas = c->ncomps; /* less those left out unused, later */
    sp->kept.operations = sp->nendpoints;
    for (size_t i = 0; i < sp->nendpoints; i++) {
        const imp_endpoint *e = &sp->endpoints[i];
        sp->kept.bodies += e->body != IMP_NONE || e->body_media ||
                           e->body_list;
        sp->kept.responses += e->response != IMP_NONE || e->response_list ||
                              e->response_media || e->nresponses;
    }
}

static void ctx_free(oa_ctx *c)
{
    buf_free(&c->ptr);
    oa_refs_free(c);
    oa_schemas_free(c);
    imp_map_free(&c->comp_by_node);
    imp_map_free(&c->hoisted);
    imp_map_free(&c->union_by_shape);
    imp_map_free(&c->model_names);
    imp_map_free(&c->endpoint_names);
    imp_map_free(&c->schemes);
    imp_map_free(&c->warned);
    oa_pagination_free(c);
}

int oa_import(const cJSON *root, const char *file, const char *provider,
              int all_models, imp_spec *sp, struct diag *d)
{
    oa_ctx c;
    memset(&c, 0, sizeof c);
    c.sp = sp;
    c.d = d;
    c.file = file;
    c.root = root;
    if (!cJSON_IsObject(root)) {
        diag_error(d, file, 0, 0, "not an OpenAPI document: the top level "
                                  "is no mapping");
        return -1;
    }
    c.version = detect_version(&c);
    if (!c.version)
        return -1;
    c.consumes = get(root, "consumes");
    c.produces = get(root, "produces");
    oa_servers(&c); /* first: the provider name may come from the host */
    info(&c, provider);
    oa_security_schemes(&c);
    oa_push(&c, "security");
    oa_security_list(&c, get(root, "security"), &sp->default_auth,
                     &sp->default_auth_joined, &sp->ndefault_auth);
    oa_pop(&c, 0);
    oa_schemas(&c);
    oa_operations(&c);
    webhooks(&c);
    oa_schemas_fill(&c, all_models);
    oa_params_check(&c);
    oa_pagination(&c);
    oa_default_errors(&c);
    oa_file_members(&c);
    header(&c);
    tally(&c);
    ctx_free(&c);
    if (sp->oom) {
        diag_error(d, file, 0, 0, "out of memory");
        return -1;
    }
    if (sp->nendpoints == 0 && !(all_models && sp->nmodels)) {
        diag_error(d, file, 0, 0, "no operations to import%s",
                   sp->nmodels ? " (--all-models imports the schemas "
                                 "as models)" : "");
        return -1;
    }
    return 0;
}
