// The UI catalogue: loading [labels] and [phrases] (placeholders checked), filling phrases in.
#include "ui.h"

#include <algorithm>
#include <iterator>

namespace sipadvice {

namespace {

const PhraseInfo kPhrases[] = {
    {Phrase::title_response_after, "title-response-after", {"code", "earlier", "frame", "reason"}},
    {Phrase::summary_response, "summary-response", {"code", "fix", "meaning", "reason"}},
    {Phrase::summary_response_method, "summary-response-method", {"code", "fix", "meaning", "method", "reason"}},
    {Phrase::summary_contrast, "summary-contrast", {"earlier", "later", "summary"}},
    {Phrase::summary_cause, "summary-cause", {"meaning", "name", "protocol", "value"}},
    {Phrase::summary_warning, "summary-warning", {"code", "meaning", "name"}},
    {Phrase::warning_unregistered, "warning-unregistered", {}},
    {Phrase::note_contrast, "note-contrast", {"earlier", "frame", "summary"}},
    {Phrase::note_invalid, "note-invalid", {}},
    {Phrase::note_unregistered, "note-unregistered", {}},
    {Phrase::note_late, "note-late", {}},
    {Phrase::note_unanswered, "note-unanswered", {}},
    {Phrase::expert_invalid, "expert-invalid", {}},
    {Phrase::expert_response, "expert-response", {}},
    {Phrase::expert_sequence, "expert-sequence", {}},
    {Phrase::expert_cause, "expert-cause", {}},
    {Phrase::expert_warning, "expert-warning", {}},
    {Phrase::expert_cause_mismatch, "expert-cause-mismatch", {}},
    {Phrase::expert_unanswered, "expert-unanswered", {}},
    {Phrase::expert_unanswered_at_end, "expert-unanswered-at-end", {}},
    {Phrase::stats_responses, "stats-responses", {}},
    {Phrase::stats_outcomes, "stats-outcomes", {}},
    {Phrase::stats_contrasts, "stats-contrasts", {}},
    {Phrase::stats_unanswered, "stats-unanswered", {}},
    {Phrase::stats_repeats, "stats-repeats", {}},
    {Phrase::stats_causes, "stats-causes", {}},
    {Phrase::stats_retransmissions, "stats-retransmissions", {}},
    {Phrase::stats_copies, "stats-copies", {}},
    {Phrase::stats_no_final, "stats-no-final", {}},
    {Phrase::stats_first_frame, "stats-first-frame", {}},
    {Phrase::stats_last_frame, "stats-last-frame", {}},
    {Phrase::stats_last_final, "stats-last-final", {}},
    {Phrase::stats_outcome, "stats-outcome", {}},
    {Phrase::stats_contrasts_column, "stats-contrasts-column", {}},
    {Phrase::stats_unanswered_column, "stats-unanswered-column", {}},
    {Phrase::explain_description, "explain-description", {}},
    {Phrase::explain_seen_when, "explain-seen-when", {}},
    {Phrase::explain_fix, "explain-fix", {}},
    {Phrase::explain_rfc, "explain-rfc", {}},
    {Phrase::explain_severity, "explain-severity", {}},
    {Phrase::explain_methods, "explain-methods", {}},
    {Phrase::explain_rules, "explain-rules", {}},
    {Phrase::explain_differences, "explain-differences", {}},
    {Phrase::explain_which, "explain-which", {}},
    {Phrase::explain_dialog, "explain-dialog", {}},
    {Phrase::explain_title_method, "explain-title-method", {"code", "method", "reason"}},
    {Phrase::explain_unregistered, "explain-unregistered", {}},
    {Phrase::explain_title_pair, "explain-title-pair", {"a", "a_reason", "b", "b_reason"}},
    {Phrase::explain_headline, "explain-headline", {"class", "code", "reason"}},
    {Phrase::class_1xx, "class-1xx", {}},
    {Phrase::class_2xx, "class-2xx", {}},
    {Phrase::class_3xx, "class-3xx", {}},
    {Phrase::class_4xx, "class-4xx", {}},
    {Phrase::class_5xx, "class-5xx", {}},
    {Phrase::class_6xx, "class-6xx", {}},
    {Phrase::class_invalid, "class-invalid", {}},
    {Phrase::differ_class_same, "differ-class-same", {}},
    {Phrase::differ_class, "differ-class", {"a", "b"}},
    {Phrase::differ_final_both, "differ-final-both", {}},
    {Phrase::differ_provisional_both, "differ-provisional-both", {}},
    {Phrase::differ_final_one, "differ-final-one", {"final", "provisional"}},
    {Phrase::differ_severity, "differ-severity", {"a", "a_severity", "b", "b_severity"}},
    {Phrase::differ_rfc, "differ-rfc", {"a", "a_rfc", "b", "b_rfc"}},
    {Phrase::severity_chat, "severity-chat", {}},
    {Phrase::severity_note, "severity-note", {}},
    {Phrase::severity_warning, "severity-warning", {}},
    {Phrase::severity_error, "severity-error", {}},
    {Phrase::which, "which", {"code", "reason", "use"}},
    {Phrase::rule_same_method, "rule-same-method", {}},
    {Phrase::dialog_rule, "dialog-rule", {"earlier", "later", "rule", "summary"}},
    {Phrase::dialog_none, "dialog-none", {"a", "b"}},
    {Phrase::error_code, "error-code", {"arg"}},
    {Phrase::error_count, "error-count", {}},
    {Phrase::error_language, "error-language", {"arg"}},
    {Phrase::error_format, "error-format", {"arg"}},
    {Phrase::error_method, "error-method", {"arg"}},
};
static_assert(std::size(kPhrases) == kPhraseCount, "an entry per phrase");

const std::string kNone;

}  // namespace

const PhraseInfo& phrase_info(Phrase p) { return kPhrases[static_cast<size_t>(p)]; }

const std::vector<const char*>& label_keys()
{
    static const std::vector<const char*> keys = {
    "request",
    "code",
    "reason",
    "class",
    "meaning",
    "seen_when",
    "fix",
    "rfc",
    "severity",
    "unregistered",
    "retransmission",
    "copy",
    "outcome",
    "dialog.path",
    "detail",
    "contrast",
    "contrast.rule",
    "contrast.earlier_code",
    "contrast.earlier_frame",
    "contrast.explanation",
    "contrast.advice",
    "contrast.later_frame",
    "cause",
    "cause.protocol",
    "cause.value",
    "cause.name",
    "cause.text",
    "cause.meaning",
    "cause.seen_when",
    "cause.fix",
    "cause.rfc",
    "cause.mismatch",
    "cause.not_shown",
    "warning",
    "warning.code",
    "warning.agent",
    "warning.text",
    "warning.name",
    "warning.meaning",
    "warning.fix",
    "warning.unregistered",
    "warning.not_shown",
    "unanswered",
    "unanswered.last",
    "unanswered.sent",
    "unanswered.waited",
    };
    return keys;
}

void UiCatalogue::apply(KeyGroup& g)
{
    if (g.name() == "labels") {
        const auto& keys = label_keys();
        g.check_keys(keys);
        for (size_t i = 0; i < keys.size(); ++i)
            if (g.has(keys[i]))
                g.text(keys[i], labels_[i]);
        return;
    }
    static const std::vector<const char*> phrase_keys = [] {
        std::vector<const char*> k;
        for (const PhraseInfo& p : kPhrases)
            k.push_back(p.key);
        return k;
    }();
    g.check_keys(phrase_keys);
    for (const PhraseInfo& p : kPhrases) {
        std::string text;
        if (!g.has(p.key) || !g.text(p.key, text))
            continue;
        if (const std::string why = template_problem(text, p.placeholders); !why.empty()) {
            g.key_problem(p.key, why + "; the key was ignored");
            continue;
        }
        phrases_[static_cast<size_t>(p.phrase)] = std::move(text);
    }
}

std::string language_from_locale(const char* const* names)
{
    for (; names && *names; ++names) {
        std::string_view n(*names);
        n = n.substr(0, n.find_first_of("_.@"));
        if (n.empty() || n == "C" || n == "POSIX")
            continue;
        std::string code;
        for (const char c : n) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                return "en";  // not a language code
            code += static_cast<char>(c | 0x20);
        }
        return code.size() <= 3 ? code : "en";
    }
    return "en";
}

const std::string& UiCatalogue::label(std::string_view key) const
{
    const auto& keys = label_keys();
    const auto it = std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; });
    return it == keys.end() ? kNone : labels_[static_cast<size_t>(it - keys.begin())];
}

std::string UiCatalogue::fill(Phrase p, TemplateValues values) const
{
    std::string out;
    append_template(out, phrase(p), values);
    return out;
}

bool UiCatalogue::complete() const
{
    const auto empty = [](const std::string& t) { return t.empty(); };
    return std::none_of(phrases_.begin(), phrases_.end(), empty) && std::none_of(labels_.begin(), labels_.end(), empty);
}

}  // namespace sipadvice
