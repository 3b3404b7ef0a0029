// The warn-code catalogue: loading [warning NNN] and [warning unregistered] groups.
#include "warnings.h"

#include <algorithm>

#include "advice_text.h"
#include "ui.h"
#include "text_util.h"

namespace sipadvice {

void WarningCatalogue::apply(KeyGroup& g, bool builtin)
{
    const std::string which(trim_ascii(std::string_view(g.name()).substr(8)));
    const bool fallback = which == "unregistered";
    const bool code_ok = which.size() == 3 && std::all_of(which.begin(), which.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!fallback && !code_ok) {
        g.group_problem("[" + g.name() + "]: a warn-code has three digits, e.g. [warning 305], or write [warning unregistered]");
        return;
    }
    if (builtin || fallback)
        g.check_keys({"name", "meaning", "fix", "rfc"}, {"severity"});
    else
        g.check_keys({"name", "meaning", "fix", "rfc"}, {"severity", "registered"});
    const uint32_t code = fallback ? 0 : static_cast<uint32_t>(std::stoul(which));
    const auto existing = codes_.find(code);
    const bool is_new = fallback ? !unregistered_loaded_ : existing == codes_.end();
    if (is_new) {
        const std::string missing = g.missing({"name", "meaning", "fix", "rfc", "severity"});
        if (!missing.empty()) {
            g.group_problem("a new warn-code needs all of its keys; missing: " + missing);
            return;
        }
    }
    WarningText w = fallback ? unregistered_ : existing != codes_.end() ? existing->second : WarningText{};
    g.text("name", w.name);
    g.text("meaning", w.meaning);
    g.text("fix", w.fix);
    g.text("rfc", w.rfc);
    if (g.has("severity"))
        g.severity(w.severity);
    if (builtin && !fallback)
        w.registered = true;  // the shipped [warning NNN] groups are the IANA registry
    else if (!fallback)
        g.boolean("registered", w.registered);
    if (w.name.empty() || w.meaning.empty() || w.fix.empty() || w.rfc.empty()) {
        g.group_problem("a new warn-code needs usable values for all of its keys");
        return;
    }
    if (fallback) {
        unregistered_ = std::move(w);
        unregistered_loaded_ = true;
    } else {
        codes_[code] = std::move(w);
    }
}

void WarningCatalogue::finalize(const UiCatalogue& ui)
{
    if (!unregistered_loaded_)
        unregistered_ = WarningText{"Unregistered warn-code", "A warn-code this knowledge base has no text for.",
                                    "Read the warn-text: it is the only explanation the sender gave.",
                                    "RFC 3261 §20.43", Severity::note, false, ""};
    for (auto& [code, w] : codes_)
        w.summary = warning_summary(ui, code, w);
}

const WarningText* WarningCatalogue::lookup(uint32_t code) const
{
    const auto it = codes_.find(code);
    return it == codes_.end() ? &unregistered_ : &it->second;
}

}  // namespace sipadvice
