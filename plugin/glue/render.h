// Turning the core's stored results into tree items, Expert Info and Info-column notes, on every pass.
#pragma once

#include <epan/packet.h>

#include <cstdint>

#include "extras.h"
#include "knowledge.h"
#include "tracker.h"

namespace sipadvice::glue {

// What every render function reads: the file's knowledge, tracker and extras.
struct RenderContext {
    const Knowledge& knowledge;
    const Tracker& tracker;
    const ExtrasStore& extras;
};

// One record: a response (subtree, fields, Expert Info, contrast, causes, warnings, detail) or a request with
// something to show (its causes).
void render_record(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, uint32_t index);
// A request left unanswered (known once the capture was read: GUI, tshark -2).
void render_unanswered(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Unanswered& u);

}  // namespace sipadvice::glue
