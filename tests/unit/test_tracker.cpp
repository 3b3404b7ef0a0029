// Dialog tracking: direction reversal, forks, tagless 100 Trying, interleaving, retransmissions, paths,
// per-frame records and bounded memory.
#include "cmocka_cpp.h"

#include "scenario.h"

using namespace sipadvice;
using namespace sipadvice::test;
using M = Method;

namespace {

// Table of scenarios: after feeding the rows, response `check` must contrast under `rule` with `earlier`
// (0 and "" for "no contrast") and show `path`.
struct Case {
    const char* name;
    std::vector<Msg> msgs;
    size_t check;  // index into msgs
    const char* rule;
    uint32_t earlier;
    const char* path;
};

const std::vector<Case> kCases = {
    {"204 then 430 to a NOTIFY flowing the other way: one dialog",
     {{1, 200, "sub", "s", "n", M::SUBSCRIBE, 1, "b1"}, {2, 200, "sub", "n", "s", M::NOTIFY, 1, "bn1"},
      {3, 204, "sub", "s", "n", M::SUBSCRIBE, 2, "b2"}, {4, 430, "sub", "n", "s", M::NOTIFY, 2, "bn2"}},
     3, "subscription-flow-failed", 3, "SUBSCRIBE 200 · NOTIFY 200 · SUBSCRIBE 204 · NOTIFY 430"},
    {"430 after a 204 of another dialog: nothing",
     {{1, 204, "sub-a", "s", "n", M::SUBSCRIBE, 1, "b1"}, {2, 200, "sub-b", "s2", "n2", M::SUBSCRIBE, 1, "b2"},
      {3, 430, "sub-b", "n2", "s2", M::NOTIFY, 1, "bn"}},
     2, "", 0, "SUBSCRIBE 200 · NOTIFY 430"},
    {"same Call-ID, other tags (a forked dialog): nothing",
     {{1, 204, "sub", "s", "n1", M::SUBSCRIBE, 1, "b1"}, {2, 200, "sub", "s", "n2", M::SUBSCRIBE, 1, "b1"},
      {3, 430, "sub", "n2", "s", M::NOTIFY, 1, "bn"}},
     2, "", 0, "SUBSCRIBE 200 · NOTIFY 430"},
    {"tagless 100 relates to the dialog that grows from it",
     {{1, 100, "inv", "c", "", M::INVITE, 1, "b1"}, {2, 430, "inv", "c", "tb", M::INVITE, 1, "b1"}},
     1, "trying-then-flow-failed", 1, "INVITE 100 430"},
    {"forks keep their own paths from the shared 100",
     {{1, 100, "inv", "c", "", M::INVITE, 1, "b1"}, {2, 180, "inv", "c", "A", M::INVITE, 1, "b1"},
      {3, 180, "inv", "c", "B", M::INVITE, 1, "b1"}, {4, 200, "inv", "c", "A", M::INVITE, 1, "b1"},
      {5, 487, "inv", "c", "B", M::INVITE, 1, "b1"}},
     4, "terminated-without-cancel", 3, "INVITE 100 180 487"},
    {"a 481 in fork B does not contrast with the 200 of fork A",
     {{1, 180, "inv", "c", "A", M::INVITE, 1, "b1"}, {2, 180, "inv", "c", "B", M::INVITE, 1, "b1"},
      {3, 200, "inv", "c", "A", M::INVITE, 1, "b1"}, {4, 481, "inv", "B", "c", M::BYE, 1, "bb"}},
     3, "", 0, "INVITE 180 · BYE 481"},
    {"interleaved calls each link their own 180",
     {{1, 180, "x", "c1", "b1", M::INVITE, 1, "b1"}, {2, 180, "y", "c2", "b2", M::INVITE, 1, "b2"},
      {3, 487, "y", "c2", "b2", M::INVITE, 1, "b2"}, {4, 487, "x", "c1", "b1", M::INVITE, 1, "b1"}},
     3, "terminated-without-cancel", 1, "INVITE 180 487"},
    {"a retransmitted 503 is not a second 503",
     {{1, 503, "c", "c", "p", M::INVITE, 1, "b1"}, {2, 503, "c", "c", "p", M::INVITE, 1, "b1"}},
     1, "", 0, "INVITE 503×2"},
    {"the retry's 503 is",
     {{1, 503, "c", "c", "p", M::INVITE, 1, "b1"}, {2, 503, "c", "c", "q", M::INVITE, 2, "b2"}},
     1, "overload-persists", 1, "2×INVITE 503"},
    {"registration retried after a challenge: one path",
     {{1, 401, "reg", "u", "r1", M::REGISTER, 1, "b1"}, {2, 200, "reg", "u", "r2", M::REGISTER, 2, "b2"}},
     1, "", 0, "REGISTER 401 · REGISTER 200"},
    {"INVITE challenged, retried and answered: the 401 stays on the path",
     {{1, 100, "c", "c", "", M::INVITE, 1, "b1"}, {2, 407, "c", "c", "p", M::INVITE, 1, "b1"},
      {3, 100, "c", "c", "", M::INVITE, 2, "b2"}, {4, 180, "c", "c", "b", M::INVITE, 2, "b2"},
      {5, 200, "c", "c", "b", M::INVITE, 2, "b2"}},
     4, "", 0, "INVITE 100 407 · INVITE 100 180 200"},
    {"a UA that changes its From tag on every REGISTER: still one call",
     {{1, 401, "reg", "f1", "r1", M::REGISTER, 70, "b1"}, {2, 0, "reg", "f2", "", M::REGISTER, 71, "b2", kCredentials},
      {3, 401, "reg", "f2", "r2", M::REGISTER, 71, "b2"}},
     2, "authentication-loop", 1, "2×REGISTER 401"},
    {"no Call-ID: shown but not tracked",
     {{1, 180, "", "c", "b", M::INVITE, 1, "b1"}, {2, 487, "", "c", "b", M::INVITE, 1, "b1"}},
     1, "", 0, nullptr},
};

void test_dialog_scenarios(void**)
{
    for (const Case& c : kCases) {
        Tracker t(builtin());
        const auto idx = feed(t, c.msgs);
        const uint32_t r = idx[c.check];
        if (rule_of(t, r) != c.rule)
            fail_msg("%s: rule \"%s\", expected \"%s\"", c.name, rule_of(t, r).c_str(), c.rule);
        if (earlier_frame_of(t, r) != c.earlier)
            fail_msg("%s: earlier frame %u, expected %u", c.name, earlier_frame_of(t, r), c.earlier);
        if (c.path && t.path(r) != c.path)
            fail_msg("%s: path \"%s\", expected \"%s\"", c.name, t.path(r).c_str(), c.path);
    }
}

void test_retransmissions_are_flagged_and_stay_off_the_path(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 180, "c", "c", "b", M::INVITE, 1, "b1"}, {2, 200, "c", "c", "b", M::INVITE, 1, "b1"},
                              {3, 200, "c", "c", "b", M::INVITE, 1, "b1"}, {4, 200, "c", "b", "c", M::BYE, 1, "bb"}});
    assert_true(t.at(idx[2]).flags & Record::kRetransmission);
    assert_false(t.at(idx[1]).flags & Record::kRetransmission);
    assert_string_equal(t.path(idx[3]).c_str(), "INVITE 180 200 · BYE 200");
}

