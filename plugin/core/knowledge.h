// The knowledge base: what each SIP response code means and which pairs of responses tell a story.
// Loaded from GLib key files (data/*.ini, embedded at build time, plus an optional user file);
// no Wireshark include, so unit tests and fuzzers drive it directly.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sip_method.h"

namespace sipadvice {

// Expert Info severities, in Wireshark's order (PI_CHAT < PI_NOTE < PI_WARN < PI_ERROR).
enum class Severity : uint8_t { chat, note, warning, error };
constexpr unsigned kSeverityCount = 4;
const char* severity_name(Severity s);

// Response classes of RFC 3261 §7.2, plus `invalid` for codes outside 100-699.
enum class CodeClass : uint8_t {
    invalid = 0, provisional, success, redirection, client_failure, server_failure, global_failure,
};
constexpr unsigned kCodeClassCount = 7;
CodeClass code_class(uint32_t code);
const char* code_class_name(CodeClass c);  // "client-failure", as in the sipadvice.class field

constexpr uint32_t kLowestCode = 100;
constexpr uint32_t kHighestCode = 699;
constexpr uint32_t kCodeRange = kHighestCode - kLowestCode + 1;

// The texts of one response code, of a class fallback ([4xx]) or of [invalid].
struct CodeText {
    std::string reason, meaning, seen_when, fix, rfc;
    Severity severity = Severity::warning;
    std::string summary;  // the Expert Info summary, made once by finalize() for a code's own entry
};

// Result of a code lookup; `text` is never null.
struct CodeInfo {
    uint32_t code;
    CodeClass cls;
    bool registered;  // listed in the IANA registry (a [NNN] group of the built-in data)
    const CodeText* text;
};

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

private:
    std::bitset<kCodeRange> bits_;
};

// How far apart the two responses of a contrast may be.
enum class Scope : uint8_t {
    transaction,  // responses to the same request (Call-ID, CSeq number and method, top Via branch)
    dialog,       // another request of the same dialog (Call-ID and both tags), or the tagless responses of the
                  // request that created the dialog
    call,         // another request with the same Call-ID: retries after a challenge, redirect or 503, forks
};
const char* scope_name(Scope s);

struct Rule {
    std::string id;
    CodeSet earlier, later;
    MethodSet earlier_methods = 0, later_methods = 0;  // 0: any method
    bool later_same_method = false;                     // later_method=same
    bool consecutive = false;  // the earlier must be the latest final answer to its method in scope
    bool same_side = false;    // both requests sent by the same side of the dialog
    bool later_credentials = false;  // the later response answers a request that carried credentials
    Scope scope = Scope::dialog;
    Severity severity = Severity::warning;
    bool enabled = true;
    std::string summary, explanation, advice, rfc;
    // How narrowly the rule is written; among rules matching one response the most specific wins.
    int specificity = 0;
};

// A problem found while loading a knowledge file. line 0: the file as a whole.
struct Diagnostic {
    std::string file;
    int line = 0;
    std::string message;
    std::string to_string() const;
};

class Knowledge {
public:
    Knowledge() = default;
    // by_code_ points into codes_: a move keeps the map's nodes in place, a copy rebuilds the tables.
    Knowledge(const Knowledge& other);
    Knowledge& operator=(const Knowledge& other) { return *this = Knowledge(other); }
    Knowledge(Knowledge&&) = default;
    Knowledge& operator=(Knowledge&&) = default;

    // Loads one key file. `builtin` marks the shipped data, whose [NNN] groups are the IANA registry and
    // must be complete. A user file may override any key of any entry and add codes and rules; a group
    // with an error is ignored as a whole (the earlier data stays in use) and a diagnostic names the
    // file and line. Returns false when nothing of the file could be used.
    bool load(std::string_view text, const std::string& origin, bool builtin, std::vector<Diagnostic>& out);
    // Reads `path` and loads it as a user file; a missing file is not an error (returns true).
    bool load_user_file(const std::string& path, std::vector<Diagnostic>& out);
    // Builds the O(1) lookup tables; call once after the loads and before any lookup.
    void finalize();

    CodeInfo lookup(uint32_t code) const;
    const std::vector<Rule>& rules() const { return rules_; }
    // Indices into rules() of the enabled rules whose later side matches `code`.
    const std::vector<uint16_t>& rules_with_later(uint32_t code) const;
    // Registered codes in ascending order, e.g. for tests and the README.
    std::vector<uint32_t> registered_codes() const;

    static constexpr size_t kMaxTextBytes = 1024;
    static constexpr size_t kMaxRules = 4096;

private:
    struct CodeEntry {
        CodeText text;
        bool registered = false;
    };
    struct Loader;  // knowledge.cpp: applies the groups of one file
    friend struct Loader;

    std::map<uint32_t, CodeEntry> codes_;
    std::array<CodeText, kCodeClassCount> class_texts_{};  // [invalid], [1xx] ... [6xx]
    std::array<bool, kCodeClassCount> class_loaded_{};
    std::vector<Rule> rules_;

    std::array<const CodeText*, kCodeRange> by_code_{};  // null: use the class text
    std::bitset<kCodeRange> registered_;
    std::array<std::vector<uint16_t>, kCodeRange> later_index_;
    bool finalized_ = false;
};

// The knowledge shipped inside the plugin: data/*.ini, embedded at build time. Diagnostics here mean
// the shipped data is broken; unit tests keep that from happening.
Knowledge builtin_knowledge(std::vector<Diagnostic>& out);

}  // namespace sipadvice
