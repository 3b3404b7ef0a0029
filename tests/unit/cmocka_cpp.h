// CMocka from C++: cmocka.h 1.1 has no C++ guards and needs these standard headers first.
#pragma once

#include <csetjmp>
#include <cstdarg>
#include <cstddef>
#include <cstdint>

extern "C" {
#include <cmocka.h>
}

#include <string>

// assert_string_contains(haystack, needle) with both shown when it fails.
#define assert_contains(haystack, needle)                                                              \
    do {                                                                                               \
        const std::string h_ = (haystack), n_ = (needle);                                              \
        if (h_.find(n_) == std::string::npos)                                                          \
            fail_msg("expected \"%s\" to contain \"%s\"", h_.c_str(), n_.c_str());                    \
    } while (0)
