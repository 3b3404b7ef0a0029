// Readers of the headers beyond the tracker's: Reason and Warning values, wire text made safe to show, the
// headers a message is read for, what a request leaves for its responses, and SDP offers in one line.
#include "cmocka_cpp.h"

#include <glib.h>

#include <string>
#include <vector>

#include "extras.h"
#include "sip_headers.h"
#include "sip_message.h"
#include "text_util.h"

using namespace sipadvice;

namespace {

void test_reason_values_of_one_header(void**)
{
    std::vector<ReasonValue> r;
    const size_t left_out = parse_reason(
        " SIP;cause=480;text=\"Temporarily Unavailable\", Q.850;cause=19;text=\"No answer, from user\" ", r);
    assert_int_equal(left_out, 0);
    assert_int_equal(r.size(), 2);
    assert_string_equal(r[0].protocol.c_str(), "SIP");
    assert_true(r[0].has_cause);
    assert_int_equal(r[0].cause, 480);
    assert_string_equal(r[0].text.c_str(), "Temporarily Unavailable");
    assert_string_equal(r[1].protocol.c_str(), "Q.850");
    assert_int_equal(r[1].cause, 19);
    assert_string_equal(r[1].text.c_str(), "No answer, from user");  // the comma is inside the quotes
}

void test_reason_values_odd_but_seen(void**)
{
    std::vector<ReasonValue> r;
    parse_reason("q.850 ; CAUSE = 16 ;location=LN, RELEASE_CAUSE;cause=2;text=\"RTP/RTCP time-out\", Preemption, ;cause=3, "
                 "Q.850;cause=99999999999999;text=\"x\"",
                 r);
    assert_int_equal(r.size(), 4);  // the element without a protocol is skipped
    assert_string_equal(r[0].protocol.c_str(), "q.850");
    assert_int_equal(r[0].cause, 16);
    assert_string_equal(r[1].protocol.c_str(), "RELEASE_CAUSE");
    assert_int_equal(r[1].cause, 2);
    assert_false(r[2].has_cause);
    assert_true(r[3].has_cause);
    assert_int_equal(r[3].cause, UINT32_MAX);  // saturates
}

void test_reason_values_are_capped(void**)
{
    std::string many;
    for (int i = 0; i < 1000; ++i)
        many += (i ? ", " : "") + std::string("Q.850;cause=") + std::to_string(i % 128);
    std::vector<ReasonValue> r;
    const size_t left_out = parse_reason(many, r);
    assert_int_equal(r.size(), kMaxValuesShown);
    assert_int_equal(left_out, 1000 - kMaxValuesShown);
    // a second header adds nothing once the cap is reached
    assert_int_equal(parse_reason("SIP;cause=200", r), 1);
    assert_int_equal(r.size(), kMaxValuesShown);
}

void test_warning_values(void**)
{
    std::vector<WarningValue> w;
    parse_warning("304 127.0.0.1 \"Media type not available\", 399 gw.example.com:5060 \"Codec negotiation failed: "
                  "no common codec\", 3x5 bad \"x\", 3051 long \"y\", 392 127.0.0.1:5142 \"Noisy feedback tells:  pid=1\"",
                  w);
    assert_int_equal(w.size(), 3);
    assert_int_equal(w[0].code, 304);
    assert_string_equal(w[0].agent.c_str(), "127.0.0.1");
    assert_string_equal(w[0].text.c_str(), "Media type not available");
    assert_string_equal(w[1].agent.c_str(), "gw.example.com:5060");
    assert_string_equal(w[1].text.c_str(), "Codec negotiation failed: no common codec");
    assert_int_equal(w[2].code, 392);
    assert_string_equal(w[2].text.c_str(), "Noisy feedback tells: pid=1");  // runs of blanks become one
}

void test_wire_text_is_made_safe(void**)
{
    assert_string_equal(sanitise("plain %s%n text").c_str(), "plain %s%n text");  // shown, never a format
    assert_string_equal(sanitise("caf\xe9 \x01 bell\x07").c_str(), "caf\xEF\xBF\xBD \xEF\xBF\xBD bell\xEF\xBF\xBD");
    assert_string_equal(sanitise("folded\r\n\t line").c_str(), "folded line");
    assert_string_equal(sanitise("\xC0\x80 overlong").c_str(), "\xEF\xBF\xBD\xEF\xBF\xBD overlong");
    // Cut between characters, with an ellipsis, at every length across multi-byte characters.
    const std::string text = "§→ab€";
    for (size_t max = 3; max < 40; ++max) {
        std::string long_text;
        while (long_text.size() < 60)
            long_text += text;
        const std::string s = sanitise(long_text, max);
        assert_true(s.size() <= max);
        assert_true(g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr));
        assert_string_equal(s.substr(s.size() - 3).c_str(), "…");
    }
    assert_string_equal(sanitise("exactly", 7).c_str(), "exactly");
}

