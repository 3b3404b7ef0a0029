// The response-code catalogue: loading [NNN], [Nxx], [invalid] and [NNN METHOD] groups, and O(1) lookups.
#include "codes.h"

#include <algorithm>

#include "advice_text.h"
#include "ui.h"
#include "text_util.h"

namespace sipadvice {

namespace {

constexpr const char* kClassNames[kCodeClassCount] = {
    "invalid", "provisional", "success", "redirection", "client-failure", "server-failure", "global-failure",
};

// Fallback when even the built-in data lacks a class text: lookups must never return null.
const CodeText kMissingText{"(no description)", "No description is available for this code.",
                            "The knowledge base has no entry for it.",
                            "Check the SIP Advice data files; see the plugin's README.", "RFC 3261",
                            Severity::note, Method::other, "", ""};

bool all_digits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_class_group(std::string_view g) { return g.size() == 3 && g[0] >= '1' && g[0] <= '6' && g[1] == 'x' && g[2] == 'x'; }

// "430" as a code 100-699; 0 for anything else (a diagnostic then says why).
uint32_t code_of(std::string_view s)
{
    if (s.size() != 3 || !all_digits(s))
        return 0;
    const uint32_t code = static_cast<uint32_t>((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
    return code >= kLowestCode && code <= kHighestCode ? code : 0;
}

}  // namespace

CodeClass code_class(uint32_t code)
{
    if (code < kLowestCode || code > kHighestCode)
        return CodeClass::invalid;
    return static_cast<CodeClass>(code / 100);
}

const char* code_class_name(CodeClass c)
{
    const auto i = static_cast<unsigned>(c);
    return i < kCodeClassCount ? kClassNames[i] : kClassNames[0];
}

bool CodeCatalogue::claims(const std::string& group)
{
    const std::string_view g(group);
    const std::string_view first = g.substr(0, g.find(' '));
    return all_digits(first) || is_class_group(g) || g == "invalid";
}

bool CodeCatalogue::read_texts(KeyGroup& g, CodeText& t)
{
    g.text("reason", t.reason);
    g.text("meaning", t.meaning);
    g.text("seen_when", t.seen_when);
    g.text("fix", t.fix);
    if (g.has("use_when"))
        g.text("use_when", t.use_when);
    g.text("rfc", t.rfc);
    if (g.has("severity"))
        g.severity(t.severity);
    return true;
}

void CodeCatalogue::apply(KeyGroup& g, bool builtin)
{
    const std::string& name = g.name();
    if (name == "invalid") {
        apply_class(g, CodeClass::invalid);
        return;
    }
    if (is_class_group(name)) {
        apply_class(g, static_cast<CodeClass>(name[0] - '0'));
        return;
    }
    const size_t space = name.find(' ');
    const std::string_view digits = std::string_view(name).substr(0, space);
    const uint32_t code = code_of(digits);
    if (code == 0) {
        g.group_problem("[" + name + "] is not a SIP status code: codes have three digits, 100-699");
        return;
    }
    if (space == std::string::npos) {
        apply_code(g, code, builtin);
        return;
    }
    const std::string_view method_name = trim_ascii(std::string_view(name).substr(space + 1));
    const Method method = method_from_name(method_name);
    if (method == Method::other) {
        g.group_problem("unknown method '" + std::string(method_name) + "' in [" + name +
                        "]: write a method as SIP spells it (INVITE, REGISTER, BYE …)");
        return;
    }
    apply_method(g, code, method, builtin);
}

bool CodeCatalogue::apply_code(KeyGroup& g, uint32_t code, bool builtin)
{
    if (builtin)
        g.check_keys({"reason", "meaning", "seen_when", "fix", "use_when", "rfc"}, {"severity"});
    else
        g.check_keys({"reason", "meaning", "seen_when", "fix", "use_when", "rfc"}, {"severity", "registered"});
    const auto existing = codes_.find(code);
    if (existing == codes_.end()) {
        const std::string missing = g.missing({"reason", "meaning", "seen_when", "fix", "rfc", "severity"});
        if (!missing.empty()) {
            g.group_problem("a new code needs all of its keys; missing: " + missing);
            return false;
        }
    }
    Entry entry = existing != codes_.end() ? existing->second : Entry{};
    read_texts(g, entry.text);
    if (builtin)
        entry.registered = true;  // the shipped [NNN] groups are the IANA registry
    else
        g.boolean("registered", entry.registered);
    // A key that was present but unusable leaves a new entry incomplete: then it cannot be used at all.
    const CodeText& t = entry.text;
    if (t.reason.empty() || t.meaning.empty() || t.seen_when.empty() || t.fix.empty() || t.rfc.empty()) {
        g.group_problem("a new code needs usable values for all of its keys");
        return false;
    }
    warn_if_summary_cut(g, code, entry.text);
    codes_[code] = std::move(entry);
    if (!builtin)
        user_overrides_code(g, code);
    return true;
}

// The Expert Info summary "<code> <reason>: <meaning> Fix: <fix>" must fit the details pane whole, or it is cut.
void CodeCatalogue::warn_if_summary_cut(KeyGroup& g, uint32_t code, const CodeText& t)
{
    const std::string full = std::to_string(code) + " " + t.reason + (t.method != Method::other ? std::string(" to ") + method_name(t.method) : "") +
                             ": " + t.meaning + " Fix: " + t.fix;
    if (full.size() + kExpertPrefixBytes > kLabelBytes - 1)
        g.key_problem(g.has("meaning") ? "meaning" : "fix",
                      "the Expert Info summary \"<code> <reason>: <meaning> Fix: <fix>\" is " + std::to_string(full.size()) +
                          " bytes and will be cut at " + std::to_string(kLabelBytes - 1 - kExpertPrefixBytes) +
                          ": shorten meaning or fix");
}

bool CodeCatalogue::apply_class(KeyGroup& g, CodeClass cls)
{
    g.check_keys({"reason", "meaning", "seen_when", "fix", "use_when", "rfc"}, {"severity"});
    const auto i = static_cast<size_t>(cls);
    if (!class_loaded_[i]) {
        const std::string missing = g.missing({"reason", "meaning", "seen_when", "fix", "rfc", "severity"});
        if (!missing.empty()) {
            g.group_problem("a class text needs all of its keys; missing: " + missing);
            return false;
        }
    }
    CodeText t = class_texts_[i];
    read_texts(g, t);
    if (t.reason.empty() || t.meaning.empty() || t.seen_when.empty() || t.fix.empty() || t.rfc.empty()) {
        g.group_problem("a class text needs usable values for all of its keys");
        return false;
    }
    class_texts_[i] = std::move(t);
    class_loaded_[i] = true;
    return true;
}

// What a user sets on [430] is what the user wants to read on every 430: the built-in per-method texts of those
// keys give way (the user's own [430 INVITE] keys stay).
void CodeCatalogue::user_overrides_code(KeyGroup& g, uint32_t code)
{
    for (auto it = methods_.lower_bound({code, Method::other}); it != methods_.end() && it->first.first == code; ++it) {
        MethodEntry& m = it->second;
        if (g.has("meaning") && !m.by_user.meaning)
            m.meaning.clear();
        if (g.has("seen_when") && !m.by_user.seen_when)
            m.seen_when.clear();
        if (g.has("fix") && !m.by_user.fix)
            m.fix.clear();
        if (g.has("severity") && !m.by_user.severity)
            m.has_severity = false;
    }
}

bool CodeCatalogue::apply_method(KeyGroup& g, uint32_t code, Method method, bool builtin)
{
    g.check_keys({"meaning", "seen_when", "fix"}, {"severity"});
    MethodEntry e = methods_[{code, method}];
    if (g.text("meaning", e.meaning))
        e.by_user.meaning = !builtin;
    if (g.text("seen_when", e.seen_when))
        e.by_user.seen_when = !builtin;
    if (g.text("fix", e.fix))
        e.by_user.fix = !builtin;
    if (g.has("severity") && g.severity(e.severity))
        e.has_severity = true, e.by_user.severity = !builtin;
    if (e.meaning.empty() && e.seen_when.empty() && e.fix.empty() && !e.has_severity) {
        methods_.erase({code, method});
        g.group_problem("a [code METHOD] entry needs at least one of meaning, seen_when, fix, severity");
        return false;
    }
    const auto base = codes_.find(code);
    if (base != codes_.end()) {
        CodeText t = base->second.text;
        t.method = method;
        if (!e.meaning.empty())
            t.meaning = e.meaning;
        if (!e.fix.empty())
            t.fix = e.fix;
        warn_if_summary_cut(g, code, t);
    }
    methods_[{code, method}] = std::move(e);
    return true;
}

void CodeCatalogue::finalize(const UiCatalogue& ui)
{
    texts_.clear();
    for (unsigned c = 0; c < kCodeClassCount; ++c)
        texts_.push_back(class_loaded_[c] ? class_texts_[c] : kMissingText);
    by_code_method_.assign(static_cast<size_t>(kCodeRange) * kMethodCount, kNoText);
    registered_.reset();
    const auto slot = [](uint32_t code, Method m) {
        return static_cast<size_t>(code - kLowestCode) * kMethodCount + static_cast<size_t>(m);
    };
    const auto add = [&](CodeText t, uint32_t code, bool registered) {
        t.summary = response_summary(ui, {code, code_class(code), registered, &t});
        texts_.push_back(std::move(t));
        return static_cast<uint16_t>(texts_.size() - 1);
    };
    for (const auto& [code, entry] : codes_) {
        by_code_method_[slot(code, Method::other)] = add(entry.text, code, entry.registered);
        registered_[code - kLowestCode] = entry.registered;
    }
    for (const auto& [key, m] : methods_) {
        const auto [code, method] = key;
        const CodeInfo base = lookup(code);  // the code's own text, or its class's for codes outside the registry
        CodeText t = *base.text;
        if (!m.meaning.empty())
            t.meaning = m.meaning;
        if (!m.seen_when.empty())
            t.seen_when = m.seen_when;
        if (!m.fix.empty())
            t.fix = m.fix;
        if (m.has_severity)
            t.severity = m.severity;
        t.method = method;
        by_code_method_[slot(code, method)] = add(std::move(t), code, base.registered);
    }
}

CodeInfo CodeCatalogue::lookup(uint32_t code, Method method) const
{
    const CodeClass cls = code_class(code);
    if (texts_.empty())
        return {code, CodeClass::invalid, false, &kMissingText};
    if (cls == CodeClass::invalid)
        return {code, cls, false, &texts_[0]};
    const size_t row = static_cast<size_t>(code - kLowestCode) * kMethodCount;
    uint16_t i = by_code_method_[row + static_cast<size_t>(method)];
    if (i == kNoText)
        i = by_code_method_[row];
    return {code, cls, registered_[code - kLowestCode], &texts_[i == kNoText ? static_cast<size_t>(cls) : i]};
}

std::vector<uint32_t> CodeCatalogue::registered_codes() const
{
    std::vector<uint32_t> r;
    for (const auto& [code, entry] : codes_)
        if (entry.registered)
            r.push_back(code);
    return r;
}

std::vector<std::pair<uint32_t, Method>> CodeCatalogue::method_entries() const
{
    std::vector<std::pair<uint32_t, Method>> r;
    for (const auto& entry : methods_)
        r.push_back(entry.first);
    return r;
}

}  // namespace sipadvice
