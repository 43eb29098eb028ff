/*
 * Param styles on the wire (param_encode.c) against the OpenAPI 3.1
 * "Style Examples" table: the param `color` as the primitive "blue", the
 * array ["blue","black","brown"] and the object {"R":100,"G":200,"B":150}
 * in every style, exploded and not, with the table's percent-encoding
 * (3.1.1: "%20", "%7C", "%5B"/"%5D").  Then RFC 3986's unreserved and
 * reserved sets in values, allowReserved, the commas of non-exploded
 * arrays, and RFC 6265 cookie values.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "param_encode_internal.h"

static const char *const colors[] = {"blue", "black", "brown"};
static const char *const keys[] = {"R", "G", "B"};
static const int64_t rgb[] = {100, 200, 150};

typedef enum shape { PRIMITIVE, ARRAY, OBJECT } shape;

static char out_text[512];

/* The text of param `color` in `shape`, or "ERR" when refused. */
static const char *enc(apicc_location in, apicc_param_style style,
                       int explode, shape sh)
{
    apicc_arg a[3];
    memset(a, 0, sizeof a);
    size_t n = sh == PRIMITIVE ? 1 : 3;
    for (size_t i = 0; i < n; i++) {
        a[i].name = "color";
        a[i].in = in;
        a[i].style = style;
        a[i].explode = explode;
        if (sh == OBJECT) {
            a[i].key = keys[i];
            a[i].type = APICC_T_INT;
            a[i].i = rgb[i];
        } else {
            a[i].type = APICC_T_STRING;
            a[i].s = colors[i];
            a[i].array = sh == ARRAY;
        }
    }
    CHECK_INT(apicc__param_group(a, 0, n), n);
    apicc__buf b = {0};
    const char *why = NULL;
    apicc_status st = apicc__encode_param(&b, a, n, &why);
    snprintf(out_text, sizeof out_text, "%s",
             st != APICC_OK ? "ERR" : b.data ? b.data : "");
    apicc__buf_free(&b);
    return out_text;
}

#define P APICC_IN_PATH
#define Q APICC_IN_QUERY

TEST(style_table_path)
{
    /* simple */
    CHECK_STR(enc(P, APICC_STYLE_SIMPLE, 0, PRIMITIVE), "blue");
    CHECK_STR(enc(P, APICC_STYLE_SIMPLE, 1, PRIMITIVE), "blue");
    CHECK_STR(enc(P, APICC_STYLE_SIMPLE, 0, ARRAY), "blue,black,brown");
    CHECK_STR(enc(P, APICC_STYLE_SIMPLE, 1, ARRAY), "blue,black,brown");
    CHECK_STR(enc(P, APICC_STYLE_SIMPLE, 0, OBJECT), "R,100,G,200,B,150");
    CHECK_STR(enc(P, APICC_STYLE_SIMPLE, 1, OBJECT), "R=100,G=200,B=150");
    /* label */
    CHECK_STR(enc(P, APICC_STYLE_LABEL, 0, PRIMITIVE), ".blue");
    CHECK_STR(enc(P, APICC_STYLE_LABEL, 1, PRIMITIVE), ".blue");
    CHECK_STR(enc(P, APICC_STYLE_LABEL, 0, ARRAY), ".blue,black,brown");
    CHECK_STR(enc(P, APICC_STYLE_LABEL, 1, ARRAY), ".blue.black.brown");
    CHECK_STR(enc(P, APICC_STYLE_LABEL, 0, OBJECT), ".R,100,G,200,B,150");
    CHECK_STR(enc(P, APICC_STYLE_LABEL, 1, OBJECT), ".R=100.G=200.B=150");
    /* matrix */
    CHECK_STR(enc(P, APICC_STYLE_MATRIX, 0, PRIMITIVE), ";color=blue");
    CHECK_STR(enc(P, APICC_STYLE_MATRIX, 1, PRIMITIVE), ";color=blue");
    CHECK_STR(enc(P, APICC_STYLE_MATRIX, 0, ARRAY),
              ";color=blue,black,brown");
    CHECK_STR(enc(P, APICC_STYLE_MATRIX, 1, ARRAY),
              ";color=blue;color=black;color=brown");
    CHECK_STR(enc(P, APICC_STYLE_MATRIX, 0, OBJECT),
              ";color=R,100,G,200,B,150");
    CHECK_STR(enc(P, APICC_STYLE_MATRIX, 1, OBJECT), ";R=100;G=200;B=150");
    /* query styles are not path styles */
    CHECK_STR(enc(P, APICC_STYLE_FORM, 0, PRIMITIVE), "ERR");
    CHECK_STR(enc(P, APICC_STYLE_DEEP_OBJECT, 1, OBJECT), "ERR");
}

