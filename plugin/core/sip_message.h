// Reads the few values the tracker needs from the bytes of one SIP message: its start line and the Call-ID,
// From and To tags, CSeq, top Via branch and whether it carries credentials.
//
// Why not the SIP dissector's fields: a postdissector that wants sip.Call-ID, sip.from.tag, sip.to.tag,
// sip.CSeq.*, sip.Via.branch ... makes the SIP dissector materialise each of them as a string item in every
// frame; measured on 10,000 messages with `tshark -q -z expert`, priming those fields costs +19% of
// tshark's instructions, priming only the `sip` protocol item (which Wireshark never fakes) +8%. So the
// plugin wants only the `sip` item, whose byte range is the message, and reads the values here: a
// single pass over the header section, no allocation, views into the caller's bytes.
#pragma once

#include <cstdint>
#include <string_view>

#include "sip_method.h"

namespace sipadvice {

struct SipMessage {
    // A request's other values are read only when it carries credentials (the only reason to look at it).
    bool is_response = false;
    uint32_t code = 0;                                       // responses: the 3-digit status code
    std::string_view call_id, from_tag, to_tag, via_branch;  // empty when absent
    uint32_t cseq = 0;
    Method method = Method::other;  // from CSeq
    bool credentials = false;       // an Authorization or Proxy-Authorization header is present
};

// Parses `bytes` (one message as the SIP dissector delimits it). Returns false when the first line is
// neither a Status-Line ("SIP/2.0 NNN ...", as Wireshark's SIP dissector recognises it) nor a
// Request-Line. Lines end with CRLF or LF; header names are matched case-insensitively, compact forms
// (i, f, t, v) included; folded lines are followed; parsing stops at the empty line that ends the headers
// or at the end of `bytes`.
bool parse_sip_message(std::string_view bytes, SipMessage& out);

}  // namespace sipadvice
