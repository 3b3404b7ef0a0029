// Formatting of Expert Info summaries within Wireshark's label limit.
#include "advice_text.h"

namespace sipadvice {

void truncate_utf8(std::string& s, size_t max_bytes)
{
    if (s.size() <= max_bytes)
        return;
    static constexpr char kEllipsis[] = "…";  // 3 bytes
    constexpr size_t kEllipsisBytes = sizeof(kEllipsis) - 1;
    size_t cut = max_bytes >= kEllipsisBytes ? max_bytes - kEllipsisBytes : 0;
    // Back up over continuation bytes (10xxxxxx) so the cut falls between characters.
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
        --cut;
    s.resize(cut);
    if (max_bytes >= kEllipsisBytes)
        s += kEllipsis;
}

std::string response_summary(const CodeInfo& info)
{
    const CodeText& t = *info.text;
    std::string s = std::to_string(info.code);
    s.reserve(kLabelBytes);
    s += ' ';
    s += t.reason;
    s += ": ";
    s += t.meaning;
    s += " Fix: ";
    s += t.fix;
    truncate_utf8(s, kLabelBytes - 1 - kExpertPrefixBytes);
    return s;
}

std::string contrast_summary(uint32_t later_code, uint32_t earlier_code, const Rule& rule)
{
    std::string s = std::to_string(later_code) + " after " + std::to_string(earlier_code) + ": " + rule.summary;
    truncate_utf8(s, kLabelBytes - 1 - kExpertPrefixBytes);
    return s;
}

}  // namespace sipadvice
