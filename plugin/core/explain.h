// How the knowledge explains one reason-value or warning-value of a message: the texts to show, the severity,
// the Expert Info summary, and whether a response's cause contradicts its code.
#pragma once

#include <cstdint>
#include <string>

#include "knowledge.h"
#include "sip_headers.h"

namespace sipadvice {

struct CauseExplanation {
    std::string protocol;  // the registry's spelling when known, else as on the wire
    bool has_value = false;
    uint32_t value = 0;
    std::string name, meaning, seen_when, fix, rfc;
    Severity severity = Severity::note;
    std::string summary;   // Expert Info: "Q.850 17 User busy: <meaning>"
    bool mismatch = false;
    std::string mismatch_summary;  // when mismatch: what contradicts what
};

// `code`: the response's status code, 0 for a request (a request's cause contradicts nothing).
CauseExplanation explain_cause(const Knowledge& k, const ReasonValue& r, uint32_t code);

struct WarningExplanation {
    const WarningText* text = nullptr;  // the code's entry or the unregistered text; never null
    bool registered = false;
    std::string summary;  // Expert Info: "Warning 305 Incompatible media format: <meaning>"
};

WarningExplanation explain_warning(const Knowledge& k, const WarningValue& w);

}  // namespace sipadvice