void test_headers_a_code_is_read_for(void**)
{
    const std::string msg =
        "SIP/2.0 415 Unsupported Media Type\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nAccept: application/sdp,\r\n"
        " application/dtmf-relay\r\nACCEPT-ENCODING: identity\r\nReason: Q.850;cause=79\r\nk: timer\r\nReason: SIP;cause=415\r\n"
        "Allow: INVITE\r\nRetry-After: 30 (maintenance)\r\nContent-Length: 4\r\n\r\nbody";
    SipMessage m;
    HeaderValues h;
    assert_true(parse_sip_message(msg, m, wanted_headers, &h));
    assert_int_equal(h.count, 5);
    assert_contains(std::string(h.first(Header::accept)), "application/dtmf-relay");  // folded line included
    assert_string_equal(std::string(trim_ascii(h.first(Header::accept_encoding))).c_str(), "identity");
    assert_string_equal(std::string(trim_ascii(h.first(Header::retry_after))).c_str(), "30 (maintenance)");
    assert_false(h.has(Header::supported));  // not what a 415 is read for (k: is its compact form)
    assert_false(h.has(Header::allow));       // a 405's
    assert_string_equal(std::string(h.body).c_str(), "body");
    std::vector<ReasonValue> r;
    for (size_t i = 0; i < h.count; ++i)
        if (h.values[i].header == Header::reason)
            parse_reason(h.values[i].text, r);
    assert_int_equal(r.size(), 2);  // two Reason lines
}

void test_requests_are_read_whole_responses_stop_early(void**)
{
    const std::string bye = "BYE sip:b@y SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKb\r\nFrom: <sip:a@x>;tag=f\r\n"
                            "To: <sip:b@y>;tag=t\r\nCall-ID: c\r\nCSeq: 2 BYE\r\nReason: Q.850;cause=102\r\n\r\n";
    SipMessage m;
    HeaderValues h;
    assert_true(parse_sip_message(bye, m, wanted_headers, &h));
    assert_false(m.is_response);
    assert_true(h.has(Header::reason));
    const std::string busy = "SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKb\r\nFrom: <sip:a@x>;tag=f\r\n"
                             "To: <sip:b@y>;tag=t\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nReason: Q.850;cause=17\r\n\r\n";
    assert_true(parse_sip_message(busy, m, wanted_headers, &h));
    assert_true(m.is_response);
    assert_true(h.has(Header::reason));  // a failure is read for its Reason
    // A 2xx is read for nothing but a Warning, and only when a line starts with one (any case).
    const std::string ok = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKb\r\nFrom: <sip:a@x>;tag=f\r\n"
                           "To: <sip:b@y>;tag=t\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\nReason: Q.850;cause=16\r\n"
                           "Allow: INVITE\r\nWWW-Authenticate: x\r\n";
    assert_true(parse_sip_message(ok + "\r\n", m, wanted_headers, &h));
    assert_int_equal(h.count, 0);
    assert_true(parse_sip_message(ok + "warning: 392 h \"Noisy feedback tells:\"\r\n\r\n", m, wanted_headers, &h));
    assert_int_equal(h.count, 1);
    assert_true(h.has(Header::warning));
}

void test_request_memo(void**)
{
    const std::string reg = "REGISTER sip:r SIP/2.0\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n"
                            "Contact: <sip:a@x;expires=9>;expires=60;q=1\r\n\r\n";
    SipMessage m;
    HeaderValues h;
    parse_sip_message(reg, m, wanted_headers, &h);
    RequestMemo r = request_memo(7, 0, m, h);
    assert_int_equal(r.frame, 7);
    assert_int_equal(r.expires, 60);  // the Contact's header parameter, not the URI's
    assert_false(r.in_dialog);

    const std::string reinvite = "INVITE sip:b SIP/2.0\r\nTo: <sip:b@y>;tag=t\r\nCall-ID: c\r\nCSeq: 3 INVITE\r\n"
                                 "Session-Expires: 90;refresher=uac\r\nMin-SE: 90\r\nExpires: 120\r\nc: application/sdp\r\n\r\n"
                                 "v=0\r\nm=image 49170 udptl t38\r\n";
    parse_sip_message(reinvite, m, wanted_headers, &h);
    r = request_memo(9, 0, m, h);
    assert_true(r.in_dialog);
    assert_int_equal(r.session_expires, 90);
    assert_int_equal(r.min_se, 90);
    assert_int_equal(r.expires, -1);  // an INVITE's Expires: no response of it points back there
    assert_string_equal(r.content_type.c_str(), "application/sdp");
    assert_string_equal(r.offer.c_str(), "image udptl t38");
}

void test_sdp_summary(void**)
{
    assert_string_equal(sdp_summary("v=0\r\nm=audio 4000 RTP/AVP 8 0 18 101\r\na=rtpmap:101 telephone-event/8000\r\n"
                                    "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n")
                            .c_str(),
                        "audio RTP/AVP PCMA PCMU G729 telephone-event, video RTP/AVP (port 0) H264");
    assert_string_equal(sdp_summary("m=audio 4000 RTP/SAVP 5 6\n").c_str(), "audio RTP/SAVP DVI4");
    assert_string_equal(sdp_summary("no media here").c_str(), "");
    std::string many = "m=audio 1 RTP/AVP";
    for (int i = 0; i < 500; ++i)
        many += " " + std::to_string(96 + i % 30);
    assert_true(sdp_summary(many).size() <= kMaxWireText);
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_reason_values_of_one_header),
        cmocka_unit_test(test_reason_values_odd_but_seen),
        cmocka_unit_test(test_reason_values_are_capped),
        cmocka_unit_test(test_warning_values),
        cmocka_unit_test(test_wire_text_is_made_safe),
        cmocka_unit_test(test_headers_a_code_is_read_for),
        cmocka_unit_test(test_requests_are_read_whole_responses_stop_early),
        cmocka_unit_test(test_request_memo),
        cmocka_unit_test(test_sdp_summary),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
