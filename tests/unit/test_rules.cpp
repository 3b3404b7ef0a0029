// Every contrast rule of data/contrasts.ini, exercised: one row per rule, the last response of each row must
// contrast under that rule with the response of the given frame. A rule without a row fails the suite.
#include "cmocka_cpp.h"

#include <set>

#include "scenario.h"

using namespace sipadvice;
using namespace sipadvice::test;
using M = Method;

namespace {

struct RuleCase {
    const char* rule;
    std::vector<Msg> msgs;  // the last one is the later response (or request)
    uint32_t earlier_frame;
    uint32_t finish_ms = 0;  // rules found once the capture was read: the end's time
};

// Tags: c = caller, b = callee, s = subscriber, n = notifier, p/r = proxy- or registrar-made.
const std::vector<RuleCase> kCases = {
    {"subscription-flow-failed",
     {{1, 204, "sub1", "s", "n", M::SUBSCRIBE, 1, "z9hG4bK1"}, {2, 430, "sub1", "n", "s", M::NOTIFY, 7, "z9hG4bKn"}}, 1},
    {"trying-then-flow-failed",
     {{1, 100, "inv1", "c", "", M::INVITE, 1, "z9hG4bK1"}, {2, 430, "inv1", "c", "p", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"no-notification-then-busy-everywhere",
     {{1, 200, "sub2", "s", "n", M::SUBSCRIBE, 1, "z9hG4bK1"}, {2, 204, "sub2", "s", "n", M::SUBSCRIBE, 2, "z9hG4bK2"},
      {3, 600, "sub2", "s", "n", M::SUBSCRIBE, 3, "z9hG4bK3"}}, 2},
    {"terminated-without-cancel",
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 487, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"trying-then-timeout",
     {{1, 100, "c1", "c", "", M::INVITE, 1, "z9hG4bK1"}, {2, 408, "c1", "c", "p", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"alerting-then-timeout",
     {{1, 100, "c1", "c", "", M::INVITE, 1, "z9hG4bK1"}, {2, 182, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"},
      {3, 408, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 2},
    {"dialog-state-lost",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 481, "c1", "b", "c", M::BYE, 1, "z9hG4bKb"}}, 1},
    {"authentication-loop",
     {{1, 401, "r1", "c", "r1", M::REGISTER, 1, "z9hG4bK1"}, {2, 0, "r1", "c", "", M::REGISTER, 2, "z9hG4bK2", kCredentials},
      {3, 401, "r1", "c", "r2", M::REGISTER, 2, "z9hG4bK2"}}, 1},
    {"credentials-rejected",
     {{1, 401, "r1", "c1", "r1", M::REGISTER, 68, "z9hG4bK1"}, {2, 0, "r1", "c2", "", M::REGISTER, 69, "z9hG4bK2", kCredentials},
      {3, 100, "r1", "c2", "", M::REGISTER, 69, "z9hG4bK2"}, {4, 403, "r1", "c2", "r2", M::REGISTER, 69, "z9hG4bK2"}}, 1},
    {"conflicting-final-responses",
     {{1, 200, "c1", "c", "a", M::INVITE, 1, "z9hG4bK1"}, {2, 486, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"failure-then-success",
     {{1, 486, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 200, "c1", "c", "a", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"busy-then-busy-everywhere",
     {{1, 486, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 600, "c1", "c", "h", M::INVITE, 2, "z9hG4bK2"}}, 1},
    {"redirect-target-gone",
     {{1, 302, "c1", "c", "r", M::INVITE, 1, "z9hG4bK1"}, {2, 604, "c1", "c", "x", M::INVITE, 2, "z9hG4bK2"}}, 1},
    {"overload-persists",
     {{1, 503, "c1", "c", "p", M::INVITE, 1, "z9hG4bK1"}, {2, 503, "c1", "c", "q", M::INVITE, 2, "z9hG4bK2"}}, 1},
    {"session-interval-not-raised",
     {{1, 422, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 422, "c1", "c", "b", M::INVITE, 2, "z9hG4bK2"}}, 1},
    {"interval-not-raised",
     {{1, 423, "r1", "c", "r", M::REGISTER, 1, "z9hG4bK1"}, {2, 423, "r1", "c", "r", M::REGISTER, 2, "z9hG4bK2"}}, 1},
    {"glare-without-backoff",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 491, "c1", "c", "b", M::INVITE, 2, "z9hG4bK2"},
      {3, 491, "c1", "c", "b", M::INVITE, 3, "z9hG4bK3"}}, 2},
    {"ringing-no-answer",
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 480, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"early-media-negotiation-failed",
     {{1, 183, "c1", "c", "g", M::INVITE, 1, "z9hG4bK1"}, {2, 488, "c1", "c", "g", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"subscription-gone",
     {{1, 202, "ref1", "t", "e", M::REFER, 1, "z9hG4bK1"}, {2, 481, "ref1", "e", "t", M::NOTIFY, 1, "z9hG4bKe"}}, 1},
    {"provisional-after-final",
     {{1, 486, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"progress-then-precondition-failure",
     {{1, 183, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 580, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"ringing-then-decline",
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 603, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"ringing-then-busy",
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 486, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"cancel-crossed-answer",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 200, "c1", "c", "b", M::CANCEL, 1, "z9hG4bK1"}}, 1},
    {"media-change-rejected",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 488, "c1", "b", "c", M::INVITE, 1, "z9hG4bKb"}}, 1},
    {"in-dialog-timeout",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 100, "c1", "c", "b", M::INVITE, 2, "z9hG4bK2"},
      {3, 408, "c1", "c", "b", M::INVITE, 2, "z9hG4bK2"}}, 1},
    {"in-dialog-request-unanswered",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 408, "c1", "c", "b", M::BYE, 2, "z9hG4bK2"}}, 1},
    {"publish-etag-expired",
     {{1, 200, "p1", "u", "e1", M::PUBLISH, 1, "z9hG4bK1"}, {2, 412, "p1", "u", "e2", M::PUBLISH, 2, "z9hG4bK2"}}, 1},
    {"registration-revoked",
     {{1, 200, "r1", "u", "r1", M::REGISTER, 1, "z9hG4bK1"}, {2, 403, "r1", "u", "r2", M::REGISTER, 2, "z9hG4bK2"}}, 1},
    {"downstream-timeout",
     {{1, 100, "c1", "c", "", M::INVITE, 1, "z9hG4bK1"}, {2, 504, "c1", "c", "p", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"failed-dialog-still-answers",  // 180, 403 for the INVITE, then the early dialog's BYE accepted
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 403, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"},
      {3, 200, "c1", "c", "b", M::BYE, 2, "z9hG4bK2"}}, 2},
    {"repeated-initial-invite",  // a second INVITE without To tag answered into the established dialog
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 0, "c1", "c", "", M::INVITE, 2, "z9hG4bK2", kRequest},
      {3, 200, "c1", "c", "b", M::INVITE, 2, "z9hG4bK2"}}, 1},
    {"alerted-then-forbidden",
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 403, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"alerted-then-not-found",
     {{1, 183, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 404, "c1", "c", "x", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"alerted-then-server-failure",
     {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 503, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"prack-rejected",
     {{1, 183, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 481, "c1", "c", "b", M::PRACK, 2, "z9hG4bK2"}}, 1},
    {"transfer-refused",
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 403, "c1", "c", "b", M::REFER, 2, "z9hG4bK2"}}, 1},
    {"loop-downstream",
     {{1, 100, "c1", "c", "", M::INVITE, 1, "z9hG4bK1"}, {2, 483, "c1", "c", "p", M::INVITE, 1, "z9hG4bK1"}}, 1},
    {"ack-never-came",  // the 200 resent, no ACK, then the callee's BYE
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"},
      {3, 0, "c1", "b", "c", M::BYE, 1, "z9hG4bKb", kRequest, 32000}}, 1},
    {"ack-missing-at-end",  // resent three times, no ACK, the capture ends
     {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {2, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"},
      {3, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}, {4, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}}, 1, 5000},
};

void test_each_rule_fires_on_its_pair(void**)
{
    for (const RuleCase& c : kCases) {
        Tracker t(builtin());
        const auto idx = feed(t, c.msgs);
        if (c.finish_ms) {
            assert_string_equal(rule_of(t, idx.back()).c_str(), "");  // not before the end is known
            t.finish(c.finish_ms);
        }
        assert_int_not_equal(idx.back(), kNone);
        const std::string got = rule_of(t, idx.back());
        if (got != c.rule)
            fail_msg("%s: the last response contrasted under \"%s\"", c.rule, got.c_str());
        assert_int_equal(earlier_frame_of(t, idx.back()), c.earlier_frame);
        // and the earlier response links forward to it
        assert_int_equal(t.later_frame(t.at(idx.back()).earlier), c.msgs.back().frame);
    }
}

void test_every_rule_in_the_data_has_a_case(void**)
{
    std::set<std::string> tested;
    for (const RuleCase& c : kCases)
        tested.insert(c.rule);
    for (const Rule& r : builtin().rules())
        if (!tested.count(r.id))
            fail_msg("rule %s has no case in test_rules.cpp", r.id.c_str());
}

// The same pair in two different dialogs (different Call-IDs) never contrasts.
void test_no_rule_fires_across_calls(void**)
{
    for (const RuleCase& c : kCases) {
        Tracker t(builtin());
        std::vector<Msg> apart = c.msgs;
        apart.back().call = "some-other-call";
        const auto idx = feed(t, apart);
        t.finish(c.finish_ms);
        if (idx.back() != kNone && !rule_of(t, idx.back()).empty())
            fail_msg("%s fired across two calls", c.rule);
    }
}

// When several rules fit, the most narrowly written wins: a BYE timing out in an established call is the
// in-dialog story, not the generic "1xx then 408" of its transaction.
void test_specific_rule_beats_generic_rule(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"},
                              {2, 100, "c1", "c", "b", M::BYE, 2, "z9hG4bK2"},
                              {3, 408, "c1", "c", "b", M::BYE, 2, "z9hG4bK2"}});
    assert_string_equal(rule_of(t, idx[2]).c_str(), "in-dialog-request-unanswered");

    // A 481 to the CANCEL after the 200 is the crossed CANCEL, not a lost dialog.
    Tracker u(builtin());
    const auto j = feed(u, {{1, 200, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"},
                            {2, 481, "c1", "c", "b", M::CANCEL, 1, "z9hG4bK1"}});
    assert_string_equal(rule_of(u, j[1]).c_str(), "cancel-crossed-answer");
}

// Methods named by a rule must match: 2xx to REGISTER then 430 is a registration story, 2xx to INVITE is not.
void test_rule_methods_are_respected(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 200, "x1", "u", "r", M::OPTIONS, 1, "z9hG4bK1"},
                              {2, 430, "x1", "u", "e", M::OPTIONS, 2, "z9hG4bK2"}});
    assert_string_equal(rule_of(t, idx[1]).c_str(), "");
    // later_method=same: a 401 to REGISTER then a 401 to INVITE is not an authentication loop.
    Tracker u(builtin());
    const auto j = feed(u, {{1, 401, "x1", "u", "r", M::REGISTER, 1, "z9hG4bK1"},
                            {2, 401, "x1", "u", "r", M::INVITE, 2, "z9hG4bK2"}});
    assert_string_equal(rule_of(u, j[1]).c_str(), "");
}

// later_credentials=true: a second challenge to a fresh attempt without credentials is no loop (sngrep's
// aaa.pcap: the UA alternates REGISTER without and with Authorization).
void test_challenge_without_credentials_is_no_loop(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 401, "r", "u1", "a", M::REGISTER, 1, "b1"}, {2, 0, "r", "u2", "", M::REGISTER, 2, "b2", kCredentials},
                              {3, 401, "r", "u2", "b", M::REGISTER, 2, "b2"}, {4, 401, "r", "u3", "c", M::REGISTER, 3, "b3"},
                              {5, 0, "r", "u4", "", M::REGISTER, 4, "b4", kCredentials}, {5, 0, "r", "u4", "", M::REGISTER, 4, "b4", kCredentials},
                              {6, 401, "r", "u4", "d", M::REGISTER, 4, "b4"}});
    assert_string_equal(rule_of(t, idx[2]).c_str(), "authentication-loop");
    assert_string_equal(rule_of(t, idx[3]).c_str(), "");
    assert_string_equal(rule_of(t, idx[6]).c_str(), "authentication-loop");
    assert_int_equal(earlier_frame_of(t, idx[6]), 4);
}

