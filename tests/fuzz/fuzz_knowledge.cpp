// libFuzzer: arbitrary bytes as the user's knowledge file. Loading must never fail hard: every problem is
// a diagnostic naming the file, lookups keep working for every code, every Expert Info summary fits the
// label whole and stays valid UTF-8, and a tracker using the result works.
#include <cstdint>
#include <cstring>
#include <string_view>

#include <glib.h>

#include "advice_text.h"
#include "details.h"
#include "fuzz_common.h"
#include "tracker.h"

using namespace sipadvice;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::vector<Diagnostic> d;
    Knowledge k = fuzz::builtin();  // a copy: parsing the built-in data for every input would be slow
    k.load(std::string_view(reinterpret_cast<const char*>(data), size), "user.ini", false, d);
    k.finalize();
    for (const Diagnostic& x : d)
        FUZZ_CHECK(x.file == "user.ini" && !x.message.empty() && x.line >= 0);
    const auto fits = [](const char* s) {
        const size_t n = std::strlen(s);
        return n + kExpertPrefixBytes <= kLabelBytes - 1 && g_utf8_validate(s, static_cast<gssize>(n), nullptr);
    };
    SummaryBuffer buf;
    for (uint32_t code = 0; code <= 1000; ++code) {
        const CodeInfo info = k.lookup(code);
        FUZZ_CHECK(info.text != nullptr && !info.text->reason.empty());
        FUZZ_CHECK(fits(info.text->summary.empty() ? response_summary(k.ui(), info, buf) : info.text->summary.c_str()));
        for (const uint16_t r : k.rules_with_later(code))
            FUZZ_CHECK(r < k.rules().size() && k.rules()[r].later.contains(code));
    }
    for (const Rule& r : k.rules())
        FUZZ_CHECK(fits(contrast_summary(k.ui(), 4294967295u, 4294967295u, r, buf)));
    for (const auto& [code, method] : k.codes().method_entries())
        FUZZ_CHECK(fits(k.lookup(code, method).text->summary.c_str()));
    for (const auto& entry : k.causes().causes())
        FUZZ_CHECK(fits(entry.second.summary.c_str()));
    for (uint32_t w = 0; w <= 999; w += 7)
        FUZZ_CHECK(fits(warning_summary(k.ui(), w, *k.warnings().lookup(w), buf)));
    std::string detail;
    for (unsigned p = 0; p < kDetailPartCount; ++p)
        k.details().append(detail, static_cast<DetailPart>(p), {{"min", "1"}, {"values", "v"}, {"frame", "2"}});
    FUZZ_CHECK(g_utf8_validate(detail.data(), static_cast<gssize>(detail.size()), nullptr));
    Tracker t(k);
    SipMessage m;
    m.call_id = "c";
    m.from_tag = "f";
    m.method = Method::INVITE;
    for (uint32_t code : {100u, 180u, 401u, 200u, 487u, 481u}) {
        m.code = code;
        m.to_tag = code == 100 ? "" : "t";
        ++m.cseq;
        t.observe(code, m);
    }
    return 0;
}
