// The phrases of the sipadvice.detail line (data/details.ini): one template per part, with {placeholders}
// filled from the response's headers and its request's, e.g. "Min-Expires is {min} s: …". Kept as data so that
// they are ours to word, a user file can change them, and they can be translated like every other text.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "keyfile_reader.h"
#include "template_text.h"

namespace sipadvice {

enum class DetailPart : uint8_t {
    min_expires, min_expires_alone, min_se, min_se_alone, unsupported, require, allow, accept, accept_encoding,
    accept_language, sent_content, offered, challenge, stale, targets, allow_events, security_server,
    accept_resource_priority, retry_after, warning,
    // phrases about causes, shown with them rather than in the detail line
    cause_mismatch, cause_mismatch_none, unknown_protocol, unknown_cause,
    // phrases about a request left unanswered
    unanswered_last, unanswered_nothing, unanswered_late, unanswered_capture_ended,
};
constexpr unsigned kDetailPartCount = 28;

// The part's group name ([detail min-expires]) and the placeholders its template may use.
struct DetailPartInfo {
    DetailPart part;
    const char* name;
    std::initializer_list<const char*> placeholders;
};
const DetailPartInfo& detail_part_info(DetailPart part);

using DetailValues = TemplateValues;

class DetailCatalogue {
public:
    static bool claims(const std::string& group) { return group.rfind("detail ", 0) == 0; }
    void apply(KeyGroup& g);

    // Appends the part's phrase to `out` ("; " between parts), each {name} replaced by its value; values are
    // inserted as they are (the caller sanitises wire text), never expanded again.
    void append(std::string& out, DetailPart part, DetailValues values) const;
    const std::string& text(DetailPart part) const { return texts_[static_cast<size_t>(part)]; }
    bool complete() const;  // every part has a template (the built-in data must)

private:
    std::array<std::string, kDetailPartCount> texts_;
};

}  // namespace sipadvice
