// The dialog path of a record as one line: its responses grouped by transaction, e.g.
//   INVITE 100 180 200 · re-INVITE 100 200 · BYE 200
//   INVITE 100 180 [CANCEL 200] 487            a CANCEL in time
//   INVITE 100 180 200 [CANCEL 200]            a CANCEL that crossed the 200 (RFC 6026)
//   INVITE 407 · INVITE 100 180 200×2          a retry after a challenge; a repeated 200, shown on the repeat
//   SUBSCRIBE 200 · 20×NOTIFY 200              a run of transactions answered alike, counted
// A group starts with its request's method ("re-INVITE" inside an established dialog); a CANCEL's answer sits in
// brackets inside the group of the INVITE it cancelled. At most kPathCodes elements are shown, the newest.
#include <cstring>

#include "tracker.h"

namespace sipadvice {

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
    Writer w{out, size};
    // A repeat (retransmission, relayed copy) is shown as the response it repeats, with its count.
    const bool repeat = records_[i].flags & (Record::kRetransmission | Record::kCopy);
    const uint8_t copies = records_[i].copies;
    if (repeat && records_[i].prev != kNone)
        i = records_[i].prev;

    // Newest first: each element a response, or a run of transactions answered alike (20×NOTIFY 200).
    struct Element {
        uint32_t record;
        uint32_t count;
        bool whole;  // the response is its transaction's only one here: runs are made of such
    };
    Element chain[kPathCodes];
    unsigned n = 0;
    bool truncated = false;
    constexpr unsigned kMaxSteps = 1000;  // a run is counted this far back at most
    unsigned steps = 0;
    for (uint32_t r = i; r != kNone; r = records_[r].prev) {
        const Record& rec = records_[r];
        const bool whole = (rec.flags & Record::kNewTransaction) &&
                           (n == 0 || (records_[chain[n - 1].record].flags & Record::kNewTransaction));
        if (n > 0 && whole && chain[n - 1].whole) {
            const Record& newer = records_[chain[n - 1].record];
            if (newer.code == rec.code && newer.method == rec.method &&
                ((newer.flags ^ rec.flags) & Record::kReinvite) == 0) {
                ++chain[n - 1].count;
                chain[n - 1].record = r;  // the run's oldest: its own prev continues the walk
                if (++steps < kMaxSteps)
                    continue;
                truncated = records_[r].prev != kNone;
                break;
            }
        }
        if (n == kPathCodes || ++steps >= kMaxSteps) {
            truncated = true;
            break;
        }
        chain[n++] = Element{r, 1, whole};
    }
    if (truncated)
        w.put("… ");
    for (unsigned k = n; k-- > 0;) {
        const Record& r = records_[chain[k].record];
        const bool first = k == n - 1;
        const bool cancel = r.method == Method::CANCEL;
        if (first || (r.flags & Record::kNewTransaction) || chain[k].count > 1) {
            if (!first)
                w.put(" · ");
            if (chain[k].count > 1) {
                w.put(chain[k].count);
                w.put("×");
            }
            w.put(r.flags & Record::kReinvite ? "re-INVITE" : method_name(r.method));
            w.put(" ");
        } else {
            w.put(cancel ? " [CANCEL " : " ");
        }
        w.put(r.code);
        if (cancel && !first && !(r.flags & Record::kNewTransaction))
            w.put("]");
    }
    if (repeat) {
        w.put("×");
        w.put(copies);
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
