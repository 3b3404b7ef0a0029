// Building sipadvice-explain's pages from the knowledge.
#include "code_page.h"

#include <algorithm>
#include <utility>

namespace sipadvice {

namespace {

Phrase class_phrase(CodeClass c)
{
    switch (c) {
    case CodeClass::provisional: return Phrase::class_1xx;
    case CodeClass::success: return Phrase::class_2xx;
    case CodeClass::redirection: return Phrase::class_3xx;
    case CodeClass::client_failure: return Phrase::class_4xx;
    case CodeClass::server_failure: return Phrase::class_5xx;
    case CodeClass::global_failure: return Phrase::class_6xx;
    case CodeClass::invalid: break;
    }
    return Phrase::class_invalid;
}

Phrase severity_phrase(Severity s)
{
    switch (s) {
    case Severity::chat: return Phrase::severity_chat;
    case Severity::note: return Phrase::severity_note;
    case Severity::warning: return Phrase::severity_warning;
    case Severity::error: break;
    }
    return Phrase::severity_error;
}

// "204", "4xx", "486/600/603": whole classes as Nxx, other codes one by one (at most 8, then "…").
std::string codes_text(const CodeSet& set)
{
    std::string out;
    size_t listed = 0;
    const auto add = [&](const std::string& s) { out += (out.empty() ? "" : "/") + s; };
    for (uint32_t cls = 1; cls <= 6; ++cls) {
        bool whole = true;
        for (uint32_t c = cls * 100; c <= cls * 100 + 99 && whole; ++c)
            whole = set.contains(c);
        if (whole) {
            add(std::to_string(cls) + "xx");
            continue;
        }
        for (uint32_t c = cls * 100; c <= cls * 100 + 99; ++c) {
            if (!set.contains(c))
                continue;
            if (++listed > 8) {
                out += "/…";
                return out;
            }
            add(std::to_string(c));
        }
    }
    return out;
}

std::string methods_text(const UiCatalogue& ui, MethodSet methods, bool same)
{
    if (same)
        return " (" + ui.phrase(Phrase::rule_same_method) + ")";
    if (methods == 0)
        return {};
    std::string out;
    for (unsigned m = 1; m < kMethodCount; ++m)
        if (methods & method_bit(static_cast<Method>(m)))
            out += (out.empty() ? "" : "/") + std::string(method_name(static_cast<Method>(m)));
    return " (" + out + ")";
}

RuleMention mention(const Knowledge& k, const Rule& r)
{
    RuleMention m;
    m.id = r.id;
    switch (r.kind) {
    case RuleKind::pair:
        m.earlier = codes_text(r.earlier) + methods_text(k.ui(), r.earlier_methods, false);
        m.later = codes_text(r.later) + methods_text(k.ui(), r.later_methods, r.later_same_method);
        break;
    case RuleKind::bye_without_ack:
        m.earlier = "2xx (INVITE)";
        m.later = "BYE";
        break;
    case RuleKind::end_without_ack:
        m.earlier = "2xx (INVITE)";
        m.later = "2xx (INVITE)";
        break;
    }
    m.summary = r.summary;
    m.explanation = r.explanation;
    m.advice = r.advice;
    m.rfc = r.rfc;
    m.line = k.ui().fill(Phrase::dialog_rule, {{"later", m.later}, {"earlier", m.earlier}, {"rule", r.id}, {"summary", r.summary}});
    return m;
}

// The code on either side of the rule (the ACK rules: on their 2xx side).
bool takes_part(const Rule& r, uint32_t code)
{
    if (r.kind != RuleKind::pair)
        return code >= 200 && code <= 299;
    return r.earlier.contains(code) || r.later.contains(code);
}

bool is_final(uint32_t code) { return code >= 200; }

size_t code_count(const CodeSet& set)
{
    size_t n = 0;
    set.for_each([&](uint32_t) { ++n; });
    return n;
}

}  // namespace

bool parse_status_code(std::string_view s, uint32_t& code)
{
    if (s.size() != 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    code = static_cast<uint32_t>((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
    return code >= kLowestCode && code <= kHighestCode;
}

CodePage code_page(const Knowledge& k, uint32_t code, Method method)
{
    const UiCatalogue& ui = k.ui();
    const CodeInfo info = k.lookup(code, method);
    const CodeText& t = *info.text;
    CodePage p;
    p.code = code;
    p.reason = t.reason;
    p.cls = info.cls;
    p.registered = info.registered;
    const std::string number = std::to_string(code);
    if (t.method != Method::other || method != Method::other) {
        p.method = method_name(method);
        p.title = ui.fill(Phrase::explain_title_method, {{"code", number}, {"reason", t.reason}, {"method", p.method}});
    } else {
        p.title = number + " " + t.reason;
    }
    p.headline = ui.fill(Phrase::explain_headline, {{"code", number}, {"reason", t.reason}, {"class", ui.phrase(class_phrase(info.cls))}});
    p.meaning = t.meaning;
    p.seen_when = t.seen_when;
    p.fix = t.fix;
    p.use_when = t.use_when;
    p.rfc = t.rfc;
    p.severity = t.severity;
    p.severity_words = ui.phrase(severity_phrase(t.severity));
    if (!info.registered)
        p.unregistered = ui.phrase(Phrase::explain_unregistered);
    if (method == Method::other) {
        for (const auto& [c, m] : k.codes().method_entries()) {
            if (c != code)
                continue;
            const CodeText& mt = *k.lookup(c, m).text;
            p.methods.push_back({method_name(m), mt.meaning, mt.seen_when, mt.fix});
        }
    }
    for (const Rule& r : k.rules())
        if (r.enabled && takes_part(r, code))
            p.rules.push_back(mention(k, r));
    return p;
}

Comparison compare_codes(const Knowledge& k, uint32_t a, uint32_t b, Method method)
{
    const UiCatalogue& ui = k.ui();
    Comparison c;
    c.a = code_page(k, a, method);
    c.b = code_page(k, b, method);
    const std::string sa = std::to_string(a), sb = std::to_string(b);
    c.title = ui.fill(Phrase::explain_title_pair, {{"a", sa}, {"a_reason", c.a.reason}, {"b", sb}, {"b_reason", c.b.reason}});

    c.differences.push_back(c.a.cls == c.b.cls ? ui.phrase(Phrase::differ_class_same)
                                               : ui.fill(Phrase::differ_class, {{"a", sa}, {"b", sb}}));
    if (is_final(a) && is_final(b))
        c.differences.push_back(ui.phrase(Phrase::differ_final_both));
    else if (!is_final(a) && !is_final(b))
        c.differences.push_back(ui.phrase(Phrase::differ_provisional_both));
    else
        c.differences.push_back(ui.fill(Phrase::differ_final_one, {{"provisional", is_final(a) ? sb : sa}, {"final", is_final(a) ? sa : sb}}));
    c.differences.push_back(ui.fill(Phrase::differ_severity, {{"a", sa}, {"b", sb}, {"a_severity", c.a.severity_words},
                                                              {"b_severity", c.b.severity_words}}));
    c.differences.push_back(ui.fill(Phrase::differ_rfc, {{"a", sa}, {"b", sb}, {"a_rfc", c.a.rfc}, {"b_rfc", c.b.rfc}}));

    for (const CodePage* p : {&c.a, &c.b})
        if (!p->use_when.empty())
            c.which.push_back(ui.fill(Phrase::which, {{"code", std::to_string(p->code)}, {"reason", p->reason}, {"use", p->use_when}}));

    // For each order (b after a, a after b), the most specific rules with one code on each side: a rule written for
    // exactly these codes says more than one written for their classes. Rules whose both sides are whole classes
    // (a 1xx after any final, a failure after a 2xx) hold for every pair of those classes and say nothing of these
    // two codes: they are left out.
    for (const auto& [earlier, later] : {std::pair{a, b}, std::pair{b, a}}) {
        std::vector<const Rule*> covering;
        int best = -1;
        for (const Rule& r : k.rules()) {
            if (!r.enabled || r.kind != RuleKind::pair || !r.earlier.contains(earlier) || !r.later.contains(later) ||
                (code_count(r.earlier) > 10 && code_count(r.later) > 10))
                continue;
            if (r.specificity > best)
                covering.clear(), best = r.specificity;
            if (r.specificity == best)
                covering.push_back(&r);
        }
        for (const Rule* r : covering)
            if (std::none_of(c.dialog.begin(), c.dialog.end(), [&](const RuleMention& m) { return m.id == r->id; }))
                c.dialog.push_back(mention(k, *r));
        if (a == b)
            break;
    }
    if (c.dialog.empty())
        c.no_dialog_rule = ui.fill(Phrase::dialog_none, {{"a", sa}, {"b", sb}});
    return c;
}

}  // namespace sipadvice