void test_no_call_id_is_untracked(void**)
{
    Tracker t(builtin());
    const uint32_t r = observe(t, {1, 430, "", "", "", M::other, 0, ""});
    assert_true(t.at(r).flags & Record::kUntracked);
    assert_int_equal(t.at(r).earlier, kNone);
}

void test_frame_records_find_every_message_of_a_frame(void**)
{
    Tracker t(builtin());
    feed(t, {{5, 100, "c", "c", "", M::INVITE, 1, "b1"}, {5, 430, "c", "c", "tb", M::INVITE, 1, "b1"},
             {9, 200, "d", "c", "b", M::OPTIONS, 1, "b2"}});
    auto [first, last] = t.frame_records(5);
    assert_int_equal(last - first, 2);
    assert_int_equal(t.at(first).code, 100);
    assert_int_equal(t.at(first + 1).code, 430);
    // the 430 contrasts with the 100 of its own frame
    assert_int_equal(earlier_frame_of(t, first + 1), 5);
    std::tie(first, last) = t.frame_records(7);
    assert_int_equal(last - first, 0);
    std::tie(first, last) = t.frame_records(9);
    assert_int_equal(last - first, 1);
    // the GUI asks in any order: backwards, repeated, past the end
    for (const uint32_t f : {5u, 9u, 9u, 1u, 5u, 12u, 5u}) {
        std::tie(first, last) = t.frame_records(f);
        assert_int_equal(last - first, f == 5 ? 2 : f == 9 ? 1 : 0);
        if (f == 5)
            assert_int_equal(t.at(first).code, 100);
    }
}

