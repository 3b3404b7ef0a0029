// libFuzzer: arbitrary bytes as one SIP message. The reader must not read outside them, its views must
// stay inside them, and whatever it yields must be safe to feed to the tracker and render as a path.
#include <cstdint>
#include <string_view>

#include "fuzz_common.h"
#include "sip_message.h"
#include "tracker.h"

using namespace sipadvice;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    SipMessage m;
    if (!parse_sip_message(bytes, m))
        return 0;
    for (const std::string_view v : {m.call_id, m.from_tag, m.to_tag, m.via_branch})
        FUZZ_CHECK(v.empty() || (v.data() >= bytes.data() && v.data() + v.size() <= bytes.data() + bytes.size()));
    FUZZ_CHECK(!m.is_response || m.code <= 999);

    Tracker t(fuzz::builtin());
    if (!m.is_response) {
        t.observe_request(1, m, RequestMemo{}, false);
        m.is_response = true;
        m.code = 401;
    }
    const uint32_t first = t.observe(1, m);
    const uint32_t again = t.observe(2, m);  // the same response again: a retransmission
    FUZZ_CHECK(first != kNone && again != kNone);
    FUZZ_CHECK(m.call_id.empty() || (t.at(again).flags & Record::kRetransmission));
    char path[Tracker::kPathBytes];
    t.path(again, path, sizeof path);
    return 0;
}
