// Compact response sequences for tracker and rule tests: one row per response.
#pragma once

#include <string>
#include <vector>

#include "knowledge.h"
#include "tracker.h"

namespace sipadvice::test {

// A response as a row: frame, code, Call-ID, From tag, To tag ("" = none), CSeq method and number, branch;
// or, with request_with_credentials, a request carrying Authorization (code unused).
struct Msg {
    uint32_t frame;
    uint32_t code;
    const char* call;
    const char* from;
    const char* to;
    Method method;
    uint32_t cseq;
    const char* branch;
    bool request_with_credentials = false;  // not a response: a request carrying Authorization
};
constexpr bool kCredentials = true;

inline SipMessage message_of(const Msg& m)
{
    SipMessage ev;
    ev.is_response = !m.request_with_credentials;
    ev.code = m.code;
    ev.call_id = m.call;
    ev.from_tag = m.from;
    ev.to_tag = m.to;
    ev.method = m.method;
    ev.cseq = m.cseq;
    ev.via_branch = m.branch;
    ev.credentials = m.request_with_credentials;
    return ev;
}

inline const Knowledge& builtin()
{
    static const Knowledge k = [] {
        std::vector<Diagnostic> d;
        return builtin_knowledge(d);
    }();
    return k;
}

inline uint32_t observe(Tracker& t, const Msg& m) { return t.observe(m.frame, message_of(m)); }

// Feeds `msgs` to a fresh tracker; returns the record index of each.
inline std::vector<uint32_t> feed(Tracker& t, const std::vector<Msg>& msgs)
{
    std::vector<uint32_t> idx;
    for (const Msg& m : msgs) {
        if (m.request_with_credentials) {
            t.observe_request(m.frame, message_of(m), RequestMemo{}, false);
            idx.push_back(kNone);
        } else {
            idx.push_back(observe(t, m));
        }
    }
    return idx;
}

// The rule id a record contrasts with, or "" when none.
inline std::string rule_of(const Tracker& t, uint32_t record)
{
    const Record& r = t.at(record);
    return r.earlier == kNone ? "" : builtin().rules()[r.rule].id;
}

inline uint32_t earlier_frame_of(const Tracker& t, uint32_t record)
{
    const Record& r = t.at(record);
    return r.earlier == kNone ? 0 : t.at(r.earlier).frame;
}

}  // namespace sipadvice::test
