// The cause catalogue: loading [protocol NAME] and [cause NAME N] groups, lookups, the mismatch test.
#include "causes.h"

#include <algorithm>

#include "advice_text.h"
#include "ui.h"
#include "text_util.h"

namespace sipadvice {

namespace {

std::string lower(std::string_view s)
{
    std::string r(s);
    for (char& c : r)
        c = ascii_lower(c);
    return r;
}

// RFC 3261 token characters: a protocol name in a Reason header is a token.
bool is_token(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return g_ascii_isalnum(c) || std::string_view("-.!%*_+`'~").find(c) != std::string_view::npos;
    });
}

}  // namespace

bool CauseCatalogue::claims(const std::string& group)
{
    return group.rfind("cause ", 0) == 0 || group.rfind("protocol ", 0) == 0;
}

void CauseCatalogue::apply(KeyGroup& g)
{
    const std::string& name = g.name();
    const bool is_protocol = name.rfind("protocol ", 0) == 0;
    const std::string rest(trim_ascii(std::string_view(name).substr(is_protocol ? 9 : 6)));
    if (is_protocol) {
        if (!is_token(rest)) {
            g.group_problem("[" + name + "]: a protocol is one token as in a Reason header, e.g. [protocol Q.850]");
            return;
        }
        apply_protocol(g, rest);
        return;
    }
    const size_t space = rest.rfind(' ');
    const std::string token = space == std::string::npos ? "" : std::string(trim_ascii(std::string_view(rest).substr(0, space)));
    const std::string_view digits = space == std::string::npos ? "" : std::string_view(rest).substr(space + 1);
    if (!is_token(token) || digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        g.group_problem("[" + name + "]: a cause is a protocol and a number, e.g. [cause Q.850 17]");
        return;
    }
    apply_cause(g, token, static_cast<uint32_t>(std::stoul(std::string(digits))));
}

void CauseCatalogue::apply_protocol(KeyGroup& g, const std::string& token)
{
    g.check_keys({"name", "meaning", "rfc"});
    const std::string key = lower(token);
    const auto existing = protocols_.find(key);
    if (existing == protocols_.end()) {
        const std::string missing = g.missing({"name", "meaning", "rfc"});
        if (!missing.empty()) {
            g.group_problem("a new protocol needs all of its keys; missing: " + missing);
            return;
        }
    }
    ReasonProtocol p = existing != protocols_.end() ? existing->second : ReasonProtocol{token, "", "", ""};
    g.text("name", p.name);
    g.text("meaning", p.meaning);
    g.text("rfc", p.rfc);
    if (p.name.empty() || p.meaning.empty() || p.rfc.empty()) {
        g.group_problem("a new protocol needs usable values for all of its keys");
        return;
    }
    protocols_[key] = std::move(p);
}

void CauseCatalogue::apply_cause(KeyGroup& g, const std::string& token, uint32_t value)
{
    g.check_keys({"name", "meaning", "seen_when", "fix", "rfc"}, {"severity", "sip"});
    const std::string key = lower(token);
    if (protocols_.find(key) == protocols_.end()) {
        g.group_problem("the protocol '" + token + "' has no [protocol " + token + "] group; add one first");
        return;
    }
    const auto existing = causes_.find({key, value});
    if (existing == causes_.end()) {
        const std::string missing = g.missing({"name", "meaning", "seen_when", "fix", "rfc", "severity"});
        if (!missing.empty()) {
            g.group_problem("a new cause needs all of its keys; missing: " + missing);
            return;
        }
    }
    CauseText c = existing != causes_.end() ? existing->second : CauseText{};
    c.protocol = protocols_[key].token;
    c.value = value;
    g.text("name", c.name);
    g.text("meaning", c.meaning);
    g.text("seen_when", c.seen_when);
    g.text("fix", c.fix);
    g.text("rfc", c.rfc);
    if (g.has("severity"))
        g.severity(c.severity);
    std::vector<std::string> codes;
    if (g.list("sip", codes)) {
        CodeSet set;
        bool ok = !codes.empty();
        for (const std::string& item : codes) {
            uint32_t lo = 0, hi = 0;
            if (item == "none" && codes.size() == 1)
                continue;
            if (!parse_code_pattern(item, lo, hi) || lo < 300) {
                g.key_problem("sip", "'" + item + "' in 'sip' is not a failure code 300-699 (or the single word none); the key was ignored");
                ok = false;
                break;
            }
            set.add_range(lo, hi);
        }
        if (ok) {
            c.sip = set;
            c.mapped = true;
        }
    }
    if (c.name.empty() || c.meaning.empty() || c.seen_when.empty() || c.fix.empty() || c.rfc.empty()) {
        g.group_problem("a new cause needs usable values for all of its keys");
        return;
    }
    causes_[{key, value}] = std::move(c);
}

void CauseCatalogue::finalize(const UiCatalogue& ui)
{
    mapped_codes_.clear();
    for (auto& [key, c] : causes_) {
        c.summary = cause_summary(ui, c);
        if (c.mapped)
            mapped_codes_[key.first] |= c.sip;
    }
}

const ReasonProtocol* CauseCatalogue::protocol(std::string_view token) const
{
    const auto it = protocols_.find(lower(token));
    return it == protocols_.end() ? nullptr : &it->second;
}

const CauseText* CauseCatalogue::find(std::string_view protocol, uint32_t value) const
{
    const auto it = causes_.find({lower(protocol), value});
    return it == causes_.end() ? nullptr : &it->second;
}

bool CauseCatalogue::mismatch(uint32_t code, const CauseText& cause) const
{
    if (!cause.mapped || code < 300 || code > kHighestCode)
        return false;
    const auto it = mapped_codes_.find(lower(cause.protocol));
    return it != mapped_codes_.end() && it->second.contains(code) && !cause.sip.contains(code);
}

}  // namespace sipadvice
