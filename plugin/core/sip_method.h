// SIP request methods as small ids, so per-response state stores one byte instead of a string.
#pragma once

#include <cstdint>
#include <string_view>

namespace sipadvice {

// Methods of RFC 3261 and its extensions that show up in CSeq. Anything else is `other`.
enum class Method : uint8_t {
    other = 0,
    INVITE, ACK, BYE, CANCEL, REGISTER, OPTIONS, PRACK, SUBSCRIBE, NOTIFY, PUBLISH, INFO, REFER,
    MESSAGE, UPDATE,
};
constexpr unsigned kMethodCount = 15;

// A set of methods as a bit mask; an empty set in a rule means "any method".
using MethodSet = uint16_t;
static_assert(kMethodCount <= 16, "MethodSet must hold a bit per method");

constexpr MethodSet method_bit(Method m) { return static_cast<MethodSet>(1u << static_cast<unsigned>(m)); }

// Exact, case-sensitive match as RFC 3261 §7.1 says method names are (unknown names give `other`).
Method method_from_name(std::string_view name);

// Upper-case name, "other" for Method::other.
const char* method_name(Method m);

// True for methods whose 1xx-with-tag/2xx responses create a dialog (RFC 3261 §12.1, RFC 6665 §4.1.2.4).
constexpr bool method_creates_dialog(Method m)
{
    return m == Method::INVITE || m == Method::SUBSCRIBE || m == Method::REFER || m == Method::NOTIFY;
}

}  // namespace sipadvice
