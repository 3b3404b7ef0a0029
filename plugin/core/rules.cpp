// The contrast-rule catalogue: loading [rule id] groups and indexing rules by the code of their later side.
#include "rules.h"

#include <algorithm>

#include "text_util.h"

namespace sipadvice {

namespace {

constexpr const char* kScopeNames[] = {"transaction", "dialog", "call"};
constexpr const char* kKindNames[] = {"pair", "bye-without-ack", "end-without-ack"};

bool parse_scope(std::string_view s, Scope& out)
{
    for (unsigned i = 0; i < std::size(kScopeNames); ++i) {
        if (s == kScopeNames[i]) {
            out = static_cast<Scope>(i);
            return true;
        }
    }
    return false;
}

// How precisely one side of a rule names its codes: one code 3, a handful 2, a class 1, more 0.
int precision(const CodeSet& s)
{
    size_t n = 0;
    s.for_each([&](uint32_t) { ++n; });
    return n == 1 ? 3 : n <= 10 ? 2 : n <= 100 ? 1 : 0;
}

int compute_specificity(const Rule& r)
{
    const int scope_bonus = r.scope == Scope::transaction ? 2 : r.scope == Scope::dialog ? 1 : 0;
    return 3 * (r.earlier_methods != 0) + 3 * (r.later_methods != 0 || r.later_same_method) +
           precision(r.earlier) + precision(r.later) + scope_bonus + r.same_side + r.later_credentials + r.same_invite +
           r.origin + r.later_initial + r.no_cancel;
}

bool valid_rule_id(std::string_view id)
{
    if (id.empty() || id.size() > 64 || !g_ascii_isalnum(id.front()))
        return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return g_ascii_islower(c) || g_ascii_isdigit(c) || c == '-'; });
}

}  // namespace


void CodeSet::add_range(uint32_t lo, uint32_t hi)
{
    for (uint32_t c = std::max(lo, kLowestCode); c <= std::min(hi, kHighestCode); ++c)
        bits_.set(c - kLowestCode);
}

