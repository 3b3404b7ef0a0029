// ASCII helpers shared by the core's readers (key files, SIP headers): locale-free, allocation-free.
#pragma once

#include <string_view>

namespace sipadvice {

constexpr bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

constexpr std::string_view trim_ascii(std::string_view s)
{
    while (!s.empty() && is_ascii_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back()))
        s.remove_suffix(1);
    return s;
}

// `a` equals `lower_b` ignoring the case of `a` (`lower_b` is written in lower case).
constexpr bool iequals_ascii(std::string_view a, std::string_view lower_b)
{
    if (a.size() != lower_b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != lower_b[i])
            return false;
    return true;
}

}  // namespace sipadvice
