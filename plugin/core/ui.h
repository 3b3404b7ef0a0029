// The words around the knowledge (data/ui.ini, translated in data/i18n/): field labels, the subtree's title,
// the frame of Expert Info summaries, Info-column notes, Expert Information group titles, statistics and the
// sipadvice-explain command. Phrases are templates with {placeholders}, each checked on load against the
// placeholders it may use, like the detail phrases.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "keyfile_reader.h"
#include "template_text.h"

namespace sipadvice {

enum class Phrase : uint8_t {
    title_response_after,
    summary_response,
    summary_response_method,
    summary_contrast,
    summary_cause,
    summary_warning,
    warning_unregistered,
    note_contrast,
    note_invalid,
    note_unregistered,
    note_late,
    note_unanswered,
    expert_invalid,
    expert_response,
    expert_sequence,
    expert_cause,
    expert_warning,
    expert_cause_mismatch,
    expert_unanswered,
    expert_unanswered_at_end,
    stats_responses,
    stats_outcomes,
    stats_contrasts,
    stats_unanswered,
    stats_repeats,
    stats_causes,
    stats_retransmissions,
    stats_copies,
    stats_no_final,
    stats_first_frame,
    stats_last_frame,
    stats_last_final,
    stats_outcome,
    stats_contrasts_column,
    stats_unanswered_column,
    explain_description,
    explain_seen_when,
    explain_fix,
    explain_rfc,
    explain_severity,
    explain_methods,
    explain_rules,
    explain_differences,
    explain_which,
    explain_dialog,
    explain_title_method,
    explain_unregistered,
    explain_title_pair,
    explain_headline,
    class_1xx,
    class_2xx,
    class_3xx,
    class_4xx,
    class_5xx,
    class_6xx,
    class_invalid,
    differ_class_same,
    differ_class,
    differ_final_both,
    differ_provisional_both,
    differ_final_one,
    differ_severity,
    differ_rfc,
    severity_chat,
    severity_note,
    severity_warning,
    severity_error,
    which,
    rule_same_method,
    dialog_rule,
    dialog_none,
    error_code,
    error_count,
    error_language,
    error_format,
    error_method,
    count
};
constexpr size_t kPhraseCount = static_cast<size_t>(Phrase::count);

struct PhraseInfo {
    Phrase phrase;
    const char* key;  // its key in [phrases]
    std::initializer_list<const char*> placeholders;
};
const PhraseInfo& phrase_info(Phrase p);

// The field keys of [labels]: a field's name after "sipadvice." ("meaning", "contrast.rule").
const std::vector<const char*>& label_keys();

// The languages the plugin ships texts in: "en" and those of data/i18n/.
constexpr const char* kLanguages[] = {"en", "pt", "zh", "fr", "es", "de"};

// The language a locale list names (g_get_language_names(): LANGUAGE, LC_ALL, LC_MESSAGES, LANG, most specific
// first): the first entry's language code ("pt_BR.UTF-8" → "pt"), skipping "C" and "POSIX"; "en" when none. A
// language the plugin has no texts for is returned as it is: a user file may have texts for it (meaning[it]=…).
std::string language_from_locale(const char* const* names);

class UiCatalogue {
public:
    static bool claims(const std::string& group) { return group == "labels" || group == "phrases"; }
    void apply(KeyGroup& g);

    const std::string& phrase(Phrase p) const { return phrases_[static_cast<size_t>(p)]; }
    // The label of the field `key` ("meaning"), "" when there is none.
    const std::string& label(std::string_view key) const;
    // The phrase with its placeholders filled in.
    std::string fill(Phrase p, TemplateValues values) const;
    // Every phrase and label has a text (the built-in data must).
    bool complete() const;

private:
    std::array<std::string, kPhraseCount> phrases_;
    std::vector<std::string> labels_ = std::vector<std::string>(label_keys().size());
};

}  // namespace sipadvice
