// A single-pass reader of the SIP start line and the handful of headers the tracker needs (RFC 3261 §7, §25).
#include "sip_message.h"

#include <cstring>

#include "text_util.h"

namespace sipadvice {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

// Index just past a quoted string starting at s[i] == '"' (backslash escapes honoured).
size_t skip_quoted(std::string_view s, size_t i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

// The value of parameter `name` in ";a=b;name=value;c" (parameters of a header, after the address).
std::string_view param(std::string_view params, std::string_view name)
{
    size_t i = 0;
    while (i < params.size()) {
        const size_t semi = params.find(';', i);
        if (semi == std::string_view::npos)
            return {};
        size_t end = semi + 1;
        while (end < params.size() && params[end] != ';' && params[end] != ',') {
            if (params[end] == '"')
                end = skip_quoted(params, end);
            else
                ++end;
        }
        const std::string_view item = params.substr(semi + 1, end - semi - 1);
        const size_t eq = item.find('=');
        if (eq != std::string_view::npos && iequals_ascii(trim_ascii(item.substr(0, eq)), name))
            return trim_ascii(item.substr(eq + 1));
        if (end < params.size() && params[end] == ',')
            return {};  // the next value of a comma-separated header: not ours
        i = end;
    }
    return {};
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
    const size_t lt = v.find('<', i);
    if (lt != std::string_view::npos) {
        const size_t gt = v.find('>', lt);
        if (gt == std::string_view::npos)
            return {};
        params = gt + 1;
    } else {
        params = v.find(';', i);
        if (params == std::string_view::npos)
            return {};
    }
    return param(v.substr(params), "tag");
}

// The branch of the first via-parm of a Via value ("SIP/2.0/UDP host;branch=x, SIP/2.0/UDP ...").
std::string_view branch_of(std::string_view v)
{
    const size_t comma = v.find(',');
    v = v.substr(0, comma);
    const size_t semi = v.find(';');
    return semi == std::string_view::npos ? std::string_view{} : param(v.substr(semi), "branch");
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

// Does `text` hold "authorization" in any letter case (Authorization, Proxy-Authorization)? A 'z' is rare
// in SIP (the z9hG4bK cookie of each Via branch is the usual one), so memchr finds the few candidates fast.
bool mentions_authorization(std::string_view text)
{
    constexpr std::string_view kWord = "authorization";
    constexpr size_t kZ = 7;  // kWord[kZ] == 'z'
    for (const char z : {'z', 'Z'}) {
        for (size_t from = 0; from < text.size();) {
            const void* hit = std::memchr(text.data() + from, z, text.size() - from);
            if (!hit)
                break;
            const size_t i = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
            if (i >= kZ && iequals_ascii(text.substr(i - kZ, kWord.size()), kWord))
                return true;
            from = i + 1;
        }
    }
    return false;
}

}  // namespace

bool parse_sip_message(std::string_view bytes, SipMessage& out)
{
    out = SipMessage{};
    size_t skip = 0;
    while (skip < bytes.size() && (bytes[skip] == '\r' || bytes[skip] == '\n'))
        ++skip;  // keep-alive CRLFs before a message over TCP
    LineReader lines(bytes.substr(skip));
    const std::string_view start = lines.next();
    if (!read_status_line(start, out)) {
        if (!is_request_line(start))
            return false;
        // Of a request only its credentials matter: most have none, so look for the header name before
        // reading any line.
        if (!mentions_authorization(bytes.substr(skip + start.size())))
            return true;
    }

    const std::string_view text = bytes.substr(skip);
    bool from_seen = false, to_seen = false, via_seen = false, cseq_seen = false;
    while (!lines.at_end()) {
        const size_t line_start = lines.pos();
        const std::string_view line = lines.next();
        if (line.empty())
            break;  // the empty line ends the headers; the body is not ours to read
        // Only Call-ID, From, To, CSeq, Via, Authorization and Proxy-Authorization matter (and i, f, t, v):
        // most lines are dismissed by their first letter, their folded continuations by their indentation.
        switch (ascii_lower(line.front())) {
        case 'a': case 'c': case 'f': case 'i': case 'p': case 't': case 'v':
            break;
        default:
            continue;
        }
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
        const std::string_view value = text.substr(line_start + colon + 1, line_end - line_start - colon - 1);

        // First of each header wins (the top Via); compact forms per RFC 3261 §7.3.3.
        const auto take_tag = [&](bool& seen, std::string_view& tag) {
            if (!seen)
                tag = tag_of(value);
            seen = true;
        };
        const auto take_via = [&] {
            if (!via_seen)
                out.via_branch = branch_of(value);
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
            out.credentials = true;
        }
        // Every later header is ignored once each wanted one has been taken (first wins): stop reading. In
        // the usual order (Via, From, To, Call-ID, CSeq first) this skips Contact, Content-* and the rest.
        if (via_seen && from_seen && to_seen && cseq_seen && !out.call_id.empty() &&
            (out.is_response || out.credentials))
            break;
    }
    return true;
}

}  // namespace sipadvice
