#include "template_text.h"

#include <algorithm>

namespace sipadvice {

std::string template_problem(std::string_view t, std::initializer_list<const char*> allowed)
{
    std::string unknown;
    const bool balanced = for_each_placeholder(t, [&](std::string_view p) {
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* k) { return p == k; }))
            unknown += (unknown.empty() ? "{" : ", {") + std::string(p) + "}";
    });
    if (balanced && unknown.empty())
        return {};
    std::string may;
    for (const char* k : allowed)
        may += (may.empty() ? "{" : ", {") + std::string(k) + "}";
    return (balanced ? "unknown placeholder " + unknown : std::string("a '{' or '}' without its pair")) +
           " (this phrase may use: " + (may.empty() ? "none" : may) + ")";
}

}  // namespace sipadvice
