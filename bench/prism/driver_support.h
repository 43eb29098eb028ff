/*
 * Plausible values for the Prism corpus driver (bench/prism_corpus.sh):
 * what driver.c.mustache fills a call with, found from the operation's
 * own tables (apicc_operation, apicc_model_desc) and a table of the
 * document's values (values.py), so one piece of C serves every document.
 * Where the table has no value: a string is "x", an enum its first value,
 * a number 1, a boolean true; an array holds one such value; a body or
 * object param has its required members and no other.  bench/README.md
 * says more.
 */
#ifndef DRIVER_SUPPORT_H
#define DRIVER_SUPPORT_H

#include <apicc/model.h>
#include <apicc/stream.h>
#include <apicc/transfer.h>

/* The document's values (bench/prism/values.py writes the table): the
 * endpoint, the param's wire name ("" for the body), the value as JSON.
 * The table ends with a row of NULLs. */
typedef struct drv_value {
    const char *endpoint;
    const char *param;
    const char *json;
} drv_value;

void drv_use_values(const drv_value *table);

/* Sets every required param of endpoint `name` in the params struct
 * `params` of `op` (and optional arrays the document gives a value). */
void drv_fill_params(const apicc_operation *op, void *params,
                     const char *name);

/* A body of model `d`: the document's value for endpoint `name`, or
 * when it gives none or it does not fit, the model's required members.
 * Free it with apicc_model_free(d, body).  NULL when nothing fits. */
void *drv_body(const apicc_model_desc *d, const char *name);

/* The bytes sent where a body is a file. */
extern const apicc_file drv_file;

/* Prints the outcome of call number `n` as one tab-separated line:
 * CALL n name method path http_status apicc_status message body. */
void drv_report(apicc_client *c, int n, const char *name,
                const char *method, const char *path, apicc_status st);

/* Frees what drv_fill_params allocated (object and JSON params). */
void drv_release(void);

#endif
