// Dialog tracking and contrast detection over the responses of a capture.
#include "tracker.h"

#include <algorithm>
#include <cstring>

#include "tracker_hash.h"

namespace sipadvice {

using namespace tracker_hash;

Tracker::Tracker(const Knowledge& knowledge)
    : knowledge_(knowledge), ack_rule_(kNoRule), ack_end_rule_(kNoRule), index_(KeyOf{&states_}),
      requests_index_(RequestKeyOf{&requests_})
{
    const auto& rules = knowledge_.rules();
    for (size_t i = 0; i < rules.size(); ++i) {
        if (!rules[i].enabled)
            continue;
        if (rules[i].kind == RuleKind::bye_without_ack)
            ack_rule_ = static_cast<uint16_t>(i);
        else if (rules[i].kind == RuleKind::end_without_ack)
            ack_end_rule_ = static_cast<uint16_t>(i);
    }
}

uint32_t realm_hash(std::string_view realm)
{
    if (realm.empty())
        return 0;
    const auto h = static_cast<uint32_t>(mix(hash_of(realm)));
    return h ? h : 1;
}

uint32_t Tracker::state_for(uint64_t key, bool create)
{
    const uint32_t found = index_.find(key);
    if (found != index_.kAbsent || !create)
        return found;
    const auto i = static_cast<uint32_t>(states_.size());
    states_.emplace_back();
    states_.back().key = key;
    index_.insert(i);
    return i;
}

uint32_t Tracker::call_for(uint64_t call_hash, std::string_view call_id, uint32_t frame)
{
    const size_t states_before = states_.size();
    const uint32_t call = state_for(call_key(call_hash), true);
    if (states_.size() != states_before) {
        ++calls_;
        const auto length = static_cast<uint32_t>(std::min(call_id.size(), kCallIdBytes));
        call_names_.push_back(CallName{call, static_cast<uint32_t>(call_ids_.size()), length, frame});
        call_names_index_.insert(static_cast<uint32_t>(call_names_.size() - 1));
        call_ids_.append(call_id.substr(0, length));
    }
    return call;
}

// The dialog of a message with a To tag: known already, or created by this response (RFC 3261 §12.1: a 2xx, or
// a 101-199 with a To tag, to a request that can make a dialog); kNone for a message in no dialog.
uint32_t Tracker::dialog_of(const SipMessage& m, uint64_t call_hash, bool create_for_response)
{
    if (m.to_tag.empty())
        return kNone;
    const uint32_t state = state_for(dialog_key(call_hash, m.from_tag, m.to_tag), false);
    if (state != kNone || !create_for_response || !method_creates_dialog(m.method) || m.code < 101 || m.code > 299)
        return state;
    return state_for(dialog_key(call_hash, m.from_tag, m.to_tag), true);
}

uint32_t Tracker::append(Record r)
{
    records_.push_back(r);
    return static_cast<uint32_t>(records_.size() - 1);
}

// The same response again for the same transaction: the record it repeats, or kNone.
uint32_t Tracker::repeat_of(const State& s, uint32_t code, uint32_t txn) const
{
    for (const Slot& slot : s.slots)
        if (slot.record != kNone && slot.txn == txn && records_[slot.record].code == code)
            return slot.record;
    return kNone;
}

// True when a final response to the same method came after slots[pos] (slots are newest first): the earlier
// response is then no longer the latest answer to its method (a 401, then 200, then 401 is no loop).
bool Tracker::superseded(const Slot* slots, size_t pos) const
{
    const Method m = records_[slots[pos].record].method;
    for (size_t i = 0; i < pos; ++i) {
        const Record& r = records_[slots[i].record];
        if (r.method == m && r.code >= 200)
            return true;
    }
    return false;
}

void Tracker::remember(State& s, uint32_t record, uint32_t txn)
{
    // One slot per (code, method): a run of NOTIFY 200s keeps refreshing one slot, so the dialog's 204 to
    // SUBSCRIBE stays findable for as long as the dialog has fewer than kSlots kinds of responses.
    const Record& r = records_[record];
    size_t pos = kSlots - 1;
    for (size_t i = 0; i < kSlots; ++i) {
        const uint32_t old = s.slots[i].record;
        if (old == kNone || (records_[old].code == r.code && records_[old].method == r.method)) {
            pos = i;
            break;
        }
    }
    std::move_backward(s.slots, s.slots + pos, s.slots + pos + 1);
    s.slots[0] = Slot{record, txn};
}

void Tracker::link(uint32_t self, uint32_t txn, const State& s, const State& call, bool new_dialog)
{
    Record& r = records_[self];
    uint32_t prev = kNone, prev_txn = 0;
    if (&s != &call && !new_dialog && s.slots[0].record != kNone) {
        prev = s.slots[0].record;
        prev_txn = s.slots[0].txn;
    } else {
        // The call's newest response in no dialog of the same method (REGISTER with REGISTER, never with the
        // INVITE sharing its Call-ID), or of the same INVITE for a CANCEL's: a new dialog starts from its own
        // request's tagless responses (INVITE 100 180).
        for (const Slot& slot : call.slots) {
            if (slot.record == kNone || !(records_[slot.record].flags & Record::kSetLevel))
                continue;
            const Record& e = records_[slot.record];
            const bool cancel = r.method == Method::CANCEL || e.method == Method::CANCEL;
            if (cancel ? group_of(slot.txn, e.method) == group_of(txn, r.method) : e.method == r.method) {
                prev = slot.record;
                prev_txn = slot.txn;
                break;
            }
        }
    }
    r.prev = prev;
    if (prev == kNone || group_of(prev_txn, records_[prev].method) != group_of(txn, r.method))
        r.flags |= Record::kNewTransaction;
}

// Did an answer to a CANCEL of this INVITE (same branch and CSeq number) come before? The call's newest responses
// hold it: a 200 to the CANCEL, then the 487, is the usual order.
bool Tracker::cancelled(const State& call, uint32_t txn, Method method) const
{
    for (const Slot& slot : call.slots)
        if (slot.record != kNone && records_[slot.record].method == Method::CANCEL &&
            group_of(slot.txn, Method::CANCEL) == group_of(txn, method))
            return true;
    return false;
}

void Tracker::contrast(uint32_t later, uint32_t earlier, uint16_t rule)
{
    records_[later].earlier = earlier;
    records_[later].rule = rule;
    if (later_frames_.emplace(earlier, records_[later].frame).second)
        records_[earlier].flags |= Record::kBackLink;
}

// Among the rules whose later side fits record `self`, finds the most specific one with an earlier response
// in scope (the most recent such response on a tie) and links the two records. Where candidates are looked
// for, by scope:
//   transaction  the call's responses of the same transaction
//   dialog       the dialog's own responses, and the tagless ones of the transaction that created it
//   call         the call's responses (every dialog's responses are also kept at call level)
// dialog and call scopes compare with other transactions only.
void Tracker::find_contrast(uint32_t self, uint32_t txn, uint32_t state, uint32_t call)
{
    Record& later = records_[self];
    const auto& candidates = knowledge_.rules_with_later(later.code);
    if (candidates.empty())
        return;
    const auto& rules = knowledge_.rules();
    const State& own = states_[state];
    const State& whole = states_[call];
    const bool in_dialog = state != call;

    int best_score = -1;
    uint32_t best_record = kNone;
    uint16_t best_rule = 0;
    for (const uint16_t ri : candidates) {
        const Rule& rule = rules[ri];
        if (rule.later_methods != 0 && (rule.later_methods & method_bit(later.method)) == 0)
            continue;
        if (rule.specificity < best_score)
            continue;
        if ((rule.later_credentials && !(later.flags & Record::kCredentials)) ||
            (rule.later_initial && !(later.flags & Record::kInitial)) || (rule.no_cancel && cancelled(whole, txn, later.method)))
            continue;
        auto consider = [&](const Slot* slots, size_t pos) {
            const Slot& slot = slots[pos];
            if (slot.record == kNone)
                return;
            const Record& e = records_[slot.record];
            if (!rule.earlier.contains(e.code))
                return;
            if (rule.earlier_methods != 0 && (rule.earlier_methods & method_bit(e.method)) == 0)
                return;
            if (rule.later_same_method && e.method != later.method)
                return;
            if (rule.same_side && ((e.flags ^ later.flags) & Record::kSideA))
                return;
            if (rule.same_invite && group_of(slot.txn, e.method) != group_of(txn, later.method))
                return;
            if (rule.origin && (!in_dialog || slot.txn != own.txn_mark))
                return;
            if (rule.consecutive && superseded(slots, pos))
                return;
            if (rule.specificity > best_score || (rule.specificity == best_score && slot.record > best_record)) {
                best_score = rule.specificity;
                best_record = slot.record;
                best_rule = ri;
            }
        };
        for (size_t pos = 0; pos < kSlots; ++pos) {
            const Slot& at_call = whole.slots[pos];
            const bool set_level = at_call.record != kNone && (records_[at_call.record].flags & Record::kSetLevel);
            switch (rule.scope) {
            case Scope::transaction:
                if (at_call.txn == txn)
                    consider(whole.slots, pos);
                break;
            case Scope::call:
                if (at_call.txn != txn)
                    consider(whole.slots, pos);
                break;
            case Scope::dialog:
                if (in_dialog && own.slots[pos].txn != txn)
                    consider(own.slots, pos);
                // tagless responses: those of the request that created this dialog, or, for a response in no
                // dialog, the call's other responses in no dialog
                if (set_level && at_call.txn != txn && (!in_dialog || at_call.txn == own.txn_mark))
                    consider(whole.slots, pos);
                break;
            }
        }
    }
    if (best_record != kNone)
        contrast(self, best_record, best_rule);
}

uint32_t Tracker::observe(uint32_t frame, const SipMessage& ev, const ResponseFacts& facts)
{
    if (!records_.empty() && frame < records_.back().frame)
        return kNone;  // the first pass runs in frame order; anything else would break frame_records()
    if (records_.size() >= kNone - 1)
        return kNone;
    const uint32_t self = append(Record{frame, static_cast<uint16_t>(std::min<uint32_t>(ev.code, 999)), 0, kNone, kNone,
                                        kNone, 0, ev.method, 0});
    if (ev.call_id.empty()) {
        records_[self].flags = Record::kUntracked;
        return self;
    }
    const uint64_t call_hash = hash_of(ev.call_id);
    const uint32_t call = call_for(call_hash, ev.call_id, frame);
    records_[self].call = call;
    const uint32_t txn = transaction_hash(ev.via_branch, ev.cseq, ev.method);
    uint16_t flags = 0;

    if (RequestEntry* request = request_of(call_hash, txn)) {
        // Its answers: the newest provisional, and whether the final one came within Timer B/F (32 s) — for an
        // INVITE that got a provisional first, Timer B no longer applies: ringing may last minutes.
        if (ev.code < 200) {
            request->last_provisional = static_cast<uint16_t>(ev.code);
        } else if (!(request->flags & RequestEntry::kFinal)) {
            request->flags |= RequestEntry::kFinal;
            const bool timer_applies = request->method != Method::INVITE || request->last_provisional == 0;
            if (timer_applies && facts.time_ms > request->time_ms + kTransactionTimeoutMs)
                request->flags |= RequestEntry::kLateFinal;
        }
        if (!(request->flags & RequestEntry::kInDialog))
            flags |= Record::kInitial;
        if (request->flags & RequestEntry::kCredentials) {
            // A challenge to credentials is a loop only for a realm they answered, and not when the nonce went
            // stale (RFC 3261 §22.3; RFC 7616 §3.3): a proxy's 407, then the UAS's own 401, is the normal order.
            const bool challenge = ev.code == 401 || ev.code == 407;
            const bool answered = !challenge || facts.challenge_realm == 0 || request->realms[0] == 0 ||
                                  request->realms[0] == facts.challenge_realm || request->realms[1] == facts.challenge_realm;
            if (answered && !(challenge && facts.stale))
                flags |= Record::kCredentials;
        }
    }
    const size_t states_before_dialog = states_.size();
    uint32_t state = dialog_of(ev, call_hash, true);
    const bool new_dialog = states_.size() != states_before_dialog;
    if (new_dialog)
        states_[state].txn_mark = txn;  // its origin
    if (state != kNone && hash_of(ev.from_tag) < hash_of(ev.to_tag))
        flags |= Record::kSideA;
    if (state == kNone) {
        state = call;
        flags |= Record::kSetLevel;
    }
    records_[self].flags = flags;

    State& s = states_[state];
    State& c = states_[call];
    // A retransmission (the same code for the same transaction), or the same response relayed by a proxy onto
    // the next leg (its top Via branch is the previous response's second one): one event, seen again.
    uint32_t repeated = repeat_of(s, ev.code, txn);
    bool copy = false;
    if (repeated == kNone && c.link != kNone && c.txn_mark == txn && records_[c.link].code == ev.code) {
        repeated = c.link;
        copy = true;
    }
    c.txn_mark = ev.second_branch.empty() ? 0 : transaction_hash(ev.second_branch, ev.cseq, ev.method);
    c.link = self;
    if (repeated != kNone) {
        while (records_[repeated].flags & (Record::kRetransmission | Record::kCopy))
            repeated = records_[repeated].prev;  // a copy of a retransmission: count it on the original
        Record& original = records_[repeated];
        if (original.copies < UINT8_MAX)
            ++original.copies;
        Record& r = records_[self];
        r.flags |= copy ? Record::kCopy : Record::kRetransmission;
        r.prev = repeated;
        r.copies = static_cast<uint8_t>(std::min(original.copies + 1, static_cast<int>(UINT8_MAX)));
        if (state != call && s.link != kNone && (acks_[s.link].record == repeated || acks_[s.link].last == repeated))
            acks_[s.link].last = self;
        return self;
    }
    link(self, txn, s, c, new_dialog);
    if (ev.method == Method::INVITE && state != call && txn != s.txn_mark && !(flags & Record::kInitial))
        records_[self].flags |= Record::kReinvite;  // an INVITE without To tag answered into the dialog is none
    find_contrast(self, txn, state, call);
    remember(s, self, txn);
    if (state != call)
        remember(c, self, txn);  // the call sees all its dialogs: transaction and call scope
    await_ack(s, self, ev, facts.time_ms);
    return self;
}

Outcome call_outcome(const Record& r)
{
    if (r.method != Method::INVITE || r.code < 200 || (r.flags & (Record::kRequest | Record::kRetransmission |
                                                                  Record::kCopy | Record::kReinvite)))
        return Outcome::none;
    if (r.code < 300)
        return Outcome::answered;
    if (r.code < 400)
        return Outcome::redirected;
    switch (r.code) {
    case 487: return Outcome::cancelled;
    case 486:
    case 600: return Outcome::busy;
    case 401:
    case 407: return Outcome::challenged;
    default: return Outcome::rejected;
    }
}

const char* outcome_name(Outcome o)
{
    constexpr const char* kNames[] = {"", "answered", "cancelled", "busy", "redirected", "challenged", "rejected"};
    return kNames[static_cast<unsigned>(o)];
}

uint32_t Tracker::later_frame(uint32_t i) const
{
    if (!(records_[i].flags & Record::kBackLink))
        return 0;
    const auto it = later_frames_.find(i);
    return it == later_frames_.end() ? 0 : it->second;
}

std::string_view Tracker::call_id(uint32_t call) const
{
    const uint32_t i = call_names_index_.find(call);
    if (i == call_names_index_.kAbsent)
        return {};
    return std::string_view(call_ids_).substr(call_names_[i].offset, call_names_[i].length);
}

uint32_t Tracker::call_first_frame(uint32_t call) const
{
    const uint32_t i = call_names_index_.find(call);
    return i == call_names_index_.kAbsent ? 0 : call_names_[i].first_frame;
}

std::pair<uint32_t, uint32_t> Tracker::frame_records(uint32_t frame) const
{
    const auto n = static_cast<uint32_t>(records_.size());
    uint32_t first = cursor_ <= n ? cursor_ : n;
    const bool cursor_fits = (first == 0 || records_[first - 1].frame < frame) && (first == n || records_[first].frame >= frame);
    if (!cursor_fits) {
        const auto by_frame = [](const Record& r, uint32_t f) { return r.frame < f; };
        first = static_cast<uint32_t>(std::lower_bound(records_.begin(), records_.end(), frame, by_frame) - records_.begin());
    }
    uint32_t last = first;
    while (last < n && records_[last].frame == frame)
        ++last;
    cursor_ = last;
    return {first, last};
}

}  // namespace sipadvice
