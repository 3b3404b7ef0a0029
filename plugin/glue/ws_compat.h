// Every difference between the Wireshark versions we build against (4.0, 4.2+), in one place.
#pragma once

#include <ws_version.h>
#include <epan/ftypes/ftypes.h>
#include <epan/proto.h>

#define SIPADVICE_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

namespace sipadvice::ws {

// 4.2 made field_info::value a pointer.
#if SIPADVICE_WS_AT_LEAST(4, 2)
inline fvalue_t* value_of(field_info* fi) { return fi->value; }
#else
inline fvalue_t* value_of(field_info* fi) { return &fi->value; }
#endif

inline const char* string_of(field_info* fi)
{
    const char* s = fvalue_get_string(value_of(fi));
    return s ? s : "";
}

inline uint32_t uint_of(field_info* fi) { return fvalue_get_uinteger(value_of(fi)); }

// FT_BOOLEAN values are 64-bit in 4.0 and later.
inline bool bool_of(field_info* fi) { return fvalue_get_uinteger64(value_of(fi)) != 0; }

}  // namespace sipadvice::ws
