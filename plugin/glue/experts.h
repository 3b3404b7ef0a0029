// Expert Info fields registered from the built-in data: one per code, contrast rule, cause and warn-code (and per
// severity the data gives it), so that the Expert Information dialog's top level names what happened —
// "Warning · 488 Not Acceptable Here · 4", "Warning · Ringing, then the media offer was rejected · 1" — instead of
// one row per severity. What a user file adds or changes falls back to one field per kind and severity (the names
// sipadvice.expert.response.warn … of earlier versions).
#pragma once

#include <epan/expert.h>

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "knowledge.h"

namespace sipadvice::glue {

struct ExpertRegistry {
    // Registers every field with `expert`; call once, from proto_register.
    void register_all(expert_module_t* expert, const Knowledge& builtin);

    // The group titles the Expert Information dialog shows, in the knowledge's language: rule summaries and the
    // titles of what has no entry of its own (codes, causes and warn-codes are titled by their protocol names).
    // Wireshark keeps pointers to the registered infos, so the titles change in place.
    void retitle(const Knowledge& k);

    expert_field* response(const CodeInfo& info, Severity s);
    expert_field* contrast(const Rule& rule, uint16_t index);
    expert_field* cause(const std::string& protocol, bool has_value, uint32_t value, Severity s, bool on_request);
    expert_field* warning(uint32_t code, bool registered, Severity s);

    // The fallbacks, one per kind and severity.
    std::array<expert_field, kSeverityCount> response_any{}, sequence_any{}, cause_any{}, request_cause_any{}, warning_any{};
    expert_field cause_mismatch{}, unanswered{}, unanswered_at_end{};

private:
    using Key = std::pair<std::string, Severity>;  // "430", "4xx", "rule:id", "cause:q.850:17", "warning:305"
    expert_field* add(const std::string& key, Severity s, const std::string& abbrev, const std::string& title, int group);
    expert_field* find(const std::string& key, Severity s);

    std::deque<expert_field> fields_;             // stable addresses, alive for the program (Wireshark keeps them)
    std::deque<std::string> texts_;               // the abbreviations and titles they point to
    std::vector<ei_register_info> infos_;
    std::map<Key, expert_field*> by_key_;
    std::vector<std::pair<size_t, std::string>> rule_titles_;  // index into infos_, rule id
    std::vector<std::pair<size_t, Phrase>> phrase_titles_;     // index into infos_, its title's phrase
    // What response() looks up for every response, O(1): per registered code, per class (invalid first).
    std::vector<std::array<expert_field*, kSeverityCount>> by_code_ = std::vector<std::array<expert_field*, kSeverityCount>>(kCodeRange);
    std::array<std::array<expert_field*, kSeverityCount>, kCodeClassCount> by_class_{};
};

extern ExpertRegistry experts;

}  // namespace sipadvice::glue
