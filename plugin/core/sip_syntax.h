// Small pieces of SIP header syntax (RFC 3261 §25) shared by the readers: quoted strings, parameters and
// comma-separated lists. Allocation-free, views into the caller's text, never reading outside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "text_util.h"

namespace sipadvice {

constexpr bool is_ws(char c) { return c == ' ' || c == '\t'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Index just past a quoted string starting at s[i] == '"' (backslash escapes honoured).
inline size_t skip_quoted(std::string_view s, size_t i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

// The value of parameter `name` in ";a=b;name=value;c" (parameters of a header, after the address), quotes
// kept. Stops at a comma outside quotes: that is the next value of a comma-separated header.
inline std::string_view param(std::string_view params, std::string_view name)
{
    size_t i = 0;
    while (i < params.size()) {
        const size_t semi = params.find(';', i);
        if (semi == std::string_view::npos)
            return {};
        size_t end = semi + 1;
        while (end < params.size() && params[end] != ';' && params[end] != ',') {
            if (params[end] == '"')
                end = skip_quoted(params, end);
            else
                ++end;
        }
        const std::string_view item = params.substr(semi + 1, end - semi - 1);
        const size_t eq = item.find('=');
        if (eq != std::string_view::npos && iequals_ascii(trim_ascii(item.substr(0, eq)), name))
            return trim_ascii(item.substr(eq + 1));
        if (end < params.size() && params[end] == ',')
            return {};
        i = end;
    }
    return {};
}

// Calls f(element) for each element of a comma-separated header value (commas inside quoted strings and
// <...> do not split), trimmed, empty ones skipped, at most `limit` of them; returns how many were left out.
template <class F> size_t for_each_element(std::string_view v, size_t limit, F f)
{
    size_t taken = 0, left_out = 0, start = 0, i = 0;
    const auto emit = [&](size_t end) {
        const std::string_view e = trim_ascii(v.substr(start, end - start));
        if (!e.empty()) {
            if (taken < limit) {
                f(e);
                ++taken;
            } else {
                ++left_out;
            }
        }
        start = end + 1;
    };
    while (i < v.size()) {
        const char c = v[i];
        if (c == '"') {
            i = skip_quoted(v, i);
        } else if (c == '<') {
            const size_t gt = v.find('>', i);
            i = gt == std::string_view::npos ? v.size() : gt + 1;
        } else {
            if (c == ',')
                emit(i);
            ++i;
        }
    }
    emit(v.size());
    return left_out;
}

// The inside of a quoted string ("a \"b\"" → a \"b\"), or the text itself when it is not quoted.
inline std::string_view unquote(std::string_view s)
{
    s = trim_ascii(s);
    if (s.size() >= 2 && s.front() == '"') {
        const size_t end = skip_quoted(s, 0);
        return s.substr(1, (end <= s.size() && s[end - 1] == '"' ? end - 1 : s.size()) - 1);
    }
    return s;
}

// A parameter of a credentials or challenge value, unquoted: auth_param("Digest realm=\"x\", nonce=\"n\"", "realm")
// is x (RFC 3261 §25: the scheme, then comma-separated name=value pairs). Empty when absent.
inline std::string_view auth_param(std::string_view value, std::string_view name)
{
    std::string_view found;
    bool first = true;
    for_each_element(value, 64, [&](std::string_view e) {
        if (first) {  // "Digest realm=..." : the scheme comes before the first parameter
            first = false;
            const size_t sp = e.find_first_of(" \t");
            e = sp == std::string_view::npos ? std::string_view{} : trim_ascii(e.substr(sp));
        }
        const size_t eq = e.find('=');
        if (found.empty() && eq != std::string_view::npos && iequals_ascii(trim_ascii(e.substr(0, eq)), name))
            found = unquote(e.substr(eq + 1));
    });
    return found;
}

// A decimal number at the start of `s` (after blanks), saturating at `max`; false when there is no digit.
inline bool leading_number(std::string_view s, uint64_t max, uint64_t& out)
{
    s = trim_ascii(s);
    size_t i = 0;
    uint64_t n = 0;
    for (; i < s.size() && is_digit(s[i]); ++i)
        n = n > max / 10 ? max + 1 : n * 10 + static_cast<uint64_t>(s[i] - '0');
    out = n > max ? max : n;
    return i > 0;
}

}  // namespace sipadvice
