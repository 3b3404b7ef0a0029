// Every difference between the Wireshark versions we build against (4.0 and 4.2+; built and tested with
// 4.0.17 on Debian 12 and 4.4 on Debian 13), in one place.
#pragma once

#include <epan/prefs.h>
#include <epan/stat_groups.h>
#include <epan/stats_tree.h>
#include <ws_version.h>

#define SIPADVICE_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

// 4.2 added plugin_describe() (plugin.cpp). The plugin reads no field values (only the byte range of the
// `sip` item), so the 4.2 change of field_info::value to a pointer does not concern it.

// A boolean preference's variable: gboolean up to 4.0, bool from 4.2 on. Taken from the registration
// function's own signature, so it is right for whichever version the plugin is compiled against.
template <typename F>
struct PrefBoolOf;
template <typename R, typename V>
struct PrefBoolOf<R (*)(module_t*, const char*, const char*, const char*, V*)> {
    using type = V;
};
using pref_bool = PrefBoolOf<decltype(&prefs_register_bool_preference)>::type;

// The Telephony menu group of a statistics table: renamed in 4.1 (REGISTER_STAT_GROUP_TELEPHONY before).
#if SIPADVICE_WS_AT_LEAST(4, 1)
constexpr register_stat_group_t kTelephonyGroup = REGISTER_TELEPHONY_GROUP_UNSORTED;
#else
constexpr register_stat_group_t kTelephonyGroup = REGISTER_STAT_GROUP_TELEPHONY;
#endif

// A stats tree registered by a plugin. From 4.3 the registration returns its configuration and a plugin's tree may
// name its menu group: Telephony › SIP Advice. 4.0 lists plugins' trees in the Statistics menu only (by name).
inline void register_stats_tree_in_telephony(const char* tap, const char* abbr, const char* name, stat_tree_packet_cb packet,
                                             stat_tree_init_cb init)
{
#if SIPADVICE_WS_AT_LEAST(4, 3)
    stats_tree_cfg* cfg = stats_tree_register_plugin(tap, abbr, name, 0, packet, init, nullptr);
    stats_tree_set_group(cfg, REGISTER_TELEPHONY_GROUP_UNSORTED);
#else
    stats_tree_register_plugin(tap, abbr, name, 0, packet, init, nullptr);
#endif
}