// The longest path fits the buffer the plugin gives it: eight elements, each a new transaction with the longest
// method name, a run count or a CANCEL in brackets, and a repeat count.
void test_longest_path_fits(void**)
{
    Tracker t(builtin());
    std::vector<Msg> msgs = {{1, 200, "c", "s", "n", M::SUBSCRIBE, 1, "b"}};
    for (uint32_t i = 0; i < 12; ++i)
        msgs.push_back({2 + i, 699u - i, "c", "s", "n", i % 2 ? M::SUBSCRIBE : M::NOTIFY, 2 + i, "b"});
    const auto idx = feed(t, msgs);
    char buf[Tracker::kPathBytes];
    t.path(idx.back(), buf, sizeof buf);
    const std::string p = buf;
    assert_int_equal(p.rfind("… ", 0), 0);
    assert_true(p.size() + 1 < sizeof buf);
    assert_contains(p, "SUBSCRIBE 694 · NOTIFY 693 · SUBSCRIBE 692 · NOTIFY 691 · SUBSCRIBE 690 · NOTIFY 689 · SUBSCRIBE 688");
}

// What a path says, in the notation a SIP engineer reads: transactions grouped, re-INVITEs named, a CANCEL in
// its INVITE's group, repeats counted, out-of-dialog requests sharing the Call-ID kept out.
void test_path_notation(void**)
{
    const struct {
        const char* name;
        std::vector<Msg> msgs;
        const char* path;  // of the last message
    } cases[] = {
        {"a re-INVITE is a new transaction, named",
         {{1, 100, "c", "a", "", M::INVITE, 1, "b1"}, {2, 180, "c", "a", "b", M::INVITE, 1, "b1"},
          {3, 200, "c", "a", "b", M::INVITE, 1, "b1"}, {4, 100, "c", "a", "b", M::INVITE, 2, "b2"},
          {5, 200, "c", "a", "b", M::INVITE, 2, "b2"}},
         "INVITE 100 180 200 · re-INVITE 100 200"},
        {"a REGISTER sharing the Call-ID stays out of the INVITE's dialog",
         {{1, 200, "c", "a", "r", M::REGISTER, 1, "r1"}, {2, 180, "c", "a", "b", M::INVITE, 2, "b2"},
          {3, 403, "c", "a", "b", M::INVITE, 2, "b2"}},
         "INVITE 180 403"},
        {"... and keeps a path of its own",
         {{1, 401, "c", "a", "r", M::REGISTER, 1, "r1"}, {2, 180, "c", "a", "b", M::INVITE, 2, "b2"},
          {3, 200, "c", "a", "r", M::REGISTER, 3, "r3"}},
         "REGISTER 401 · REGISTER 200"},
        {"a retransmitted response is counted on itself, not shown twice",
         {{1, 100, "c", "a", "", M::INVITE, 1, "b1"}, {2, 488, "c", "a", "b", M::INVITE, 1, "b1"},
          {3, 488, "c", "a", "b", M::INVITE, 1, "b1"}},
         "INVITE 100 488×2"},
        {"a CANCEL in time sits in its INVITE's group",
         {{1, 100, "c", "a", "", M::INVITE, 1, "b1"}, {2, 180, "c", "a", "b", M::INVITE, 1, "b1"},
          {3, 200, "c", "a", "b", M::CANCEL, 1, "b1"}, {4, 487, "c", "a", "b", M::INVITE, 1, "b1"}},
         "INVITE 100 180 [CANCEL 200] 487"},
        {"a CANCEL race reads as one",
         {{1, 100, "c", "a", "", M::INVITE, 1, "b1"}, {2, 180, "c", "a", "b", M::INVITE, 1, "b1"},
          {3, 200, "c", "a", "b", M::INVITE, 1, "b1"}, {4, 200, "c", "a", "b", M::CANCEL, 1, "b1"}},
         "INVITE 100 180 200 [CANCEL 200]"},
        {"a tagless CANCEL answer still joins its INVITE",
         {{1, 100, "c", "a", "", M::INVITE, 1, "b1"}, {2, 200, "c", "a", "", M::CANCEL, 1, "b1"}},
         "INVITE 100 [CANCEL 200]"},
        {"repeated INFOs are transactions of their own, counted",
         {{1, 200, "c", "a", "b", M::INVITE, 1, "b1"}, {2, 200, "c", "a", "b", M::INFO, 2, "i2"},
          {3, 200, "c", "a", "b", M::INFO, 3, "i3"}, {4, 200, "c", "a", "b", M::INFO, 4, "i4"},
          {5, 200, "c", "b", "a", M::BYE, 1, "y1"}},
         "INVITE 200 · 3×INFO 200 · BYE 200"},
    };
    for (const auto& c : cases) {
        Tracker t(builtin());
        const auto idx = feed(t, c.msgs);
        if (t.path(idx.back()) != c.path)
            fail_msg("%s: \"%s\", expected \"%s\"", c.name, t.path(idx.back()).c_str(), c.path);
    }
}

