// The knowledge base: the catalogues of codes (with their per-method texts), contrast rules, Reason causes,
// warn-codes and detail phrases, loaded from GLib key files (data/*.ini, embedded at build time, plus an optional user file) by
// one loader. No Wireshark include, so unit tests, fuzzers and the command-line tool drive it directly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "causes.h"
#include "codes.h"
#include "details.h"
#include "keyfile_reader.h"
#include "rules.h"
#include "ui.h"
#include "warnings.h"

namespace sipadvice {

class Knowledge {
public:
    // Texts are taken in this language where a file translates them (meaning[pt]=…); "" for the untranslated
    // ones. Set it before loading.
    void set_language(std::string language) { language_ = std::move(language); }
    const std::string& language() const { return language_; }

    // Loads one key file; each group goes to the catalogue that claims it. `builtin` marks the shipped data,
    // whose [NNN] and [warning NNN] groups are the IANA registries. A user file may override any key of any
    // entry and add entries. Problems are diagnostics naming file and line (keyfile_reader.h says what is
    // kept). Returns false when nothing of the file could be used.
    bool load(std::string_view text, const std::string& origin, bool builtin, std::vector<Diagnostic>& out);
    // Reads `path` and loads it as a user file; a missing file is not an error (returns true).
    bool load_user_file(const std::string& path, std::vector<Diagnostic>& out);
    // Builds the lookup tables and summaries; call once after the loads and before any lookup.
    void finalize();

    CodeInfo lookup(uint32_t code, Method method = Method::other) const { return codes_.lookup(code, method); }
    const std::vector<Rule>& rules() const { return rules_.rules(); }
    // Indices into rules() of the enabled rules whose later side matches `code`.
    const std::vector<uint16_t>& rules_with_later(uint32_t code) const { return rules_.with_later(code); }
    // Registered codes in ascending order, e.g. for tests and the README.
    std::vector<uint32_t> registered_codes() const { return codes_.registered_codes(); }

    const CodeCatalogue& codes() const { return codes_; }
    const CauseCatalogue& causes() const { return causes_; }
    const WarningCatalogue& warnings() const { return warnings_; }
    const DetailCatalogue& details() const { return details_; }
    const UiCatalogue& ui() const { return ui_; }

private:
    std::string language_;
    CodeCatalogue codes_;
    RuleCatalogue rules_;
    CauseCatalogue causes_;
    WarningCatalogue warnings_;
    DetailCatalogue details_;
    UiCatalogue ui_;
};

// The knowledge shipped inside the plugin: data/*.ini, embedded at build time, in `language` ("" or "en" =
// English; "pt", "zh", "fr", "es", "de" add data/i18n/<language>.ini over it; any other language keeps the English
// texts, and a user file's meaning[xx]= keys still apply).
// Diagnostics here mean the shipped data is broken; unit tests keep that from happening.
Knowledge builtin_knowledge(std::vector<Diagnostic>& out, const std::string& language = "");

}  // namespace sipadvice
