// The dialog tracker: assigns each SIP response to its call (Call-ID) and dialog (RFC 3261 §12: Call-ID and
// both tags, either direction), keeps a bounded summary of each, finds contrasts with earlier responses,
// follows the requests (transactions, the ACKs of 2xx to INVITE), and stores one record per response (and per
// request with something to show) so that any later dissection (GUI, tshark -2) shows what the first pass found.
//   tracker.cpp       responses: dialogs, retransmissions and relayed copies, contrasts
//   transactions.cpp  requests: what their responses point back to, ACKs, the end of the capture
//   path.cpp          the dialog path as one line
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
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
    enum Flags : uint16_t {
        kRetransmission = 1,  // the same response again (same code, same transaction): never contrasts, no new path step
        kSetLevel = 2,        // in no dialog: tagless (100 Trying), or to a request outside dialogs
        kUntracked = 4,       // no Call-ID: shown, but not tracked
        kSideA = 8,           // in a dialog, which of its two sides sent the request (for same_side rules)
        kCredentials = 16,    // a challenge to a request that already answered the challenged realm, or a response
                              // to a request with credentials (see Rule::later_credentials)
        kRequest = 32,        // a request (code 0): recorded only when it has something to show
        kExtras = 64,         // has Extras (causes, warnings, detail) in the caller's ExtrasStore
        kInitial = 128,       // answers a request sent without a To tag (an initial request), as captured
        kNewTransaction = 256,  // starts a new transaction in its path (a new request, not the same one's answer)
        kReinvite = 512,      // answers an INVITE inside an established dialog
        kCopy = 1024,         // the same response relayed by a proxy (its second Via is the first one's top Via)
        kEndOfCapture = 2048, // its contrast was found once the whole capture had been read (GUI, tshark -2)
        kBackLink = 4096,     // a later record contrasts with it (later_frame())
    };
    uint32_t frame;
    uint16_t code;         // 0 for a request
    uint16_t flags;
    uint32_t prev;         // previous response in this record's path, or kNone (a repeat: the response it repeats)
    uint32_t earlier;      // record this one contrasts with, or kNone
    uint32_t call;         // its call (call_id()), kNone when untracked
    uint16_t rule;         // index into Knowledge::rules(); meaningful when earlier != kNone
    Method method;
    uint8_t copies;        // a repeat (retransmission or relayed copy): which one, 2 for the first repeat (saturates)
};
static_assert(sizeof(Record) == 24, "a record is kept per response: keep it small");

// How a call attempt ended: the final response to an INVITE that is no re-INVITE (each initial INVITE, retries
// after a challenge or a redirect included), as sipadvice.outcome and the statistics name it.
enum class Outcome : uint8_t { none, answered, cancelled, busy, redirected, challenged, rejected };
Outcome call_outcome(const Record& r);  // none for anything else (a provisional, a repeat, a re-INVITE's answer)
const char* outcome_name(Outcome o);    // "answered" ... "rejected"; "" for none

// What the glue read of a response before handing it to the tracker.
struct ResponseFacts {
    uint32_t time_ms = 0;         // since the capture's first frame
    uint32_t challenge_realm = 0;  // a 401/407's realm, hashed (realm_hash); 0 when none
    bool stale = false;            // the challenge says stale=true: only the nonce expired
};

// A request whose transaction got no final response within 64·T1 (32 s, Timer B/F, RFC 3261 §17) while the
// capture went on, or none by its end: known once the whole capture was read (finish()).
struct Unanswered {
    enum Kind : uint8_t {
        no_final,        // no final response, and the capture went on 32 s and more after the request (3 min for an
                         // INVITE that got a 18x: it may ring that long, Timer C)
        late_final,      // a final response came, but after 32 s: the client had given up (no 1xx to an INVITE before)
        capture_ended,   // no final response before the capture ended, sooner than that
    };
    uint32_t frame;             // the request's (its first copy)
    uint32_t waited_ms;         // from the request to the end of the capture (no_final, capture_ended)
    uint16_t last_provisional;  // the newest 1xx to it, 0 if none
    Method method;
    Kind kind;
    uint8_t sent;               // times the request was sent
    uint32_t call;              // its call (Record::call), kNone when its call had no response at all
};

// A realm as the tracker compares it (0 is never a hash: it means "no realm").
uint32_t realm_hash(std::string_view realm);

class Tracker {
public:
    // `knowledge` must outlive the tracker.
    explicit Tracker(const Knowledge& knowledge);
    Tracker(const Tracker&) = delete;  // index_ refers to states_
    Tracker& operator=(const Tracker&) = delete;

