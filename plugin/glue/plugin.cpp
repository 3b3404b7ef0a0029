// Plugin entry points: what Wireshark looks up in the module, and nothing else.
#include <epan/proto.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

#include "packet-sipadvice.h"
#include "ws_compat.h"

#if SIPADVICE_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

// C linkage and `extern`: a C++ const at namespace scope would otherwise have internal linkage and
// Wireshark would find no plugin_version symbol.
extern "C" {
WS_DLL_PUBLIC_DEF extern const char plugin_version[] = SIPADVICE_VERSION;
WS_DLL_PUBLIC_DEF extern const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF extern const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if SIPADVICE_WS_AT_LEAST(4, 2)
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif
}

void plugin_register(void)
{
    static proto_plugin plugin;
    plugin.register_protoinfo = proto_register_sipadvice;
    plugin.register_handoff = proto_reg_handoff_sipadvice;
    proto_register_plugin(&plugin);
}

#if SIPADVICE_WS_AT_LEAST(4, 2)
uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR; }
#endif
