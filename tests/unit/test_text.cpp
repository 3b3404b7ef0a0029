// Labels stay within Wireshark's 240-byte limit and are never cut inside a UTF-8 character.
#include "cmocka_cpp.h"

#include <glib.h>

#include "advice_text.h"

using namespace sipadvice;

namespace {

void test_short_text_is_untouched(void**)
{
    std::string s = "430 Flow Failed";
    truncate_utf8(s, 239);
    assert_string_equal(s.c_str(), "430 Flow Failed");
}

void test_cut_ends_with_ellipsis_within_limit(void**)
{
    std::string s(500, 'a');
    truncate_utf8(s, 239);
    assert_true(s.size() <= 239);
    assert_string_equal(s.substr(s.size() - 3).c_str(), "…");
}

void test_cut_never_splits_a_character(void**)
{
    // "§" is two bytes, "→" three: try every cut position across them.
    const std::string base = "RFC 3261 §21.4.9 → ";
    std::string text;
    while (text.size() < 400)
        text += base;
    for (size_t limit = 3; limit < 300; ++limit) {
        std::string s = text;
        truncate_utf8(s, limit);
        assert_true(s.size() <= limit);
        if (!g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr))
            fail_msg("cut at %zu bytes left invalid UTF-8", limit);
    }
}

void test_user_texts_too_long_are_cut_in_the_summary(void**)
{
    CodeText t{"Flow Failed", std::string(300, 'm'), "when", std::string(300, 'f'), "RFC 5626", Severity::warning, ""};
    const CodeInfo info{430, CodeClass::client_failure, true, &t};
    const std::string s = response_summary(info);
    assert_true(s.size() + kExpertPrefixBytes <= kLabelBytes - 1);
    assert_string_equal(s.substr(0, 17).c_str(), "430 Flow Failed: ");
}

void test_contrast_summary_names_both_codes(void**)
{
    Rule r;
    r.summary = "Subscription accepted, then the flow to the subscriber failed";
    SummaryBuffer out;
    assert_string_equal(contrast_summary(430, 204, r, out),
                        "430 after 204: Subscription accepted, then the flow to the subscriber failed");
}

void test_long_contrast_summary_is_cut_within_the_label(void**)
{
    Rule r;
    r.summary = std::string(150, 'a');  // then two-byte characters, so that the cut lands inside one
    for (int i = 0; i < 40; ++i)
        r.summary += "é";
    SummaryBuffer out;
    const std::string s = contrast_summary(430, 204, r, out);
    assert_int_equal(s.size() + kExpertPrefixBytes, kLabelBytes - 1 - 1);  // "é" not split: one byte short
    assert_string_equal(s.substr(0, 15).c_str(), "430 after 204: ");
    assert_string_equal(s.substr(s.size() - 3).c_str(), "…");
    assert_true(g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr));
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_short_text_is_untouched),
        cmocka_unit_test(test_cut_ends_with_ellipsis_within_limit),
        cmocka_unit_test(test_cut_never_splits_a_character),
        cmocka_unit_test(test_user_texts_too_long_are_cut_in_the_summary),
        cmocka_unit_test(test_contrast_summary_names_both_codes),
        cmocka_unit_test(test_long_contrast_summary_is_cut_within_the_label),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
