// Dialog tracking and contrast detection over the responses of a capture.
#include "tracker.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace sipadvice {

namespace {

// splitmix64's finalizer: spreads std::hash's output over all 64 bits before the index masks it.
uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t combine(uint64_t a, uint64_t b) { return mix(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2))); }

uint64_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

// Marks a call key (Call-ID alone) apart from a dialog key (Call-ID and both tags).
constexpr uint64_t kCallMarker = 0x5e7d1a109e5e7000ULL;

uint32_t transaction_hash(const SipMessage& ev)
{
    const uint64_t h = combine(combine(hash_of(ev.via_branch), ev.cseq), static_cast<uint64_t>(ev.method));
    return static_cast<uint32_t>(h ^ (h >> 32));
}

bool is_dialog_creating(const SipMessage& ev)
{
    // RFC 3261 §12.1: a 2xx, or a 101-199 with a To tag, to a request that can make a dialog.
    return method_creates_dialog(ev.method) && ev.code >= 101 && ev.code <= 299;
}

}  // namespace

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

bool Tracker::is_retransmission(const State& s, uint32_t code, uint32_t txn) const
{
    return std::any_of(std::begin(s.slots), std::end(s.slots), [&](const Slot& slot) {
        return slot.record != kNone && slot.txn == txn && records_[slot.record].code == code;
    });
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
            if (rule.later_credentials && !(later.flags & Record::kCredentials))
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
                if (set_level && at_call.txn != txn && (!in_dialog || at_call.txn == own.origin_txn))
                    consider(whole.slots, pos);
                break;
            }
        }
    }
    if (best_record == kNone)
        return;
    later.earlier = best_record;
    later.rule = best_rule;
    Record& earlier = records_[best_record];
    if (earlier.later_frame == 0)
        earlier.later_frame = later.frame;
}

namespace {
int32_t saturated(int64_t v) { return v < 0 ? -1 : v > INT32_MAX ? INT32_MAX : static_cast<int32_t>(v); }
}  // namespace

uint32_t Tracker::observe_request(uint32_t frame, const SipMessage& request, const RequestMemo& memo, bool record)
{
    if (!request.call_id.empty()) {
        const uint64_t key = combine(hash_of(request.call_id), transaction_hash(request));
        if (requests_index_.find(key) == requests_index_.kAbsent && requests_.size() < kNone - 1) {
            RequestEntry e;
            e.key = key;
            e.frame = frame;
            e.expires = saturated(memo.expires);
            e.session_expires = saturated(memo.session_expires);
            e.min_se = saturated(memo.min_se);
            e.method = request.method;
            e.flags = static_cast<uint8_t>((request.credentials ? RequestEntry::kCredentials : 0) |
                                           (memo.in_dialog ? RequestEntry::kInDialog : 0));
            if (!memo.content_type.empty() || !memo.offer.empty()) {
                e.text = static_cast<uint32_t>(request_texts_.size());
                e.content_length = static_cast<uint16_t>(std::min<size_t>(memo.content_type.size(), UINT16_MAX));
                e.offer_length = static_cast<uint16_t>(std::min<size_t>(memo.offer.size(), UINT16_MAX));
                request_texts_.append(memo.content_type, 0, e.content_length);
                request_texts_.append(memo.offer, 0, e.offer_length);
            }
            requests_.push_back(e);
            requests_index_.insert(static_cast<uint32_t>(requests_.size() - 1));
        }
    }
    if (!record || records_.size() >= kNone - 1 || (!records_.empty() && frame < records_.back().frame))
        return kNone;
    records_.push_back(Record{frame, 0, kNone, kNone, 0, 0, request.method, Record::kRequest});
    return static_cast<uint32_t>(records_.size() - 1);
}

bool Tracker::find_request(const SipMessage& response, RequestMemo& out) const
{
    if (response.call_id.empty())
        return false;
    const uint32_t i = requests_index_.find(combine(hash_of(response.call_id), transaction_hash(response)));
    if (i == requests_index_.kAbsent)
        return false;
    const RequestEntry& e = requests_[i];
    out = RequestMemo{};
    out.frame = e.frame;
    out.method = e.method;
    out.in_dialog = e.flags & RequestEntry::kInDialog;
    out.expires = e.expires;
    out.session_expires = e.session_expires;
    out.min_se = e.min_se;
    out.content_type.assign(request_texts_, e.text, e.content_length);
    out.offer.assign(request_texts_, e.text + e.content_length, e.offer_length);
    return true;
}

