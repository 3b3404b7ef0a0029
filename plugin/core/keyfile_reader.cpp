// Key-file reading shared by the catalogues: parsing, per-key checks, diagnostics with line numbers.
#include "keyfile_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "text_util.h"

namespace sipadvice {

namespace {

constexpr const char* kSeverityNames[kSeverityCount] = {"chat", "note", "warning", "error"};

struct StrvDeleter {
    void operator()(gchar** v) const { g_strfreev(v); }
};
struct GFreeDeleter {
    void operator()(gchar* s) const { g_free(s); }
};
using StrvPtr = std::unique_ptr<gchar*, StrvDeleter>;
using GStringPtr = std::unique_ptr<gchar, GFreeDeleter>;

struct ErrorHolder {
    GError* error = nullptr;
    ~ErrorHolder() { g_clear_error(&error); }
    std::string message() const { return error ? error->message : "unknown error"; }
};

bool has_control_char(const std::string& s)
{
    return std::any_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// Levenshtein distance, for "did you mean" on short key names.
size_t distance(std::string_view a, std::string_view b)
{
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string joined(KeyList a, KeyList b)
{
    std::string r;
    for (auto list : {a, b})
        for (const char* k : list)
            r += (r.empty() ? "" : ", ") + std::string(k);
    return r;
}

}  // namespace

const char* severity_name(Severity s)
{
    const auto i = static_cast<unsigned>(s);
    return i < kSeverityCount ? kSeverityNames[i] : "warning";
}

std::string Diagnostic::to_string() const
{
    return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

KeyFileReader::KeyFileReader(std::string_view text, std::string origin, std::string language, std::vector<Diagnostic>& out)
    : origin_(std::move(origin)), language_(std::move(language)), out_(out), lines_(text)
{
    if (const auto& p = lines_.problem()) {
        problem(p->first, p->second + "; the file was not used");
        return;
    }
    kf_.reset(g_key_file_new());
    ErrorHolder err;
    // KEEP_TRANSLATIONS: meaning[pt]= stays available whatever the process's locale is.
    if (!g_key_file_load_from_data(kf_.get(), text.data(), text.size(), G_KEY_FILE_KEEP_TRANSLATIONS, &err.error)) {
        problem(0, err.message() + "; the file was not used");
        kf_.reset();
        return;
    }
    gsize n = 0;
    StrvPtr groups(g_key_file_get_groups(kf_.get(), &n));
    if (n == 0) {
        problem(1, "the file holds no [group]; nothing was loaded");
        kf_.reset();
    }
}

std::vector<std::string> KeyFileReader::groups() const
{
    std::vector<std::string> r;
    if (!kf_)
        return r;
    gsize n = 0;
    StrvPtr groups(g_key_file_get_groups(kf_.get(), &n));
    for (gsize i = 0; i < n; ++i)
        r.emplace_back(groups.get()[i]);
    return r;
}

bool KeyFileReader::unique(const std::string& group)
{
    const auto& where = lines_.group_lines(group);
    if (where.size() <= 1)
        return true;
    problem(where[1], "[" + group + "] appears again (first at line " + std::to_string(where[0]) +
                          "); the group was ignored, merge the two into one");
    return false;
}

bool KeyGroup::dropped(const std::string& key) const
{
    return std::find(dropped_.begin(), dropped_.end(), key) != dropped_.end();
}

bool KeyGroup::has(const char* key) const
{
    if (dropped(key))
        return false;
    if (g_key_file_has_key(r_.kf_.get(), name_.c_str(), key, nullptr))
        return true;
    if (r_.language_.empty())
        return false;
    const std::string translated = std::string(key) + "[" + r_.language_ + "]";
    return !dropped(translated) && g_key_file_has_key(r_.kf_.get(), name_.c_str(), translated.c_str(), nullptr);
}

void KeyGroup::key_problem(const char* key, const std::string& what)
{
    r_.problem(r_.key_line(name_, key), what);
}

void KeyGroup::group_problem(const std::string& what)
{
    r_.problem(r_.key_line(name_, ""), what + "; the group [" + name_ + "] was ignored");
}

std::string KeyGroup::missing(std::initializer_list<const char*> needed) const
{
    std::string r;
    for (const char* k : needed)
        if (!has(k))
            r += (r.empty() ? "" : ", ") + std::string(k);
    return r;
}

void KeyGroup::check_keys(std::initializer_list<const char*> text_keys, std::initializer_list<const char*> other)
{
    check_key_lists(KeyList{text_keys.begin(), text_keys.size()}, KeyList{other.begin(), other.size()});
}

void KeyGroup::check_keys(const std::vector<const char*>& text_keys)
{
    check_key_lists(KeyList{text_keys.data(), text_keys.size()}, KeyList{});
}

void KeyGroup::check_key_lists(KeyList text_keys, KeyList other)
{
    const auto in = [](std::string_view s, KeyList list) {
        return std::any_of(list.begin(), list.end(), [&](const char* k) { return s == k; });
    };
    StrvPtr keys(g_key_file_get_keys(r_.kf_.get(), name_.c_str(), nullptr, nullptr));
    for (gchar** key = keys.get(); key && *key; ++key) {
        const std::string_view name(*key);
        const size_t bracket = name.find('[');
        const std::string_view base = name.substr(0, bracket);
        std::string what;
        if (bracket != std::string_view::npos) {
            if (!in(base, text_keys))
                what = "only text keys (" + joined(text_keys, {}) + ") may have a [language] suffix, not '" + *key + "'";
        } else if (!in(base, text_keys) && !in(base, other)) {
            what = "unknown key '" + std::string(*key) + "'";
            const char* best = nullptr;
            size_t best_distance = 3;  // a typo or two: seen_wen, meanin, severty
            for (auto list : {text_keys, other})
                for (const char* k : list)
                    if (const size_t d = distance(base, k); d < best_distance)
                        best_distance = d, best = k;
            what += best ? " (did you mean '" + std::string(best) + "'?)" : " (known: " + joined(text_keys, other) + ")";
        }
        if (!what.empty()) {
            key_problem(*key, what + "; the key was ignored");
            dropped_.emplace_back(*key);
        }
    }
}

namespace {
// How the details pane titles a text key's field, for keys shown as one: "Meaning: <text>".
const char* label_title(std::string_view key)
{
    constexpr std::pair<const char*, const char*> kTitles[] = {
        {"meaning", "Meaning"}, {"seen_when", "Seen when"}, {"fix", "Fix"}, {"explanation", "Explanation"},
        {"advice", "Advice"}, {"summary", "Contrast"}, {"name", "Name"}, {"reason", "Reason"},
    };
    for (const auto& [k, title] : kTitles)
        if (key == k)
            return title;
    return nullptr;
}
constexpr size_t kLabelLimit = 239;  // Wireshark's ITEM_LABEL_LENGTH, less the NUL
}  // namespace

bool KeyGroup::text(const char* key, std::string& dst)
{
    if (!has(key))
        return false;
    GKeyFile* kf = r_.kf_.get();
    const std::string translated = r_.language_.empty() ? "" : std::string(key) + "[" + r_.language_ + "]";
    const char* used = translated.empty() || !g_key_file_has_key(kf, name_.c_str(), translated.c_str(), nullptr)
                           ? key : translated.c_str();
    // get_string(), not get_locale_string(): the latter passes bad escapes (\q) through silently.
    ErrorHolder err;
    GStringPtr v(g_key_file_get_string(kf, name_.c_str(), used, &err.error));
    if (err.error || !v) {  // GLib may return the raw value and set the error at once
        key_problem(used, "cannot read '" + std::string(used) + "': " + err.message() +
                              " (a '\\' starts an escape: write '\\\\'); the key was ignored");
        return false;
    }
    std::string value(trim_ascii(v.get()));
    std::string why;
    if (value.empty())
        why = "'" + std::string(used) + "' is empty";
    else if (value.size() > kMaxTextBytes)
        why = "'" + std::string(used) + "' is " + std::to_string(value.size()) + " bytes long; the limit is " +
              std::to_string(kMaxTextBytes);
    else if (has_control_char(value))
        why = "'" + std::string(used) + "' contains a control character (tab, newline escape...)";
    if (!why.empty()) {
        key_problem(used, why + "; the key was ignored");
        return false;
    }
    // (English titles: a translation's labels differ, and its lengths are checked against them by tests/unit/test_i18n.)
    if (const char* title = label_title(key); title && r_.language_.empty() && std::strlen(title) + 2 + value.size() > kLabelLimit)
        key_problem(used, "'" + std::string(used) + "' is " + std::to_string(value.size()) + " bytes: the details pane shows \"" +
                              title + ": …\" cut at " + std::to_string(kLabelLimit) + " bytes (the field keeps it whole); "
                              "shorten it to " + std::to_string(kLabelLimit - std::strlen(title) - 2) + " bytes to see it all");
    dst = std::move(value);
    return true;
}

bool KeyGroup::boolean(const char* key, bool& dst)
{
    if (!has(key))
        return true;
    ErrorHolder err;
    const gboolean v = g_key_file_get_boolean(r_.kf_.get(), name_.c_str(), key, &err.error);
    if (err.error) {
        key_problem(key, "'" + std::string(key) + "' must be true or false; the key was ignored");
        return false;
    }
    dst = v;
    return true;
}

bool KeyGroup::severity(Severity& dst)
{
    std::string v;
    if (!text("severity", v))
        return false;
    for (unsigned i = 0; i < kSeverityCount; ++i) {
        if (v == kSeverityNames[i]) {
            dst = static_cast<Severity>(i);
            return true;
        }
    }
    key_problem("severity", "severity '" + v + "' is not one of chat, note, warning, error; the key was ignored");
    return false;
}

bool KeyGroup::list(const char* key, std::vector<std::string>& items)
{
    std::string v;
    if (!text(key, v))
        return false;
    items.clear();
    size_t start = 0;
    while (start <= v.size()) {
        size_t end = v.find(';', start);
        if (end == std::string::npos)
            end = v.size();
        const std::string_view item = trim_ascii(std::string_view(v).substr(start, end - start));
        if (!item.empty())
            items.emplace_back(item);
        start = end + 1;
    }
    return true;
}

}  // namespace sipadvice
