/*
 * The time formats providers sign: decimal milliseconds, seconds or
 * microseconds, ISO 8601 with or without milliseconds, the bare
 * "YYYY-MM-DDThh:mm:ss", AWS's "YYYYMMDDTHHMMSSZ" and its date.  All UTC,
 * from one clock reading per attempt, so every part of one request
 * carries the same instant.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sign_internal.h"

/* Days since 1970-01-01 to a civil date (proleptic Gregorian), without
 * gmtime's dependence on time_t's width or a time zone. */
static void civil(int64_t days, int64_t *y, int *m, int *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static const char *const formats[] = {"ms",       "s",    "us",  "iso8601",
                                      "iso8601_ms", "datetime", "aws", "date",
                                      NULL};

int apicc__time_format_ok(const char *format)
{
    for (size_t i = 0; format && formats[i]; i++)
        if (strcmp(format, formats[i]) == 0)
            return 1;
    return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int apicc__format_time(apicc__buf *out, int64_t ms, int64_t offset_s,
                       const char *format)
{
    if (!apicc__time_format_ok(format))
        return 0;
    ms += offset_s * 1000;
    char text[64];
    if (strcmp(format, "ms") == 0)
        snprintf(text, sizeof text, "%" PRId64, ms);
    else if (strcmp(format, "s") == 0)
        snprintf(text, sizeof text, "%" PRId64, floor_div(ms, 1000));
    else if (strcmp(format, "us") == 0)
        snprintf(text, sizeof text, "%" PRId64, ms * 1000);
    else {
        int64_t secs = floor_div(ms, 1000), days = floor_div(secs, 86400);
        int64_t rem = secs - days * 86400, y;
        int mo, d;
        civil(days, &y, &mo, &d);
        int h = (int)(rem / 3600), mi = (int)(rem / 60 % 60),
            s = (int)(rem % 60), frac = (int)(ms - secs * 1000);
        if (strcmp(format, "aws") == 0)
            snprintf(text, sizeof text, "%04" PRId64 "%02d%02dT%02d%02d%02dZ",
                     y, mo, d, h, mi, s);
        else if (strcmp(format, "date") == 0)
            snprintf(text, sizeof text, "%04" PRId64 "%02d%02d", y, mo, d);
        else if (strcmp(format, "iso8601_ms") == 0)
            snprintf(text, sizeof text,
                     "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d,
                     h, mi, s, frac);
        else
            snprintf(text, sizeof text,
                     "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h,
                     mi, s, strcmp(format, "iso8601") == 0 ? "Z" : "");
    }
    apicc__buf_puts(out, text);
    return !out->failed;
}

int64_t apicc__nonce_base(int64_t ms, const char *unit)
{
    if (!unit || strcmp(unit, "ms") == 0)
        return ms;
    if (strcmp(unit, "us") == 0)
        return ms * 1000;
    if (strcmp(unit, "s") == 0)
        return floor_div(ms, 1000);
    if (strcmp(unit, "count") == 0)
        return 0;
    return -1;
}