void test_out_of_order_frames_are_refused(void**)
{
    Tracker t(builtin());
    assert_int_not_equal(observe(t, {10, 200, "c", "c", "b", M::INVITE, 1, "b1"}), kNone);
    assert_int_equal(observe(t, {9, 200, "c", "c", "b", M::INVITE, 1, "b1"}), kNone);
    assert_int_equal(t.size(), 1);
}

void test_back_link_is_the_first_later_contrast(void**)
{
    Tracker t(builtin());
    const auto idx = feed(t, {{1, 204, "s", "s", "n", M::SUBSCRIBE, 1, "b1"}, {2, 430, "s", "n", "s", M::NOTIFY, 1, "n1"},
                              {3, 430, "s", "n", "s", M::NOTIFY, 2, "n2"}});
    assert_int_equal(t.later_frame(idx[0]), 2);
    assert_int_equal(earlier_frame_of(t, idx[2]), 1);
}

void test_long_paths_show_the_last_eight(void**)
{
    Tracker t(builtin());
    std::vector<Msg> msgs = {{1, 200, "s", "s", "n", M::SUBSCRIBE, 1, "b"}};
    for (uint32_t i = 0; i < 20; ++i)
        msgs.push_back({2 + i, 200, "s", "n", "s", M::NOTIFY, 1 + i, "n"});
    const auto idx = feed(t, msgs);
    const std::string p = t.path(idx.back());
    assert_string_equal(p.c_str(), "SUBSCRIBE 200 · 20×NOTIFY 200");
}

// A long subscription keeps its 204 findable however many NOTIFYs follow: one slot per (code, method).
void test_204_survives_a_long_run_of_notifies(void**)
{
    Tracker t(builtin());
    std::vector<Msg> msgs = {{1, 200, "s", "s", "n", M::SUBSCRIBE, 1, "b1"}, {2, 204, "s", "s", "n", M::SUBSCRIBE, 2, "b2"}};
    for (uint32_t i = 0; i < 5000; ++i)
        msgs.push_back({3 + i, 200, "s", "n", "s", M::NOTIFY, 1 + i, "n"});
    msgs.push_back({6000, 430, "s", "n", "s", M::NOTIFY, 9000, "n"});
    const auto idx = feed(t, msgs);
    assert_string_equal(rule_of(t, idx.back()).c_str(), "subscription-flow-failed");
    assert_int_equal(earlier_frame_of(t, idx.back()), 2);
}

// Thousands of contrasts in one dialog: each links to the latest earlier response, state stays bounded.
void test_thousands_of_contrasts_in_one_dialog(void**)
{
    Tracker t(builtin());
    feed(t, {{1, 200, "c", "c", "b", M::INVITE, 1, "b0"}});
    const size_t bytes_before = t.state_bytes();
    for (uint32_t i = 0; i < 5000; ++i) {
        const uint32_t r = observe(t, {2 + i, 481, "c", "b", "c", M::BYE, 2 + i, "bb"});
        assert_string_equal(rule_of(t, r).c_str(), "dialog-state-lost");
    }
    assert_int_equal(t.call_count(), 1);
    assert_int_equal(t.dialog_count(), 1);
    assert_int_equal(t.state_bytes(), bytes_before);
}

