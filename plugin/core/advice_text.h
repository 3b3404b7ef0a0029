// The one-line texts the plugin shows: Expert Info summaries and the Info column note. Wireshark cuts
// labels at 240 bytes (ITEM_LABEL_LENGTH), possibly inside a UTF-8 sequence; these stay within it whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "causes.h"
#include "codes.h"
#include "rules.h"
#include "ui.h"
#include "warnings.h"

namespace sipadvice {

constexpr size_t kLabelBytes = 240;  // Wireshark's ITEM_LABEL_LENGTH, NUL included
// The details pane shows an expert item as "Expert Info (Warning/Response): <summary>": the longest prefix.
constexpr size_t kExpertPrefixBytes = sizeof("Expert Info (Warning/Response): ") - 1;

// A summary in a caller's buffer (on the stack: no allocation per packet), NUL-terminated. A summary too
// long for the details pane to show whole after its "Expert Info (...): " prefix is cut between two
// characters and ends with "…".
using SummaryBuffer = char[kLabelBytes];

// Summaries are made from the UI catalogue's summary-* phrases (data/ui.ini, translated in data/i18n/).
// "430 Flow Failed: <meaning> Fix: <fix>", "200 OK to REGISTER: ..." for a per-method text (for invalid codes:
// "999 Invalid status code: ..."). Codes have theirs made once, when the knowledge is loaded
// (CodeText::summary); class texts need the code.
const char* response_summary(const UiCatalogue& ui, const CodeInfo& info, SummaryBuffer& out);
std::string response_summary(const UiCatalogue& ui, const CodeInfo& info);

// "430 after 204: <rule summary>". No frame number: the Expert Information dialog groups items by summary
// (and tshark's expert tap searches its list of distinct summaries linearly, so one per contrast would
// make it quadratic); the earlier frame is in sipadvice.contrast.earlier_frame and the subtree's label.
const char* contrast_summary(const UiCatalogue& ui, uint32_t later_code, uint32_t earlier_code, const Rule& rule, SummaryBuffer& out);
// "BYE after 200: <rule summary>", for a contrast found on a request.
const char* contrast_summary(const UiCatalogue& ui, std::string_view later_method, uint32_t earlier_code, const Rule& rule,
                             SummaryBuffer& out);

// Any composed text as an Expert Info summary: whole when it fits, else cut between characters with "…".
const char* summary_of(std::string_view text, SummaryBuffer& out);

// "Q.850 17 User busy: <meaning>", made once per cause by the catalogue.
std::string cause_summary(const UiCatalogue& ui, const CauseText& cause);
// "Warning 305 Incompatible media format: <meaning>"; codes outside the registry: "Warning 392 (unregistered): ...".
const char* warning_summary(const UiCatalogue& ui, uint32_t code, const WarningText& w, SummaryBuffer& out);
std::string warning_summary(const UiCatalogue& ui, uint32_t code, const WarningText& w);

}  // namespace sipadvice
