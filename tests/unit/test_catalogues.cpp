// Every entry of the catalogues beyond the codes (per-method texts, causes, warn-codes, detail phrases): present,
// complete, distinct where they must be, and short enough for Wireshark's labels; and what they drive: texts
// chosen by method, causes that contradict their response, the detail line of each code.
#include "cmocka_cpp.h"

#include <glib.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "advice_text.h"
#include "explain.h"
#include "extras.h"
#include "knowledge.h"
#include "shipped.h"

using namespace sipadvice;

namespace {

const Knowledge& kb() { return test::shipped(); }

// A summary as the details pane shows it: after "Expert Info (Warning/Response): ", whole, within 239 bytes.
void assert_summary_fits(const std::string& what, const std::string& summary)
{
    if (summary.size() + kExpertPrefixBytes > kLabelBytes - 1 || summary.find("…") != std::string::npos)
        fail_msg("%s: Expert Info summary of %zu bytes does not fit whole: %s", what.c_str(), summary.size(), summary.c_str());
    if (!g_utf8_validate(summary.data(), static_cast<gssize>(summary.size()), nullptr))
        fail_msg("%s: summary is not valid UTF-8", what.c_str());
}

void assert_label_fits(const std::string& what, const char* title, const std::string& text)
{
    if (std::string(title).size() + 2 + text.size() > kLabelBytes - 1)
        fail_msg("%s: \"%s: %s\" is over %zu bytes", what.c_str(), title, text.c_str(), kLabelBytes - 1);
}

// --- per-method texts --------------------------------------------------------------------------------

// The (code, method) pairs the catalogue must explain differently from the code alone.
const std::vector<std::pair<uint32_t, Method>> kRequiredMethodEntries = {
    {200, Method::INVITE}, {200, Method::REGISTER}, {200, Method::CANCEL}, {200, Method::BYE}, {200, Method::OPTIONS},
    {200, Method::SUBSCRIBE}, {200, Method::NOTIFY}, {200, Method::PUBLISH}, {200, Method::MESSAGE}, {200, Method::INFO},
    {200, Method::UPDATE}, {200, Method::PRACK}, {202, Method::REFER}, {202, Method::SUBSCRIBE}, {401, Method::REGISTER},
    {401, Method::INVITE}, {407, Method::REGISTER}, {407, Method::INVITE}, {403, Method::REGISTER}, {403, Method::INVITE},
    {404, Method::SUBSCRIBE}, {404, Method::MESSAGE}, {480, Method::SUBSCRIBE}, {480, Method::MESSAGE},
    {408, Method::INVITE}, {408, Method::REGISTER}, {408, Method::NOTIFY}, {481, Method::BYE}, {481, Method::CANCEL},
    {481, Method::NOTIFY}, {481, Method::INVITE}, {481, Method::PRACK}, {481, Method::UPDATE}, {489, Method::SUBSCRIBE},
    {489, Method::PUBLISH}, {487, Method::INVITE}, {500, Method::REGISTER}, {500, Method::INVITE},
    {503, Method::REGISTER}, {503, Method::INVITE},
};

void test_method_entries_are_many_and_include_the_required(void**)
{
    const auto entries = kb().codes().method_entries();
    assert_true(entries.size() >= 40);
    for (const auto& [code, method] : kRequiredMethodEntries) {
        const CodeInfo info = kb().lookup(code, method);
        if (info.text->method != method)
            fail_msg("no per-method entry [%u %s]", code, method_name(method));
    }
}

void test_every_method_entry_differs_from_its_code_and_fits(void**)
{
    std::set<std::string> meanings, seen, fixes;
    for (const uint32_t code : kb().registered_codes()) {
        const CodeText& t = *kb().lookup(code).text;
        meanings.insert(t.meaning), seen.insert(t.seen_when), fixes.insert(t.fix);
    }
    for (const auto& [code, method] : kb().codes().method_entries()) {
        const std::string what = std::to_string(code) + " " + method_name(method);
        const CodeInfo info = kb().lookup(code, method);
        const CodeText& t = *info.text;
        const CodeText& base = *kb().lookup(code).text;
        assert_int_equal(static_cast<int>(t.method), static_cast<int>(method));
        if (t.meaning == base.meaning && t.seen_when == base.seen_when && t.fix == base.fix && t.severity == base.severity)
            fail_msg("[%s] changes nothing of [%u]", what.c_str(), code);
        // a text of its own is distinct from every code's and every other entry's
        if (t.meaning != base.meaning && !meanings.insert(t.meaning).second)
            fail_msg("[%s] repeats a meaning", what.c_str());
        if (t.seen_when != base.seen_when && !seen.insert(t.seen_when).second)
            fail_msg("[%s] repeats a seen_when", what.c_str());
        if (t.fix != base.fix && !fixes.insert(t.fix).second)
            fail_msg("[%s] repeats a fix", what.c_str());
        assert_string_equal(t.reason.c_str(), base.reason.c_str());  // the registry phrase stays the code's
        assert_summary_fits(what, t.summary);
        assert_contains(t.summary, std::to_string(code) + " " + t.reason + " to " + method_name(method) + ": ");
        assert_label_fits(what, "Meaning", t.meaning);
        assert_label_fits(what, "Seen when", t.seen_when);
        assert_label_fits(what, "Fix", t.fix);
    }
}

void test_method_lookup_falls_back_to_the_code(void**)
{
    const CodeInfo generic = kb().lookup(200);
    const CodeInfo to_register = kb().lookup(200, Method::REGISTER);
    const CodeInfo to_ack = kb().lookup(200, Method::ACK);  // no entry: the code's own text
    assert_true(to_register.text != generic.text);
    assert_true(to_ack.text == generic.text);
    assert_int_equal(static_cast<int>(kb().lookup(481, Method::CANCEL).text->severity), static_cast<int>(Severity::note));
    assert_int_equal(static_cast<int>(kb().lookup(481, Method::BYE).text->severity), static_cast<int>(Severity::warning));
    // codes outside the registry keep their class text, whatever the method
    assert_true(kb().lookup(499, Method::INVITE).text == kb().lookup(499).text);
}

// --- causes ------------------------------------------------------------------------------------------

// Every cause value ITU-T Q.850 defines (with its amendments), written out independently of the data.
const std::vector<std::pair<uint32_t, const char*>> kQ850 = {
    {1, "Unallocated (unassigned) number"}, {2, nullptr}, {3, "No route to destination"}, {4, nullptr}, {5, nullptr},
    {6, "Channel unacceptable"}, {7, nullptr}, {8, "Preemption"}, {9, nullptr}, {13, nullptr}, {14, nullptr},
    {16, "Normal call clearing"}, {17, "User busy"}, {18, "No user responding"}, {19, nullptr}, {20, "Subscriber absent"},
    {21, "Call rejected"}, {22, "Number changed"}, {23, nullptr}, {24, nullptr}, {25, nullptr}, {26, nullptr},
    {27, "Destination out of order"}, {28, nullptr}, {29, "Facility rejected"}, {30, nullptr},
    {31, "Normal, unspecified"}, {34, "No circuit/channel available"}, {38, "Network out of order"}, {39, nullptr},
    {40, nullptr}, {41, "Temporary failure"}, {42, "Switching equipment congestion"}, {43, nullptr}, {44, nullptr},
    {46, nullptr}, {47, nullptr}, {49, nullptr}, {50, nullptr}, {53, nullptr}, {55, nullptr}, {57, nullptr}, {58, nullptr},
    {62, nullptr}, {63, nullptr}, {65, "Bearer capability not implemented"}, {66, nullptr}, {69, nullptr}, {70, nullptr},
    {79, nullptr}, {81, nullptr}, {82, nullptr}, {83, nullptr}, {84, nullptr}, {85, nullptr}, {86, nullptr}, {87, nullptr},
    {88, "Incompatible destination"}, {90, nullptr}, {91, nullptr}, {95, nullptr}, {96, nullptr}, {97, nullptr},
    {98, nullptr}, {99, nullptr}, {100, nullptr}, {101, nullptr}, {102, "Recovery on timer expiry"}, {103, nullptr},
    {110, nullptr}, {111, "Protocol error, unspecified"}, {127, "Interworking, unspecified"},
};

// The IANA "Reason Protocols" registry.
const char* const kReasonProtocols[] = {
    "SIP", "Q.850", "Preemption", "EMM", "ESM", "S1AP-RNL", "S1AP-TL", "S1AP-NAS", "S1AP-MISC", "S1AP-PROT", "DIAMETER",
    "IKEV2", "RELEASE_CAUSE", "FAILURE_CAUSE", "STIR", "5GMM", "5GSM", "NGAP-RNL", "NGAP-TL", "NGAP-NAS", "NGAP-MISC",
    "NGAP-PROT",
};

void test_every_q850_cause_is_explained(void**)
{
    for (const auto& [value, name] : kQ850) {
        const CauseText* c = kb().causes().find("Q.850", value);
        if (!c)
            fail_msg("Q.850 cause %u is missing", value);
        if (name && c->name != name)
            fail_msg("Q.850 %u is named \"%s\", Q.850 says \"%s\"", value, c->name.c_str(), name);
    }
    size_t q850 = 0;
    for (const auto& entry : kb().causes().causes())
        q850 += entry.first.first == "q.850";
    assert_int_equal(q850, kQ850.size());  // nothing Q.850 does not define
}

void test_every_reason_protocol_is_known(void**)
{
    for (const char* p : kReasonProtocols)
        if (!kb().causes().protocol(p))
            fail_msg("Reason protocol %s is missing", p);
    assert_int_equal(kb().causes().protocols().size(), std::size(kReasonProtocols));
    assert_non_null(kb().causes().protocol("q.850"));  // tokens match whatever their letter case
    assert_non_null(kb().causes().find("Release_Cause", 2));
}

void test_every_cause_is_complete_distinct_and_fits(void**)
{
    std::set<std::string> meanings, fixes;
    for (const auto& [key, c] : kb().causes().causes()) {
        const std::string what = c.protocol + " " + std::to_string(c.value);
        for (const std::string* t : {&c.name, &c.meaning, &c.seen_when, &c.fix, &c.rfc})
            if (t->empty())
                fail_msg("%s has an empty text", what.c_str());
        if (!meanings.insert(c.meaning).second || !fixes.insert(c.fix).second)
            fail_msg("%s repeats another cause's text", what.c_str());
        assert_summary_fits(what, c.summary);
        assert_string_equal(c.summary.substr(0, what.size() + 1).c_str(), (what + " ").c_str());
        assert_label_fits(what, "Meaning", c.meaning);
        assert_label_fits(what, "Seen when", c.seen_when);
        assert_label_fits(what, "Fix", c.fix);
    }
}

// The mismatch rule, from RFC 3398's mappings (see causes.h).
void test_causes_that_contradict_their_response(void**)
{
    const struct {
        uint32_t code;
        const char* protocol;
        uint32_t value;
        bool mismatch;
    } cases[] = {
        {486, "Q.850", 16, true},   // busy with "normal clearing": maps to no failure at all
        {486, "Q.850", 17, false},  // busy with user busy
        {600, "Q.850", 17, false},
        {480, "Q.850", 18, false}, {480, "Q.850", 19, false}, {408, "Q.850", 102, false},
        {503, "Q.850", 34, false}, {404, "Q.850", 1, false}, {403, "Q.850", 21, false}, {603, "Q.850", 21, false},
        {480, "Q.850", 21, true},   // a rejection dressed as unavailable
        {503, "Q.850", 17, true},   // capacity reported as busy, or the reverse
        {487, "Q.850", 16, false},  // 487 takes part in no mapping: nothing to contradict
        {488, "Q.850", 65, false},
        {486, "SIP", 480, false},   // SIP causes are not mapped
        {180, "Q.850", 16, false},  // provisional responses are not judged
    };
    for (const auto& c : cases) {
        ReasonValue r;
        r.protocol = c.protocol;
        r.cause = c.value;
        r.has_cause = true;
        const CauseExplanation e = explain_cause(kb(), r, c.code);
        if (e.mismatch != c.mismatch)
            fail_msg("%u with %s %u: mismatch %d, expected %d", c.code, c.protocol, c.value, e.mismatch, c.mismatch);
        if (e.mismatch) {
            assert_contains(e.mismatch_summary, std::to_string(c.code));
            assert_summary_fits("mismatch", e.mismatch_summary);
        }
    }
    // a request's cause contradicts nothing
    ReasonValue r{"Q.850", 16, true, ""};
    assert_false(explain_cause(kb(), r, 0).mismatch);
}

void test_causes_without_an_entry_still_explain(void**)
{
    const struct {
        ReasonValue r;
        const char* says;
    } cases[] = {
        {{"SIP", 480, true, ""}, "SIP 480 Temporarily Unavailable: "},       // the code catalogue explains SIP
        {{"SIP", 200, true, "Call completed elsewhere"}, "SIP 200 Call completed elsewhere: "},
        {{"EMM", 15, true, ""}, "EMM 15 -: "},                               // protocol known, value not
        {{"X-VENDOR", 7, true, "busy"}, "X-VENDOR 7 busy: "},                 // protocol outside the registry
        {{"Q.850", 0, false, ""}, "Q.850 0 -: "},                             // no cause parameter
    };
    for (const auto& c : cases) {
        const CauseExplanation e = explain_cause(kb(), c.r, 486);
        assert_contains(e.summary, c.says);
        assert_false(e.meaning.empty() || e.fix.empty() || e.rfc.empty());
        assert_summary_fits(c.says, e.summary);
    }
    const ReasonValue vendor{"X-VENDOR", 7, true, ""};
    assert_contains(explain_cause(kb(), vendor, 486).meaning, "not in the IANA");
}

void test_cause_severities_follow_the_policy(void**)
{
    const struct {
        uint32_t value;
        Severity severity;
    } cases[] = {{16, Severity::chat}, {17, Severity::note}, {19, Severity::note}, {34, Severity::error},
                 {41, Severity::error}, {102, Severity::error}, {1, Severity::warning}};
    for (const auto& c : cases) {
        const CauseText* t = kb().causes().find("Q.850", c.value);
        if (t->severity != c.severity)
            fail_msg("Q.850 %u is %s", c.value, severity_name(t->severity));
    }
}

// --- warn-codes --------------------------------------------------------------------------------------

void test_every_registered_warn_code(void**)
{
    const std::map<uint32_t, const char*> registry = {
        {300, "Incompatible network protocol"}, {301, "Incompatible network address formats"},
        {302, "Incompatible transport protocol"}, {303, "Incompatible bandwidth units"}, {304, "Media type not available"},
        {305, "Incompatible media format"}, {306, "Attribute not understood"},
        {307, "Session description parameter not understood"}, {308, "Incompatible language specification"},
        {330, "Multicast not available"}, {331, "Unicast not available"}, {370, "Insufficient bandwidth"},
        {380, "SIPS Not Allowed"}, {381, "SIPS Required"}, {399, "Miscellaneous warning"},
    };
    assert_int_equal(kb().warnings().codes().size(), registry.size());
    std::set<std::string> meanings, fixes;
    for (const auto& [code, name] : registry) {
        const WarningText* w = kb().warnings().lookup(code);
        assert_true(w->registered);
        if (w->name != name)
            fail_msg("warn-code %u is named \"%s\", the registry says \"%s\"", code, w->name.c_str(), name);
        if (!meanings.insert(w->meaning).second || !fixes.insert(w->fix).second)
            fail_msg("warn-code %u repeats another's text", code);
        assert_summary_fits(std::to_string(code), w->summary);
        assert_contains(w->summary, "Warning " + std::to_string(code) + " " + name + ": ");
        assert_label_fits(std::to_string(code), "Fix", w->fix);
    }
    const WarningText* other = kb().warnings().lookup(392);
    assert_false(other->registered);
    SummaryBuffer b;
    assert_contains(std::string(warning_summary(kb().ui(), 392, *other, b)), "Warning 392 (unregistered): ");
}

// --- detail line -------------------------------------------------------------------------------------

void test_every_detail_part_has_a_phrase(void**)
{
    assert_true(kb().details().complete());
    for (unsigned i = 0; i < kDetailPartCount; ++i) {
        const DetailPartInfo& info = detail_part_info(static_cast<DetailPart>(i));
        assert_int_equal(static_cast<unsigned>(info.part), i);
        for (const char* p : info.placeholders)  // each phrase uses its values (stale has none)
            if (kb().details().text(info.part).find("{" + std::string(p) + "}") == std::string::npos)
                fail_msg("[detail %s] does not use {%s}", info.name, p);
    }
}

HeaderValues headers_of(const std::string& message, uint32_t code)
{
    static std::vector<std::string> keep;  // the views point into these
    keep.push_back(message);
    SipMessage m;
    HeaderValues h;
    parse_sip_message(keep.back(), m, wanted_headers, &h);
    assert_int_equal(m.code, code);
    return h;
}

std::string detail_of(uint32_t code, Method method, const std::string& headers, const RequestMemo* request = nullptr)
{
    const std::string message = "SIP/2.0 " + std::to_string(code) + " X\r\nCall-ID: c\r\n" + headers + "\r\n";
    return response_extras(code, method, headers_of(message, code), request, kb().details()).detail;
}

void test_detail_line_says_what_to_change(void**)
{
    RequestMemo reg;
    reg.frame = 1, reg.method = Method::REGISTER, reg.expires = 60;
    assert_string_equal(detail_of(423, Method::REGISTER, "Min-Expires: 3600\r\n", &reg).c_str(),
                        "Min-Expires is 3600 s but the REGISTER in frame 1 asked for 60 s: ask for at least 3600 s");
    assert_contains(detail_of(423, Method::REGISTER, "Min-Expires: 3600\r\n"), "ask for an expiry of at least 3600 s");
    RequestMemo inv;
    inv.frame = 5, inv.method = Method::INVITE, inv.session_expires = 60;
    assert_contains(detail_of(422, Method::INVITE, "Min-SE: 90\r\n", &inv), "the INVITE in frame 5 asked for Session-Expires 60 s");
    assert_contains(detail_of(420, Method::INVITE, "Unsupported: foo-ext, bar\r\n"), "Unsupported: foo-ext, bar: ");
    assert_contains(detail_of(421, Method::INVITE, "Require: 100rel\r\n"), "Require: 100rel: ");
    assert_contains(detail_of(405, Method::MESSAGE, "Allow: INVITE, ACK\r\nAllow: BYE\r\n"), "Allow: INVITE, ACK, BYE: MESSAGE is not");
    RequestMemo info;
    info.frame = 14, info.method = Method::INFO, info.in_dialog = true, info.content_type = "application/x-foo";
    assert_contains(detail_of(415, Method::INFO, "Accept: application/dtmf-relay\r\nAccept-Language: en\r\n", &info),
                    "the INFO in frame 14 sent application/x-foo; Accept: application/dtmf-relay; Accept-Language: en");
    assert_contains(detail_of(401, Method::REGISTER, "WWW-Authenticate: Digest realm=\"r.example\", nonce=\"n\", stale=TRUE, "
                                                     "qop=\"auth,auth-int\"\r\n"),
                    "challenge for realm r.example, algorithm MD5, qop auth,auth-int; stale=true");
    assert_contains(detail_of(407, Method::INVITE, "Proxy-Authenticate: Digest realm=\"p\", algorithm=SHA-256\r\n"),
                    "realm p, algorithm SHA-256, qop -");
    assert_contains(detail_of(302, Method::INVITE, "Contact: <sip:a@h;x=y>;q=0.7, sip:b@h;q=0.3\r\nm: <sip:c@h>\r\n"),
                    "redirected to sip:a@h;x=y (q=0.7), sip:b@h (q=0.3), sip:c@h");
    assert_contains(detail_of(489, Method::SUBSCRIBE, "Allow-Events: presence, dialog\r\n"), "Allow-Events: presence, dialog: ");
    assert_contains(detail_of(494, Method::REGISTER, "Security-Server: ipsec-3gpp;q=0.1\r\n"), "Security-Server: ipsec-3gpp;q=0.1: ");
    assert_contains(detail_of(417, Method::INVITE, "Accept-Resource-Priority: wps.0, ets.0\r\n"), "Accept-Resource-Priority: wps.0, ets.0: ");
    assert_contains(detail_of(503, Method::INVITE, "Retry-After: 120 (maintenance);duration=60\r\n"), "Retry-After 120 s");
    RequestMemo reinvite;
    reinvite.frame = 3107, reinvite.method = Method::INVITE, reinvite.in_dialog = true, reinvite.offer = "image udptl t38";
    assert_string_equal(detail_of(488, Method::INVITE, "Warning: 305 sbc \"Incompatible media format\"\r\n", &reinvite).c_str(),
                        "the re-INVITE in frame 3107 offered image udptl t38; Warning 305: Incompatible media format");
    // nothing to say: no detail
    assert_string_equal(detail_of(486, Method::INVITE, "").c_str(), "");
    assert_string_equal(detail_of(200, Method::INVITE, "Retry-After: 5\r\n").c_str(), "");
}

void test_detail_line_keeps_wire_values_sane(void**)
{
    const std::string huge(5000, 'a');
    const std::string d = detail_of(405, Method::MESSAGE, "Allow: %s%n%x, " + huge + "\r\n");
    assert_true(d.size() < 400);
    assert_contains(d, "%s%n%x");  // shown as text
    assert_true(g_utf8_validate(d.data(), static_cast<gssize>(d.size()), nullptr));
    const std::string bin = detail_of(420, Method::INVITE, std::string("Unsupported: a\xff\x01z\r\n"));
    assert_true(g_utf8_validate(bin.data(), static_cast<gssize>(bin.size()), nullptr));
}

// --- user files --------------------------------------------------------------------------------------

void test_user_file_changes_the_new_catalogues(void**)
{
    std::vector<Diagnostic> d;
    Knowledge k = builtin_knowledge(d);
    k.load("[200 REGISTER]\nfix=Our registrar: check the HSS.\n"
           "[cause Q.850 34]\nseverity=warning\n"
           "[protocol X-ACME]\nname=ACME causes\nmeaning=Our vendor's private causes.\nrfc=ACME manual\n"
           "[cause X-ACME 7]\nname=Quota\nmeaning=The quota is used up.\nseen_when=Month end.\nfix=Raise it.\nrfc=ACME\nseverity=note\n"
           "[warning 392]\nname=Debug\nmeaning=Our proxies' debug text.\nfix=None.\nrfc=Kamailio docs\nseverity=chat\n"
           "[detail retry-after]\ntext=come back in {seconds} s\n",
           "sipadvice.ini", false, d);
    k.finalize();
    for (const auto& x : d)
        print_error("%s\n", x.to_string().c_str());
    assert_int_equal(d.size(), 0);
    assert_string_equal(k.lookup(200, Method::REGISTER).text->fix.c_str(), "Our registrar: check the HSS.");
    assert_string_equal(k.lookup(200, Method::REGISTER).text->meaning.c_str(), kb().lookup(200, Method::REGISTER).text->meaning.c_str());
    assert_int_equal(static_cast<int>(k.causes().find("Q.850", 34)->severity), static_cast<int>(Severity::warning));
    assert_string_equal(k.causes().find("x-acme", 7)->name.c_str(), "Quota");
    assert_false(k.warnings().lookup(392)->registered);  // added by a user: not the IANA registry's
    assert_string_equal(k.details().text(DetailPart::retry_after).c_str(), "come back in {seconds} s");
}

void test_users_code_text_beats_builtin_method_text(void**)
{
    std::vector<Diagnostic> d;
    Knowledge k = builtin_knowledge(d);
    k.load("[481 BYE]\nfix=Ours, for BYE.\n[481]\nfix=Ours, for every 481.\n", "sipadvice.ini", false, d);
    k.finalize();
    assert_int_equal(d.size(), 0);
    assert_string_equal(k.lookup(481, Method::CANCEL).text->fix.c_str(), "Ours, for every 481.");
    assert_string_equal(k.lookup(481, Method::BYE).text->fix.c_str(), "Ours, for BYE.");  // the user's own stays
    assert_string_equal(k.lookup(481, Method::CANCEL).text->meaning.c_str(), kb().lookup(481, Method::CANCEL).text->meaning.c_str());
}

void test_malformed_entries_of_the_new_catalogues(void**)
{
    const struct {
        std::string text;
        int line;
        const char* says;
    } cases[] = {
        {"[200 INVTE]\nfix=x\n", 1, "unknown method 'INVTE'"},
        {"[200 REGISTER]\nseverity=loud\n", 2, "severity 'loud'"},
        {"[200 REGISTER]\nseen_wen=x\n", 2, "unknown key 'seen_wen' (did you mean 'seen_when'?)"},
        {"[cause Q.850]\nname=x\n", 1, "a cause is a protocol and a number"},
        {"[cause NOPE 1]\nname=x\n", 1, "has no [protocol NOPE] group"},
        {"[cause Q.850 200]\nname=x\n", 1, "missing: meaning, seen_when, fix, rfc, severity"},
        {"[cause Q.850 17]\nsip=486;9x9\n", 2, "'9x9' in 'sip'"},
        {"[cause Q.850 17]\nsip=200\n", 2, "not a failure code"},
        {"[protocol Q 850]\nname=x\n", 1, "one token"},
        {"[warning 30]\nname=x\n", 1, "three digits"},
        {"[warning 333]\nname=x\n", 1, "missing: meaning, fix, rfc, severity"},
        {"[detail nonsense]\ntext=x\n", 1, "unknown detail part"},
        {"[detail min-expires]\ntext=at least {minimum} s\n", 2, "unknown placeholder {minimum}"},
        {"[detail allow]\ntext=Allow {values\n", 2, "without its pair"},
        {"[detail allow]\nvalue=x\n", 2, "unknown key 'value'"},
    };
    for (const auto& c : cases) {
        std::vector<Diagnostic> d;
        Knowledge k = builtin_knowledge(d);
        k.load(c.text, "sipadvice.ini", false, d);
        k.finalize();
        if (d.empty())
            fail_msg("%s: no diagnostic", c.text.c_str());
        if (d[0].line != c.line || d[0].message.find(c.says) == std::string::npos)
            fail_msg("%s: got %s, expected line %d saying \"%s\"", c.text.c_str(), d[0].to_string().c_str(), c.line, c.says);
        // the built-in data stays in use
        assert_string_equal(k.lookup(200, Method::REGISTER).text->fix.c_str(), kb().lookup(200, Method::REGISTER).text->fix.c_str());
        assert_string_equal(k.causes().find("Q.850", 17)->name.c_str(), "User busy");
        assert_true(k.causes().find("Q.850", 17)->sip.contains(486));
        assert_string_equal(k.details().text(DetailPart::allow).c_str(), kb().details().text(DetailPart::allow).c_str());
    }
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_method_entries_are_many_and_include_the_required),
        cmocka_unit_test(test_every_method_entry_differs_from_its_code_and_fits),
        cmocka_unit_test(test_method_lookup_falls_back_to_the_code),
        cmocka_unit_test(test_every_q850_cause_is_explained),
        cmocka_unit_test(test_every_reason_protocol_is_known),
        cmocka_unit_test(test_every_cause_is_complete_distinct_and_fits),
        cmocka_unit_test(test_causes_that_contradict_their_response),
        cmocka_unit_test(test_causes_without_an_entry_still_explain),
        cmocka_unit_test(test_cause_severities_follow_the_policy),
        cmocka_unit_test(test_every_registered_warn_code),
        cmocka_unit_test(test_every_detail_part_has_a_phrase),
        cmocka_unit_test(test_detail_line_says_what_to_change),
        cmocka_unit_test(test_detail_line_keeps_wire_values_sane),
        cmocka_unit_test(test_user_file_changes_the_new_catalogues),
        cmocka_unit_test(test_users_code_text_beats_builtin_method_text),
        cmocka_unit_test(test_malformed_entries_of_the_new_catalogues),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
