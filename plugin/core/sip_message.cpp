// A single-pass reader of the SIP start line and the handful of headers the tracker needs (RFC 3261 §7, §25).
#include "sip_message.h"

#include <array>
#include <cstring>
#include <iterator>

#include "sip_syntax.h"
#include "text_util.h"

namespace sipadvice {

namespace {


// Lines end with LF or CRLF (memchr finds them fast: this runs for every SIP message of a capture).
class LineReader {
public:
    explicit LineReader(std::string_view text) : text_(text) {}
    bool at_end() const { return pos_ >= text_.size(); }
    size_t pos() const { return pos_; }
    // The next line without its terminator.
    std::string_view next()
    {
        const char* base = text_.data();
        const size_t start = pos_;
        const void* nl = std::memchr(base + start, '\n', text_.size() - start);
        size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : text_.size();
        pos_ = nl ? end + 1 : end;
        if (end > start && base[end - 1] == '\r')
            --end;
        return text_.substr(start, end - start);
    }
    // True when the next line continues the current header (RFC 3261 §7.3.1 folding).
    bool continues() const { return pos_ < text_.size() && is_ws(text_[pos_]); }

private:
    std::string_view text_;
    size_t pos_ = 0;
};

// The position of `c` in `s` from `from`, npos when absent (memchr: the header values run to a hundred bytes).
size_t find_char(std::string_view s, char c, size_t from = 0)
{
    if (from >= s.size())
        return std::string_view::npos;
    const void* p = std::memchr(s.data() + from, c, s.size() - from);
    return p ? static_cast<size_t>(static_cast<const char*>(p) - s.data()) : std::string_view::npos;
}

// param(params, name), found first as it is nearly always written (";tag=", ";branch=": lower case, no blanks),
// with the general reader for anything else: a quote before it or in its value, or no such spelling.
std::string_view fast_param(std::string_view params, std::string_view spelled, std::string_view name)
{
    size_t at = find_char(params, ';');  // each ';' that starts the spelling (memchr, then one comparison)
    while (at != std::string_view::npos && params.compare(at, spelled.size(), spelled) != 0)
        at = find_char(params, ';', at + 1);
    if (at != std::string_view::npos && std::memchr(params.data(), '"', at) == nullptr) {
        const std::string_view rest = params.substr(at + spelled.size());
        size_t end = 0;  // (a plain loop: find_first_of calls memchr on its set for every character)
        while (end < rest.size() && rest[end] != ';' && rest[end] != ',' && rest[end] != '"')
            ++end;
        if (end == rest.size() || rest[end] != '"')
            return trim_ascii(rest.substr(0, end));
    }
    return param(params, name);
}

// The tag of a From or To value: name-addr's parameters follow '>', addr-spec's follow the first ';'
// (RFC 3261 §20.10: without angle brackets, every parameter is a header parameter).
std::string_view tag_of(std::string_view v)
{
    size_t i = 0;
    while (i < v.size() && is_ascii_space(v[i]))
        ++i;
    if (i < v.size() && v[i] == '"')
        i = skip_quoted(v, i);
    size_t params;
    const size_t lt = find_char(v, '<', i);
    if (lt != std::string_view::npos) {
        const size_t gt = find_char(v, '>', lt);
        if (gt == std::string_view::npos)
            return {};
        params = gt + 1;
    } else {
        params = find_char(v, ';', i);
        if (params == std::string_view::npos)
            return {};
    }
    return fast_param(v.substr(params), ";tag=", "tag");
}

// The branch of the first via-parm of a Via value ("SIP/2.0/UDP host;branch=x, SIP/2.0/UDP ...").
std::string_view branch_of(std::string_view v)
{
    const size_t comma = find_char(v, ',');
    v = v.substr(0, comma);
    const size_t semi = find_char(v, ';');
    return semi == std::string_view::npos ? std::string_view{} : fast_param(v.substr(semi), ";branch=", "branch");
}

void read_cseq(std::string_view v, SipMessage& out)
{
    v = trim_ascii(v);
    uint64_t n = 0;
    size_t i = 0;
    for (; i < v.size() && is_digit(v[i]); ++i)
        n = n < UINT32_MAX ? n * 10 + static_cast<uint64_t>(v[i] - '0') : n;
    out.cseq = n > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(n);
    // Like Wireshark's SIP dissector, the method starts at the next letter (garbled separators happen).
    while (i < v.size() && !((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z')))
        ++i;
    size_t end = i;
    while (end < v.size() && !is_ascii_space(v[end]))
        ++end;
    out.method = method_from_name(v.substr(i, end - i));
}

// Status-Line as Wireshark's SIP dissector accepts it (strict version): "SIP/2.0" SP 3DIGIT SP.
bool read_status_line(std::string_view line, SipMessage& out)
{
    constexpr std::string_view kVersion = "SIP/2.0 ";
    if (line.substr(0, kVersion.size()) != kVersion || line.size() < kVersion.size() + 4)
        return false;
    const std::string_view code = line.substr(kVersion.size(), 3);
    if (!is_digit(code[0]) || !is_digit(code[1]) || !is_digit(code[2]) || line[kVersion.size() + 3] != ' ')
        return false;
    out.is_response = true;
    out.code = static_cast<uint32_t>((code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'));
    return true;
}

// Request-Line: Method SP Request-URI SP SIP-Version.
bool is_request_line(std::string_view line)
{
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    return sp1 != std::string_view::npos && sp1 > 0 && sp2 != std::string_view::npos &&
           line.substr(sp2 + 1, 4) == "SIP/";
}

// Header names beyond the tracker's, with their compact forms (RFC 3261 §7.3.3, RFC 4028, RFC 6665).
struct HeaderName {
    Header header;
    std::string_view name;  // lower case
    char compact;           // 0: none
};
constexpr HeaderName kHeaderNames[] = {
    {Header::reason, "reason", 0}, {Header::warning, "warning", 0}, {Header::retry_after, "retry-after", 0},
    {Header::min_expires, "min-expires", 0}, {Header::expires, "expires", 0}, {Header::min_se, "min-se", 0},
    {Header::session_expires, "session-expires", 'x'}, {Header::unsupported, "unsupported", 0},
    {Header::require, "require", 0}, {Header::supported, "supported", 'k'}, {Header::allow, "allow", 0},
    {Header::allow_events, "allow-events", 'u'}, {Header::accept, "accept", 0},
    {Header::accept_encoding, "accept-encoding", 0}, {Header::accept_language, "accept-language", 0},
    {Header::accept_resource_priority, "accept-resource-priority", 0},
    {Header::security_server, "security-server", 0}, {Header::www_authenticate, "www-authenticate", 0},
    {Header::proxy_authenticate, "proxy-authenticate", 0}, {Header::contact, "contact", 'm'},
    {Header::content_type, "content-type", 'c'},
};
static_assert(std::size(kHeaderNames) == kHeaderCount, "a name for every header");

constexpr uint32_t letter_bit(char lower) { return lower >= 'a' && lower <= 'z' ? 1u << (lower - 'a') : 0u; }

// The names by header, in the order of the enumeration (header_bit(h) is 1 << h).
constexpr std::array<HeaderName, kHeaderCount> kHeaderNamesByHeader = [] {
    std::array<HeaderName, kHeaderCount> names{};
    for (const HeaderName& h : kHeaderNames)
        names[static_cast<size_t>(h.header)] = h;
    return names;
}();

// The first letters (full and compact names) of each header, by its bit.
constexpr std::array<uint32_t, kHeaderCount> kLettersByHeader = [] {
    std::array<uint32_t, kHeaderCount> letters{};
    for (const HeaderName& h : kHeaderNames)
        letters[static_cast<size_t>(h.header)] = letter_bit(h.name.front()) | letter_bit(h.compact);
    return letters;
}();

// The first letters of the headers in `wanted`: lines starting otherwise are skipped.
uint32_t letters_of(HeaderMask wanted)
{
    uint32_t letters = 0;
    for (HeaderMask rest = wanted; rest != 0; rest &= rest - 1)
        letters |= kLettersByHeader[static_cast<size_t>(__builtin_ctz(rest))];
    return letters;
}

bool lookup_header(std::string_view name, HeaderMask wanted, Header& out)
{
    for (HeaderMask rest = wanted; rest != 0; rest &= rest - 1) {  // only the wanted headers' names
        const HeaderName& h = kHeaderNamesByHeader[static_cast<size_t>(__builtin_ctz(rest))];
        if ((name.size() == 1 && h.compact && ascii_lower(name[0]) == h.compact) || iequals_ascii(name, h.name)) {
            out = h.header;
            return true;
        }
    }
    return false;
}

// Walks the header lines after the start line: calls visit(name, value) for each line whose first letter is in
// `letters` (folded continuations are part of the value), until visit returns false or the empty line. Returns
// the body when the empty line was reached.
template <class Visit>
std::string_view for_each_header(std::string_view text, LineReader& lines, uint32_t letters, Visit visit)
{
    while (!lines.at_end()) {
        const size_t line_start = lines.pos();
        const std::string_view line = lines.next();
        if (line.empty())
            return text.substr(lines.pos());  // the empty line ends the headers
        if (!(letters & letter_bit(ascii_lower(line.front()))))
            continue;  // most lines are dismissed by their first letter, their continuations by their indentation
        size_t line_end = line_start + line.size();
        while (lines.continues()) {
            const size_t cont = lines.pos();
            line_end = cont + lines.next().size();
        }
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        std::string_view name = line.substr(0, colon);
        while (!name.empty() && is_ws(name.back()))
            name.remove_suffix(1);
        if (!visit(name, text.substr(line_start + colon + 1, line_end - line_start - colon - 1)))
            return {};
    }
    return {};
}

// Keeps one wanted header value; false when it was not one.
bool collect(std::string_view name, std::string_view value, HeaderMask wanted, HeaderValues& out)
{
    Header h;
    if (!lookup_header(name, wanted, h))
        return false;
    if (out.count < HeaderValues::kMaxValues)
        out.values[out.count++] = {h, value};
    else
        ++out.dropped;
    return true;
}

// The bytes after keep-alive CRLFs, and the start line.
std::string_view skip_keepalive(std::string_view bytes)
{
    size_t skip = 0;
    while (skip < bytes.size() && (bytes[skip] == '\r' || bytes[skip] == '\n'))
        ++skip;  // keep-alive CRLFs before a message over TCP
    return bytes.substr(skip);
}

constexpr uint32_t kTrackerLetters = letter_bit('a') | letter_bit('c') | letter_bit('f') | letter_bit('i') |
                                     letter_bit('p') | letter_bit('t') | letter_bit('v');

// The request-line's method (the CSeq's, in any well-formed request), before the headers are read.
Method request_line_method(std::string_view line)
{
    return method_from_name(line.substr(0, line.find(' ')));
}

}  // namespace

bool parse_sip_message(std::string_view bytes, SipMessage& out, WantedHeaders wanted_for, HeaderValues* values)
{
    out = SipMessage{};
    if (values) {
        values->count = values->dropped = 0;
        values->body = {};
    }
    const std::string_view text = skip_keepalive(bytes);
    LineReader lines(text);
    const std::string_view start = lines.next();
    if (!read_status_line(start, out) && !is_request_line(start))
        return false;
    // What else to collect, now that the start line says what the message is (a request: by its request-line's
    // method; the message's method stays the CSeq's, read below).
    if (!out.is_response)
        out.method = request_line_method(start);
    const HeaderMask wanted = values && wanted_for ? wanted_for(out, text) : 0;
    out.method = Method::other;
    if (wanted == 0)
        values = nullptr;

    bool from_seen = false, to_seen = false, via_seen = false, second_seen = false, cseq_seen = false;
    const uint32_t letters = kTrackerLetters | (values ? letters_of(wanted) : 0);
    const std::string_view body = for_each_header(text, lines, letters, [&](std::string_view name, std::string_view value) {
        // First of each header wins (the top Via); compact forms per RFC 3261 §7.3.3.
        const auto take_tag = [&](bool& seen, std::string_view& tag) {
            if (!seen)
                tag = tag_of(value);
            seen = true;
        };
        // The top Via's branch names the transaction; the second one's, when a proxy relayed the message, the
        // transaction of the same response on the next leg (a relayed copy, not a new event).
        const auto take_via = [&] {
            if (!via_seen) {
                out.via_branch = branch_of(value);
                const size_t comma = value.find(',');
                if (comma != std::string_view::npos)
                    out.second_branch = branch_of(value.substr(comma + 1)), second_seen = true;
            } else if (!second_seen) {
                out.second_branch = branch_of(value);
                second_seen = true;
            }
            via_seen = true;
        };
        const auto take_call_id = [&] {
            if (out.call_id.empty())
                out.call_id = trim_ascii(value);
        };
        if (name.size() == 1) {
            switch (ascii_lower(name[0])) {
            case 'i': take_call_id(); break;
            case 'f': take_tag(from_seen, out.from_tag); break;
            case 't': take_tag(to_seen, out.to_tag); break;
            case 'v': take_via(); break;
            default: if (values) collect(name, value, wanted, *values); break;
            }
        } else if (iequals_ascii(name, "to")) {
            take_tag(to_seen, out.to_tag);
        } else if (iequals_ascii(name, "via")) {
            take_via();
        } else if (iequals_ascii(name, "from")) {
            take_tag(from_seen, out.from_tag);
        } else if (iequals_ascii(name, "cseq")) {
            if (!cseq_seen)
                read_cseq(value, out);
            cseq_seen = true;
        } else if (iequals_ascii(name, "call-id")) {
            take_call_id();
        } else if (iequals_ascii(name, "authorization") || iequals_ascii(name, "proxy-authorization")) {
            if (!out.credentials)
                out.credentials_value = value;
            else if (out.credentials_value2.empty())
                out.credentials_value2 = value;
            out.credentials = true;
        } else if (values) {
            collect(name, value, wanted, *values);
        }
        // Without values to collect, a response is read only until each header the tracker needs has been
        // taken (first wins; the second Via, when there is one, follows the first): in the usual order (Via,
        // From, To, Call-ID, CSeq first) this skips Contact, Content-* and the rest. A request is read to its
        // end: its credentials may come last.
        return values || !out.is_response || !(via_seen && from_seen && to_seen && cseq_seen && !out.call_id.empty());
    });
    if (values)
        values->body = body;
    return true;
}

}  // namespace sipadvice