bool parse_code_pattern(std::string_view s, uint32_t& lo, uint32_t& hi)
{
    if (s.size() != 3 || s[0] < '1' || s[0] > '6')
        return false;
    const uint32_t cls = static_cast<uint32_t>(s[0] - '0');
    if ((s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) {
        lo = cls * 100;
        hi = lo + 99;
        return true;
    }
    if (!g_ascii_isdigit(s[1]) || !g_ascii_isdigit(s[2]))
        return false;
    lo = hi = cls * 100 + static_cast<uint32_t>(s[1] - '0') * 10 + static_cast<uint32_t>(s[2] - '0');
    return true;
}

bool RuleCatalogue::read_codes(KeyGroup& g, const char* key, CodeSet& dst)
{
    std::vector<std::string> items;
    if (!g.list(key, items))
        return false;
    CodeSet set;
    for (const std::string& item : items) {
        uint32_t lo = 0, hi = 0;
        if (!parse_code_pattern(item, lo, hi)) {
            g.key_problem(key, "'" + item + "' in '" + key + "' is neither a code 100-699 nor a class like 4xx; the key was ignored");
            return false;
        }
        set.add_range(lo, hi);
    }
    if (set.empty()) {
        g.key_problem(key, "'" + std::string(key) + "' lists no code; the key was ignored");
        return false;
    }
    dst = set;
    return true;
}

bool RuleCatalogue::read_methods(KeyGroup& g, const char* key, MethodSet& dst, bool* same)
{
    std::vector<std::string> items;
    if (!g.list(key, items))
        return false;
    MethodSet set = 0;
    bool said_same = false;
    for (const std::string& item : items) {
        if (same && item == "same") {
            said_same = true;
            continue;
        }
        const Method m = method_from_name(item);
        if (m == Method::other) {
            g.key_problem(key, "unknown method '" + item + "' in '" + key + "'" + (same ? " (or write 'same')" : "") +
                                   "; the key was ignored");
            return false;
        }
        set |= method_bit(m);
    }
    if (said_same && set != 0) {
        g.key_problem(key, "'same' cannot be combined with method names; the key was ignored");
        return false;
    }
    if (!said_same && set == 0) {
        g.key_problem(key, "'" + std::string(key) + "' lists no method; the key was ignored");
        return false;
    }
    dst = set;
    if (same)
        *same = said_same;
    return true;
}

void RuleCatalogue::apply(KeyGroup& g)
{
    const std::string id(trim_ascii(std::string_view(g.name()).substr(5)));
    if (!valid_rule_id(id)) {
        g.group_problem("a rule id is lower-case letters, digits and '-', at most 64 characters");
        return;
    }
    g.check_keys({"summary", "explanation", "advice", "rfc"},
                 {"applies", "earlier", "earlier_method", "later", "later_method", "scope", "severity", "consecutive",
                  "same_side", "later_credentials", "same_invite", "origin", "later_initial", "no_cancel", "enabled"});
    auto existing = std::find_if(rules_.begin(), rules_.end(), [&](const Rule& r) { return r.id == id; });
    const bool is_new = existing == rules_.end();
    if (is_new && rules_.size() >= kMaxRules) {
        g.group_problem("too many rules (the limit is " + std::to_string(kMaxRules) + ")");
        return;
    }
    Rule r = is_new ? Rule{} : *existing;
    r.id = id;
    std::string kind;
    if (g.text("applies", kind)) {
        const auto k = std::find(std::begin(kKindNames), std::end(kKindNames), kind);
        if (k == std::end(kKindNames)) {
            g.key_problem("applies", "'applies' is one of pair, bye-without-ack, end-without-ack, not '" + kind +
                                         "'; the key was ignored");
        } else {
            r.kind = static_cast<RuleKind>(k - std::begin(kKindNames));
        }
    }
    if (is_new) {
        const std::string missing = r.kind == RuleKind::pair
                                        ? g.missing({"earlier", "later", "scope", "severity", "summary", "explanation", "advice"})
                                        : g.missing({"severity", "summary", "explanation", "advice"});
        if (!missing.empty()) {
            g.group_problem("a new rule needs all of its keys; missing: " + missing);
            return;
        }
    }
    bool usable = true;  // a new rule whose required keys are unusable cannot stand
    if (g.has("earlier"))
        usable &= read_codes(g, "earlier", r.earlier) || !is_new;
    if (g.has("later"))
        usable &= read_codes(g, "later", r.later) || !is_new;
    if (g.has("earlier_method"))
        read_methods(g, "earlier_method", r.earlier_methods, nullptr);
    if (g.has("later_method"))
        read_methods(g, "later_method", r.later_methods, &r.later_same_method);
    std::string scope;
    if (g.text("scope", scope) && !parse_scope(scope, r.scope)) {
        g.key_problem("scope", "scope '" + scope + "' is not one of transaction, dialog, call; the key was ignored");
        usable &= !is_new;
    }
    if (g.has("severity"))
        usable &= g.severity(r.severity) || !is_new;
    g.boolean("enabled", r.enabled);
    g.boolean("consecutive", r.consecutive);
    g.boolean("same_side", r.same_side);
    g.boolean("later_credentials", r.later_credentials);
    g.boolean("same_invite", r.same_invite);
    g.boolean("origin", r.origin);
    g.boolean("later_initial", r.later_initial);
    g.boolean("no_cancel", r.no_cancel);
    g.text("summary", r.summary);
    g.text("explanation", r.explanation);
    g.text("advice", r.advice);
    g.text("rfc", r.rfc);
    if (!usable || r.summary.empty() || r.explanation.empty() || r.advice.empty()) {
        g.group_problem("a new rule needs usable values for all of its keys");
        return;
    }
    if (is_new)
        rules_.push_back(std::move(r));
    else
        *existing = std::move(r);
}

void RuleCatalogue::finalize()
{
    later_index_.assign(kCodeRange, {});
    for (size_t i = 0; i < rules_.size(); ++i) {
        Rule& rule = rules_[i];
        rule.specificity = compute_specificity(rule);
        if (rule.enabled && rule.kind == RuleKind::pair)
            rule.later.for_each([&](uint32_t code) { later_index_[code - kLowestCode].push_back(static_cast<uint16_t>(i)); });
    }
}

const std::vector<uint16_t>& RuleCatalogue::with_later(uint32_t code) const
{
    static const std::vector<uint16_t> none;
    if (later_index_.empty() || code < kLowestCode || code > kHighestCode)
        return none;
    return later_index_[code - kLowestCode];
}

}  // namespace sipadvice
