// Every difference between the Wireshark versions we build against (4.0, 4.2+), in one place.
#pragma once

#include <ws_version.h>

#define SIPADVICE_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

// 4.2 added plugin_describe() (plugin.cpp). The plugin reads no field values (only the byte range of the
// `sip` item), so the 4.2 change of field_info::value to a pointer does not concern it.
