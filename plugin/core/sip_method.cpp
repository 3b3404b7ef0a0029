// SIP method names to ids and back.
#include "sip_method.h"

#include <array>

namespace sipadvice {

namespace {
constexpr std::array<const char*, kMethodCount> kNames = {
    "other", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "SUBSCRIBE", "NOTIFY",
    "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",
};
}  // namespace

Method method_from_name(std::string_view name)
{
    // Fifteen short compares: called once per response, cheaper than building a hash.
    for (unsigned i = 1; i < kMethodCount; ++i) {
        if (name == kNames[i])
            return static_cast<Method>(i);
    }
    return Method::other;
}

const char* method_name(Method m)
{
    const auto i = static_cast<unsigned>(m);
    return i < kMethodCount ? kNames[i] : kNames[0];
}

}  // namespace sipadvice
