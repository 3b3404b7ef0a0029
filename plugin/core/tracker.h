// The dialog tracker: assigns each SIP response to its call (Call-ID) and dialog (RFC 3261 §12: Call-ID and
// both tags, either direction), keeps a bounded summary of each, finds contrasts with earlier responses,
// and stores one record per response so that any later dissection (GUI, tshark -2) shows exactly what the
// first pass found.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extras.h"
#include "flat_index.h"
#include "knowledge.h"
#include "sip_message.h"
#include "sip_method.h"

namespace sipadvice {

constexpr uint32_t kNone = UINT32_MAX;

struct Record {
    enum Flags : uint8_t {
        kRetransmission = 1,  // the same response again: never contrasts, not part of the path
        kSetLevel = 2,        // in no dialog: tagless (100 Trying), or to a request outside dialogs
        kUntracked = 4,       // no Call-ID: shown, but not tracked
        kSideA = 8,           // in a dialog, which of its two sides sent the request (for same_side rules)
        kCredentials = 16,    // answers a request that carried Authorization or Proxy-Authorization
        kRequest = 32,        // a request (code 0): recorded only when it has something to show
        kExtras = 64,         // has Extras (causes, warnings, detail) in the caller's ExtrasStore
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
    explicit Tracker(const Knowledge& knowledge)
        : knowledge_(knowledge), index_(KeyOf{&states_}), requests_index_(RequestKeyOf{&requests_}) {}
    Tracker(const Tracker&) = delete;  // index_ refers to states_
    Tracker& operator=(const Tracker&) = delete;

    // Notes a request (a transaction: Call-ID, CSeq number and method, top Via branch; a retransmission is the
    // same one) with what its responses may point back to. Whether it carried Authorization or
    // Proxy-Authorization is kept: an authentication loop is a challenge to a request with credentials.
    // With `record`, the request also gets a record of its own (code 0, kRequest), whose index is returned;
    // otherwise kNone.
    uint32_t observe_request(uint32_t frame, const SipMessage& request, const RequestMemo& memo, bool record);
    // The request a response answers, when it was captured (observe_request) before the response.
    bool find_request(const SipMessage& response, RequestMemo& out) const;
    void set_flag(uint32_t record, Record::Flags flag) { records_[record].flags |= flag; }
    // Records one response of frame `frame`, in frame order; returns its record index (kNone if it came
    // out of order). A response with the same code as one already seen for the same transaction is a
    // retransmission: recorded, never compared.
    uint32_t observe(uint32_t frame, const SipMessage& response);

    const Record& at(uint32_t i) const { return records_[i]; }
    uint32_t size() const { return static_cast<uint32_t>(records_.size()); }
    // The records of `frame`, in message order, as [first, last). O(1) when frames are asked for in
    // order (every pass over the file), a binary search otherwise (the GUI jumping around).
    std::pair<uint32_t, uint32_t> frame_records(uint32_t frame) const;
    // The dialog's responses up to record `i`, e.g. "INVITE 100 → 180 → 487" (the last kPathCodes codes),
    // written NUL-terminated into `out`; kPathBytes always suffice.
    void path(uint32_t i, char* out, size_t size) const;
    std::string path(uint32_t i) const;

    // Memory accounting for the benchmark: tracked calls and dialogs, and bytes held.
    size_t call_count() const { return calls_; }
    size_t dialog_count() const { return states_.size() - calls_; }
    size_t state_bytes() const
    {
        return index_.bytes() + states_.size() * sizeof(State);
    }
    size_t record_bytes() const { return records_.size() * sizeof(Record); }
    size_t request_count() const { return requests_.size(); }
    size_t request_bytes() const { return requests_index_.bytes() + requests_.size() * sizeof(RequestEntry) + request_texts_.capacity(); }

    static constexpr unsigned kPathCodes = 8;
    static constexpr size_t kPathBytes = 8 + kPathCodes * (sizeof("SUBSCRIBE ") + sizeof("4294967295 → "));
    static constexpr unsigned kSlots = 4;

private:
    // The most recent responses of a dialog, one per (code, method), newest first.
    struct Slot {
        uint32_t record = kNone;
        uint32_t txn = 0;  // hash of CSeq number, method and top Via branch
    };
    // A call (all responses with one Call-ID) or one dialog of it.
    struct State {
        uint64_t key = 0;         // hashed Call-ID (a call), or Call-ID and both tags (a dialog)
        uint32_t last = kNone;    // newest non-retransmitted record of the dialog, or of the call outside dialogs
        uint32_t origin_txn = 0;  // for a dialog: the transaction whose response created it
        Slot slots[kSlots];
    };
    static_assert(sizeof(Slot) == 8, "slots are kept per dialog: keep them small");
    struct KeyOf {
        const std::deque<State>* states;
        uint64_t operator()(uint32_t i) const { return (*states)[i].key; }
    };
    // A request transaction, compactly: numbers saturate, texts live in request_texts_.
    struct RequestEntry {
        uint64_t key = 0;  // hashed Call-ID and transaction
        uint32_t frame = 0;
        int32_t expires = -1, session_expires = -1, min_se = -1;
        uint32_t text = 0;  // offset of content type, then offer, in request_texts_
        uint16_t content_length = 0, offer_length = 0;
        Method method = Method::other;
        uint8_t flags = 0;
        enum : uint8_t { kCredentials = 1, kInDialog = 2 };
    };
    struct RequestKeyOf {
        const std::deque<RequestEntry>* requests;
        uint64_t operator()(uint32_t i) const { return (*requests)[i].key; }
    };

    uint32_t state_for(uint64_t key, bool create);
    bool is_retransmission(const State& s, uint32_t code, uint32_t txn) const;
    bool superseded(const Slot* slots, size_t pos) const;
    void find_contrast(uint32_t self, uint32_t txn, uint32_t state, uint32_t call);
    void remember(State& s, uint32_t record, uint32_t txn);

    const Knowledge& knowledge_;
    std::deque<State> states_;   // calls and dialogs; a deque: growing never copies the states already there
    size_t calls_ = 0;
    FlatIndex<KeyOf> index_;     // hashed call/dialog key -> position in states_
    std::deque<Record> records_;
    mutable uint32_t cursor_ = 0;  // where the last frame_records() ended: the next frame's records start here
    // Request transactions, hashed with their Call-ID.
    std::deque<RequestEntry> requests_;
    FlatIndex<RequestKeyOf> requests_index_;
    std::string request_texts_;
};

}  // namespace sipadvice