TEST(style_table_query)
{
    /* form */
    CHECK_STR(enc(Q, APICC_STYLE_FORM, 0, PRIMITIVE), "color=blue");
    CHECK_STR(enc(Q, APICC_STYLE_FORM, 1, PRIMITIVE), "color=blue");
    CHECK_STR(enc(Q, APICC_STYLE_FORM, 0, ARRAY), "color=blue,black,brown");
    CHECK_STR(enc(Q, APICC_STYLE_FORM, 1, ARRAY),
              "color=blue&color=black&color=brown");
    CHECK_STR(enc(Q, APICC_STYLE_FORM, 0, OBJECT),
              "color=R,100,G,200,B,150");
    CHECK_STR(enc(Q, APICC_STYLE_FORM, 1, OBJECT), "R=100&G=200&B=150");
    /* spaceDelimited and pipeDelimited, not exploded */
    CHECK_STR(enc(Q, APICC_STYLE_SPACE_DELIMITED, 0, ARRAY),
              "color=blue%20black%20brown");
    CHECK_STR(enc(Q, APICC_STYLE_SPACE_DELIMITED, 0, OBJECT),
              "color=R%20100%20G%20200%20B%20150");
    CHECK_STR(enc(Q, APICC_STYLE_PIPE_DELIMITED, 0, ARRAY),
              "color=blue%7Cblack%7Cbrown");
    CHECK_STR(enc(Q, APICC_STYLE_PIPE_DELIMITED, 0, OBJECT),
              "color=R%7C100%7CG%7C200%7CB%7C150");
    /* deepObject */
    CHECK_STR(enc(Q, APICC_STYLE_DEEP_OBJECT, 1, OBJECT),
              "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150");
    CHECK_STR(enc(Q, APICC_STYLE_DEEP_OBJECT, 1, ARRAY), "ERR");
    /* the location's usual way: form, exploded */
    CHECK_STR(enc(Q, APICC_STYLE_DEFAULT, 0, ARRAY),
              "color=blue&color=black&color=brown");
    /* path styles are not query styles */
    CHECK_STR(enc(Q, APICC_STYLE_MATRIX, 0, PRIMITIVE), "ERR");
}

TEST(style_table_header_and_cookie)
{
    CHECK_STR(enc(APICC_IN_HEADER, APICC_STYLE_SIMPLE, 0, PRIMITIVE),
              "blue");
    CHECK_STR(enc(APICC_IN_HEADER, APICC_STYLE_SIMPLE, 0, ARRAY),
              "blue,black,brown");
    CHECK_STR(enc(APICC_IN_HEADER, APICC_STYLE_SIMPLE, 0, OBJECT),
              "R,100,G,200,B,150");
    CHECK_STR(enc(APICC_IN_HEADER, APICC_STYLE_SIMPLE, 1, OBJECT),
              "R=100,G=200,B=150");
    CHECK_STR(enc(APICC_IN_COOKIE, APICC_STYLE_FORM, 0, PRIMITIVE),
              "color=blue");
    CHECK_STR(enc(APICC_IN_COOKIE, APICC_STYLE_FORM, 0, ARRAY),
              "color=blue,black,brown");
    CHECK_STR(enc(APICC_IN_COOKIE, APICC_STYLE_FORM, 1, ARRAY),
              "color=blue; color=black; color=brown");
    CHECK_STR(enc(APICC_IN_COOKIE, APICC_STYLE_FORM, 1, OBJECT),
              "R=100; G=200; B=150");
    CHECK_STR(enc(APICC_IN_HEADER, APICC_STYLE_FORM, 0, PRIMITIVE), "ERR");
}

/* One value through one location and style. */
static const char *enc_value(apicc_location in, apicc_param_style style,
                             int allow_reserved, const char *v)
{
    apicc_arg a = {.name = "q", .in = in, .type = APICC_T_STRING, .s = v,
                   .style = style, .allow_reserved = allow_reserved};
    apicc__buf b = {0};
    apicc_status st = apicc__encode_param(&b, &a, 1, NULL);
    snprintf(out_text, sizeof out_text, "%s",
             st != APICC_OK ? "ERR" : b.data ? b.data : "");
    apicc__buf_free(&b);
    return out_text;
}