// consecutive=true: only the latest final answer to the method counts. A registrar that challenges every
// refresh (401, 200, ... 401, 200) shows no loop; 503, 200, 503 is no persisting overload.
void test_consecutive_rules_need_the_latest_answer(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 401, "r", "u", "a", M::REGISTER, 1, "b1"}, {2, 200, "r", "u", "b", M::REGISTER, 2, "b2"},
                              {3, 401, "r", "u", "c", M::REGISTER, 3, "b3"}, {4, 200, "r", "u", "d", M::REGISTER, 4, "b4"}});
    assert_string_equal(rule_of(t, idx[2]).c_str(), "");
    Tracker u(builtin());
    const auto j = feed(u, {{1, 503, "c", "c", "p", M::INVITE, 1, "b1"}, {2, 200, "c", "c", "b", M::INVITE, 2, "b2"},
                            {3, 200, "c", "b", "c", M::BYE, 1, "bb"}, {4, 503, "c", "c", "p", M::INVITE, 3, "b3"}});
    assert_string_equal(rule_of(u, j[3]).c_str(), "");
}

// same_side=true: in a glare both sides' re-INVITEs get 491; that is one glare, not a retry without backoff.
void test_glare_needs_the_same_side_twice(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 491, "c", "c", "b", M::INVITE, 2, "b2"},
                              {3, 491, "c", "b", "c", M::INVITE, 1, "bb"}});
    assert_string_equal(rule_of(t, idx[2]).c_str(), "");
}

