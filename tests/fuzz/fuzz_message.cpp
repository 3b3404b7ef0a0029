// libFuzzer: arbitrary bytes as one SIP message. The reader must not read outside them, its views must stay
// inside them, and whatever it yields — the tracker's values, the Reason and Warning values, a request's memo,
// the detail line of every code that has one — must be safe to keep and to show.
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>

#include <glib.h>

#include "explain.h"
#include "extras.h"
#include "fuzz_common.h"
#include "sip_message.h"
#include "tracker.h"

using namespace sipadvice;

namespace {

bool inside(std::string_view v, std::string_view bytes)
{
    return v.empty() || (v.data() >= bytes.data() && v.data() + v.size() <= bytes.data() + bytes.size());
}

bool shown_safely(const std::string& s, size_t max)
{
    return s.size() <= max && g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    SipMessage m;
    HeaderValues values;
    if (!parse_sip_message(bytes, m, wanted_headers, &values))  // the plugin's one pass
        return 0;
    for (const std::string_view v : {m.call_id, m.from_tag, m.to_tag, m.via_branch, values.body})
        FUZZ_CHECK(inside(v, bytes));
    for (size_t i = 0; i < values.count; ++i)
        FUZZ_CHECK(inside(values.values[i].text, bytes));
    FUZZ_CHECK(!m.is_response || m.code <= 999);
    FUZZ_CHECK(inside(m.second_branch, bytes));
    {  // the same message without headers to collect: the tracker's fields are the same
        SipMessage bare;
        FUZZ_CHECK(parse_sip_message(bytes, bare));
        FUZZ_CHECK(bare.is_response == m.is_response && bare.code == m.code && bare.method == m.method);
        FUZZ_CHECK(bare.call_id == m.call_id && bare.from_tag == m.from_tag && bare.via_branch == m.via_branch);
    }

    const Knowledge& k = fuzz::builtin();
    Tracker t(k);
    const RequestMemo memo = request_memo(1, 0, m, values);
    FUZZ_CHECK(shown_safely(memo.offer, kMaxWireText) && shown_safely(memo.content_type, 64));
    Extras request_extras = reasons_and_warnings(values);
    FUZZ_CHECK(request_extras.reasons.size() <= kMaxValuesShown);
    if (!m.is_response) {
        t.observe_request(1, m, memo, true);
        m.is_response = true;
        m.code = 488;
    }
    // Every code that reads more than the tracker's headers, on these same header lines under its Status-Line.
    const size_t eol = bytes.find('\n');
    const std::string_view header_lines = eol == std::string_view::npos ? std::string_view{} : bytes.substr(eol + 1);
    for (const uint32_t code : {m.code, 200u, 302u, 401u, 405u, 407u, 415u, 417u, 420u, 421u, 422u, 423u, 488u, 489u, 494u, 503u}) {
        char status[24];
        std::snprintf(status, sizeof status, "SIP/2.0 %03u X\r\n", code % 1000);
        const std::string response = status + std::string(header_lines);
        SipMessage r;
        HeaderValues h;
        FUZZ_CHECK(parse_sip_message(response, r, wanted_headers, &h) && r.code == code % 1000);
        for (size_t i = 0; i < h.count; ++i)
            FUZZ_CHECK(inside(h.values[i].text, response));
        const Extras x = response_extras(code, m.method, h, &memo, k.details());
        FUZZ_CHECK(shown_safely(x.detail, 400));
        for (const ReasonValue& r : x.reasons) {
            FUZZ_CHECK(shown_safely(r.text, kMaxWireText) && shown_safely(r.protocol, 32));
            const CauseExplanation e = explain_cause(k, r, code);
            FUZZ_CHECK(!e.summary.empty() && shown_safely(e.summary, 240));
        }
        for (const WarningValue& w : x.warnings) {
            FUZZ_CHECK(w.code <= 999 && shown_safely(w.text, kMaxWireText) && shown_safely(w.agent, 64));
            FUZZ_CHECK(!explain_warning(k, w).summary.empty());
        }
    }
    const uint32_t first = t.observe(2, m);
    const uint32_t again = t.observe(3, m);  // the same response again: a retransmission
    FUZZ_CHECK(first != kNone && again != kNone);
    FUZZ_CHECK(m.call_id.empty() || (t.at(again).flags & Record::kRetransmission));
    char path[Tracker::kPathBytes];
    t.path(again, path, sizeof path);
    return 0;
}