// Requests left unanswered, known once the capture was read: no final response while the capture went on 32 s
// (Timer B/F), a final one only after 32 s when the timer applied, or none before the capture ended.
void test_unanswered_requests(void**)
{
    Tracker t(builtin());
    feed(t, {
        {1, 0, "a", "c", "", M::INVITE, 1, "ba", kRequest, 1000},      // silent next hop: sent three times
        {2, 0, "a", "c", "", M::INVITE, 1, "ba", kRequest, 1500},
        {3, 0, "a", "c", "", M::INVITE, 1, "ba", kRequest, 2500},
        {4, 0, "b", "c", "", M::INVITE, 1, "bb", kRequest, 2000},      // 100 Trying, then nothing
        {5, 100, "b", "c", "", M::INVITE, 1, "bb", Kind::response, 2100},
        {6, 0, "m", "c", "", M::MESSAGE, 1, "bm", kRequest, 3000},     // answered after 40 s: too late
        {7, 0, "r", "c", "", M::INVITE, 1, "br", kRequest, 4000},      // rang 40 s, then answered: fine
        {8, 180, "r", "c", "t", M::INVITE, 1, "br", Kind::response, 4100},
        {9, 0, "o", "c", "", M::OPTIONS, 1, "bo", kRequest, 5000},     // answered at once: fine
        {10, 200, "o", "c", "t", M::OPTIONS, 1, "bo", Kind::response, 5010},
        {11, 0, "x", "c", "t", M::ACK, 1, "bx", kRequest, 6000},       // an ACK expects nothing
        {12, 200, "m", "c", "t", M::MESSAGE, 1, "bm", Kind::response, 43000},
        {13, 200, "r", "c", "t", M::INVITE, 1, "br", Kind::response, 44100},
        {14, 0, "e", "c", "", M::BYE, 1, "be", kRequest, 45000},       // just before the end
    });
    assert_int_equal(t.unanswered_count(), 0);  // nothing is known before the end
    t.finish(46000);
    const struct {
        uint32_t frame;
        Unanswered::Kind kind;
        uint16_t last;
        uint8_t sent;
    } want[] = {{1, Unanswered::no_final, 0, 3}, {4, Unanswered::no_final, 100, 1}, {6, Unanswered::late_final, 0, 1},
                {14, Unanswered::capture_ended, 0, 1}};
    assert_int_equal(t.unanswered_count(), std::size(want));
    for (uint32_t i = 0; i < std::size(want); ++i) {
        const Unanswered& u = t.unanswered(i);
        assert_int_equal(u.frame, want[i].frame);
        assert_int_equal(u.kind, want[i].kind);
        assert_int_equal(u.last_provisional, want[i].last);
        assert_int_equal(u.sent, want[i].sent);
    }
    assert_int_equal(t.unanswered(0).waited_ms, 45000);
    const auto [first, last] = t.unanswered_records(4);
    assert_int_equal(last - first, 1);
    assert_int_equal(t.unanswered(first).method, M::INVITE);
    // a later call (a live capture that went on) redoes the list: the BYE's answer arrived
    feed(t, {{15, 200, "e", "c", "t", M::BYE, 1, "be", Kind::response, 47000}});
    t.finish(48000);
    assert_int_equal(t.unanswered_count(), 3);
}

// Memory per dialog stays small however many dialogs there are: a call and its dialog within 128 bytes, and a
// 2xx whose ACK never comes holds 16 more until the dialog ends.
void test_state_per_dialog_is_bounded(void**)
{
    for (const bool acked : {true, false}) {
        Tracker t(builtin());
        constexpr uint32_t kCalls = 200000;
        for (uint32_t i = 0; i < kCalls; ++i) {
            const std::string call = "call-" + std::to_string(i);
            observe(t, {1 + 4 * i, 100, call.c_str(), "c", "", M::INVITE, 1, "b"});
            observe(t, {2 + 4 * i, 180, call.c_str(), "c", "b", M::INVITE, 1, "b"});
            observe(t, {3 + 4 * i, 200, call.c_str(), "c", "b", M::INVITE, 1, "b"});
            if (acked)
                feed(t, {{4 + 4 * i, 0, call.c_str(), "c", "b", M::ACK, 1, "a", kRequest}});
        }
        const double per_call = static_cast<double>(t.state_bytes()) / kCalls;
        print_message("state (%s): %zu calls and %zu dialogs, %.1f bytes per call\n", acked ? "ACKed" : "no ACK",
                      t.call_count(), t.dialog_count(), per_call);
        assert_int_equal(t.call_count(), kCalls);
        assert_int_equal(t.dialog_count(), kCalls);
        assert_true(per_call <= (acked ? 128.0 : 160.0));
    }
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_dialog_scenarios),
        cmocka_unit_test(test_retransmissions_are_flagged_and_stay_off_the_path),
        cmocka_unit_test(test_no_call_id_is_untracked),
        cmocka_unit_test(test_frame_records_find_every_message_of_a_frame),
        cmocka_unit_test(test_out_of_order_frames_are_refused),
        cmocka_unit_test(test_longest_path_fits),
        cmocka_unit_test(test_path_notation),
        cmocka_unit_test(test_back_link_is_the_first_later_contrast),
        cmocka_unit_test(test_long_paths_show_the_last_eight),
        cmocka_unit_test(test_204_survives_a_long_run_of_notifies),
        cmocka_unit_test(test_thousands_of_contrasts_in_one_dialog),
        cmocka_unit_test(test_unanswered_requests),
        cmocka_unit_test(test_state_per_dialog_is_bounded),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
