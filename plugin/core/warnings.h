// The warn-code catalogue (data/warnings.ini): what each code of a SIP Warning header (RFC 3261 §20.43) means,
// for every code of the IANA warn-code registry, with one text for codes outside it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "keyfile_reader.h"

namespace sipadvice {

class UiCatalogue;

struct WarningText {
    std::string name, meaning, fix, rfc;
    Severity severity = Severity::note;
    bool registered = false;  // in the IANA warn-code registry
    std::string summary;      // "Warning 305 Incompatible media format: <meaning>", by finalize() (not for the fallback)
};

class WarningCatalogue {
public:
    // [warning NNN] and [warning unregistered] groups.
    static bool claims(const std::string& group) { return group.rfind("warning ", 0) == 0; }
    void apply(KeyGroup& g, bool builtin);
    void finalize(const UiCatalogue& ui);

    // The code's own entry, or the [warning unregistered] text; never null.
    const WarningText* lookup(uint32_t code) const;
    const std::map<uint32_t, WarningText>& codes() const { return codes_; }
    const WarningText& unregistered() const { return unregistered_; }

private:
    std::map<uint32_t, WarningText> codes_;
    WarningText unregistered_;
    bool unregistered_loaded_ = false;
};

}  // namespace sipadvice