uint32_t Tracker::observe(uint32_t frame, const SipMessage& ev)
{
    if (!records_.empty() && frame < records_.back().frame)
        return kNone;  // the first pass runs in frame order; anything else would break frame_records()
    if (records_.size() >= kNone - 1)
        return kNone;
    const auto self = static_cast<uint32_t>(records_.size());
    records_.push_back(Record{frame, ev.code, kNone, kNone, 0, 0, ev.method, 0});

    if (ev.call_id.empty()) {
        records_.back().flags = Record::kUntracked;
        return self;
    }
    const uint64_t call_hash = hash_of(ev.call_id);
    const size_t states_before = states_.size();
    const uint32_t call = state_for(combine(call_hash, kCallMarker), true);
    calls_ += states_.size() - states_before;
    const uint32_t txn = transaction_hash(ev);
    if (!requests_.empty()) {
        const uint32_t request = requests_index_.find(combine(call_hash, txn));
        if (request != requests_index_.kAbsent && (requests_[request].flags & RequestEntry::kCredentials))
            records_[self].flags |= Record::kCredentials;
    }

    // Find the dialog: known already, or created by this response; otherwise the response is in no dialog.
    uint32_t state = kNone;
    if (!ev.to_tag.empty()) {
        const uint64_t from = hash_of(ev.from_tag);
        const uint64_t to = hash_of(ev.to_tag);
        // Either direction of a dialog gives the same key: the 430 to a NOTIFY has the 204's tags swapped.
        const uint64_t dialog_key = combine(combine(call_hash, std::min(from, to)), std::max(from, to));
        state = state_for(dialog_key, false);
        if (state == kNone && is_dialog_creating(ev)) {
            state = state_for(dialog_key, true);
            states_[state].origin_txn = txn;
        }
        if (from < to)
            records_[self].flags |= Record::kSideA;
    }
    if (state == kNone) {
        state = call;
        records_[self].flags |= Record::kSetLevel;
    }

    State& s = states_[state];
    // A new dialog's path starts with the call's tagless responses (INVITE 100 → 180 ...).
    records_[self].prev = s.last != kNone ? s.last : (state != call ? states_[call].last : kNone);
    if (is_retransmission(s, ev.code, txn)) {
        records_[self].flags |= Record::kRetransmission;
        return self;
    }
    find_contrast(self, txn, state, call);
    s.last = self;
    remember(s, self, txn);
    if (state != call)
        remember(states_[call], self, txn);  // the call sees all its dialogs: transaction and call scope
    return self;
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

namespace {
// Appends to a fixed buffer, dropping what does not fit (kPathBytes is sized so that nothing is dropped).
struct Writer {
    char* out;
    size_t size, len = 0;
    void put(std::string_view s)
    {
        const size_t n = std::min(s.size(), size - 1 - len);
        std::memcpy(out + len, s.data(), n);
        len += n;
    }
    void put(uint32_t v)
    {
        char digits[10];
        int k = 0;
        do {
            digits[k++] = static_cast<char>('0' + v % 10);
            v /= 10;
        } while (v);
        while (k > 0 && len < size - 1)
            out[len++] = digits[--k];
    }
};
}  // namespace

void Tracker::path(uint32_t i, char* out, size_t size) const
{
    if (size == 0)
        return;
    uint32_t chain[kPathCodes];
    unsigned n = 0;
    for (uint32_t r = i; r != kNone && n < kPathCodes; r = records_[r].prev)
        chain[n++] = r;
    Writer w{out, size};
    if (records_[chain[n - 1]].prev != kNone)
        w.put("… → ");
    Method shown = Method::other;
    for (unsigned k = n; k-- > 0;) {
        const Record& r = records_[chain[k]];
        if (k != n - 1)
            w.put(" → ");
        // Name the method where it changes: "SUBSCRIBE 204 → NOTIFY 430".
        if (k == n - 1 || r.method != shown) {
            w.put(method_name(r.method));
            w.put(" ");
            shown = r.method;
        }
        w.put(r.code);
    }
    out[w.len] = '\0';
}

std::string Tracker::path(uint32_t i) const
{
    char buf[kPathBytes];
    path(i, buf, sizeof buf);
    return buf;
}

}  // namespace sipadvice
