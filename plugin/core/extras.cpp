// Causes, warnings and the detail line of one message, from the header values the reader collected.
#include "extras.h"

#include <algorithm>
#include <cstring>

#include <algorithm>
#include <cstdio>

#include "sip_syntax.h"

namespace sipadvice {

namespace {

constexpr size_t kMaxListBytes = 100;   // a header's values shown in the detail line
constexpr size_t kMaxDetailBytes = 400;  // the whole line
constexpr size_t kMaxTargets = 4;

std::string number(uint64_t n) { return std::to_string(n); }

// Every value of header `h`, comma lists and repeated lines joined with ", ", sanitised.
std::string joined(const HeaderValues& hv, Header h)
{
    std::string raw;
    for (size_t i = 0; i < hv.count; ++i) {
        if (hv.values[i].header != h)
            continue;
        for_each_element(hv.values[i].text, 64, [&](std::string_view e) {
            if (!raw.empty())
                raw += ", ";
            raw.append(e);
        });
        if (raw.size() > kMaxListBytes)
            break;
    }
    return sanitise(raw, kMaxListBytes);
}

int64_t seconds_of(std::string_view v)
{
    uint64_t n = 0;
    return leading_number(v, UINT32_MAX, n) ? static_cast<int64_t>(n) : -1;
}

// The method as a detail names a request: "re-INVITE" for an INVITE inside a dialog.
std::string request_name(const RequestMemo& r)
{
    return r.method == Method::INVITE && r.in_dialog ? "re-INVITE" : method_name(r.method);
}

// The first challenge of a WWW-Authenticate or Proxy-Authenticate value: "Digest realm="x", qop="auth", …".
void challenge(const HeaderValues& hv, Header h, const DetailCatalogue& details, std::string& out)
{
    const std::string_view v = hv.first(h);
    if (v.empty())
        return;
    const std::string r = sanitise(auth_param(v, "realm"), 64), a = sanitise(auth_param(v, "algorithm"), 32),
                      q = sanitise(auth_param(v, "qop"), 32);
    // No algorithm parameter means MD5 (RFC 7616 §3.3, RFC 2617 §3.2.1).
    details.append(out, DetailPart::challenge, {{"realm", r.empty() ? "-" : r}, {"algorithm", a.empty() ? "MD5" : a},
                                                {"qop", q.empty() ? "-" : q}});
    if (iequals_ascii(auth_param(v, "stale"), "true"))
        details.append(out, DetailPart::stale, {});
}

// "sip:bob@host (q=0.7), sip:bob-mobile@host (q=0.3)" from the Contact values of a redirect.
std::string targets(const HeaderValues& hv)
{
    std::string raw;
    size_t shown = 0, more = 0;
    for (size_t i = 0; i < hv.count; ++i) {
        if (hv.values[i].header != Header::contact)
            continue;
        more += for_each_element(hv.values[i].text, kMaxTargets > shown ? kMaxTargets - shown : 0, [&](std::string_view e) {
            std::string_view uri = e;
            std::string_view params;
            const size_t lt = e.find('<');
            const size_t gt = lt == std::string_view::npos ? lt : e.find('>', lt);
            if (gt != std::string_view::npos) {
                uri = e.substr(lt + 1, gt - lt - 1);
                params = e.substr(gt + 1);
            } else {
                const size_t semi = e.find(';');
                uri = e.substr(0, semi);
                params = semi == std::string_view::npos ? std::string_view{} : e.substr(semi);
            }
            if (!raw.empty())
                raw += ", ";
            raw.append(trim_ascii(uri));
            const std::string_view q = param(params, "q");
            if (!q.empty()) {
                raw += " (q=";
                raw.append(q);
                raw += ")";
            }
            ++shown;
        });
    }
    if (more)
        raw += ", +" + number(more);
    return sanitise(raw, 160);
}

struct PayloadName {
    unsigned pt;
    const char* name;
};
// Static RTP payload types (RFC 3551 tables 4 and 5): used when an m= line's format has no a=rtpmap.
constexpr PayloadName kStaticPayloads[] = {
    {0, "PCMU"}, {3, "GSM"}, {4, "G723"}, {5, "DVI4"}, {6, "DVI4"}, {7, "LPC"}, {8, "PCMA"}, {9, "G722"},
    {10, "L16"}, {11, "L16"}, {12, "QCELP"}, {13, "CN"}, {14, "MPA"}, {15, "G728"}, {16, "DVI4"}, {17, "DVI4"},
    {18, "G729"}, {25, "CelB"}, {26, "JPEG"}, {28, "nv"}, {31, "H261"}, {32, "MPV"}, {33, "MP2T"}, {34, "H263"},
};

// The encoding name a=rtpmap gives payload type `pt` in the SDP (session or media level), "" if none.

}  // namespace

HeaderMask response_headers(uint32_t code)
{
    HeaderMask m = 0;
    if (code >= 300 || code == 199)
        m |= header_bit(Header::reason);
    if (code >= 300)  // 2xx: see wanted_headers()
        m |= header_bit(Header::warning);
    if (code >= 400)
        m |= header_bit(Header::retry_after);
    if (code >= 300 && code < 400)
        m |= header_bit(Header::contact);
    switch (code) {
    case 401: m |= header_bit(Header::www_authenticate); break;
    case 405: m |= header_bit(Header::allow); break;
    case 407: m |= header_bit(Header::proxy_authenticate); break;
    case 415:
        m |= header_bit(Header::accept) | header_bit(Header::accept_encoding) | header_bit(Header::accept_language);
        break;
    case 417: m |= header_bit(Header::accept_resource_priority); break;
    case 420: m |= header_bit(Header::unsupported); break;
    case 421: m |= header_bit(Header::require); break;
    case 422: m |= header_bit(Header::min_se); break;
    case 423: m |= header_bit(Header::min_expires); break;
    case 489: m |= header_bit(Header::allow_events); break;
    case 494: m |= header_bit(Header::security_server); break;
    default: break;
    }
    return m;
}

std::string sdp_summary(std::string_view body)
{
    // One pass over the body: the m= lines, and the a=rtpmap names by payload type (most offers list a few).
    // (Plain arrays of views, left uninitialised: only the first `count` entries are ever read.)
    struct View {
        const char* data;
        size_t size;
        std::string_view get() const { return {data, size}; }
        static View of(std::string_view v) { return {v.data(), v.size()}; }
    };
    struct Rtpmap {
        View pt, name;
    };
    Rtpmap maps[32];
    size_t map_count = 0;
    View media[8];
    size_t media_count = 0;
    for (size_t at = 0; at < body.size();) {
        const void* nl = std::memchr(body.data() + at, '\n', body.size() - at);
        const size_t eol = nl ? static_cast<size_t>(static_cast<const char*>(nl) - body.data()) : body.size();
        const std::string_view line = trim_ascii(body.substr(at, eol - at));
        at = eol + 1;
        if (line.size() > 2 && line[0] == 'm' && line[1] == '=' && media_count < std::size(media)) {
            media[media_count++] = View::of(line.substr(2));
        } else if (line.size() > 9 && line.substr(0, 9) == "a=rtpmap:" && map_count < std::size(maps)) {
            const std::string_view rest = line.substr(9);
            const size_t sp = rest.find_first_of(" \t");
            if (sp == std::string_view::npos)
                continue;
            const std::string_view name = trim_ascii(rest.substr(sp));
            maps[map_count++] = {View::of(rest.substr(0, sp)), View::of(name.substr(0, name.find_first_of("/ ")))};
        }
    }
    std::string raw;
    raw.reserve(96);
    for (size_t m = 0; m < media_count && raw.size() <= kMaxWireText; ++m) {
        // <media> <port> <proto> <fmt> ...
        const std::string_view line = media[m].get();
        View words[64];
        size_t n = 0;
        for (size_t i = 0; i < line.size() && n < std::size(words);) {
            while (i < line.size() && is_ws(line[i]))
                ++i;
            const size_t start = i;
            while (i < line.size() && !is_ws(line[i]))
                ++i;
            if (i > start)
                words[n++] = View::of(line.substr(start, i - start));
        }
        const auto fields = [&](size_t i) { return words[i].get(); };
        if (n < 3)
            continue;
        if (!raw.empty())
            raw += ", ";
        raw.append(fields(0));
        raw += ' ';
        raw.append(fields(2));
        if (fields(1) == "0")
            raw += " (port 0)";
        const bool rtp = fields(2).find("RTP") != std::string_view::npos;
        std::string_view previous;
        for (size_t f = 3; f < n; ++f) {
            std::string_view name = fields(f);
            if (rtp) {
                const Rtpmap* mapped = std::find_if(maps, maps + map_count, [&](const Rtpmap& r) { return r.pt.get() == fields(f); });
                if (mapped != maps + map_count && mapped->name.size != 0) {
                    name = mapped->name.get();
                } else {
                    uint64_t pt = 0;
                    if (leading_number(fields(f), 1000, pt))
                        for (const PayloadName& p : kStaticPayloads)
                            if (p.pt == pt)
                                name = p.name;
                }
            }
            if (name == previous)
                continue;  // DVI4/8000 and DVI4/16000: the name once is enough
            raw += ' ';
            raw.append(name);
            previous = name;
        }
    }
    return sanitise(raw, kMaxWireText);
}

HeaderMask request_headers(Method method)
{
    HeaderMask m = header_bit(Header::reason) | header_bit(Header::content_type);  // any request: a 415 may follow
    switch (method) {
    case Method::REGISTER:
    case Method::SUBSCRIBE:
    case Method::PUBLISH: m |= header_bit(Header::expires) | header_bit(Header::contact); break;  // for a 423
    case Method::INVITE:
    case Method::UPDATE: m |= header_bit(Header::session_expires) | header_bit(Header::min_se); break;  // for a 422
    default: break;
    }
    return m;
}

namespace {

// A line that starts with "Warning" or "warning" (memchr for the two letters: few lines of a 2xx start with a W).
bool has_warning_line(std::string_view message)
{
    for (const char w : {'W', 'w'}) {
        for (const char* p = message.data(), *end = message.data() + message.size();
             (p = static_cast<const char*>(std::memchr(p, w, static_cast<size_t>(end - p)))) != nullptr; ++p) {
            if (p > message.data() && p[-1] == '\n' && static_cast<size_t>(end - p) > 7 && std::memcmp(p + 1, "arning", 6) == 0)
                return true;
        }
    }
    return false;
}

}  // namespace

HeaderMask wanted_headers(const SipMessage& start, std::string_view message)
{
    if (!start.is_response)
        return request_headers(start.method);
    HeaderMask m = response_headers(start.code);
    // SER/Kamailio/OpenSIPS (sip_warning) add a Warning to 2xx too: the 2xx that has one is read for it, found by
    // a quick look for a line starting "Warning" rather than by reading every 2xx to its end.
    if (start.code >= 200 && start.code < 300 && has_warning_line(message))
        m |= header_bit(Header::warning);
    return m;
}

bool response_needs_request(uint32_t code)
{
    switch (code) {
    case 415: case 422: case 423: case 488: case 606: return true;
    default: return false;
    }
}

RequestMemo request_memo(uint32_t frame, uint32_t time_ms, const SipMessage& request, const HeaderValues& h)
{
    RequestMemo r;
    r.frame = frame;
    r.time_ms = time_ms;
    r.method = request.method;
    r.in_dialog = !request.to_tag.empty();
    r.expires = seconds_of(h.first(Header::expires));
    if (r.expires < 0) {
        const std::string_view contact = h.first(Header::contact);
        const size_t gt = contact.find('>');
        r.expires = seconds_of(param(gt == std::string_view::npos ? contact : contact.substr(gt + 1), "expires"));
    }
    r.session_expires = seconds_of(h.first(Header::session_expires));
    r.min_se = seconds_of(h.first(Header::min_se));
    const std::string_view type = trim_ascii(h.first(Header::content_type));
    if (!type.empty() && !h.body.empty()) {
        r.content_type = sanitise(type.substr(0, type.find(';')), 64);
        // The offer a 488 or 606 may refuse: INVITE (re-INVITE) and UPDATE carry offers.
        if ((r.method == Method::INVITE || r.method == Method::UPDATE) &&
            iequals_ascii(trim_ascii(type.substr(0, type.find(';'))), "application/sdp"))
            r.offer = sdp_summary(h.body);
    }
    return r;
}

Extras reasons_and_warnings(const HeaderValues& h)
{
    Extras e;
    for (size_t i = 0; i < h.count; ++i) {
        if (h.values[i].header == Header::reason)
            e.reasons_left_out += parse_reason(h.values[i].text, e.reasons);
        else if (h.values[i].header == Header::warning)
            e.warnings_left_out += parse_warning(h.values[i].text, e.warnings);
    }
    return e;
}

Extras response_extras(uint32_t code, Method method, const HeaderValues& h, const RequestMemo* request,
                       const DetailCatalogue& details)
{
    Extras e = reasons_and_warnings(h);
    std::string& d = e.detail;
    const std::string asked_by = request ? request_name(*request) : "";
    const std::string frame = request ? number(request->frame) : "";
    switch (code) {
    case 423: {
        const int64_t min = seconds_of(h.first(Header::min_expires));
        if (min < 0)
            break;
        if (request && request->expires >= 0)
            details.append(d, DetailPart::min_expires, {{"min", number(min)}, {"asked", number(request->expires)},
                                                        {"request", asked_by}, {"frame", frame}});
        else
            details.append(d, DetailPart::min_expires_alone, {{"min", number(min)}});
        break;
    }
    case 422: {
        const int64_t min = seconds_of(h.first(Header::min_se));
        if (min < 0)
            break;
        if (request && request->session_expires >= 0)
            details.append(d, DetailPart::min_se, {{"min", number(min)}, {"asked", number(request->session_expires)},
                                                   {"request", asked_by}, {"frame", frame}});
        else
            details.append(d, DetailPart::min_se_alone, {{"min", number(min)}});
        break;
    }
    case 420:
        if (h.has(Header::unsupported))
            details.append(d, DetailPart::unsupported, {{"values", joined(h, Header::unsupported)}});
        break;
    case 421:
        if (h.has(Header::require))
            details.append(d, DetailPart::require, {{"values", joined(h, Header::require)}});
        break;
    case 405:
        if (h.has(Header::allow))
            details.append(d, DetailPart::allow, {{"values", joined(h, Header::allow)}, {"method", method_name(method)}});
        break;
    case 415:
        if (request && !request->content_type.empty())
            details.append(d, DetailPart::sent_content, {{"request", asked_by}, {"frame", frame}, {"content", request->content_type}});
        if (h.has(Header::accept))
            details.append(d, DetailPart::accept, {{"values", joined(h, Header::accept)}});
        if (h.has(Header::accept_encoding))
            details.append(d, DetailPart::accept_encoding, {{"values", joined(h, Header::accept_encoding)}});
        if (h.has(Header::accept_language))
            details.append(d, DetailPart::accept_language, {{"values", joined(h, Header::accept_language)}});
        break;
    case 401: challenge(h, Header::www_authenticate, details, d); break;
    case 407: challenge(h, Header::proxy_authenticate, details, d); break;
    case 489:
        if (h.has(Header::allow_events))
            details.append(d, DetailPart::allow_events, {{"values", joined(h, Header::allow_events)}});
        break;
    case 494:
        if (h.has(Header::security_server))
            details.append(d, DetailPart::security_server, {{"values", joined(h, Header::security_server)}});
        break;
    case 417:
        if (h.has(Header::accept_resource_priority))
            details.append(d, DetailPart::accept_resource_priority, {{"values", joined(h, Header::accept_resource_priority)}});
        break;
    default:
        break;
    }
    if (code >= 300 && code < 400 && h.has(Header::contact))
        details.append(d, DetailPart::targets, {{"values", targets(h)}});
    if ((code == 488 || code == 606 || code == 415) && request && !request->offer.empty())
        details.append(d, DetailPart::offered, {{"request", asked_by}, {"frame", frame}, {"offer", request->offer}});
    if (code == 488 || code == 606) {  // the Warning says which part of the offer failed (RFC 3261 §21.4.26)
        for (const WarningValue& w : e.warnings) {
            char c[4];
            std::snprintf(c, sizeof c, "%03u", w.code % 1000);
            details.append(d, DetailPart::warning, {{"code", c}, {"text", w.text.empty() ? w.agent : w.text}});
        }
    }
    if (code >= 400) {
        const int64_t retry = seconds_of(h.first(Header::retry_after));
        if (retry >= 0)
            details.append(d, DetailPart::retry_after, {{"seconds", number(retry)}});
    }
    if (d.size() > kMaxDetailBytes)
        d = sanitise(d, kMaxDetailBytes);
    return e;
}

void ExtrasStore::add(uint32_t record, Extras extras)
{
    if (!items_.empty() && items_.back().first >= record)
        return;  // records come in order, each once
    items_.emplace_back(record, std::move(extras));
}

const Extras* ExtrasStore::find(uint32_t record) const
{
    const auto it = std::lower_bound(items_.begin(), items_.end(), record,
                                     [](const std::pair<uint32_t, Extras>& a, uint32_t r) { return a.first < r; });
    return it != items_.end() && it->first == record ? &it->second : nullptr;
}

}  // namespace sipadvice
