#include "CPhoneNumber.h"
#include <phonenumbers/phonenumberutil.h>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" int flowc_phone_to_e164(const char *text, const char *region, char *out, size_t out_size) {
    if (text == nullptr || region == nullptr || out == nullptr || out_size == 0) return 0;
    PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util->Parse(std::string(text), std::string(region), &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 0;
    if (!util->IsValidNumber(number)) return 0;
    std::string formatted;
    util->Format(number, PhoneNumberUtil::E164, &formatted);
    if (formatted.size() + 1 > out_size) return 0;
    std::memcpy(out, formatted.c_str(), formatted.size() + 1);
    return 1;
}
