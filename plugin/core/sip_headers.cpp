// Reason and Warning header values, read defensively: the wire may hold anything.
#include "sip_headers.h"

#include <glib.h>

#include <algorithm>
#include <utility>

#include "sip_syntax.h"

namespace sipadvice {

namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
constexpr char kEllipsis[] = "…";

// Splits "token;a=b;c" into the token and its parameters (from the first ';').
std::pair<std::string_view, std::string_view> head_and_params(std::string_view element)
{
    size_t i = 0;
    while (i < element.size() && element[i] != ';') {
        if (element[i] == '"')
            i = skip_quoted(element, i);
        else
            ++i;
    }
    return {trim_ascii(element.substr(0, i)), element.substr(i < element.size() ? i : element.size())};
}

}  // namespace

std::string sanitise(std::string_view wire, size_t max_bytes)
{
    // The usual case, taken whole: printable ASCII, single blanks between words, nothing to cut.
    if (wire.size() <= max_bytes && (wire.empty() || (wire.front() != ' ' && wire.back() != ' '))) {
        bool plain = true;
        for (size_t i = 0; plain && i < wire.size(); ++i) {
            const auto c = static_cast<unsigned char>(wire[i]);
            plain = (c > 0x20 && c < 0x7f) || (c == ' ' && wire[i + 1] != ' ');  // wire.back() is no blank
        }
        if (plain)
            return std::string(wire);
    }
    std::string out;
    out.reserve(std::min(wire.size(), max_bytes) + 8);
    bool blank = false;
    for (size_t i = 0; i < wire.size() && out.size() <= max_bytes;) {
        const auto c = static_cast<unsigned char>(wire[i]);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            blank = true;
            ++i;
            continue;
        }
        if (blank && !out.empty())
            out += ' ';
        blank = false;
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (c < 0x20 || c == 0x7f || len == 0 || i + len > wire.size() ||
            (len > 1 && !g_utf8_validate(wire.data() + i, static_cast<gssize>(len), nullptr))) {
            out += kReplacement;
            i += 1;
            continue;
        }
        out.append(wire.substr(i, len));
        i += len;
    }
    if (out.size() > max_bytes) {
        size_t n = max_bytes >= sizeof kEllipsis - 1 ? max_bytes - (sizeof kEllipsis - 1) : 0;
        while (n > 0 && (static_cast<unsigned char>(out[n]) & 0xC0) == 0x80)  // not inside a character
            --n;
        out.resize(n);
        out += kEllipsis;
    }
    return out;
}

size_t parse_reason(std::string_view value, std::vector<ReasonValue>& out)
{
    const size_t room = out.size() < kMaxValuesShown ? kMaxValuesShown - out.size() : 0;
    return for_each_element(value, room, [&](std::string_view element) {
        const auto [protocol, params] = head_and_params(element);
        if (protocol.empty())
            return;
        ReasonValue r;
        r.protocol = sanitise(protocol, 32);
        uint64_t n = 0;
        if (leading_number(param(params, "cause"), UINT32_MAX, n)) {
            r.cause = static_cast<uint32_t>(n);
            r.has_cause = true;
        }
        r.text = sanitise(unquote(param(params, "text")));
        out.push_back(std::move(r));
    });
}

size_t parse_warning(std::string_view value, std::vector<WarningValue>& out)
{
    const size_t room = out.size() < kMaxValuesShown ? kMaxValuesShown - out.size() : 0;
    return for_each_element(value, room, [&](std::string_view element) {
        if (element.size() < 3 || !is_digit(element[0]) || !is_digit(element[1]) || !is_digit(element[2]) ||
            (element.size() > 3 && !is_ws(element[3])))
            return;
        WarningValue w;
        w.code = static_cast<uint32_t>((element[0] - '0') * 100 + (element[1] - '0') * 10 + (element[2] - '0'));
        std::string_view rest = trim_ascii(element.substr(3));
        size_t agent_end = 0;
        while (agent_end < rest.size() && !is_ws(rest[agent_end]) && rest[agent_end] != '"')
            ++agent_end;
        w.agent = sanitise(rest.substr(0, agent_end), 64);
        w.text = sanitise(unquote(rest.substr(agent_end)));
        out.push_back(std::move(w));
    });
}

}  // namespace sipadvice
