// Readers of the header values that say more than the status code: every reason-value of a Reason header
// (RFC 3326) and every warning-value of a Warning header (RFC 3261 §20.43), and the one rule for showing text
// from the wire (valid UTF-8, no control characters, a sane length).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipadvice {

// One reason-value: `Q.850;cause=17;text="User busy"`.
struct ReasonValue {
    std::string protocol;  // as on the wire (a token), sanitised
    uint32_t cause = 0;
    bool has_cause = false;  // a cause parameter with digits (capped at 4294967295)
    std::string text;        // the text parameter without its quotes, sanitised; "" when absent
};

// One warning-value: `305 host "Incompatible media format"`.
struct WarningValue {
    uint32_t code = 0;   // warn-code, 3 digits
    std::string agent;   // warn-agent (hostport or pseudonym), sanitised
    std::string text;    // warn-text without its quotes, sanitised
};

constexpr size_t kMaxWireText = 160;  // bytes of a wire text shown; longer ones end with "…"
constexpr size_t kMaxValuesShown = 16;  // reason-values or warning-values per message

// Appends the reason-values of one Reason header value (comma-separated) to `out`, at most kMaxValuesShown in
// all; returns how many were left out. Elements that are not a reason-value are skipped.
size_t parse_reason(std::string_view value, std::vector<ReasonValue>& out);
// Likewise for a Warning header value; elements without a 3-digit code are skipped.
size_t parse_warning(std::string_view value, std::vector<WarningValue>& out);

// Text from the wire as it may be shown: invalid UTF-8 and control characters become U+FFFD, runs of blanks
// (folding included) one space, at most `max_bytes` (cut between characters, ending with "…").
std::string sanitise(std::string_view wire, size_t max_bytes = kMaxWireText);

}  // namespace sipadvice
