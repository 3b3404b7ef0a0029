// The SIP message reader: the values the tracker needs, from messages as they appear in real traffic.
#include "cmocka_cpp.h"

#include <string>
#include <vector>

#include "sip_message.h"

using namespace sipadvice;

namespace {

struct Case {
    const char* name;
    std::string text;
    bool parses;
    bool response;
    uint32_t code;
    const char* call_id;
    const char* from_tag;
    const char* to_tag;
    const char* branch;
    uint32_t cseq;
    Method method;
    bool credentials;
};

const std::string kResponse =
    "SIP/2.0 180 Ringing\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n"
    "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKsecond\r\n"
    "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Content-Length: 0\r\n\r\n";

const std::vector<Case> kCases = {
    {"a 180 from RFC 3261's examples", kResponse, true, true, 180, "a84b4c76e66710@pc33.atlanta.example.com",
     "1928301774", "a6c85cf", "z9hG4bK776asdhds", 314159, Method::INVITE, false},
    {"compact forms", "SIP/2.0 200 OK\r\nv: SIP/2.0/TCP h;branch=z9hG4bKc\r\nf: <sip:a@x>;tag=fa\r\nt: <sip:b@y>;tag=tb\r\n"
     "i: cid-compact\r\nCSeq: 2 BYE\r\n\r\n", true, true, 200, "cid-compact", "fa", "tb", "z9hG4bKc", 2, Method::BYE, false},
    {"names in any case, space before the colon", "SIP/2.0 481 Gone\r\nVIA: SIP/2.0/UDP h ; BRANCH = z9hG4bKu \r\n"
     "FROM : <sip:a@x>;TAG=up\r\nto: <sip:b@y>\r\ncall-id :  spaced-id  \r\ncseq:7   NOTIFY\r\n\r\n",
     true, true, 481, "spaced-id", "up", "", "z9hG4bKu", 7, Method::NOTIFY, false},
    {"quoted display name holding <, ; and tag=", "SIP/2.0 486 Busy Here\r\n"
     "From: \"Eve <sip:x>;tag=fake \\\" q\" <sip:eve@x>;tag=real\r\nTo: sip:bob@y;tag=plain\r\nCall-ID: q\r\nCSeq: 1 INVITE\r\n\r\n",
     true, true, 486, "q", "real", "plain", "", 1, Method::INVITE, false},
    {"URI parameters inside <> are not header parameters", "SIP/2.0 200 OK\r\n"
     "From: <sip:a@x;tag=inside>;tag=outside\r\nTo: <sip:b@y;transport=tcp>\r\nCall-ID: u\r\nCSeq: 3 INFO\r\n\r\n",
     true, true, 200, "u", "outside", "", "", 3, Method::INFO, false},
    {"100 Trying without To tag, top Via of a comma list", "SIP/2.0 100 Trying\r\n"
     "Via: SIP/2.0/UDP a;branch=z9hG4bKtop, SIP/2.0/UDP b;branch=z9hG4bKnext\r\nFrom: <sip:a@x>;tag=f\r\n"
     "To: <sip:b@y>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n", true, true, 100, "c", "f", "", "z9hG4bKtop", 1, Method::INVITE, false},
    {"folded header lines", "SIP/2.0 430 Flow Failed\r\nCall-ID:\r\n  folded-id\r\nFrom: <sip:a@x>\r\n\t;tag=ff\r\n"
     "To: <sip:b@y>;tag=tt\r\nCSeq: 9\r\n NOTIFY\r\n\r\n", true, true, 430, "folded-id", "ff", "tt", "", 9, Method::NOTIFY, false},
    {"LF-only line ends", "SIP/2.0 204 No Notification\nCall-ID: lf\nFrom: <sip:a@x>;tag=1\nTo: <sip:b@y>;tag=2\nCSeq: 5 SUBSCRIBE\n\n",
     true, true, 204, "lf", "1", "2", "", 5, Method::SUBSCRIBE, false},
    {"the body is not read", "SIP/2.0 200 OK\r\nCall-ID: head\r\nCSeq: 1 MESSAGE\r\n\r\nCall-ID: body\r\nFrom: <sip:x@y>;tag=body\r\n",
     true, true, 200, "head", "", "", "", 1, Method::MESSAGE, false},
    {"keep-alive CRLFs before the message", "\r\n\r\nSIP/2.0 200 OK\r\nCall-ID: ka\r\n\r\n", true, true, 200, "ka", "", "", "", 0,
     Method::other, false},
    {"cut in the middle of a header", "SIP/2.0 503 Service Unavailable\r\nCall-ID: cut\r\nFrom: <sip:a@x>;ta",
     true, true, 503, "cut", "", "", "", 0, Method::other, false},
    {"CSeq too big for 32 bits", "SIP/2.0 200 OK\r\nCSeq: 99999999999999999999 REGISTER\r\n\r\n", true, true, 200, "", "", "", "", UINT32_MAX,
     Method::REGISTER, false},
    {"empty reason phrase", "SIP/2.0 200 \r\nCall-ID: e\r\n\r\n", true, true, 200, "e", "", "", "", 0, Method::other, false},
    {"code 000 and 999 are status lines", "SIP/2.0 999 Whatever\r\n\r\n", true, true, 999, "", "", "", "", 0, Method::other, false},
    {"request with Authorization", "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKr\r\n"
     "From: <sip:a@example.com>;tag=r1\r\nTo: <sip:a@example.com>\r\nCall-ID: reg\r\nCSeq: 2 REGISTER\r\n"
     "Authorization: Digest username=\"a\", realm=\"example.com\"\r\n\r\n", true, false, 0, "reg", "r1", "", "z9hG4bKr", 2,
     Method::REGISTER, true},
    {"request without credentials", "INVITE sip:b@y SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n\r\n",
     true, false, 0, "x", "", "", "", 1, Method::INVITE, false},
    {"credentials in upper case", "REGISTER sip:x SIP/2.0\r\nCall-ID: u\r\nCSeq: 3 REGISTER\r\nAUTHORIZATION: Digest x\r\n\r\n",
     true, false, 0, "u", "", "", "", 3, Method::REGISTER, true},
    {"after the wanted headers, repeats change nothing (reading stops there)", "SIP/2.0 200 OK\r\n"
     "Via: SIP/2.0/UDP a;branch=z9hG4bKfirst\r\nFrom: <sip:a@x>;tag=f1\r\nTo: <sip:b@y>;tag=t1\r\nCall-ID: one\r\n"
     "CSeq: 4 INVITE\r\nContact: <sip:b@y>\r\nFrom: <sip:a@x>;tag=f2\r\nTo: <sip:b@y>;tag=t2\r\nCall-ID: two\r\n"
     "CSeq: 5 BYE\r\nVia: SIP/2.0/UDP b;branch=z9hG4bKsecond\r\n\r\n",
     true, true, 200, "one", "f1", "t1", "z9hG4bKfirst", 4, Method::INVITE, false},
    {"an empty Call-ID is replaced by a later one", "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKe\r\n"
     "From: <sip:a@x>;tag=f\r\nTo: <sip:b@y>;tag=t\r\nCall-ID: \r\nCSeq: 1 INVITE\r\nCall-ID: later\r\n\r\n",
     true, true, 200, "later", "f", "t", "z9hG4bKe", 1, Method::INVITE, false},
    {"a request's credentials after all the other headers are still seen", "INVITE sip:b@y SIP/2.0\r\n"
     "Via: SIP/2.0/UDP a;branch=z9hG4bKi\r\nFrom: <sip:a@x>;tag=f\r\nTo: <sip:b@y>\r\nCall-ID: ci\r\nCSeq: 2 INVITE\r\n"
     "Contact: <sip:a@x>\r\nProxy-Authorization: Digest username=\"a\"\r\n\r\n",
     true, false, 0, "ci", "f", "", "z9hG4bKi", 2, Method::INVITE, true},
    {"credentials in mixed case, a z9hG4bK cookie before them", "BYE sip:b@y SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKm\r\n"
     "Call-ID: mixed\r\nCSeq: 3 BYE\r\nAuThOrIzAtIoN: Digest x\r\n\r\n", true, false, 0, "mixed", "", "", "z9hG4bKm", 3,
     Method::BYE, true},
    {"a request cut inside the word authorization has none", "ACK sip:b@y SIP/2.0\r\nz: z\r\nCall-ID: cut\r\nAuthoriz",
     true, false, 0, "cut", "", "", "", 0, Method::other, false},
    {"request with proxy-authorization, lower case", "INVITE sip:b@y SIP/2.0\r\ncall-id: inv\r\ncseq: 2 INVITE\r\n"
     "proxy-authorization: Digest username=\"a\"\r\n\r\n", true, false, 0, "inv", "", "", "", 2, Method::INVITE, true},
};

// What Wireshark's SIP dissector (strict SIP version) does not take for a Status-Line is not one here.
const std::vector<std::pair<const char*, std::string>> kNotMessages = {
    {"no space after the code", "SIP/2.0 200\r\nCall-ID: x\r\n\r\n"},
    {"two-digit code", "SIP/2.0 20 OK\r\n\r\n"},
    {"ten-digit code", "SIP/2.0 4294967295 Big\r\n\r\n"},
    {"other SIP version", "SIP/1.0 200 OK\r\n\r\n"},
    {"lower-case version", "sip/2.0 200 OK\r\n\r\n"},
    {"not SIP at all", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"empty", ""},
    {"only CRLFs", "\r\n\r\n"},
};

void test_not_messages(void**)
{
    for (const auto& [name, text] : kNotMessages) {
        SipMessage m;
        if (parse_sip_message(text, m))
            fail_msg("%s: taken for a SIP message", name);
    }
}

void test_messages(void**)
{
    for (const Case& c : kCases) {
        SipMessage m;
        const bool ok = parse_sip_message(c.text, m);
        if (ok != c.parses)
            fail_msg("%s: parse returned %d", c.name, ok);
        const struct {
            const char* what;
            std::string got, want;
        } checks[] = {
            {"response", std::to_string(m.is_response), std::to_string(c.response)},
            {"code", std::to_string(m.code), std::to_string(c.code)},
            {"call_id", std::string(m.call_id), c.call_id},
            {"from_tag", std::string(m.from_tag), c.from_tag},
            {"to_tag", std::string(m.to_tag), c.to_tag},
            {"branch", std::string(m.via_branch), c.branch},
            {"cseq", std::to_string(m.cseq), std::to_string(c.cseq)},
            {"method", method_name(m.method), method_name(c.method)},
            {"credentials", std::to_string(m.credentials), std::to_string(c.credentials)},
        };
        for (const auto& k : checks)
            if (k.got != k.want)
                fail_msg("%s: %s is \"%s\", expected \"%s\"", c.name, k.what, k.got.c_str(), k.want.c_str());
    }
}

// Whatever the bytes, the views stay inside them (the fuzzer checks this at scale).
void test_views_stay_inside_the_bytes(void**)
{
    for (const Case& c : kCases) {
        for (size_t cut = 0; cut <= c.text.size(); ++cut) {
            const std::string_view bytes(c.text.data(), cut);
            SipMessage m;
            if (!parse_sip_message(bytes, m))
                continue;
            for (const std::string_view v : {m.call_id, m.from_tag, m.to_tag, m.via_branch})
                if (!v.empty() && (v.data() < bytes.data() || v.data() + v.size() > bytes.data() + bytes.size()))
                    fail_msg("%s cut at %zu: a view points outside the message", c.name, cut);
        }
    }
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_not_messages),
        cmocka_unit_test(test_views_stay_inside_the_bytes),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
