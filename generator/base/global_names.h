/*
 * Every global C name a spec gives generated code, derived in this one
 * place: the validator checks these names for clashes, the importer
 * keeps them free when it picks C names, and the view hands each to the
 * templates under its view key, so no template glues a suffix on.
 *
 * A name is a stem and a suffix.  The stems are C names made by cname.h
 * (the spec's name in snake_case, or its `c_name:`) behind the provider
 * prefix: "<p>_<model>", "<p>_<endpoint>", "<p>" itself.  Adding a
 * generated function of a model, say, is one row in the model table
 * below: the validator and the importer see it at once, and templates
 * read it under the row's view key.
 */
#ifndef APICC_GEN_GLOBAL_NAMES_H
#define APICC_GEN_GLOBAL_NAMES_H

#include <stddef.h>

/* One global name of an item: stem + suffix, read by templates under
 * view_key. */
typedef struct gname_form {
    const char *view_key;
    const char *suffix;
} gname_form;

/* A list of forms. */
typedef struct gname_forms {
    const gname_form *v;
    size_t n;
} gname_forms;

/* Stem "<p>": the provider's functions. */
extern const gname_forms gname_provider;
/* Stem "<p>_<model>": an object model's type and functions. */
extern const gname_forms gname_object;
/* Stem "<p>_<model>": an enum model's type and functions. */
extern const gname_forms gname_enum;
/* Stem "<p>_<model>": a union model's type, functions and tag type. */
extern const gname_forms gname_union;
/* Stem "<p>_<endpoint>": the endpoint's function. */
extern const gname_forms gname_endpoint;
/* Stem "<p>_<endpoint>": what an endpoint with params adds. */
extern const gname_forms gname_endpoint_params;
/* Stem "<p>_<endpoint>": what a paginated endpoint adds (the pager, its
 * typed next page, the walk over items and the item callback type). */
extern const gname_forms gname_endpoint_pages;
/* Stem "<p>_<endpoint>": what a streaming endpoint adds (the type of
 * its event callback). */
extern const gname_forms gname_endpoint_stream;
/* Stem "<p>_<endpoint>": what an HTTP endpoint that is not a stream adds
 * (the call started on a multi, and its completion callback's type). */
extern const gname_forms gname_endpoint_start;

/* Stem "<p>_<event>": a WebSocket event's handler type. */
extern const gname_forms gname_event;
/* The infix of the function that sets an event's handler:
 * "<p>" + this + "<event>". */
#define GNAME_EVENT_ON_INFIX "_on_"

/* The infix of a credential setter: "<p>" + this + "<auth>". */
#define GNAME_SETTER_INFIX "_set_"
/* The enum constant every enum has for a value it does not list:
 * "<P>_<ENUM>_" + this. */
#define GNAME_UNKNOWN_VALUE "UNKNOWN"
/* The tag constant of a nullable union's null: "<P>_<UNION>_" + this. */
#define GNAME_NULL_VALUE "NULL"
/* The infix of a union's accessor: "<p>_<union>" + this + "<alt>". */
#define GNAME_UNION_ACCESSOR_INFIX "_as_"
/* The suffix of the model name (a spec name, not a C name) that the
 * loader and the importer give an endpoint's inline array response:
 * "<endpoint>" + this. */
#define GNAME_LIST_MODEL_SUFFIX "_response"

/* a + b + c, malloc'd; NULL when out of memory. */
char *gname_join(const char *a, const char *b, const char *c);

/* The stem of an item: "<prefix>_<c_name>" (malloc'd, or NULL). */
char *gname_stem(const char *prefix, const char *c_name);

/* "<prefix>_on_<event_c_name>" (malloc'd, or NULL). */
char *gname_event_on(const char *prefix, const char *event_c_name);

/* "<prefix>_set_<auth_c_name>" (malloc'd, or NULL). */
char *gname_setter(const char *prefix, const char *auth_c_name);

/* "<UPPER_ENUM_TYPE>_<VALUE>" from the upper-case C type of the enum and
 * the value's upper-case C name (malloc'd, or NULL). */
char *gname_enum_constant(const char *upper_type, const char *upper_value);

/* "<union_type>_as_<alt_c_name>" (malloc'd, or NULL). */
char *gname_union_accessor(const char *union_type, const char *alt_c_name);

/* The spec name of an endpoint's list model: "<endpoint>_response"
 * (malloc'd, or NULL). */
char *gname_list_model(const char *endpoint);

#endif
