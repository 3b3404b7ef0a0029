// Causes, warnings and the detail line of one message, from the header values the reader collected.
#include "extras.h"

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
std::string_view rtpmap_name(std::string_view body, std::string_view pt)
{
    for (size_t at = 0; (at = body.find("a=rtpmap:", at)) != std::string_view::npos; at += 9) {
        if (at > 0 && body[at - 1] != '\n')
            continue;
        std::string_view rest = body.substr(at + 9);
        if (rest.substr(0, pt.size()) != pt || rest.size() <= pt.size() || !is_ws(rest[pt.size()]))
            continue;
        rest = trim_ascii(rest.substr(pt.size()));
        const size_t end = rest.find_first_of("/ \r\n");
        return rest.substr(0, end);
    }
    return {};
}

}  // namespace

HeaderMask response_headers(uint32_t code)
{
    HeaderMask m = 0;
    if (code >= 300 || code == 199)
        m |= header_bit(Header::reason);
    if (code >= 200)  // registrars and proxies add debug warnings to 200s too (SER/Kamailio's sip_warning)
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
    std::string raw;
    for (size_t at = 0; at < body.size() && raw.size() <= kMaxWireText;) {
        const size_t eol = body.find('\n', at);
        const std::string_view line = trim_ascii(body.substr(at, eol == std::string_view::npos ? eol : eol - at));
        at = eol == std::string_view::npos ? body.size() : eol + 1;
        if (line.substr(0, 2) != "m=")
            continue;
        // m=<media> <port> <proto> <fmt> ...
        std::string_view fields[64];
        size_t n = 0;
        for (size_t i = 2; i < line.size() && n < std::size(fields);) {
            while (i < line.size() && is_ws(line[i]))
                ++i;
            const size_t start = i;
            while (i < line.size() && !is_ws(line[i]))
                ++i;
            if (i > start)
                fields[n++] = line.substr(start, i - start);
        }
        if (n < 3)
            continue;
        if (!raw.empty())
            raw += ", ";
        raw.append(fields[0]);
        raw += ' ';
        raw.append(fields[2]);
        if (fields[1] == "0")
            raw += " (port 0)";
        const bool rtp = fields[2].find("RTP") != std::string_view::npos;
        std::string_view previous;
        for (size_t f = 3; f < n; ++f) {
            std::string_view name = fields[f];
            if (rtp) {
                const std::string_view mapped = rtpmap_name(body, fields[f]);
                if (!mapped.empty()) {
                    name = mapped;
                } else {
                    uint64_t pt = 0;
                    if (leading_number(fields[f], 1000, pt))
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
        if (iequals_ascii(trim_ascii(type.substr(0, type.find(';'))), "application/sdp"))
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
