// The cause catalogue (data/causes.ini): what the cause values of SIP Reason headers mean (RFC 3326) — every
// ITU-T Q.850 cause, the other protocols of the IANA Reason Protocols registry — and which response codes
// each Q.850 cause is consistent with (RFC 3398's mappings), so that a response contradicting its own cause
// can be flagged.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "keyfile_reader.h"
#include "rules.h"

namespace sipadvice {

class UiCatalogue;

// A protocol of the Reason Protocols registry ([protocol Q.850]).
struct ReasonProtocol {
    std::string token;  // as the registry spells it: Q.850, SIP, RELEASE_CAUSE
    std::string name, meaning, rfc;
};

// One cause value of one protocol ([cause Q.850 17]).
struct CauseText {
    std::string protocol;  // the registry's spelling
    uint32_t value = 0;
    std::string name, meaning, seen_when, fix, rfc;
    Severity severity = Severity::note;
    bool mapped = false;  // a `sip` key was given: the cause is mapped to response codes (`none`: to no failure)
    CodeSet sip;          // the response codes consistent with the cause
    std::string summary;  // "Q.850 17 User busy: <meaning>", made by finalize()
};

class CauseCatalogue {
public:
    // [protocol NAME] and [cause NAME N] groups.
    static bool claims(const std::string& group);
    void apply(KeyGroup& g);
    void finalize(const UiCatalogue& ui);

    // Protocol tokens are matched without regard to letter case (q.850 is Q.850).
    const ReasonProtocol* protocol(std::string_view token) const;
    const CauseText* find(std::string_view protocol, uint32_t value) const;
    // True when a failure response with `code` contradicts `cause`: the cause is mapped, `code` takes part in
    // its protocol's mapping (some cause lists it), and this cause does not list it. Codes no cause lists
    // (487, 488, 606 …) contradict nothing; SIP and other unmapped causes never mismatch.
    bool mismatch(uint32_t code, const CauseText& cause) const;

    const std::map<std::pair<std::string, uint32_t>, CauseText>& causes() const { return causes_; }
    const std::map<std::string, ReasonProtocol>& protocols() const { return protocols_; }

private:
    void apply_protocol(KeyGroup& g, const std::string& token);
    void apply_cause(KeyGroup& g, const std::string& token, uint32_t value);

    std::map<std::string, ReasonProtocol> protocols_;                   // key: lower-case token
    std::map<std::pair<std::string, uint32_t>, CauseText> causes_;      // key: lower-case token, value
    std::map<std::string, CodeSet> mapped_codes_;                       // per lower-case token, by finalize()
};

}  // namespace sipadvice
