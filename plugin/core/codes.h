// The response-code catalogue (data/codes.ini and data/methods.ini): what each code means, when you see it and
// how to fix it — per code, per class for codes outside the registry, and per request method where the method
// changes the story ([200 REGISTER]).
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "keyfile_reader.h"
#include "sip_method.h"

namespace sipadvice {

class UiCatalogue;

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

// The texts of one response code, of a code answering one method, of a class fallback ([4xx]) or of [invalid].
struct CodeText {
    std::string reason, meaning, seen_when, fix, rfc;
    Severity severity = Severity::warning;
    Method method = Method::other;  // the method these texts are for; `other`: any method
    std::string summary;  // the Expert Info summary, made once by finalize() for codes (classes need the code)
    std::string use_when;  // when a sender should choose this code (sipadvice-explain's comparison); may be empty
};

// Result of a code lookup; `text` is never null.
struct CodeInfo {
    uint32_t code;
    CodeClass cls;
    bool registered;  // listed in the IANA registry (a [NNN] group of the built-in data)
    const CodeText* text;
};

class CodeCatalogue {
public:
    // [NNN], [Nxx], [invalid] and [NNN METHOD] are this catalogue's groups.
    static bool claims(const std::string& group);
    // Applies one group; `builtin` marks the shipped data, whose [NNN] groups are the IANA registry.
    void apply(KeyGroup& g, bool builtin);
    // Merges per-method entries with their code's texts, makes the summaries, builds the O(1) tables.
    void finalize(const UiCatalogue& ui);

    // The texts for `code` answering `method`: the method's own entry, else the code's, else its class's.
    CodeInfo lookup(uint32_t code, Method method = Method::other) const;
    std::vector<uint32_t> registered_codes() const;
    // (code, method) pairs with an entry of their own, in order.
    std::vector<std::pair<uint32_t, Method>> method_entries() const;

private:
    struct Entry {
        CodeText text;
        bool registered = false;
    };
    // A per-method entry: empty texts and `has_severity` false fall back to the code's own. `by_user` marks the
    // keys a user file set here: a user's [430] key overrides the built-in [430 INVITE]'s, not the user's own.
    struct MethodEntry {
        std::string meaning, seen_when, fix;
        Severity severity = Severity::warning;
        bool has_severity = false;
        struct { bool meaning, seen_when, fix, severity; } by_user{};
    };
    bool apply_code(KeyGroup& g, uint32_t code, bool builtin);
    bool apply_class(KeyGroup& g, CodeClass cls);
    bool apply_method(KeyGroup& g, uint32_t code, Method method, bool builtin);
    void user_overrides_code(KeyGroup& g, uint32_t code);
    static bool read_texts(KeyGroup& g, CodeText& t);
    static void warn_if_summary_cut(KeyGroup& g, uint32_t code, const CodeText& t);

    std::map<uint32_t, Entry> codes_;
    std::map<std::pair<uint32_t, Method>, MethodEntry> methods_;
    std::array<CodeText, kCodeClassCount> class_texts_{};  // [invalid], [1xx] ... [6xx]
    std::array<bool, kCodeClassCount> class_loaded_{};

    // Built by finalize(). Indices, not pointers, so that a copy of the catalogue is valid as it is.
    static constexpr uint16_t kNoText = UINT16_MAX;
    std::vector<CodeText> texts_;            // class texts first (index = class), then codes', then merged ones
    std::vector<uint16_t> by_code_method_;   // [code - 100][method]; the `other` column holds the code's own
    std::bitset<kCodeRange> registered_;
};

}  // namespace sipadvice
