// Registering one Expert Info field per catalogue entry, and finding the one for what is shown.
#include "experts.h"

#include <glib.h>

#include <cctype>

namespace sipadvice::glue {

ExpertRegistry experts;

namespace {

constexpr int kSeverities[kSeverityCount] = {PI_CHAT, PI_NOTE, PI_WARN, PI_ERROR};
constexpr const char* kSeverityWords[kSeverityCount] = {"chat", "note", "warn", "error"};

std::string lower_token(const std::string& s)
{
    std::string r;
    for (const char c : s)
        r += g_ascii_isalnum(c) || c == '-' ? g_ascii_tolower(c) : '_';
    return r;
}

std::string cause_key(const std::string& protocol, bool has_value, uint32_t value)
{
    return "cause:" + lower_token(protocol) + ":" + (has_value ? std::to_string(value) : "-");
}

}  // namespace

expert_field* ExpertRegistry::add(const std::string& key, Severity s, const std::string& abbrev, const std::string& title,
                                  int group)
{
    if (const auto it = by_key_.find({key, s}); it != by_key_.end())
        return it->second;
    fields_.emplace_back();
    expert_field* field = &fields_.back();
    *field = EI_INIT;
    const std::string& name = texts_.emplace_back(abbrev);
    const std::string& summary = texts_.emplace_back(title);
    infos_.push_back(ei_register_info{field, {name.c_str(), group, kSeverities[static_cast<size_t>(s)], summary.c_str(), EXPFILL}});
    by_key_[{key, s}] = field;
    return field;
}

expert_field* ExpertRegistry::find(const std::string& key, Severity s)
{
    const auto it = by_key_.find({key, s});
    return it == by_key_.end() ? nullptr : it->second;
}

void ExpertRegistry::register_all(expert_module_t* expert, const Knowledge& k)
{
    const auto sev = [](Severity s) { return static_cast<size_t>(s); };
    // Per code, for each severity the code's own text and its per-method texts give it.
    for (const uint32_t code : k.registered_codes()) {
        const CodeInfo info = k.lookup(code);
        const std::string c = std::to_string(code), title = c + " " + info.text->reason;
        auto& slot = by_code_[code - kLowestCode];
        slot[sev(info.text->severity)] = add(c, info.text->severity, "sipadvice.expert.code." + c, title, PI_RESPONSE_CODE);
        for (const auto& [mcode, method] : k.codes().method_entries()) {
            const Severity s = k.lookup(mcode, method).text->severity;
            if (mcode == code && s != info.text->severity)
                slot[sev(s)] = add(c, s, "sipadvice.expert.code." + c + "." + kSeverityWords[sev(s)], title, PI_RESPONSE_CODE);
        }
    }
    for (unsigned cls = 0; cls < kCodeClassCount; ++cls) {
        const CodeText& t = *k.lookup(cls == 0 ? 0 : cls * 100 + 98).text;  // x98: unregistered in every class
        const std::string c = cls == 0 ? "invalid" : std::to_string(cls) + "xx";
        by_class_[cls][sev(t.severity)] = add(c, t.severity, "sipadvice.expert.code." + c,
                                              cls == 0 ? k.ui().phrase(Phrase::expert_invalid) : t.reason, PI_RESPONSE_CODE);
        if (cls == 0)
            phrase_titles_.emplace_back(infos_.size() - 1, Phrase::expert_invalid);
    }
    for (const Rule& r : k.rules()) {
        add("rule:" + r.id, r.severity, "sipadvice.expert.contrast." + r.id, r.summary, PI_SEQUENCE);
        rule_titles_.emplace_back(infos_.size() - 1, r.id);
    }
    for (const auto& [key, c] : k.causes().causes()) {
        const std::string title = c.protocol + " " + std::to_string(c.value) + " " + c.name;
        const std::string token = lower_token(c.protocol) + "." + std::to_string(c.value);
        add(cause_key(c.protocol, true, c.value), c.severity, "sipadvice.expert.cause." + token, title, PI_RESPONSE_CODE);
        add("request-" + cause_key(c.protocol, true, c.value), c.severity, "sipadvice.expert.request_cause." + token, title,
            PI_REQUEST_CODE);
    }
    for (const auto& [code, w] : k.warnings().codes())
        add("warning:" + std::to_string(code), w.severity, "sipadvice.expert.warning." + std::to_string(code),
            "Warning " + std::to_string(code) + " " + w.name, PI_RESPONSE_CODE);

    for (unsigned i = 0; i < kSeverityCount; ++i) {
        const int s = kSeverities[i];
        const std::string word = kSeverityWords[i];
        const auto fallback = [&](expert_field& f, const std::string& kind, Phrase title, int group) {
            f = EI_INIT;
            const std::string& name = texts_.emplace_back("sipadvice.expert." + kind + "." + word);
            const std::string& summary = texts_.emplace_back(k.ui().phrase(title));
            infos_.push_back(ei_register_info{&f, {name.c_str(), group, s, summary.c_str(), EXPFILL}});
            phrase_titles_.emplace_back(infos_.size() - 1, title);
        };
        fallback(response_any[i], "response", Phrase::expert_response, PI_RESPONSE_CODE);
        fallback(sequence_any[i], "sequence", Phrase::expert_sequence, PI_SEQUENCE);
        fallback(cause_any[i], "cause", Phrase::expert_cause, PI_RESPONSE_CODE);
        fallback(request_cause_any[i], "request_cause", Phrase::expert_cause, PI_REQUEST_CODE);
        fallback(warning_any[i], "warning", Phrase::expert_warning, PI_RESPONSE_CODE);
    }
    const auto single = [&](expert_field& f, const char* name, int group, int severity, Phrase title) {
        f = EI_INIT;
        const std::string& summary = texts_.emplace_back(k.ui().phrase(title));
        infos_.push_back(ei_register_info{&f, {name, group, severity, summary.c_str(), EXPFILL}});
        phrase_titles_.emplace_back(infos_.size() - 1, title);
    };
    single(cause_mismatch, "sipadvice.expert.cause_mismatch", PI_PROTOCOL, PI_WARN, Phrase::expert_cause_mismatch);
    single(unanswered, "sipadvice.expert.unanswered", PI_SEQUENCE, PI_WARN, Phrase::expert_unanswered);
    single(unanswered_at_end, "sipadvice.expert.unanswered_at_end", PI_SEQUENCE, PI_NOTE, Phrase::expert_unanswered_at_end);
    expert_register_field_array(expert, infos_.data(), static_cast<int>(infos_.size()));
}

void ExpertRegistry::retitle(const Knowledge& k)
{
    const auto set = [&](size_t i, const std::string& title) {  // a new string only when the title changes
        if (title != infos_[i].eiinfo.summary)
            infos_[i].eiinfo.summary = texts_.emplace_back(title).c_str();
    };
    for (const auto& [i, id] : rule_titles_)
        for (const Rule& r : k.rules())
            if (r.id == id)
                set(i, r.summary);
    for (const auto& [i, phrase] : phrase_titles_)
        set(i, k.ui().phrase(phrase));
}

expert_field* ExpertRegistry::response(const CodeInfo& info, Severity s)
{
    const auto i = static_cast<size_t>(s);
    expert_field* f = info.cls == CodeClass::invalid ? by_class_[0][i]
                      : info.registered             ? by_code_[info.code - kLowestCode][i]
                                                    : by_class_[static_cast<size_t>(info.cls)][i];
    return f ? f : &response_any[i];
}

expert_field* ExpertRegistry::contrast(const Rule& rule, uint16_t)
{
    expert_field* f = find("rule:" + rule.id, rule.severity);
    return f ? f : &sequence_any[static_cast<size_t>(rule.severity)];
}

expert_field* ExpertRegistry::cause(const std::string& protocol, bool has_value, uint32_t value, Severity s, bool on_request)
{
    expert_field* f = find((on_request ? "request-" : "") + cause_key(protocol, has_value, value), s);
    return f ? f : &(on_request ? request_cause_any : cause_any)[static_cast<size_t>(s)];
}

expert_field* ExpertRegistry::warning(uint32_t code, bool registered, Severity s)
{
    expert_field* f = registered ? find("warning:" + std::to_string(code), s) : nullptr;
    return f ? f : &warning_any[static_cast<size_t>(s)];
}

}  // namespace sipadvice::glue
