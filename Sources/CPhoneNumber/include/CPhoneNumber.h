#ifndef CPHONENUMBER_H
#define CPHONENUMBER_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Parses `text` as a phone number with `region` (ISO 3166 alpha-2) as the default country.
/// On success writes the E.164 form (NUL-terminated) into `out` and returns 1; returns 0
/// when the text is not a valid number for any region.
int flowc_phone_to_e164(const char *text, const char *region, char *out, size_t out_size);

#ifdef __cplusplus
}
#endif
#endif
