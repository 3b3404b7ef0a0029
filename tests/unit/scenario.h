// Compact response sequences for tracker and rule tests: one row per response.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge.h"
#include "shipped.h"
#include "tracker.h"

namespace sipadvice::test {

// A response as a row: frame, code, Call-ID, From tag, To tag ("" = none), CSeq method and number, branch; or,
// with kRequest, a request (code unused), with kCredentials one carrying Authorization; time in ms (0 = frame×10).
enum class Kind { response, request, request_with_credentials };
constexpr Kind kRequest = Kind::request;
constexpr Kind kCredentials = Kind::request_with_credentials;
struct Msg {
    uint32_t frame;
    uint32_t code;
    const char* call;
    const char* from;
    const char* to;
    Method method;
    uint32_t cseq;
    const char* branch;
    Kind kind = Kind::response;
    uint32_t time_ms = 0;
    const char* realm = "";          // a 401/407's challenged realm, or the realm a request's credentials answer
    bool stale = false;              // the challenge says stale=true
    const char* second_branch = "";  // the second Via's branch (a response relayed by a proxy)
};

// Credentials values the messages point into (SipMessage holds views).
inline std::string_view credentials_for(const char* realm)
{
    static std::deque<std::string> keep;
    keep.push_back(std::string("Digest username=\"u\", realm=\"") + realm + "\"");
    return keep.back();
}

inline SipMessage message_of(const Msg& m)
{
    SipMessage ev;
    ev.is_response = m.kind == Kind::response;
    ev.code = m.code;
    ev.call_id = m.call;
    ev.from_tag = m.from;
    ev.to_tag = m.to;
    ev.method = m.method;
    ev.cseq = m.cseq;
    ev.via_branch = m.branch;
    ev.credentials = m.kind == Kind::request_with_credentials;
    if (ev.credentials && *m.realm)
        ev.credentials_value = credentials_for(m.realm);
    ev.second_branch = m.second_branch;
    return ev;
}

inline const Knowledge& builtin() { return shipped(); }

inline uint32_t time_of(const Msg& m) { return m.time_ms ? m.time_ms : m.frame * 10; }

inline uint32_t observe(Tracker& t, const Msg& m)
{
    ResponseFacts facts;
    facts.time_ms = time_of(m);
    facts.challenge_realm = realm_hash(m.realm);
    facts.stale = m.stale;
    return t.observe(m.frame, message_of(m), facts);
}

// Feeds `msgs` to a tracker; returns the record index of each (a request: its record, if it got one).
inline std::vector<uint32_t> feed(Tracker& t, const std::vector<Msg>& msgs)
{
    std::vector<uint32_t> idx;
    for (const Msg& m : msgs) {
        if (m.kind != Kind::response) {
            RequestMemo memo;
            memo.frame = m.frame;
            memo.time_ms = time_of(m);
            memo.method = m.method;
            memo.in_dialog = *m.to != '\0';
            idx.push_back(t.observe_request(m.frame, message_of(m), memo, false));
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
