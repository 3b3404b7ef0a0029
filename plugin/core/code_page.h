// What sipadvice-explain prints, as data: one code's page, or the comparison of two codes in the structure of the
// code-comparison pages SIP Advice was specified from (each code's description, when you see it, how to fix it;
// the key differences; when to use which; what the pair means in one dialog). Every text is in the knowledge's
// language; the command only lays it out (text, Markdown, JSON).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "knowledge.h"

namespace sipadvice {

// A contrast rule as the pages name it: "430 after 204 (rule subscription-flow-failed): <summary>".
struct RuleMention {
    std::string id;
    std::string earlier, later;  // the sides: "204", "4xx", "486/600/603", with " (SUBSCRIBE)" when limited to methods
    std::string line;            // the dialog-rule phrase, filled in
    std::string summary, explanation, advice, rfc;
};

struct MethodNote {
    std::string method;
    std::string meaning, seen_when, fix;  // the per-method entry's texts (the code's where it has none)
};

struct CodePage {
    uint32_t code = 0;
    std::string reason;
    CodeClass cls = CodeClass::invalid;
    bool registered = false;
    std::string method;    // --method: the texts are that method's
    std::string title;     // "430 Flow Failed", or "430 Flow Failed to REGISTER"
    std::string headline;  // "430 Flow Failed is a client failure (4xx): …"
    std::string meaning, seen_when, fix, use_when, rfc;
    Severity severity = Severity::warning;
    std::string severity_words;  // "a warning"
    std::string unregistered;    // the note for a code outside the IANA registry, else ""
    std::vector<MethodNote> methods;  // without --method: the per-method texts of this code
    std::vector<RuleMention> rules;   // contrast rules with this code on either side
};

struct Comparison {
    CodePage a, b;
    std::string title;                     // "204 No Notification vs 430 Flow Failed"
    std::vector<std::string> differences;  // key differences, one sentence each
    std::vector<std::string> which;        // when to use which: one line per code
    std::vector<RuleMention> dialog;       // rules that cover the pair, in either order
    std::string no_dialog_rule;            // when none does
};

// A status code as the command takes it: digits only, 100-699. False for anything else.
bool parse_status_code(std::string_view s, uint32_t& code);

// `method` may be Method::other (no method).
CodePage code_page(const Knowledge& k, uint32_t code, Method method = Method::other);
Comparison compare_codes(const Knowledge& k, uint32_t a, uint32_t b, Method method = Method::other);

}  // namespace sipadvice
