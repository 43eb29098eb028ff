/*
 * APICC_API marks the functions libapicc exports; everything else in the
 * library is built with hidden visibility.
 */
#ifndef APICC_EXPORT_H
#define APICC_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define APICC_API __attribute__((visibility("default")))
#else
#define APICC_API
#endif

#endif
