// The knowledge shipped inside the plugin, for the unit tests: loaded once per test program and language. The
// shipped data must load without a diagnostic: each one is printed and fails the test that asked for it (and
// every later one: nothing is kept of a load that failed).
#pragma once

#include "cmocka_cpp.h"

#include <map>
#include <string>
#include <vector>

#include "knowledge.h"

namespace sipadvice::test {

inline const Knowledge& shipped(const std::string& language = "")
{
    static std::map<std::string, Knowledge> cache;
    if (const auto it = cache.find(language); it != cache.end())
        return it->second;
    std::vector<Diagnostic> problems;
    Knowledge k = builtin_knowledge(problems, language);
    for (const Diagnostic& d : problems)
        print_error("%s\n", d.to_string().c_str());
    if (!problems.empty())
        fail_msg("%zu problems loading the built-in data%s%s", problems.size(), language.empty() ? "" : " in ", language.c_str());
    return cache.emplace(language, std::move(k)).first->second;
}

}  // namespace sipadvice::test