    // Notes a request (a transaction: Call-ID, CSeq number and method, top Via branch; a retransmission is the
    // same one) with what its responses may point back to, and follows the ACKs of 2xx responses to INVITE.
    // The request gets a record of its own (code 0, kRequest) when `record` asks for one (the caller has
    // something to show) or when the tracker has: a BYE ending a call whose 2xx was never ACKed. Returns the
    // record's index, or kNone.
    uint32_t observe_request(uint32_t frame, const SipMessage& request, const RequestMemo& memo, bool record);
    // The request a response answers, when it was captured (observe_request) before the response.
    bool find_request(const SipMessage& response, RequestMemo& out) const;
    // Records one response of frame `frame`, in frame order; returns its record index (kNone if it came
    // out of order). A response with the same code as one already seen for the same transaction is a
    // retransmission, one a proxy relayed onto the next leg a copy: recorded, never compared.
    uint32_t observe(uint32_t frame, const SipMessage& response, const ResponseFacts& facts = {});
    // Once the first pass has read the capture up to `end_ms`: what only the end can tell (a 2xx whose ACK never
    // came though the capture went on). Safe to call again when more frames arrived (a live capture): the
    // earlier conclusions are redone.
    void finish(uint32_t end_ms);

    // The requests of `frame` left unanswered, as [first, last) into unanswered(); empty before finish().
    std::pair<uint32_t, uint32_t> unanswered_records(uint32_t frame) const;
    const Unanswered& unanswered(uint32_t i) const { return unanswered_[i]; }
    uint32_t unanswered_count() const { return static_cast<uint32_t>(unanswered_.size()); }

    const Record& at(uint32_t i) const { return records_[i]; }
    // The first later frame whose record contrasts with record `i`; 0 if none (rare: kept aside, not per record).
    uint32_t later_frame(uint32_t i) const;
    // The Call-ID of a record's call (Record::call), as captured, at most kCallIdBytes; and the call's first frame.
    std::string_view call_id(uint32_t call) const;
    uint32_t call_first_frame(uint32_t call) const;
    static constexpr size_t kCallIdBytes = 64;
    uint32_t size() const { return static_cast<uint32_t>(records_.size()); }
    void set_flag(uint32_t record, Record::Flags flag) { records_[record].flags |= flag; }
    // The records of `frame`, in message order, as [first, last). O(1) when frames are asked for in
    // order (every pass over the file), a binary search otherwise (the GUI jumping around).
    std::pair<uint32_t, uint32_t> frame_records(uint32_t frame) const;
    // The path of record `i`, the last kPathCodes responses of its dialog grouped by transaction, e.g.
    // "INVITE 100 180 [CANCEL 200] 487" or "INVITE 100 180 200 · re-INVITE 100 200 · BYE 200" (path.cpp),
    // written NUL-terminated into `out`; kPathBytes always suffice.
    void path(uint32_t i, char* out, size_t size) const;
    std::string path(uint32_t i) const;

    // Memory accounting for the benchmark: tracked calls and dialogs, and bytes held.
    size_t call_count() const { return calls_; }
    size_t dialog_count() const { return states_.size() - calls_; }
    size_t state_bytes() const
    {
        return index_.bytes() + states_.size() * sizeof(State) + acks_.capacity() * sizeof(AckWait) +
               free_acks_.capacity() * sizeof(uint32_t);
    }
    size_t record_bytes() const { return records_.size() * sizeof(Record); }
    size_t call_id_bytes() const
    {
        return call_names_.capacity() * sizeof(CallName) + call_names_index_.bytes() + call_ids_.capacity();
    }
    size_t request_count() const { return requests_.size(); }
    size_t request_bytes() const
    {
        return requests_index_.bytes() + requests_.size() * sizeof(RequestEntry) + request_texts_.capacity();
    }

