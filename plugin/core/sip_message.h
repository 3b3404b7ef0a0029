// Reads the values the plugin needs from the bytes of one SIP message: its start line and the Call-ID, From and
// To tags, CSeq, top Via branch and whether it carries credentials — and, only for the messages that use them,
// the headers that say more than the status code (Reason, Warning, Min-Expires, Allow …) and the body.
//
// Why not the SIP dissector's fields: a postdissector that wants sip.Call-ID, sip.from.tag, sip.to.tag,
// sip.CSeq.*, sip.Via.branch ... makes the SIP dissector materialise each of them as a string item in every
// frame; measured on 10,000 messages with `tshark -q -z expert`, priming those fields costs +19% of
// tshark's instructions, priming only the `sip` protocol item (which Wireshark never fakes) +8%. So the
// plugin wants only the `sip` item, whose byte range is the message, and reads the values here: one pass over
// the header section, no allocation, views into the caller's bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sip_method.h"

namespace sipadvice {

// Headers read beyond the handful every message gives the tracker.
enum class Header : uint8_t {
    reason, warning, retry_after, min_expires, expires, min_se, session_expires, unsupported, require, supported,
    allow, allow_events, accept, accept_encoding, accept_language, accept_resource_priority, security_server,
    www_authenticate, proxy_authenticate, contact, content_type,
};
constexpr unsigned kHeaderCount = 21;
using HeaderMask = uint32_t;
constexpr HeaderMask header_bit(Header h) { return HeaderMask{1} << static_cast<unsigned>(h); }
static_assert(kHeaderCount <= 32, "HeaderMask must hold a bit per header");

// The values of the wanted headers in message order (a header line or comma list is one value; repeated lines
// are several), and the body. Views into the message's bytes.
struct HeaderValues {
    static constexpr size_t kMaxValues = 48;  // more header lines than this are counted, not kept
    struct Value {
        Header header;
        std::string_view text;  // after the colon, folded continuation lines included
    };
    Value values[kMaxValues];
    size_t count = 0;
    size_t dropped = 0;
    std::string_view body;  // after the empty line; empty when there is none

    std::string_view first(Header h) const
    {
        for (size_t i = 0; i < count; ++i)
            if (values[i].header == h)
                return values[i].text;
        return {};
    }
    bool has(Header h) const
    {
        for (size_t i = 0; i < count; ++i)
            if (values[i].header == h)
                return true;
        return false;
    }
};

struct SipMessage {
    bool is_response = false;
    uint32_t code = 0;                                       // responses: the 3-digit status code
    std::string_view call_id, from_tag, to_tag, via_branch;  // empty when absent
    std::string_view second_branch;  // the branch of the second Via (the leg before a proxy), empty when none
    uint32_t cseq = 0;
    Method method = Method::other;  // from CSeq
    bool credentials = false;       // an Authorization or Proxy-Authorization header is present
    std::string_view credentials_value, credentials_value2;  // the first two of them (a request's)
};

// Parses `bytes` (one message as the SIP dissector delimits it), in one pass. Returns false when the first line
// is neither a Status-Line ("SIP/2.0 NNN ...", as Wireshark's SIP dissector recognises it) nor a Request-Line.
// Lines end with CRLF or LF; header names are matched case-insensitively, compact forms (i, f, t, v …) included;
// folded lines are followed; parsing stops at the empty line that ends the headers or at the end of `bytes`.
// After the start line, `wanted` (when given, with `values`) says which headers to collect into `values`, and
// the body: for a response from its code, for a request from its method (`start` has is_response, code and the
// request-line's method by then; wanted_headers() in extras.h is the plugin's choice). A response for which it
// says 0 is read only up to the last of the headers the tracker needs; a request is read to its end (its
// credentials may come last).
using WantedHeaders = HeaderMask (*)(const SipMessage& start, std::string_view message);
bool parse_sip_message(std::string_view bytes, SipMessage& out, WantedHeaders wanted = nullptr, HeaderValues* values = nullptr);

}  // namespace sipadvice
