// Labels stay within Wireshark's 240-byte limit and are never cut inside a UTF-8 character.
#include "cmocka_cpp.h"

#include <glib.h>

#include <string>

#include "advice_text.h"
#include "knowledge.h"
#include "shipped.h"

using namespace sipadvice;

namespace {

// The built-in English phrases the summaries are made of.
const UiCatalogue& ui() { return test::shipped().ui(); }

void test_cut_never_splits_a_character(void**)
{
    // "§" is two bytes, "→" three: summaries of every length, shifted by every amount of leading ASCII, so
    // that the texts fit whole, just fit, or are cut at every position across those characters.
    const std::string base = "RFC 3261 §21.4.9 → ";
    std::string text;
    while (text.size() < 400)
        text += base;
    Rule r;
    SummaryBuffer out;
    for (size_t shift = 0; shift < base.size(); ++shift) {
        for (size_t length = 0; length < 300; ++length) {
            r.summary = std::string(shift, 'x') + text.substr(0, length);
            while (!r.summary.empty() && !g_utf8_validate(r.summary.data(), static_cast<gssize>(r.summary.size()), nullptr))
                r.summary.pop_back();  // the rule's own text is whole characters, as the loader guarantees
            const std::string s = contrast_summary(ui(), 430, 204, r, out);
            assert_true(s.size() + kExpertPrefixBytes <= kLabelBytes - 1);
            if (!g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr))
                fail_msg("a summary of %zu bytes was cut into invalid UTF-8", r.summary.size());
            if (s.size() < 15 + r.summary.size())
                assert_string_equal(s.substr(s.size() - 3).c_str(), "…");
            else
                assert_string_equal(s.c_str(), ("430 after 204: " + r.summary).c_str());
        }
    }
}

void test_user_texts_too_long_are_cut_in_the_summary(void**)
{
    CodeText t{"Flow Failed", std::string(300, 'm'), "when", std::string(300, 'f'), "RFC 5626", Severity::warning, Method::other, "", ""};
    const CodeInfo info{430, CodeClass::client_failure, true, &t};
    const std::string s = response_summary(ui(), info);
    assert_true(s.size() + kExpertPrefixBytes <= kLabelBytes - 1);
    assert_string_equal(s.substr(0, 17).c_str(), "430 Flow Failed: ");
}

void test_contrast_summary_names_both_codes(void**)
{
    Rule r;
    r.summary = "Subscription accepted, then the flow to the subscriber failed";
    SummaryBuffer out;
    assert_string_equal(contrast_summary(ui(), 430, 204, r, out),
                        "430 after 204: Subscription accepted, then the flow to the subscriber failed");
}

void test_long_contrast_summary_is_cut_within_the_label(void**)
{
    Rule r;
    r.summary = std::string(150, 'a');  // then two-byte characters, so that the cut lands inside one
    for (int i = 0; i < 40; ++i)
        r.summary += "é";
    SummaryBuffer out;
    const std::string s = contrast_summary(ui(), 430, 204, r, out);
    assert_int_equal(s.size() + kExpertPrefixBytes, kLabelBytes - 1 - 1);  // "é" not split: one byte short
    assert_string_equal(s.substr(0, 15).c_str(), "430 after 204: ");
    assert_string_equal(s.substr(s.size() - 3).c_str(), "…");
    assert_true(g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr));
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_never_splits_a_character),
        cmocka_unit_test(test_user_texts_too_long_are_cut_in_the_summary),
        cmocka_unit_test(test_contrast_summary_names_both_codes),
        cmocka_unit_test(test_long_contrast_summary_is_cut_within_the_label),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
