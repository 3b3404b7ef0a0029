// What a message says beyond its status code: the causes of its Reason headers, the values of its Warning
// headers, and for responses a one-line "what to change" built from its headers and its request's. Read on the
// first pass, only for the codes and requests that use them, and kept per record for every later pass.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "details.h"
#include "sip_headers.h"
#include "sip_message.h"

namespace sipadvice {

// What a response may need to know about its request: kept per request (transaction) on the first pass.
struct RequestMemo {
    uint32_t frame = 0;
    uint32_t time_ms = 0;          // since the capture's first frame
    Method method = Method::other;
    bool in_dialog = false;        // the request had a To tag: a re-INVITE, an in-dialog request
    int64_t expires = -1;          // Expires, or the first Contact's expires parameter (REGISTER, SUBSCRIBE)
    int64_t session_expires = -1;  // Session-Expires (RFC 4028)
    int64_t min_se = -1;
    std::string content_type;      // of its body, "" when none
    std::string offer;             // its SDP's media lines, e.g. "image udptl t38" (sdp_summary)
};

// The headers a response with `code` is read for (0: none; most responses need nothing beyond the tracker's).
HeaderMask response_headers(uint32_t code);
// The headers a request with `method` is read for, on top of the tracker's: what its responses may point back to,
// and Reason.
HeaderMask request_headers(Method method);
// Both, for the one pass over a message (sip_message.h): its start line says which.
HeaderMask wanted_headers(const SipMessage& start, std::string_view message);
// Whether the detail line of `code` uses what its request said (423: its Expires; 488: its offer ...).
bool response_needs_request(uint32_t code);

RequestMemo request_memo(uint32_t frame, uint32_t time_ms, const SipMessage& request, const HeaderValues& h);

// "audio RTP/AVP PCMA PCMU telephone-event, image udptl t38": the media lines of an SDP body, codec names from
// a=rtpmap or the static payload types of RFC 3551; at most kMaxWireText bytes.
std::string sdp_summary(std::string_view body);

struct Extras {
    std::vector<ReasonValue> reasons;
    size_t reasons_left_out = 0;
    std::vector<WarningValue> warnings;
    size_t warnings_left_out = 0;
    std::string detail;  // responses only: "" when there is nothing to say
    bool empty() const { return reasons.empty() && warnings.empty() && detail.empty() && !reasons_left_out && !warnings_left_out; }
};

// The Reason and Warning values of a message's collected headers.
Extras reasons_and_warnings(const HeaderValues& h);
// Everything for a response: its causes and warnings, and its detail line (`request` may be null: not captured).
Extras response_extras(uint32_t code, Method method, const HeaderValues& h, const RequestMemo* request,
                       const DetailCatalogue& details);

// Extras by record index, for the few records that have any.
class ExtrasStore {
public:
    void add(uint32_t record, Extras extras);
    const Extras* find(uint32_t record) const;
    size_t size() const { return items_.size(); }

private:
    std::vector<std::pair<uint32_t, Extras>> items_;  // appended in record order: sorted
};

}  // namespace sipadvice
