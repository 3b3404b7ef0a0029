// The contrast-rule catalogue (data/contrasts.ini): pairs of responses in one dialog that tell a story together.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

#include "codes.h"
#include "keyfile_reader.h"
#include "sip_method.h"

namespace sipadvice {

// Codes a rule side matches, one bit per code 100-699.
class CodeSet {
public:
    void add_range(uint32_t lo, uint32_t hi);
    bool contains(uint32_t code) const
    {
        return code >= kLowestCode && code <= kHighestCode && bits_.test(code - kLowestCode);
    }
    bool empty() const { return bits_.none(); }
    template <class F> void for_each(F f) const
    {
        for (uint32_t i = 0; i < kCodeRange; ++i)
            if (bits_.test(i))
                f(i + kLowestCode);
    }
    CodeSet& operator|=(const CodeSet& o)
    {
        bits_ |= o.bits_;
        return *this;
    }

private:
    std::bitset<kCodeRange> bits_;
};

// "430" or "4xx" into [lo, hi]; false on anything else.
bool parse_code_pattern(std::string_view s, uint32_t& lo, uint32_t& hi);

// How far apart the two responses of a contrast may be.
enum class Scope : uint8_t {
    transaction,  // responses to the same request (Call-ID, CSeq number and method, top Via branch)
    dialog,       // another request of the same dialog (Call-ID and both tags), or the tagless responses of the
                  // request that created the dialog
    call,         // another request with the same Call-ID: retries after a challenge, redirect or 503, forks
};

// What a rule is matched against. Most rules pair two responses; a few are about a sequence the tracker follows
// itself (a 2xx to INVITE whose ACK never came) and name no codes.
enum class RuleKind : uint8_t {
    pair,              // earlier and later responses, by code
    bye_without_ack,   // a BYE ends a dialog whose 2xx to INVITE was never ACKed (on the BYE, linking the 2xx)
    end_without_ack,   // the capture went on, and a 2xx to INVITE was repeated and never ACKed (found at the end)
};

struct Rule {
    std::string id;
    RuleKind kind = RuleKind::pair;
    CodeSet earlier, later;
    MethodSet earlier_methods = 0, later_methods = 0;  // 0: any method
    bool later_same_method = false;                     // later_method=same
    bool consecutive = false;  // the earlier must be the latest final answer to its method in scope
    bool same_side = false;    // both requests sent by the same side of the dialog
    bool later_credentials = false;  // the later response answers a request that carried credentials (for a
                                     // 401/407: credentials for the realm it challenges, and not stale=true)
    bool same_invite = false;  // the later response answers the CANCEL of the earlier's INVITE (same branch and CSeq)
    bool origin = false;       // the earlier response answers the request that created the later's dialog
    bool later_initial = false;  // the later response answers an initial request (sent without a To tag)
    bool no_cancel = false;      // no answer to a CANCEL of the later's INVITE came before it
    Scope scope = Scope::dialog;
    Severity severity = Severity::warning;
    bool enabled = true;
    std::string summary, explanation, advice, rfc;
    // How narrowly the rule is written; among rules matching one response the most specific wins.
    int specificity = 0;
};

class RuleCatalogue {
public:
    static constexpr size_t kMaxRules = 4096;

    // [rule id] groups.
    static bool claims(const std::string& group) { return group.rfind("rule ", 0) == 0; }
    void apply(KeyGroup& g);
    void finalize();

    const std::vector<Rule>& rules() const { return rules_; }
    // Indices into rules() of the enabled rules whose later side matches `code`.
    const std::vector<uint16_t>& with_later(uint32_t code) const;

private:
    bool read_codes(KeyGroup& g, const char* key, CodeSet& dst);
    bool read_methods(KeyGroup& g, const char* key, MethodSet& dst, bool* same);

    std::vector<Rule> rules_;
    std::vector<std::vector<uint16_t>> later_index_;  // [code - 100], built by finalize()
};

}  // namespace sipadvice
