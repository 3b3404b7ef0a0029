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

// Where to cut `s` so that it and an ellipsis fit in `max_bytes`, between two characters.
size_t cut_point(const char* s, size_t max_bytes)
{
    size_t cut = max_bytes >= kEllipsisBytes ? max_bytes - kEllipsisBytes : 0;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)  // a continuation byte 10xxxxxx
        --cut;
    return cut;
}

// Appends the pieces into `out` up to kSummaryMax bytes; cut with an ellipsis when they do not fit.
template <size_t N>
const char* compose(SummaryBuffer& out, const std::string_view (&pieces)[N])
{
    char whole[kSummaryMax + 1];  // one byte more than fits: tells whether anything was left out
    size_t n = 0;
    for (std::string_view p : pieces) {
        const size_t take = std::min(p.size(), sizeof whole - n);
        std::memcpy(whole + n, p.data(), take);
        n += take;
    }
    if (n > kSummaryMax) {
        n = cut_point(whole, kSummaryMax);
        std::memcpy(whole + n, kEllipsis, kEllipsisBytes);
        n += kEllipsisBytes;
    }
    std::memcpy(out, whole, n);
    out[n] = '\0';
    return out;
}

}  // namespace

void truncate_utf8(std::string& s, size_t max_bytes)
{
    if (s.size() <= max_bytes)
        return;
    s.resize(cut_point(s.c_str(), max_bytes));
    if (max_bytes >= kEllipsisBytes)
        s += kEllipsis;
}

const char* response_summary(const CodeInfo& info, SummaryBuffer& out)
{
    const CodeText& t = *info.text;
    char code[12];
    const int len = std::snprintf(code, sizeof code, "%u ", info.code);
    const std::string_view pieces[] = {{code, static_cast<size_t>(len)}, t.reason, ": ", t.meaning, " Fix: ", t.fix};
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

}  // namespace sipadvice
