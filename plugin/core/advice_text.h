// The one-line texts the plugin shows: Expert Info summaries and the Info column note. Wireshark cuts
// labels at 240 bytes (ITEM_LABEL_LENGTH), possibly inside a UTF-8 sequence; these stay within it whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "knowledge.h"

namespace sipadvice {

constexpr size_t kLabelBytes = 240;  // Wireshark's ITEM_LABEL_LENGTH, NUL included
// The details pane shows an expert item as "Expert Info (Warning/Response): <summary>": the longest prefix.
constexpr size_t kExpertPrefixBytes = sizeof("Expert Info (Warning/Response): ") - 1;

// Cuts `s` to at most `max_bytes` bytes at a character boundary, ending with "…" when cut.
void truncate_utf8(std::string& s, size_t max_bytes);

// "430 Flow Failed: <meaning> Fix: <fix>" (for invalid codes: "999 Invalid status code: ..."), cut so that
// the details pane shows it whole after its "Expert Info (...): " prefix.
std::string response_summary(const CodeInfo& info);

// "430 after 204: <rule summary>". No frame number: the Expert Information dialog groups items by summary
// (and tshark's expert tap searches its list of distinct summaries linearly, so one per contrast would
// make it quadratic); the frame is in the item's row and in sipadvice.contrast.earlier_frame.
std::string contrast_summary(uint32_t later_code, uint32_t earlier_code, const Rule& rule);

}  // namespace sipadvice
