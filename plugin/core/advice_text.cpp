// Formatting of Expert Info summaries within Wireshark's label limit.
#include "advice_text.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "template_text.h"

namespace sipadvice {

namespace {

constexpr char kEllipsis[] = "…";  // 3 bytes
constexpr size_t kEllipsisBytes = sizeof(kEllipsis) - 1;
constexpr size_t kSummaryMax = kLabelBytes - 1 - kExpertPrefixBytes;

// Fills the template into `out`, at most kSummaryMax bytes. When it does not fit, the text ends with "…", cut
// between two characters (never inside a UTF-8 sequence).
const char* compose(SummaryBuffer& out, std::string_view t, TemplateValues values)
{
    static_assert(sizeof(SummaryBuffer) > kSummaryMax + 1, "room for one byte more than fits, and the NUL");
    size_t n = 0;
    expand_template(t, values, [&](std::string_view p) {  // up to kSummaryMax + 1 bytes: one more tells that something was left out
        const size_t take = std::min(p.size(), kSummaryMax + 1 - n);
        std::memcpy(out + n, p.data(), take);
        n += take;
    });
    if (n > kSummaryMax) {
        n = kSummaryMax - kEllipsisBytes;
        while (n > 0 && (static_cast<unsigned char>(out[n]) & 0xC0) == 0x80)  // a continuation byte 10xxxxxx
            --n;
        std::memcpy(out + n, kEllipsis, kEllipsisBytes);
        n += kEllipsisBytes;
    }
    out[n] = '\0';
    return out;
}

std::string_view digits(uint32_t v, char (&buf)[12], const char* format = "%u")
{
    const int len = std::snprintf(buf, sizeof buf, format, v);
    return {buf, static_cast<size_t>(len > 0 ? len : 0)};
}

}  // namespace

const char* response_summary(const UiCatalogue& ui, const CodeInfo& info, SummaryBuffer& out)
{
    const CodeText& t = *info.text;
    char code[12];
    const bool per_method = t.method != Method::other;
    return compose(out, ui.phrase(per_method ? Phrase::summary_response_method : Phrase::summary_response),
                   {{"code", digits(info.code, code)}, {"reason", t.reason}, {"method", per_method ? method_name(t.method) : ""},
                    {"meaning", t.meaning}, {"fix", t.fix}});
}

std::string response_summary(const UiCatalogue& ui, const CodeInfo& info)
{
    SummaryBuffer out;
    return response_summary(ui, info, out);
}

const char* contrast_summary(const UiCatalogue& ui, uint32_t later_code, uint32_t earlier_code, const Rule& rule, SummaryBuffer& out)
{
    char later[12];
    return contrast_summary(ui, digits(later_code, later), earlier_code, rule, out);
}

const char* contrast_summary(const UiCatalogue& ui, std::string_view later, uint32_t earlier_code, const Rule& rule, SummaryBuffer& out)
{
    char earlier[12];
    return compose(out, ui.phrase(Phrase::summary_contrast),
                   {{"later", later}, {"earlier", digits(earlier_code, earlier)}, {"summary", rule.summary}});
}

const char* summary_of(std::string_view text, SummaryBuffer& out)
{
    return compose(out, "{text}", {{"text", text}});
}

std::string cause_summary(const UiCatalogue& ui, const CauseText& cause)
{
    SummaryBuffer out;
    char value[12];
    return compose(out, ui.phrase(Phrase::summary_cause), {{"protocol", cause.protocol}, {"value", digits(cause.value, value)},
                                                            {"name", cause.name}, {"meaning", cause.meaning}});
}

const char* warning_summary(const UiCatalogue& ui, uint32_t code, const WarningText& w, SummaryBuffer& out)
{
    char c[12];
    return compose(out, ui.phrase(Phrase::summary_warning),
                   {{"code", digits(code % 1000, c, "%03u")},
                    {"name", w.registered ? std::string_view(w.name) : std::string_view(ui.phrase(Phrase::warning_unregistered))},
                    {"meaning", w.meaning}});
}

std::string warning_summary(const UiCatalogue& ui, uint32_t code, const WarningText& w)
{
    SummaryBuffer out;
    return warning_summary(ui, code, w, out);
}

}  // namespace sipadvice
