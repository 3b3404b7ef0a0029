// libFuzzer: arbitrary sequences of responses and credentialed requests for the tracker, drawn from a small
// alphabet of Call-IDs, tags and branches so that dialogs, forks, retries and retransmissions collide
// often. Checks the invariants every later dissection relies on.
#include <cstdint>
#include <cstring>

#include "fuzz_common.h"
#include "tracker.h"

using namespace sipadvice;

namespace {
const char* const kCalls[] = {"", "call-a", "call-b", "call-c"};
const char* const kTags[] = {"", "t1", "t2", "t3"};
const char* const kBranches[] = {"", "z9hG4bK1", "z9hG4bK2", "z9hG4bK3"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    Tracker t(fuzz::builtin());
    uint32_t frame = 1;
    for (size_t i = 0; i + 6 <= size; i += 6) {
        const uint8_t* op = data + i;
        frame += op[0] & 3;
        if ((op[0] & 0xf0) == 0xf0 && frame > 3)
            frame -= 3;  // now and then out of order: must be refused, not break the frame index
        SipMessage m;
        m.is_response = !(op[0] & 4);
        m.code = (static_cast<uint32_t>(op[1]) << 8 | op[2]) % 1000;
        m.call_id = kCalls[op[3] & 3];
        m.from_tag = kTags[(op[3] >> 2) & 3];
        m.to_tag = kTags[(op[3] >> 4) & 3];
        m.via_branch = kBranches[(op[3] >> 6) & 3];
        m.method = static_cast<Method>(op[4] % kMethodCount);
        m.cseq = op[5] & 7;
        if (!m.is_response) {
            m.credentials = op[0] & 8;
            RequestMemo memo;
            memo.in_dialog = !m.to_tag.empty();
            memo.expires = op[5];
            memo.offer = std::string(op[1] & 7, 'o');
            const uint32_t r = t.observe_request(frame, m, memo, op[0] & 1);
            FUZZ_CHECK(r == kNone || (t.at(r).flags & Record::kRequest));
            continue;
        }
        const uint32_t r = t.observe(frame, m);
        if (r == kNone)
            continue;
        const Record& rec = t.at(r);
        FUZZ_CHECK(rec.frame == frame && rec.code == m.code);
        FUZZ_CHECK(rec.prev == kNone || rec.prev < r);
        if (rec.earlier != kNone) {
            FUZZ_CHECK(rec.earlier < r);
            FUZZ_CHECK(!(rec.flags & Record::kRetransmission));
            FUZZ_CHECK(rec.rule < fuzz::builtin().rules().size());
            const Record& e = t.at(rec.earlier);
            FUZZ_CHECK(t.later_frame(rec.earlier) != 0 && t.later_frame(rec.earlier) <= frame);
            FUZZ_CHECK(fuzz::builtin().rules()[rec.rule].later.contains(rec.code));
            FUZZ_CHECK(fuzz::builtin().rules()[rec.rule].earlier.contains(e.code));
        }
        char path[Tracker::kPathBytes];
        t.path(r, path, sizeof path);
        FUZZ_CHECK(std::strlen(path) < sizeof path);
    }
    // Every frame's records, looked up in order and out of order, are exactly that frame's.
    for (uint32_t f = 0; f <= frame + 1; f += 1 + (f & 1)) {
        const auto [first, last] = t.frame_records(f);
        for (uint32_t i = first; i < last; ++i)
            FUZZ_CHECK(t.at(i).frame == f);
        FUZZ_CHECK(first == 0 || t.at(first - 1).frame < f);
        FUZZ_CHECK(last == t.size() || t.at(last).frame > f);
    }
    return 0;
}