// A tagless response relates to the dialogs its own transaction created, not to other requests' dialogs.
void test_tagless_response_relates_to_its_own_transactions_dialog(void**)
{
    // 100 to INVITE (txn 1); a later INVITE with another transaction creates a dialog that times out a BYE:
    // only the in-dialog story applies, and the path shows the shared call prefix.
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 100, "c", "c", "", M::INVITE, 1, "b1"}, {2, 200, "c", "c", "b", M::INVITE, 1, "b1"},
                              {3, 481, "c", "b", "c", M::BYE, 1, "bb"}});
    assert_string_equal(rule_of(t, idx[2]).c_str(), "dialog-state-lost");
    assert_string_equal(t.path(idx[2]).c_str(), "INVITE 100 200 · BYE 481");
}

// The normal flows next to each new rule stay silent (their last message).
void test_normal_flows_near_the_rules_stay_silent(void**)
{
    const struct {
        const char* name;
        std::vector<Msg> msgs;
        uint32_t finish_ms;
    } cases[] = {
        {"CANCEL in time: 200 to the CANCEL, then 487",
         {{1, 180, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 200, "c", "c", "b", M::CANCEL, 1, "b1"},
          {3, 487, "c", "c", "b", M::INVITE, 1, "b1"}}, 0},
        {"a CANCEL of another INVITE after a 2xx",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 200, "c", "c", "b", M::CANCEL, 2, "b2"}}, 0},
        {"a failed re-INVITE, then BYE 200",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 488, "c", "c", "b", M::INVITE, 2, "b2"},
          {3, 200, "c", "c", "b", M::BYE, 3, "b3"}}, 0},
        {"a re-INVITE (with To tag) answered 200",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 0, "c", "c", "b", M::INVITE, 2, "b2", kRequest},
          {3, 200, "c", "c", "b", M::INVITE, 2, "b2"}}, 0},
        {"a proxy's 407, then the UAS's own 401 for another realm",
         {{1, 407, "c", "c", "p", M::INVITE, 1, "b1", Kind::response, 0, "proxy.test"},
          {2, 0, "c", "c", "", M::INVITE, 2, "b2", kCredentials, 0, "proxy.test"},
          {3, 401, "c", "c", "u", M::INVITE, 2, "b2", Kind::response, 0, "uas.test"}}, 0},
        {"a stale nonce: the same realm challenges again with stale=true",
         {{1, 401, "r", "u", "a", M::REGISTER, 1, "b1", Kind::response, 0, "r.test"},
          {2, 0, "r", "u", "", M::REGISTER, 2, "b2", kCredentials, 0, "r.test"},
          {3, 401, "r", "u", "a", M::REGISTER, 2, "b2", Kind::response, 0, "r.test", true}}, 0},
        {"a 503 relayed by a proxy onto the caller's leg: one event",
         {{1, 503, "c", "c", "p", M::INVITE, 1, "proxy-branch", Kind::response, 0, "", false, "caller-branch"},
          {2, 503, "c", "c", "p", M::INVITE, 1, "caller-branch"}}, 0},
        {"a 2xx ACKed, then BYE",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 200, "c", "c", "b", M::INVITE, 1, "b1"},
          {3, 0, "c", "c", "b", M::ACK, 1, "a1", kRequest}, {4, 0, "c", "b", "c", M::BYE, 1, "y1", kRequest, 40000}}, 0},
        {"a 2xx sent once, BYE soon after (its ACK not captured)",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 0, "c", "c", "b", M::BYE, 2, "y1", kRequest, 3000}}, 0},
        {"a 2xx resent once, the capture ends 2 s later",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1", Kind::response, 1000},
          {2, 200, "c", "c", "b", M::INVITE, 1, "b1", Kind::response, 1500}}, 3000},
        {"100 then 403 (a policy check before alerting)",
         {{1, 100, "c", "c", "", M::INVITE, 1, "b1"}, {2, 403, "c", "c", "p", M::INVITE, 1, "b1"}}, 0},
        {"a REFER challenged with 407",
         {{1, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 407, "c", "c", "b", M::REFER, 2, "b2"}}, 0},
    };
    for (const auto& c : cases) {
        Tracker t(builtin());
        const auto idx = feed(t, c.msgs);
        if (c.finish_ms)
            t.finish(c.finish_ms);
        if (idx.back() != kNone && !rule_of(t, idx.back()).empty())
            fail_msg("%s: the last message contrasted under %s", c.name, rule_of(t, idx.back()).c_str());
    }
}

