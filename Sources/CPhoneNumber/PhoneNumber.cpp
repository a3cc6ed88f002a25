// Phone numbers for the `phone` question type (flow-format.md §2), over libphonenumber.
#include "CPhoneNumber.h"
#include <phonenumbers/phonenumberutil.h>
#include <cstring>
#include <string>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" int flowc_phone_parse(const char *text, const char *region, char *out, size_t out_size,
                                 int *type, char *region_out) {
    if (text == nullptr || region == nullptr || out == nullptr || out_size == 0) return 0;
    const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    std::string defaultRegion(region);
    if (defaultRegion.empty()) defaultRegion = "ZZ";
    if (util->Parse(std::string(text), defaultRegion, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return 0;
    if (!util->IsValidNumber(number)) return 0;
    std::string formatted;
    util->Format(number, PhoneNumberUtil::E164, &formatted);
    if (formatted.size() + 1 > out_size) return 0;
    std::memcpy(out, formatted.c_str(), formatted.size() + 1);
    if (type != nullptr) *type = static_cast<int>(util->GetNumberType(number));
    if (region_out != nullptr) {
        std::string code;
        util->GetRegionCodeForNumber(number, &code);
        if (code.size() != 2) code = "ZZ";
        std::memcpy(region_out, code.c_str(), 3);
    }
    return 1;
}

extern "C" int flowc_phone_to_e164(const char *text, const char *region, char *out, size_t out_size) {
    return flowc_phone_parse(text, region, out, out_size, nullptr, nullptr);
}