    static constexpr unsigned kPathCodes = 8;
    static constexpr size_t kPathBytes = 16 + kPathCodes * (sizeof(" · 9999×re-INVITE ") + sizeof(" [CANCEL 999]") + sizeof("×255"));
    static constexpr unsigned kSlots = 4;

private:
    // The most recent responses of a dialog, one per (code, method), newest first.
    struct Slot {
        uint32_t record = kNone;
        uint32_t txn = 0;  // hash of CSeq number, method and top Via branch
    };
    // A call (all responses with one Call-ID) or one dialog of it. Its newest response is slots[0]. Two fields
    // mean one thing for a dialog and another for a call, which never needs the dialog's (and the reverse):
    //   txn_mark   a dialog: the transaction whose response created it (origin);
    //              a call: its newest response's transaction on the leg before a proxy (second Via), to know
    //              the same response relayed onto the next leg
    //   link       a dialog: its 2xx to INVITE awaiting an ACK (an index into acks_), or kNone;
    //              a call: the response txn_mark belongs to
    struct State {
        uint64_t key = 0;  // hashed Call-ID (a call), or Call-ID and both tags (a dialog)
        uint32_t txn_mark = 0;
        uint32_t link = kNone;
        Slot slots[kSlots];
    };
    // A 2xx to INVITE waiting for its ACK; entries are reused once the ACK came (most come at once).
    struct AckWait {
        uint32_t record = kNone;  // the 2xx
        uint32_t last = kNone;    // its newest repeat
        uint32_t cseq = 0;
        uint32_t time_ms = 0;
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
        uint32_t time_ms = 0;
        int32_t expires = -1, session_expires = -1;
        uint32_t call = kNone;  // its call's state
        uint32_t text = 0;  // offset of content type, then offer, in request_texts_
        uint32_t realms[2] = {0, 0};  // realms its credentials answered (realm_hash)
        uint8_t content_length = 0, offer_length = 0;  // the memo's texts are cut to fit (64 and 160 bytes)
        uint16_t last_provisional = 0;  // code of the newest 1xx to it, 0 if none
        Method method = Method::other;
        uint8_t flags = 0;
        uint8_t sent = 1;  // times it was sent (retransmissions included, saturating)
        enum : uint8_t { kCredentials = 1, kInDialog = 2, kFinal = 4, kLateFinal = 8 };
    };
    static_assert(sizeof(RequestEntry) == 48, "an entry is kept per request: keep it small");
    struct RequestKeyOf {
        const std::deque<RequestEntry>* requests;
        uint64_t operator()(uint32_t i) const { return (*requests)[i].key; }
    };

    uint32_t state_for(uint64_t key, bool create);
    // The call of a message (its state, created for its first message, with the Call-ID kept for lists).
    uint32_t call_for(uint64_t call_hash, std::string_view call_id, uint32_t frame);
    uint32_t dialog_of(const SipMessage& m, uint64_t call_hash, bool create_for_response);
    uint32_t append(Record r);
    // A record's prev in its path: the dialog's newest, or for a new dialog or a response in no dialog the call's
    // newest response of the same method (of the same INVITE for a CANCEL). Sets kNewTransaction.
    void link(uint32_t self, uint32_t txn, const State& s, const State& call, bool new_dialog);
    uint32_t repeat_of(const State& s, uint32_t code, uint32_t txn) const;
    bool superseded(const Slot* slots, size_t pos) const;
    bool cancelled(const State& call, uint32_t txn, Method method) const;
    void find_contrast(uint32_t self, uint32_t txn, uint32_t state, uint32_t call);
    void remember(State& s, uint32_t record, uint32_t txn);
    void contrast(uint32_t later, uint32_t earlier, uint16_t rule);
    void await_ack(State& s, uint32_t self, const SipMessage& m, uint32_t time_ms);
    void release_ack(State& s);
    const RequestEntry* request_of(uint64_t call_hash, uint32_t txn) const;
    RequestEntry* request_of(uint64_t call_hash, uint32_t txn)
    {
        return const_cast<RequestEntry*>(static_cast<const Tracker*>(this)->request_of(call_hash, txn));
    }

    const Knowledge& knowledge_;
    uint16_t ack_rule_, ack_end_rule_;  // rules the tracker applies itself (kNoRule when absent or disabled)
    std::deque<State> states_;   // calls and dialogs; a deque: growing never copies the states already there
    size_t calls_ = 0;
    FlatIndex<KeyOf> index_;     // hashed call/dialog key -> position in states_
    std::deque<Record> records_;
    mutable uint32_t cursor_ = 0;  // where the last frame_records() ended: the next frame's records start here
    std::deque<RequestEntry> requests_;
    FlatIndex<RequestKeyOf> requests_index_;
    std::string request_texts_;
    // The Call-ID of each call, for lists per call, found by the call's state (Record::call).
    struct CallName {
        uint32_t state;
        uint32_t offset;
        uint32_t length;
        uint32_t first_frame;  // the call's first message
    };
    struct CallNameKeyOf {
        const std::vector<CallName>* names;
        uint64_t operator()(uint32_t i) const { return (*names)[i].state; }
    };
    std::vector<CallName> call_names_;
    FlatIndex<CallNameKeyOf> call_names_index_{CallNameKeyOf{&call_names_}};
    std::string call_ids_;
    std::unordered_map<uint32_t, uint32_t> later_frames_;  // record -> first later frame contrasting with it
    std::vector<AckWait> acks_;
    std::vector<uint32_t> free_acks_;
    std::vector<uint32_t> finished_;  // records finish() gave an end-of-capture contrast (redone on the next call)
    std::vector<Unanswered> unanswered_;  // by finish(), in frame order
    mutable uint32_t unanswered_cursor_ = 0;
};

}  // namespace sipadvice