/* RFC 3986 2.3: the unreserved set stays; 2.2: every reserved character
 * in a value is encoded, unless allowReserved (then all but those that
 * would change the query's shape: '#', '&', '='). */
TEST(rfc3986_sets)
{
    CHECK_STR(enc_value(Q, APICC_STYLE_FORM, 0, "AZaz09-._~"),
              "q=AZaz09-._~");
    CHECK_STR(enc_value(Q, APICC_STYLE_FORM, 0, ":/?#[]@!$&'()*+,;="),
              "q=%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D");
    CHECK_STR(enc_value(Q, APICC_STYLE_FORM, 1, ":/?#[]@!$&'()*+,;="),
              "q=:/?%23[]@!$%26'()*+,;%3D");
    CHECK_STR(enc_value(Q, APICC_STYLE_FORM, 1, "a b%"), "q=a%20b%25");
    CHECK_STR(enc_value(P, APICC_STYLE_SIMPLE, 0, "a/b c"), "a%2Fb%20c");
    CHECK_STR(enc_value(Q, APICC_STYLE_FORM, 0, "\xc3\xa9"), "q=%C3%A9");
}

/* Non-exploded arrays: the commas between items are delimiters, a comma
 * inside an item is encoded ("labels=bug%2Cui" is one label). */
TEST(commas_between_and_inside_items)
{
    static const char *const items[] = {"bug,ui", "docs"};
    apicc_arg a[2];
    memset(a, 0, sizeof a);
    for (int i = 0; i < 2; i++) {
        a[i].name = "labels";
        a[i].in = Q;
        a[i].type = APICC_T_STRING;
        a[i].s = items[i];
        a[i].array = 1;
        a[i].style = APICC_STYLE_FORM;
    }
    apicc__buf b = {0};
    CHECK_INT(apicc__encode_param(&b, a, 2, NULL), APICC_OK);
    CHECK_STR(b.data, "labels=bug%2Cui,docs");
    apicc__buf_free(&b);
    CHECK_STR(enc_value(Q, APICC_STYLE_FORM, 0, "bug,ui"), "q=bug%2Cui");
}

/* RFC 6265 4.1.1: cookie-octet leaves out controls, space, '"', ',',
 * ';' and '\\'; such values are percent-encoded (and '%' with them, so
 * the server can decode), never refused. */
TEST(cookie_values_rfc6265)
{
    CHECK_STR(enc_value(APICC_IN_COOKIE, APICC_STYLE_FORM, 0, "a,b"),
              "q=a%2Cb");
    CHECK_STR(enc_value(APICC_IN_COOKIE, APICC_STYLE_FORM, 0,
                        "x; y=\"z\" \\%"),
              "q=x%3B%20y=%22z%22%20%5C%25");
    CHECK_STR(enc_value(APICC_IN_COOKIE, APICC_STYLE_FORM, 0, "a/b:c[d]"),
              "q=a/b:c[d]");
    CHECK_STR(enc_value(APICC_IN_COOKIE, APICC_STYLE_FORM, 0, "\r\n"),
              "q=%0D%0A");
}

/* Numbers, integers and booleans as the signed payloads write them. */
TEST(scalar_types)
{
    apicc_arg a = {.name = "n", .in = Q, .type = APICC_T_NUMBER, .d = 0.5,
                   .style = APICC_STYLE_FORM};
    apicc__buf b = {0};
    CHECK_INT(apicc__encode_param(&b, &a, 1, NULL), APICC_OK);
    CHECK_STR(b.data, "n=0.5");
    apicc__buf_free(&b);
    a.type = APICC_T_BOOL;
    a.b = 1;
    CHECK_INT(apicc__encode_param(&b, &a, 1, NULL), APICC_OK);
    CHECK_STR(b.data, "n=true");
    apicc__buf_free(&b);
    a.type = APICC_T_STRING;
    a.s = NULL;
    CHECK_INT(apicc__encode_param(&b, &a, 1, NULL), APICC_ERR_INVALID_ARG);
    apicc__buf_free(&b);
}

int main(void)
{
    RUN(style_table_path);
    RUN(style_table_query);
    RUN(style_table_header_and_cookie);
    RUN(rfc3986_sets);
    RUN(commas_between_and_inside_items);
    RUN(cookie_values_rfc6265);
    RUN(scalar_types);
    return harness_report();
}
