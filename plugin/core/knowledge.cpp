// Loading and indexing the knowledge base (response codes and contrast rules) from GLib key files.
#include "knowledge.h"

#include <glib.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "advice_text.h"
#include "builtin_data.h"
#include "keyfile_lines.h"
#include "text_util.h"

namespace sipadvice {

namespace {

constexpr const char* kSeverityNames[kSeverityCount] = {"chat", "note", "warning", "error"};
constexpr const char* kClassNames[kCodeClassCount] = {
    "invalid", "provisional", "success", "redirection", "client-failure", "server-failure", "global-failure",
};
constexpr const char* kScopeNames[] = {"transaction", "dialog", "call"};

// Keys of each kind of group. Text keys may carry a locale, e.g. meaning[de].
constexpr const char* kCodeTextKeys[] = {"reason", "meaning", "seen_when", "fix", "rfc"};
constexpr const char* kRuleTextKeys[] = {"summary", "explanation", "advice", "rfc"};
constexpr const char* kRuleKeys[] = {"earlier", "earlier_method", "later", "later_method", "scope",
                                     "severity", "consecutive", "same_side", "later_credentials", "enabled"};

struct KeyFileDeleter {
    void operator()(GKeyFile* kf) const { g_key_file_free(kf); }
};
struct StrvDeleter {
    void operator()(gchar** v) const { g_strfreev(v); }
};
struct GFreeDeleter {
    void operator()(gchar* s) const { g_free(s); }
};
using KeyFilePtr = std::unique_ptr<GKeyFile, KeyFileDeleter>;
using StrvPtr = std::unique_ptr<gchar*, StrvDeleter>;
using GStringPtr = std::unique_ptr<gchar, GFreeDeleter>;

struct ErrorHolder {
    GError* error = nullptr;
    ~ErrorHolder() { g_clear_error(&error); }
    std::string message() const { return error ? error->message : "unknown error"; }
};

template <size_t N> bool one_of(std::string_view s, const char* const (&list)[N])
{
    return std::any_of(std::begin(list), std::end(list), [&](const char* k) { return s == k; });
}

template <size_t N> std::string joined(const char* const (&list)[N])
{
    std::string r;
    for (const char* k : list)
        r += (r.empty() ? "" : ", ") + std::string(k);
    return r;
}

bool parse_severity(std::string_view s, Severity& out)
{
    for (unsigned i = 0; i < kSeverityCount; ++i) {
        if (s == kSeverityNames[i]) {
            out = static_cast<Severity>(i);
            return true;
        }
    }
    return false;
}

bool parse_scope(std::string_view s, Scope& out)
{
    for (unsigned i = 0; i < 3; ++i) {
        if (s == kScopeNames[i]) {
            out = static_cast<Scope>(i);
            return true;
        }
    }
    return false;
}

// "430" or "4xx"; returns false on anything else.
bool parse_code_pattern(std::string_view s, uint32_t& lo, uint32_t& hi)
{
    if (s.size() != 3 || s[0] < '1' || s[0] > '6')
        return false;
    const uint32_t cls = static_cast<uint32_t>(s[0] - '0');
    if ((s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) {
        lo = cls * 100;
        hi = lo + 99;
        return true;
    }
    if (!g_ascii_isdigit(s[1]) || !g_ascii_isdigit(s[2]))
        return false;
    lo = hi = cls * 100 + static_cast<uint32_t>(s[1] - '0') * 10 + static_cast<uint32_t>(s[2] - '0');
    return true;
}

// How precisely one side of a rule names its codes: one code 3, a handful 2, a class 1, more 0.
int precision(const CodeSet& s)
{
    size_t n = 0;
    s.for_each([&](uint32_t) { ++n; });
    return n == 1 ? 3 : n <= 10 ? 2 : n <= 100 ? 1 : 0;
}

int compute_specificity(const Rule& r)
{
    const int scope_bonus = r.scope == Scope::transaction ? 2 : r.scope == Scope::dialog ? 1 : 0;
    return 3 * (r.earlier_methods != 0) + 3 * (r.later_methods != 0 || r.later_same_method) +
           precision(r.earlier) + precision(r.later) + scope_bonus + r.same_side + r.later_credentials;
}

bool valid_rule_id(std::string_view id)
{
    if (id.empty() || id.size() > 64 || !g_ascii_isalnum(id.front()))
        return false;
    return std::all_of(id.begin(), id.end(),
                       [](char c) { return g_ascii_islower(c) || g_ascii_isdigit(c) || c == '-'; });
}

bool has_control_char(const std::string& s)
{
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// Fallback when even the built-in data lacks a text: lookups must never return null.
const CodeText kMissingText{"(no description)", "No description is available for this code.",
                            "The knowledge base has no entry for it.",
                            "Check the SIP Advice data files; see the plugin's README.", "RFC 3261",
                            Severity::note, ""};

}  // namespace

const char* severity_name(Severity s)
{
    const auto i = static_cast<unsigned>(s);
    return i < kSeverityCount ? kSeverityNames[i] : "warning";
}

CodeClass code_class(uint32_t code)
{
    if (code < kLowestCode || code > kHighestCode)
        return CodeClass::invalid;
    return static_cast<CodeClass>(code / 100);
}

const char* code_class_name(CodeClass c)
{
    const auto i = static_cast<unsigned>(c);
    return i < kCodeClassCount ? kClassNames[i] : kClassNames[0];
}

const char* scope_name(Scope s) { return kScopeNames[static_cast<unsigned>(s)]; }

void CodeSet::add_range(uint32_t lo, uint32_t hi)
{
    for (uint32_t c = std::max(lo, kLowestCode); c <= std::min(hi, kHighestCode); ++c)
        bits_.set(c - kLowestCode);
}

std::string Diagnostic::to_string() const
{
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

// Applies the groups of one key file to a Knowledge; each group is checked completely before any of it
// is applied, so a faulty group leaves the earlier data untouched.
struct Knowledge::Loader {
    Knowledge& k;
    const std::string& origin;
    bool builtin;
    std::vector<Diagnostic>& out;
    const KeyFileLines& lines;
    GKeyFile* kf;

    void diag(int line, std::string msg) { out.push_back({origin, line, std::move(msg)}); }
    void group_diag(const std::string& group, const std::string& msg)
    {
        diag(lines.key_line(group, ""), msg + "; the group [" + group + "] was ignored");
    }
    void key_diag(const std::string& group, const std::string& key, const std::string& msg)
    {
        diag(lines.key_line(group, key), msg + "; the group [" + group + "] was ignored");
    }

    // Unknown keys are refused rather than skipped: a misspelt key would otherwise change nothing, silently.
    template <size_t N, size_t M>
    bool check_keys(const std::string& group, const char* const (&text_keys)[N], const char* const (&other)[M])
    {
        StrvPtr keys(g_key_file_get_keys(kf, group.c_str(), nullptr, nullptr));
        for (gchar** key = keys.get(); key && *key; ++key) {
            std::string_view name(*key);
            const size_t bracket = name.find('[');
            const std::string_view base = name.substr(0, bracket);
            if (bracket != std::string_view::npos) {
                if (!one_of(base, text_keys)) {
                    key_diag(group, *key, "only text keys may have a [locale] suffix, not '" + std::string(*key) + "'");
                    return false;
                }
                if (!g_key_file_has_key(kf, group.c_str(), std::string(base).c_str(), nullptr)) {
                    key_diag(group, *key, "'" + std::string(*key) + "' needs an untranslated '" + std::string(base) + "=' too");
                    return false;
                }
                if (!check_escapes(group, *key))
                    return false;
                continue;
            }
            if (!one_of(base, text_keys) && !one_of(base, other)) {
                key_diag(group, *key, "unknown key '" + std::string(*key) + "' (known: " + joined(text_keys) + ", " + joined(other) + ")");
                return false;
            }
        }
        return true;
    }

    bool has(const std::string& group, const char* key) { return g_key_file_has_key(kf, group.c_str(), key, nullptr); }

    // g_key_file_get_locale_string() passes bad escapes (\q) through silently; get_string() reports them.
    bool check_escapes(const std::string& group, const std::string& key)
    {
        ErrorHolder err;
        GStringPtr v(g_key_file_get_string(kf, group.c_str(), key.c_str(), &err.error));
        if (err.error) {  // GLib may return the raw value and set the error at once
            key_diag(group, key, "cannot read '" + key + "': " + err.message() + " (a '\\' starts an escape: write '\\\\')");
            return false;
        }
        return true;
    }

    // Reads a text key, in the user's language when a translation is given.
    bool read_text(const std::string& group, const char* key, std::string& dst)
    {
        if (!check_escapes(group, key))
            return false;
        GStringPtr v(g_key_file_get_locale_string(kf, group.c_str(), key, nullptr, nullptr));
        if (!v) {
            key_diag(group, key, "cannot read '" + std::string(key) + "'");
            return false;
        }
        std::string value(trim_ascii(v.get()));
        if (value.empty()) {
            key_diag(group, key, "'" + std::string(key) + "' is empty");
            return false;
        }
        if (value.size() > kMaxTextBytes) {
            key_diag(group, key, "'" + std::string(key) + "' is " + std::to_string(value.size()) +
                                     " bytes long; the limit is " + std::to_string(kMaxTextBytes));
            return false;
        }
        if (has_control_char(value)) {
            key_diag(group, key, "'" + std::string(key) + "' contains a control character (tab, newline escape...)");
            return false;
        }
        dst = std::move(value);
        return true;
    }

    // An optional boolean key: left as it is when absent.
    bool read_bool(const std::string& group, const char* key, bool& dst)
    {
        if (!has(group, key))
            return true;
        ErrorHolder err;
        const gboolean v = g_key_file_get_boolean(kf, group.c_str(), key, &err.error);
        if (err.error) {
            key_diag(group, key, "'" + std::string(key) + "' must be true or false");
            return false;
        }
        dst = v;
        return true;
    }

    bool read_severity(const std::string& group, Severity& dst)
    {
        std::string v;
        if (!read_text(group, "severity", v))
            return false;
        if (!parse_severity(v, dst)) {
            key_diag(group, "severity", "severity '" + v + "' is not one of chat, note, warning, error");
            return false;
        }
        return true;
    }

    bool read_code_text(const std::string& group, CodeText& t, bool is_new)
    {
        std::string* fields[] = {&t.reason, &t.meaning, &t.seen_when, &t.fix, &t.rfc};
        std::string missing;
        for (size_t i = 0; i < std::size(kCodeTextKeys); ++i) {
            if (has(group, kCodeTextKeys[i])) {
                if (!read_text(group, kCodeTextKeys[i], *fields[i]))
                    return false;
            } else if (is_new) {
                missing += (missing.empty() ? "" : ", ") + std::string(kCodeTextKeys[i]);
            }
        }
        if (has(group, "severity")) {
            if (!read_severity(group, t.severity))
                return false;
        } else if (is_new) {
            missing += (missing.empty() ? "" : ", ") + std::string("severity");
        }
        if (!missing.empty()) {
            group_diag(group, "a new entry needs all of its keys; missing: " + missing);
            return false;
        }
        return true;
    }

    bool apply_code(const std::string& group, uint32_t code)
    {
        constexpr const char* kOther[] = {"severity", "registered"};
        constexpr const char* kBuiltinOther[] = {"severity"};
        if (builtin ? !check_keys(group, kCodeTextKeys, kBuiltinOther) : !check_keys(group, kCodeTextKeys, kOther))
            return false;
        const auto existing = k.codes_.find(code);
        CodeEntry entry = existing != k.codes_.end() ? existing->second : CodeEntry{};
        if (!read_code_text(group, entry.text, existing == k.codes_.end()))
            return false;
        if (builtin) {
            entry.registered = true;  // the shipped [NNN] groups are the IANA registry
        } else if (!read_bool(group, "registered", entry.registered)) {
            return false;
        }
        k.codes_[code] = std::move(entry);
        return true;
    }

    bool apply_class(const std::string& group, CodeClass cls)
    {
        constexpr const char* kOther[] = {"severity"};
        if (!check_keys(group, kCodeTextKeys, kOther))
            return false;
        const auto i = static_cast<size_t>(cls);
        CodeText t = k.class_texts_[i];
        if (!read_code_text(group, t, !k.class_loaded_[i]))
            return false;
        k.class_texts_[i] = std::move(t);
        k.class_loaded_[i] = true;
        return true;
    }

    bool read_codes(const std::string& group, const char* key, CodeSet& dst)
    {
        gsize n = 0;
        StrvPtr items(g_key_file_get_string_list(kf, group.c_str(), key, &n, nullptr));
        CodeSet set;
        for (gsize i = 0; items && i < n; ++i) {
            const std::string_view item = trim_ascii(items.get()[i]);
            if (item.empty())
                continue;
            uint32_t lo = 0, hi = 0;
            if (!parse_code_pattern(item, lo, hi)) {
                key_diag(group, key, "'" + std::string(item) + "' in '" + key +
                                         "' is neither a code 100-699 nor a class like 4xx");
                return false;
            }
            set.add_range(lo, hi);
        }
        if (set.empty()) {
            key_diag(group, key, "'" + std::string(key) + "' lists no code");
            return false;
        }
        dst = set;
        return true;
    }

    bool read_methods(const std::string& group, const char* key, MethodSet& dst, bool* same)
    {
        gsize n = 0;
        StrvPtr items(g_key_file_get_string_list(kf, group.c_str(), key, &n, nullptr));
        MethodSet set = 0;
        bool said_same = false;
        for (gsize i = 0; items && i < n; ++i) {
            const std::string_view item = trim_ascii(items.get()[i]);
            if (item.empty())
                continue;
            if (same && item == "same") {
                said_same = true;
                continue;
            }
            const Method m = method_from_name(item);
            if (m == Method::other) {
                key_diag(group, key, "unknown method '" + std::string(item) + "' in '" + key + "'" +
                                         (same ? " (or write 'same')" : ""));
                return false;
            }
            set |= method_bit(m);
        }
        if (said_same && set != 0) {
            key_diag(group, key, "'same' cannot be combined with method names");
            return false;
        }
        if (!said_same && set == 0) {
            key_diag(group, key, "'" + std::string(key) + "' lists no method");
            return false;
        }
        dst = set;
        if (same)
            *same = said_same;
        return true;
    }

    bool apply_rule(const std::string& group, const std::string& id)
    {
        if (!valid_rule_id(id)) {
            group_diag(group, "a rule id is lower-case letters, digits and '-', at most 64 characters");
            return false;
        }
        if (!check_keys(group, kRuleTextKeys, kRuleKeys))
            return false;
        auto existing = std::find_if(k.rules_.begin(), k.rules_.end(), [&](const Rule& r) { return r.id == id; });
        const bool is_new = existing == k.rules_.end();
        if (is_new && k.rules_.size() >= kMaxRules) {
            group_diag(group, "too many rules (the limit is " + std::to_string(kMaxRules) + ")");
            return false;
        }
        Rule r = is_new ? Rule{} : *existing;
        r.id = id;
        std::string missing;
        auto need = [&](const char* key) {
            if (is_new && !has(group, key))
                missing += (missing.empty() ? "" : ", ") + std::string(key);
        };
        for (const char* key : {"earlier", "later", "scope", "severity", "summary", "explanation", "advice"})
            need(key);
        if (!missing.empty()) {
            group_diag(group, "a new rule needs all of its keys; missing: " + missing);
            return false;
        }
        if (has(group, "earlier") && !read_codes(group, "earlier", r.earlier))
            return false;
        if (has(group, "later") && !read_codes(group, "later", r.later))
            return false;
        if (has(group, "earlier_method") && !read_methods(group, "earlier_method", r.earlier_methods, nullptr))
            return false;
        if (has(group, "later_method") && !read_methods(group, "later_method", r.later_methods, &r.later_same_method))
            return false;
        if (has(group, "scope")) {
            std::string v;
            if (!read_text(group, "scope", v))
                return false;
            if (!parse_scope(v, r.scope)) {
                key_diag(group, "scope", "scope '" + v + "' is not one of transaction, dialog, call");
                return false;
            }
        }
        if (has(group, "severity") && !read_severity(group, r.severity))
            return false;
        if (!read_bool(group, "enabled", r.enabled) || !read_bool(group, "consecutive", r.consecutive) ||
            !read_bool(group, "same_side", r.same_side) || !read_bool(group, "later_credentials", r.later_credentials))
            return false;
        std::string* texts[] = {&r.summary, &r.explanation, &r.advice, &r.rfc};
        for (size_t i = 0; i < std::size(kRuleTextKeys); ++i) {
            if (has(group, kRuleTextKeys[i]) && !read_text(group, kRuleTextKeys[i], *texts[i]))
                return false;
        }
        if (is_new)
            k.rules_.push_back(std::move(r));
        else
            *existing = std::move(r);
        return true;
    }

    bool apply(const std::string& group)
    {
        const auto& where = lines.group_lines(group);
        if (where.size() > 1) {
            diag(where[1], "[" + group + "] appears again (first at line " + std::to_string(where[0]) +
                               "); the group was ignored, merge the two into one");
            return false;
        }
        if (!group.empty() && std::all_of(group.begin(), group.end(), [](char c) { return g_ascii_isdigit(c); })) {
            const uint64_t code = group.size() <= 9 ? std::stoull(group) : UINT64_MAX;
            if (group.size() != 3 || code < kLowestCode || code > kHighestCode) {
                group_diag(group, "[" + group + "] is not a SIP status code: codes have three digits, 100-699");
                return false;
            }
            return apply_code(group, static_cast<uint32_t>(code));
        }
        if (group.size() == 3 && group[0] >= '1' && group[0] <= '6' && group[1] == 'x' && group[2] == 'x')
            return apply_class(group, static_cast<CodeClass>(group[0] - '0'));
        if (group == "invalid")
            return apply_class(group, CodeClass::invalid);
        if (group.rfind("rule ", 0) == 0)
            return apply_rule(group, std::string(trim_ascii(std::string_view(group).substr(5))));
        group_diag(group, "unknown group [" + group + "]: expected [NNN] (a code 100-699), [1xx]..[6xx], [invalid] or [rule id]");
        return false;
    }
};

Knowledge::Knowledge(const Knowledge& other)
    : codes_(other.codes_), class_texts_(other.class_texts_), class_loaded_(other.class_loaded_), rules_(other.rules_)
{
    if (other.finalized_)
        finalize();
}

bool Knowledge::load(std::string_view text, const std::string& origin, bool builtin, std::vector<Diagnostic>& out)
{
    finalized_ = false;
    const KeyFileLines lines(text);
    if (const auto& p = lines.problem()) {
        out.push_back({origin, p->first, p->second + "; the file was not used"});
        return false;
    }
    KeyFilePtr kf(g_key_file_new());
    ErrorHolder err;
    // KEEP_TRANSLATIONS is what lets meaning[de]= be picked for a German locale.
    if (!g_key_file_load_from_data(kf.get(), text.data(), text.size(), G_KEY_FILE_KEEP_TRANSLATIONS, &err.error)) {
        out.push_back({origin, 0, err.message() + "; the file was not used"});
        return false;
    }
    gsize n = 0;
    StrvPtr groups(g_key_file_get_groups(kf.get(), &n));
    if (n == 0) {
        out.push_back({origin, 1, "the file holds no [group]; nothing was loaded"});
        return false;
    }
    Loader loader{*this, origin, builtin, out, lines, kf.get()};
    size_t applied = 0;
    for (gsize i = 0; i < n; ++i)
        applied += loader.apply(groups.get()[i]) ? 1 : 0;
    return applied > 0;
}

bool Knowledge::load_user_file(const std::string& path, std::vector<Diagnostic>& out)
{
    if (!g_file_test(path.c_str(), G_FILE_TEST_EXISTS))
        return true;
    if (g_file_test(path.c_str(), G_FILE_TEST_IS_DIR)) {
        out.push_back({path, 0, "is a directory, not a file; remove it or put the key file there"});
        return false;
    }
    gchar* contents = nullptr;
    gsize size = 0;
    ErrorHolder err;
    if (!g_file_get_contents(path.c_str(), &contents, &size, &err.error)) {
        out.push_back({path, 0, "cannot be read: " + err.message()});
        return false;
    }
    GStringPtr holder(contents);
    if (size == 0) {
        out.push_back({path, 1, "the file is empty; nothing was loaded"});
        return false;
    }
    return load(std::string_view(contents, size), path, false, out);
}

void Knowledge::finalize()
{
    for (unsigned c = 0; c < kCodeClassCount; ++c) {
        if (!class_loaded_[c])
            class_texts_[c] = kMissingText;
    }
    registered_.reset();
    for (auto& [code, entry] : codes_)
        entry.text.summary = response_summary({code, code_class(code), entry.registered, &entry.text});
    for (uint32_t code = kLowestCode; code <= kHighestCode; ++code) {
        const auto it = codes_.find(code);
        const size_t i = code - kLowestCode;
        // Only map nodes are pointed at: they stay put when the Knowledge is moved.
        by_code_[i] = it != codes_.end() ? &it->second.text : nullptr;
        registered_[i] = it != codes_.end() && it->second.registered;
        later_index_[i].clear();
    }
    for (size_t r = 0; r < rules_.size(); ++r) {
        Rule& rule = rules_[r];
        rule.specificity = compute_specificity(rule);
        if (!rule.enabled)
            continue;
        rule.later.for_each([&](uint32_t code) { later_index_[code - kLowestCode].push_back(static_cast<uint16_t>(r)); });
    }
    finalized_ = true;
}

CodeInfo Knowledge::lookup(uint32_t code) const
{
    const CodeClass cls = code_class(code);
    if (cls == CodeClass::invalid || !finalized_)
        return {code, CodeClass::invalid, false, finalized_ ? &class_texts_[0] : &kMissingText};
    const size_t i = code - kLowestCode;
    const CodeText* text = by_code_[i] ? by_code_[i] : &class_texts_[static_cast<size_t>(cls)];
    return {code, cls, registered_[i], text};
}

const std::vector<uint16_t>& Knowledge::rules_with_later(uint32_t code) const
{
    static const std::vector<uint16_t> none;
    if (!finalized_ || code < kLowestCode || code > kHighestCode)
        return none;
    return later_index_[code - kLowestCode];
}

std::vector<uint32_t> Knowledge::registered_codes() const
{
    std::vector<uint32_t> r;
    for (const auto& [code, entry] : codes_)
        if (entry.registered)
            r.push_back(code);
    return r;
}

Knowledge builtin_knowledge(std::vector<Diagnostic>& out)
{
    Knowledge k;
    for (const EmbeddedFile& f : embedded_data_files())
        k.load(std::string_view(f.data, f.size), std::string("built-in ") + f.name, true, out);
    k.finalize();
    return k;
}

}  // namespace sipadvice
