// The dialog tracker: assigns each SIP response to its dialog (RFC 3261 §12), keeps a bounded summary of
// each dialog, finds contrasts with earlier responses, and stores one record per response so that any later
// dissection (GUI, tshark -2) shows exactly what the first pass found.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>

#include "flat_index.h"
#include "knowledge.h"
#include "sip_method.h"

namespace sipadvice {

// One SIP response as the dissector saw it; the views only need to live during observe().
struct ResponseEvent {
    uint32_t frame = 0;
    uint32_t code = 0;
    std::string_view call_id, from_tag, to_tag, via_branch;  // empty when absent
    Method method = Method::other;                           // from CSeq
    uint32_t cseq = 0;
    bool resend = false;  // the SIP dissector flagged it as a retransmission
};

constexpr uint32_t kNone = UINT32_MAX;

struct Record {
    enum Flags : uint8_t {
        kRetransmission = 1,  // same response again: never contrasts, not part of the path
        kSetLevel = 2,        // not in a dialog: tagless (100 Trying) or to a request that makes none
        kUntracked = 4,       // no Call-ID: shown, but not tracked
    };
    uint32_t frame;
    uint32_t code;
    uint32_t prev;         // previous response of the same dialog (the path), or kNone
    uint32_t earlier;      // record this response contrasts with, or kNone
    uint32_t later_frame;  // first later frame contrasting with this one; 0 if none
    uint16_t rule;         // index into Knowledge::rules(); meaningful when earlier != kNone
    Method method;
    uint8_t flags;
};
static_assert(sizeof(Record) == 24, "a record is kept per response: keep it small");

class Tracker {
public:
    // `knowledge` must outlive the tracker.
    explicit Tracker(const Knowledge& knowledge) : knowledge_(knowledge), index_(KeyOf{&states_}) {}
    Tracker(const Tracker&) = delete;  // index_ refers to states_
    Tracker& operator=(const Tracker&) = delete;

    // Records one response, in frame order; returns its record index (kNone if it came out of order).
    uint32_t observe(const ResponseEvent& ev);

    const Record& at(uint32_t i) const { return records_[i]; }
    uint32_t size() const { return static_cast<uint32_t>(records_.size()); }
    // The records of `frame`, in message order, as [first, last).
    std::pair<uint32_t, uint32_t> frame_records(uint32_t frame) const;
    // The dialog's responses up to record `i`, e.g. "INVITE 100 → 180 → 487"; at most `max_codes` codes.
    std::string path(uint32_t i, unsigned max_codes = kPathCodes) const;

    // Memory accounting for the benchmark: tracked dialogs and dialog sets, and bytes held.
    size_t dialog_count() const { return states_.size(); }
    size_t state_bytes() const { return index_.bytes() + states_.size() * sizeof(State); }
    size_t record_bytes() const { return records_.size() * sizeof(Record); }

    static constexpr unsigned kPathCodes = 8;
    static constexpr unsigned kSlots = 4;

private:
    // The most recent responses of a dialog, one per (code, method), newest first.
    struct Slot {
        uint32_t record = kNone;
        uint32_t txn = 0;  // hash of CSeq number, method and top Via branch
    };
    struct State {
        uint64_t key = 0;         // hashed Call-ID and tags (both tags for a dialog, the originator's for a set)
        uint32_t last = kNone;    // newest non-retransmitted record (head of the path)
        uint32_t parent = kNone;  // for a dialog: its dialog set; kNone for a set
        Slot slots[kSlots];
    };
    static_assert(sizeof(Slot) == 8, "slots are kept per dialog: keep them small");
    struct KeyOf {
        const std::deque<State>* states;
        uint64_t operator()(uint32_t i) const { return (*states)[i].key; }
    };

    uint32_t state_for(uint64_t key, uint32_t parent, bool create);
    bool is_retransmission(const State& s, uint32_t code, uint32_t txn) const;
    void find_contrast(uint32_t self, uint32_t txn, uint32_t state, uint32_t set);
    void remember(State& s, uint32_t record, uint32_t txn);

    const Knowledge& knowledge_;
    std::deque<State> states_;   // deque: growing never copies the states already there
    FlatIndex<KeyOf> index_;     // hashed dialog/set key -> position in states_
    std::deque<Record> records_;
};

}  // namespace sipadvice
