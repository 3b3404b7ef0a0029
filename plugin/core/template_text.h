// Phrases with {placeholders}, as the data files write them ("Min-SE is {min} s", "{code} {reason}: {meaning}"):
// checking a template against the placeholders it may use, and filling one in.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace sipadvice {

using TemplateValues = std::initializer_list<std::pair<const char*, std::string_view>>;

// Calls f(name) for each {name} of a template; false when a brace is unbalanced.
template <class F> bool for_each_placeholder(std::string_view t, F f)
{
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '}')
            return false;
        if (t[i] != '{')
            continue;
        const size_t close = t.find_first_of("{}", i + 1);
        if (close == std::string_view::npos || t[close] != '}')
            return false;
        f(t.substr(i + 1, close - i - 1));
        i = close;
    }
    return true;
}

// "" when `t` uses only `allowed` placeholders, with balanced braces; else what is wrong and what it may use.
std::string template_problem(std::string_view t, std::initializer_list<const char*> allowed);

// Calls sink(piece) for each literal run and each value of `t`, values inserted as they are (never expanded
// again); an unknown {name} is left out.
template <class Sink> void expand_template(std::string_view t, TemplateValues values, Sink sink)
{
    size_t start = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '{')
            continue;
        const size_t close = t.find('}', i);
        if (close == std::string_view::npos)
            break;
        if (i > start)
            sink(t.substr(start, i - start));
        const std::string_view name = t.substr(i + 1, close - i - 1);
        for (const auto& [k, v] : values)
            if (name == k)
                sink(v);
        i = close;
        start = close + 1;
    }
    if (start < t.size())
        sink(t.substr(start));
}

inline void append_template(std::string& out, std::string_view t, TemplateValues values)
{
    expand_template(t, values, [&](std::string_view piece) { out.append(piece); });
}

}  // namespace sipadvice
