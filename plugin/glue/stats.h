// Statistics of the whole capture: a stats tree (Telephony › SIP Advice, tshark -z sipadvice,tree) and a table with
// one row per call (tshark -z sipadvice,calls), both fed by the plugin's own tap.
#pragma once

#include <epan/packet.h>

#include <cstdint>

#include "render.h"

namespace sipadvice::glue {

// What the tap gives its listeners for one frame: the frame's records and unanswered requests.
struct TapFrame {
    const Knowledge* knowledge;  // the file's, alive until the file is closed
    const Tracker* tracker;
    const ExtrasStore* extras;
    uint32_t first, last;        // records
    uint32_t unanswered_first, unanswered_last;
};

void register_statistics(int proto);
// The statistics' titles and column names in the knowledge's language (before a tree or table is made).
void set_statistics_language(const UiCatalogue& ui);
// After a frame was rendered: hands it to the listeners, if any.
void tap_frame(packet_info* pinfo, const RenderContext& context, uint32_t first, uint32_t last, uint32_t u_first,
               uint32_t u_last);

}  // namespace sipadvice::glue
