// Requests: the transactions their responses point back to, the ACKs of 2xx responses to INVITE, and what
// only the end of the capture can tell.
#include "tracker.h"

#include <algorithm>

#include "sip_syntax.h"
#include "tracker_hash.h"

namespace sipadvice {

using namespace tracker_hash;

namespace {

int32_t saturated(int64_t v) { return v < 0 ? -1 : v > INT32_MAX ? INT32_MAX : static_cast<int32_t>(v); }

// A BYE ending a dialog whose 2xx was never ACKed: usually the UAS giving up after 64·T1 of resending it
// (RFC 3261 §13.3.1.4). Repeats of the 2xx, or a BYE this long after it, tell that from an ACK merely not
// captured yet.
constexpr uint32_t kByeAfterAckTimeoutMs = 30000;
// The capture went on for 64·T1 (32 s) after a repeated 2xx with no ACK, or the 2xx went out this often.
constexpr uint32_t kEndAfterAckTimeoutMs = kTransactionTimeoutMs;
constexpr uint8_t kRepeatsWithoutAck = 3;

}  // namespace

const Tracker::RequestEntry* Tracker::request_of(uint64_t call_hash, uint32_t txn) const
{
    if (requests_.empty())
        return nullptr;
    const uint32_t i = requests_index_.find(combine(call_hash, txn));
    return i == requests_index_.kAbsent ? nullptr : &requests_[i];
}

// A 2xx to INVITE in a dialog waits for its ACK (the newest one: a re-INVITE's replaces the call's).
void Tracker::await_ack(State& s, uint32_t self, const SipMessage& m, uint32_t time_ms)
{
    if (m.method != Method::INVITE || m.code < 200 || m.code > 299)
        return;
    if (records_[self].flags & Record::kSetLevel)
        return;  // a 2xx without a To tag makes no dialog to ACK in (hostile captures)
    if (s.link == kNone) {
        if (!free_acks_.empty()) {
            s.link = free_acks_.back();
            free_acks_.pop_back();
        } else {
            s.link = static_cast<uint32_t>(acks_.size());
            acks_.emplace_back();
        }
    }
    acks_[s.link] = AckWait{self, self, m.cseq, time_ms};
}

void Tracker::release_ack(State& s)
{
    acks_[s.link] = AckWait{};
    free_acks_.push_back(s.link);
    s.link = kNone;
}

uint32_t Tracker::observe_request(uint32_t frame, const SipMessage& request, const RequestMemo& memo, bool record)
{
    uint32_t unacked = kNone;
    uint32_t call_of_request = kNone;
    if (!request.call_id.empty()) {
        const uint64_t call_hash = hash_of(request.call_id);
        call_of_request = call_for(call_hash, request.call_id, frame);
        const uint32_t txn = transaction_hash(request.via_branch, request.cseq, request.method);
        const uint64_t key = combine(call_hash, txn);
        if (requests_index_.find(key) == requests_index_.kAbsent && requests_.size() < kNone - 1) {
            RequestEntry e;
            e.key = key;
            e.frame = frame;
            e.time_ms = memo.time_ms;
            e.expires = saturated(memo.expires);
            e.session_expires = saturated(memo.session_expires);
            e.call = call_of_request;
            e.method = request.method;
            e.flags = static_cast<uint8_t>((request.credentials ? RequestEntry::kCredentials : 0) |
                                           (memo.in_dialog ? RequestEntry::kInDialog : 0));
            e.realms[0] = realm_hash(auth_param(request.credentials_value, "realm"));
            e.realms[1] = realm_hash(auth_param(request.credentials_value2, "realm"));
            if (!memo.content_type.empty() || !memo.offer.empty()) {
                e.text = static_cast<uint32_t>(request_texts_.size());
                e.content_length = static_cast<uint8_t>(std::min<size_t>(memo.content_type.size(), UINT8_MAX));
                e.offer_length = static_cast<uint8_t>(std::min<size_t>(memo.offer.size(), UINT8_MAX));
                request_texts_.append(memo.content_type, 0, e.content_length);
                request_texts_.append(memo.offer, 0, e.offer_length);
            }
            requests_.push_back(e);
            requests_index_.insert(static_cast<uint32_t>(requests_.size() - 1));
        } else if (RequestEntry* again = request_of(call_hash, txn); again && again->sent < UINT8_MAX) {
            ++again->sent;  // a retransmission: the same transaction
        }
        if (request.method == Method::ACK || request.method == Method::BYE) {
            const uint32_t state = request.to_tag.empty() ? kNone : state_for(dialog_key(call_hash, request.from_tag, request.to_tag), false);
            if (state != kNone && states_[state].link != kNone) {
                State& s = states_[state];
                const AckWait& a = acks_[s.link];
                if (request.method == Method::ACK) {
                    if (request.cseq == a.cseq)
                        release_ack(s);  // acknowledged
                } else {
                    if (ack_rule_ != kNoRule && (a.last != a.record || memo.time_ms - a.time_ms >= kByeAfterAckTimeoutMs))
                        unacked = a.record;
                    release_ack(s);  // the dialog ends here
                }
            }
        }
    }
    if ((!record && unacked == kNone) || records_.size() >= kNone - 1 || (!records_.empty() && frame < records_.back().frame))
        return kNone;
    const uint32_t self = append(Record{frame, 0, Record::kRequest, kNone, kNone, call_of_request, 0, request.method, 0});
    if (unacked != kNone)
        contrast(self, unacked, ack_rule_);
    return self;
}

bool Tracker::find_request(const SipMessage& response, RequestMemo& out) const
{
    if (response.call_id.empty())
        return false;
    const RequestEntry* e = request_of(hash_of(response.call_id), transaction_hash(response.via_branch, response.cseq, response.method));
    if (!e)
        return false;
    out = RequestMemo{};
    out.frame = e->frame;
    out.time_ms = e->time_ms;
    out.method = e->method;
    out.in_dialog = e->flags & RequestEntry::kInDialog;
    out.expires = e->expires;
    out.session_expires = e->session_expires;
    out.content_type.assign(request_texts_, e->text, e->content_length);
    out.offer.assign(request_texts_, e->text + e->content_length, e->offer_length);
    return true;
}

std::pair<uint32_t, uint32_t> Tracker::unanswered_records(uint32_t frame) const
{
    const auto n = static_cast<uint32_t>(unanswered_.size());
    uint32_t first = unanswered_cursor_ <= n ? unanswered_cursor_ : n;
    if (!((first == 0 || unanswered_[first - 1].frame < frame) && (first == n || unanswered_[first].frame >= frame))) {
        const auto by_frame = [](const Unanswered& u, uint32_t f) { return u.frame < f; };
        first = static_cast<uint32_t>(std::lower_bound(unanswered_.begin(), unanswered_.end(), frame, by_frame) - unanswered_.begin());
    }
    uint32_t last = first;
    while (last < n && unanswered_[last].frame == frame)
        ++last;
    unanswered_cursor_ = last;
    return {first, last};
}

void Tracker::finish(uint32_t end_ms)
{
    // Undo the conclusions of an earlier call: more of the capture may have arrived since (a live capture).
    for (const uint32_t r : finished_) {
        Record& later = records_[r];
        const auto back = later_frames_.find(later.earlier);
        if (back != later_frames_.end() && back->second == later.frame) {
            later_frames_.erase(back);
            records_[later.earlier].flags &= static_cast<uint16_t>(~Record::kBackLink);
        }
        later.earlier = kNone;
        later.flags &= static_cast<uint16_t>(~Record::kEndOfCapture);
    }
    finished_.clear();
    unanswered_.clear();
    unanswered_cursor_ = 0;
    for (const RequestEntry& e : requests_) {
        if (e.method == Method::ACK || e.method == Method::other ||
            ((e.flags & RequestEntry::kFinal) && !(e.flags & RequestEntry::kLateFinal)))
            continue;  // an ACK gets no response; a method we do not know, we cannot judge; the rest were answered
        const uint32_t waited = end_ms >= e.time_ms ? end_ms - e.time_ms : 0;
        // An INVITE that rang may wait for a human: Timer C (over 3 min, RFC 3261 §16.6) guards it, not Timer B.
        const bool ringing = e.method == Method::INVITE && e.last_provisional > 100;
        const Unanswered::Kind kind = (e.flags & RequestEntry::kFinal) ? Unanswered::late_final
                                      : waited >= (ringing ? kRingingTimeoutMs : kTransactionTimeoutMs) ? Unanswered::no_final
                                                                                                      : Unanswered::capture_ended;
        unanswered_.push_back(Unanswered{e.frame, waited, e.last_provisional, e.method, kind, e.sent, e.call});
    }
    if (ack_end_rule_ == kNoRule)
        return;
    for (const AckWait& a : acks_) {
        if (a.record == kNone || a.last == a.record)
            continue;  // nothing pending, or the 2xx went out once: its ACK may simply not have been captured yet
        if (records_[a.record].copies < kRepeatsWithoutAck && end_ms - a.time_ms < kEndAfterAckTimeoutMs)
            continue;
        if (records_[a.last].earlier != kNone)
            continue;
        contrast(a.last, a.record, ack_end_rule_);
        records_[a.last].flags |= Record::kEndOfCapture;
        finished_.push_back(a.last);
    }
}

}  // namespace sipadvice
