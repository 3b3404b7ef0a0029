// Formatting of Expert Info summaries within Wireshark's label limit.
#include "advice_text.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace sipadvice {

namespace {

constexpr char kEllipsis[] = "…";  // 3 bytes
constexpr size_t kEllipsisBytes = sizeof(kEllipsis) - 1;
constexpr size_t kSummaryMax = kLabelBytes - 1 - kExpertPrefixBytes;

// Joins the pieces into `out`, at most kSummaryMax bytes. When they do not fit, the text ends with "…",
// cut between two characters (never inside a UTF-8 sequence).
template <size_t N>
const char* compose(SummaryBuffer& out, const std::string_view (&pieces)[N])
{
    static_assert(sizeof(SummaryBuffer) > kSummaryMax + 1, "room for one byte more than fits, and the NUL");
    size_t n = 0;
    for (std::string_view p : pieces) {  // up to kSummaryMax + 1 bytes: one more tells that something was left out
        const size_t take = std::min(p.size(), kSummaryMax + 1 - n);
        std::memcpy(out + n, p.data(), take);
        n += take;
    }
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

}  // namespace

const char* response_summary(const CodeInfo& info, SummaryBuffer& out)
{
    const CodeText& t = *info.text;
    char code[12];
    const int len = std::snprintf(code, sizeof code, "%u ", info.code);
    const bool per_method = t.method != Method::other;
    const std::string_view pieces[] = {{code, static_cast<size_t>(len)}, t.reason, per_method ? " to " : "",
                                       per_method ? method_name(t.method) : "", ": ", t.meaning, " Fix: ", t.fix};
    return compose(out, pieces);
}

std::string response_summary(const CodeInfo& info)
{
    SummaryBuffer out;
    return response_summary(info, out);
}

const char* contrast_summary(uint32_t later_code, uint32_t earlier_code, const Rule& rule, SummaryBuffer& out)
{
    char codes[32];
    const int len = std::snprintf(codes, sizeof codes, "%u after %u: ", later_code, earlier_code);
    const std::string_view pieces[] = {{codes, static_cast<size_t>(len)}, rule.summary};
    return compose(out, pieces);
}

const char* summary_of(std::string_view text, SummaryBuffer& out)
{
    const std::string_view pieces[] = {text};
    return compose(out, pieces);
}

const char* contrast_summary(const char* later_method, uint32_t earlier_code, const Rule& rule, SummaryBuffer& out)
{
    char codes[32];
    const int len = std::snprintf(codes, sizeof codes, " after %u: ", earlier_code);
    const std::string_view pieces[] = {later_method, {codes, static_cast<size_t>(len)}, rule.summary};
    return compose(out, pieces);
}

std::string cause_summary(const CauseText& cause)
{
    SummaryBuffer out;
    const std::string value = std::to_string(cause.value);
    const std::string_view pieces[] = {cause.protocol, " ", value, " ", cause.name, ": ", cause.meaning};
    return compose(out, pieces);
}

const char* warning_summary(uint32_t code, const WarningText& w, SummaryBuffer& out)
{
    char head[32];
    const int len = std::snprintf(head, sizeof head, "Warning %03u ", code % 1000);
    const std::string_view pieces[] = {{head, static_cast<size_t>(len)}, w.registered ? std::string_view(w.name) : std::string_view("(unregistered)"), ": ",
                                       w.meaning};
    return compose(out, pieces);
}

std::string warning_summary(uint32_t code, const WarningText& w)
{
    SummaryBuffer out;
    return warning_summary(code, w, out);
}

}  // namespace sipadvice
