// Shared by the libFuzzer harnesses: the built-in knowledge, loaded once, and a check that aborts loudly.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "knowledge.h"

namespace sipadvice::fuzz {

inline const Knowledge& builtin()
{
    static const Knowledge* k = [] {
        std::vector<Diagnostic> d;
        auto* built = new Knowledge(builtin_knowledge(d));
        if (!d.empty())
            std::abort();
        return built;
    }();
    return *k;
}

#define FUZZ_CHECK(cond)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                             \
        }                                                                             \
    } while (0)

}  // namespace sipadvice::fuzz