// finish() can run again once more of a live capture arrived: its earlier conclusions are redone.
void test_finish_again_redoes_its_conclusions(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 200, "c", "c", "b", M::INVITE, 1, "b1", Kind::response, 0},
                              {2, 200, "c", "c", "b", M::INVITE, 1, "b1", Kind::response, 500}});
    t.finish(40000);
    assert_string_equal(rule_of(t, idx[1]).c_str(), "ack-missing-at-end");
    assert_true(t.at(idx[1]).flags & Record::kEndOfCapture);
    feed(t, {{3, 0, "c", "c", "b", M::ACK, 1, "a1", kRequest, 41000}});
    t.finish(41000);
    assert_string_equal(rule_of(t, idx[1]).c_str(), "");
    assert_int_equal(t.later_frame(idx[0]), 0);
}

// A user rule that is disabled no longer fires.
void test_disabled_rule_does_not_fire(void**)
{
    std::vector<Diagnostic> d;
    Knowledge k = builtin_knowledge(d);
    k.load("[rule terminated-without-cancel]\nenabled=false\n", "test", false, d);
    k.finalize();
    assert_int_equal(d.size(), 0);
    Tracker t(k);
    feed(t, {{1, 180, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"}});
    const uint32_t later = observe(t, {2, 487, "c1", "c", "b", M::INVITE, 1, "z9hG4bK1"});
    assert_int_equal(t.at(later).earlier, kNone);
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_each_rule_fires_on_its_pair),
        cmocka_unit_test(test_every_rule_in_the_data_has_a_case),
        cmocka_unit_test(test_no_rule_fires_across_calls),
        cmocka_unit_test(test_specific_rule_beats_generic_rule),
        cmocka_unit_test(test_rule_methods_are_respected),
        cmocka_unit_test(test_challenge_without_credentials_is_no_loop),
        cmocka_unit_test(test_consecutive_rules_need_the_latest_answer),
        cmocka_unit_test(test_glare_needs_the_same_side_twice),
        cmocka_unit_test(test_tagless_response_relates_to_its_own_transactions_dialog),
        cmocka_unit_test(test_normal_flows_near_the_rules_stay_silent),
        cmocka_unit_test(test_finish_again_redoes_its_conclusions),
        cmocka_unit_test(test_disabled_rule_does_not_fire),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
