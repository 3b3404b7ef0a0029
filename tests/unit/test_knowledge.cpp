// The built-in knowledge: the whole IANA registry, each code with its own texts, labels that fit Wireshark.
#include "cmocka_cpp.h"

#include <set>
#include <vector>

#include "advice_text.h"
#include "knowledge.h"
#include "shipped.h"

using namespace sipadvice;

namespace {

// The IANA "Session Initiation Protocol (SIP) Parameters / Response Codes" registry: code and reason
// phrase, written out here independently of data/codes.ini so that the data is checked against it.
const std::vector<std::pair<uint32_t, const char*>> kRegistry = {
    {100, "Trying"}, {180, "Ringing"}, {181, "Call Is Being Forwarded"}, {182, "Queued"},
    {183, "Session Progress"}, {199, "Early Dialog Terminated"}, {200, "OK"}, {202, "Accepted (Deprecated)"},
    {204, "No Notification"}, {300, "Multiple Choices"}, {301, "Moved Permanently"},
    {302, "Moved Temporarily"}, {305, "Use Proxy"}, {380, "Alternative Service"}, {400, "Bad Request"},
    {401, "Unauthorized"}, {402, "Payment Required"}, {403, "Forbidden"}, {404, "Not Found"},
    {405, "Method Not Allowed"}, {406, "Not Acceptable"}, {407, "Proxy Authentication Required"},
    {408, "Request Timeout"}, {410, "Gone"}, {412, "Conditional Request Failed"},
    {413, "Request Entity Too Large"}, {414, "Request-URI Too Long"}, {415, "Unsupported Media Type"},
    {416, "Unsupported URI Scheme"}, {417, "Unknown Resource-Priority"}, {420, "Bad Extension"},
    {421, "Extension Required"}, {422, "Session Interval Too Small"}, {423, "Interval Too Brief"},
    {424, "Bad Location Information"}, {425, "Bad Alert Message"}, {428, "Use Identity Header"},
    {429, "Provide Referrer Identity"}, {430, "Flow Failed"}, {433, "Anonymity Disallowed"},
    {436, "Bad Identity Info"}, {437, "Unsupported Credential"}, {438, "Invalid Identity Header"},
    {439, "First Hop Lacks Outbound Support"}, {440, "Max-Breadth Exceeded"}, {469, "Bad Info Package"},
    {470, "Consent Needed"}, {480, "Temporarily Unavailable"}, {481, "Call/Transaction Does Not Exist"},
    {482, "Loop Detected"}, {483, "Too Many Hops"}, {484, "Address Incomplete"}, {485, "Ambiguous"},
    {486, "Busy Here"}, {487, "Request Terminated"}, {488, "Not Acceptable Here"}, {489, "Bad Event"},
    {491, "Request Pending"}, {493, "Undecipherable"}, {494, "Security Agreement Required"},
    {500, "Server Internal Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
    {503, "Service Unavailable"}, {504, "Server Time-out"}, {505, "Version Not Supported"},
    {513, "Message Too Large"}, {555, "Push Notification Service Not Supported"},
    {580, "Precondition Failure"}, {600, "Busy Everywhere"}, {603, "Decline"},
    {604, "Does Not Exist Anywhere"}, {606, "Not Acceptable"}, {607, "Unwanted"}, {608, "Rejected"},
};

const Knowledge& kb() { return test::shipped(); }

// Wireshark shows at most 239 bytes of a label: "<Title>: <text>" must fit whole.
void assert_label_fits(const char* title, const std::string& text, uint32_t code)
{
    const size_t bytes = std::string(title).size() + 2 + text.size();
    if (bytes > kLabelBytes - 1)
        fail_msg("code %u: \"%s: %s\" is %zu bytes; Wireshark cuts at %zu", code, title, text.c_str(), bytes, kLabelBytes - 1);
}

void test_registry_has_75_codes(void**) { assert_int_equal(kRegistry.size(), 75); }

void test_every_registry_code_has_its_phrase_and_texts(void**)
{
    for (const auto& [code, phrase] : kRegistry) {
        const CodeInfo info = kb().lookup(code);
        if (!info.registered)
            fail_msg("code %u is not marked registered", code);
        assert_string_equal(info.text->reason.c_str(), phrase);
        assert_int_equal(static_cast<int>(info.cls), static_cast<int>(code / 100));
        for (const std::string* t : {&info.text->meaning, &info.text->seen_when, &info.text->fix})
            if (t->size() < 40)
                fail_msg("code %u has a text shorter than 40 characters: \"%s\"", code, t->c_str());
        if (info.text->rfc.rfind("RFC ", 0) != 0)
            fail_msg("code %u: rfc \"%s\" does not name an RFC", code, info.text->rfc.c_str());
    }
}

void test_registered_codes_are_exactly_the_registry(void**)
{
    std::vector<uint32_t> expected;
    for (const auto& entry : kRegistry)
        expected.push_back(entry.first);
    assert_true(kb().registered_codes() == expected);
}

void test_no_two_codes_share_a_text(void**)
{
    std::set<std::string> meanings, seen, fixes;
    for (const auto& [code, phrase] : kRegistry) {
        const CodeText& t = *kb().lookup(code).text;
        if (!meanings.insert(t.meaning).second || !seen.insert(t.seen_when).second || !fixes.insert(t.fix).second)
            fail_msg("code %u (%s) repeats another code's text", code, phrase);
    }
}

void test_every_label_fits_wireshark(void**)
{
    std::vector<uint32_t> codes = {199, 299, 399, 499, 599, 699, 999};  // class fallbacks and [invalid], longest
    for (const auto& entry : kRegistry)
        codes.push_back(entry.first);
    for (const uint32_t code : codes) {
        const CodeInfo info = kb().lookup(code);
        // The details pane shows the item as "Expert Info (Warning/Response): <summary>", cut at 239 bytes:
        // the full summary must fit without response_summary() having to cut it.
        const CodeText& t = *info.text;
        const std::string full = std::to_string(code) + " " + t.reason + ": " + t.meaning + " Fix: " + t.fix;
        if (full.size() + kExpertPrefixBytes > kLabelBytes - 1)
            fail_msg("code %u: Expert Info summary is %zu bytes, over %zu: %s", code, full.size(),
                     kLabelBytes - 1 - kExpertPrefixBytes, full.c_str());
        assert_string_equal(response_summary(kb().ui(), info).c_str(), full.c_str());
        assert_label_fits("Meaning", info.text->meaning, code);
        assert_label_fits("Seen when", info.text->seen_when, code);
        assert_label_fits("Fix", info.text->fix, code);
    }
}

void test_unregistered_codes_get_their_class_text(void**)
{
    const struct {
        uint32_t code;
        CodeClass cls;
        const char* reason;
    } cases[] = {
        {150, CodeClass::provisional, "Unregistered provisional response"},
        {299, CodeClass::success, "Unregistered success response"},
        {350, CodeClass::redirection, "Unregistered redirection response"},
        {499, CodeClass::client_failure, "Unregistered client failure"},
        {588, CodeClass::server_failure, "Unregistered server failure"},
        {699, CodeClass::global_failure, "Unregistered global failure"},
    };
    for (const auto& c : cases) {
        const CodeInfo info = kb().lookup(c.code);
        assert_false(info.registered);
        assert_int_equal(static_cast<int>(info.cls), static_cast<int>(c.cls));
        assert_string_equal(info.text->reason.c_str(), c.reason);
    }
}

void test_codes_outside_100_699_are_invalid(void**)
{
    for (const uint32_t code : {0u, 99u, 700u, 701u, 999u, 65535u, 4294967295u}) {
        const CodeInfo info = kb().lookup(code);
        assert_int_equal(static_cast<int>(info.cls), static_cast<int>(CodeClass::invalid));
        assert_false(info.registered);
        assert_string_equal(info.text->reason.c_str(), "Invalid status code");
        assert_string_equal(code_class_name(info.cls), "invalid");
        assert_int_equal(static_cast<int>(info.text->severity), static_cast<int>(Severity::error));
        assert_contains(response_summary(kb().ui(), info), std::to_string(code) + " Invalid status code: ");
    }
}

void test_class_names_match_the_field_reference(void**)
{
    assert_string_equal(code_class_name(code_class(183)), "provisional");
    assert_string_equal(code_class_name(code_class(204)), "success");
    assert_string_equal(code_class_name(code_class(302)), "redirection");
    assert_string_equal(code_class_name(code_class(430)), "client-failure");
    assert_string_equal(code_class_name(code_class(503)), "server-failure");
    assert_string_equal(code_class_name(code_class(600)), "global-failure");
}

// Normal flow must not drown real failures in the Expert Info dialog (README: "How severities were chosen").
void test_severity_policy(void**)
{
    for (const uint32_t code : {100u, 180u, 183u, 200u, 202u, 204u, 401u, 407u})
        assert_int_equal(static_cast<int>(kb().lookup(code).text->severity), static_cast<int>(Severity::chat));
    for (const uint32_t code : {302u, 487u, 486u, 603u})
        assert_int_equal(static_cast<int>(kb().lookup(code).text->severity), static_cast<int>(Severity::note));
    for (const uint32_t code : {403u, 404u, 408u, 430u, 481u, 488u})
        assert_int_equal(static_cast<int>(kb().lookup(code).text->severity), static_cast<int>(Severity::warning));
    for (const uint32_t code : {500u, 503u, 504u})
        assert_int_equal(static_cast<int>(kb().lookup(code).text->severity), static_cast<int>(Severity::error));
}

void test_expert_summary_reads_code_reason_meaning_fix(void**)
{
    const CodeInfo info = kb().lookup(430);
    const std::string s = response_summary(kb().ui(), info);
    assert_contains(s, "430 Flow Failed: " + info.text->meaning + " Fix: " + info.text->fix);
}

void test_rules_are_many_and_each_has_its_own_texts(void**)
{
    const auto& rules = kb().rules();
    assert_true(rules.size() >= 23);
    std::set<std::string> ids, summaries, explanations, advice;
    for (const Rule& r : rules) {
        if (!ids.insert(r.id).second || !summaries.insert(r.summary).second ||
            !explanations.insert(r.explanation).second || !advice.insert(r.advice).second)
            fail_msg("rule %s repeats another rule's id or text", r.id.c_str());
        assert_true(r.enabled);
        assert_true(r.kind != RuleKind::pair || (!r.earlier.empty() && !r.later.empty()));
        assert_label_fits("Explanation", r.explanation, 0);
        assert_label_fits("Advice", r.advice, 0);
        // "430 after 204: <summary>" must fit the Expert Info label in the details pane.
        if (r.summary.size() + 16 + kExpertPrefixBytes > kLabelBytes - 1)
            fail_msg("rule %s: summary too long for the Expert Info label", r.id.c_str());
    }
}

void test_seed_rules_are_present(void**)
{
    const struct {
        uint32_t earlier, later;
    } seeds[] = {{204, 430}, {100, 430}, {204, 600}};
    for (const auto& s : seeds) {
        bool found = false;
        for (const Rule& r : kb().rules())
            found |= r.earlier.contains(s.earlier) && r.later.contains(s.later);
        if (!found)
            fail_msg("no rule for %u then %u", s.earlier, s.later);
    }
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_has_75_codes),
        cmocka_unit_test(test_every_registry_code_has_its_phrase_and_texts),
        cmocka_unit_test(test_registered_codes_are_exactly_the_registry),
        cmocka_unit_test(test_no_two_codes_share_a_text),
        cmocka_unit_test(test_every_label_fits_wireshark),
        cmocka_unit_test(test_unregistered_codes_get_their_class_text),
        cmocka_unit_test(test_codes_outside_100_699_are_invalid),
        cmocka_unit_test(test_class_names_match_the_field_reference),
        cmocka_unit_test(test_severity_policy),
        cmocka_unit_test(test_expert_summary_reads_code_reason_meaning_fix),
        cmocka_unit_test(test_rules_are_many_and_each_has_its_own_texts),
        cmocka_unit_test(test_seed_rules_are_present),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
