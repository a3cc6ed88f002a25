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

/// The kind of line of a parsed number (libphonenumber's `PhoneNumberType`, same order).
enum {
    FLOWC_PHONE_FIXED_LINE = 0,
    FLOWC_PHONE_MOBILE = 1,
    FLOWC_PHONE_FIXED_LINE_OR_MOBILE = 2,
    FLOWC_PHONE_TOLL_FREE = 3,
    FLOWC_PHONE_PREMIUM_RATE = 4,
    FLOWC_PHONE_SHARED_COST = 5,
    FLOWC_PHONE_VOIP = 6,
    FLOWC_PHONE_PERSONAL_NUMBER = 7,
    FLOWC_PHONE_PAGER = 8,
    FLOWC_PHONE_UAN = 9,
    FLOWC_PHONE_VOICEMAIL = 10,
    FLOWC_PHONE_UNKNOWN = 11
};

/// Like `flowc_phone_to_e164`, and also reports the number's line type (a `FLOWC_PHONE_*`
/// value) in `*type` (when `type` is not NULL) and its region (two letters, NUL-terminated)
/// in `region_out` (when not NULL; needs 3 bytes). `region` may be "" or "ZZ": then only
/// numbers written in international form (`+54 …`) parse.
int flowc_phone_parse(const char *text, const char *region, char *out, size_t out_size,
                      int *type, char *region_out);

#ifdef __cplusplus
}
#endif
#endif
