// Detail phrases: loading [detail NAME] groups (their placeholders checked) and filling them in.
#include "details.h"

#include <algorithm>
#include <iterator>

#include "template_text.h"
#include "text_util.h"

namespace sipadvice {

namespace {

const DetailPartInfo kParts[] = {
    {DetailPart::min_expires, "min-expires", {"min", "asked", "request", "frame"}},
    {DetailPart::min_expires_alone, "min-expires-alone", {"min"}},
    {DetailPart::min_se, "min-se", {"min", "asked", "request", "frame"}},
    {DetailPart::min_se_alone, "min-se-alone", {"min"}},
    {DetailPart::unsupported, "unsupported", {"values"}},
    {DetailPart::require, "require", {"values"}},
    {DetailPart::allow, "allow", {"values", "method"}},
    {DetailPart::accept, "accept", {"values"}},
    {DetailPart::accept_encoding, "accept-encoding", {"values"}},
    {DetailPart::accept_language, "accept-language", {"values"}},
    {DetailPart::sent_content, "sent-content", {"request", "frame", "content"}},
    {DetailPart::offered, "offered", {"request", "frame", "offer"}},
    {DetailPart::challenge, "challenge", {"realm", "algorithm", "qop"}},
    {DetailPart::stale, "stale", {}},
    {DetailPart::targets, "targets", {"values"}},
    {DetailPart::allow_events, "allow-events", {"values"}},
    {DetailPart::security_server, "security-server", {"values"}},
    {DetailPart::accept_resource_priority, "accept-resource-priority", {"values"}},
    {DetailPart::retry_after, "retry-after", {"seconds"}},
    {DetailPart::warning, "warning", {"code", "text"}},
    {DetailPart::cause_mismatch, "cause-mismatch", {"code", "reason", "protocol", "value", "name", "expected"}},
    {DetailPart::cause_mismatch_none, "cause-mismatch-none", {"code", "reason", "protocol", "value", "name"}},
    {DetailPart::unknown_protocol, "unknown-protocol", {"protocol"}},
    {DetailPart::unknown_cause, "unknown-cause", {"protocol", "value"}},
    {DetailPart::unanswered_last, "unanswered-last", {"method", "last", "sent"}},
    {DetailPart::unanswered_nothing, "unanswered-nothing", {"method", "sent"}},
    {DetailPart::unanswered_late, "unanswered-late", {"method"}},
    {DetailPart::unanswered_capture_ended, "unanswered-capture-ended", {"method", "waited"}},
};
static_assert(std::size(kParts) == kDetailPartCount, "an entry per part");

}  // namespace

const DetailPartInfo& detail_part_info(DetailPart part) { return kParts[static_cast<size_t>(part)]; }

void DetailCatalogue::apply(KeyGroup& g)
{
    const std::string name(trim_ascii(std::string_view(g.name()).substr(7)));
    const auto info = std::find_if(std::begin(kParts), std::end(kParts), [&](const DetailPartInfo& p) { return name == p.name; });
    if (info == std::end(kParts)) {
        std::string known;
        for (const DetailPartInfo& p : kParts)
            known += (known.empty() ? "" : ", ") + std::string(p.name);
        g.group_problem("unknown detail part [" + g.name() + "] (known: " + known + ")");
        return;
    }
    g.check_keys({"text"});
    std::string text;
    if (!g.text("text", text)) {
        if (!g.has("text"))
            g.group_problem("a detail part needs its text= key");
        return;
    }
    if (const std::string why = template_problem(text, info->placeholders); !why.empty()) {
        g.key_problem("text", why + "; the key was ignored");
        return;
    }
    texts_[static_cast<size_t>(info->part)] = std::move(text);
}

void DetailCatalogue::append(std::string& out, DetailPart part, DetailValues values) const
{
    const std::string& t = texts_[static_cast<size_t>(part)];
    if (t.empty())
        return;
    if (!out.empty())
        out += "; ";
    append_template(out, t, values);
}

bool DetailCatalogue::complete() const
{
    return std::none_of(texts_.begin(), texts_.end(), [](const std::string& t) { return t.empty(); });
}

}  // namespace sipadvice
