// The one key-file loader behind every catalogue (codes, methods, rules, causes, warnings): parses a GLib key
// file, and reads each group's keys with the checks every catalogue shares (texts, booleans, severities,
// lists), reporting each problem as "file:line: what — what to do".
//
// Error policy, the same for every catalogue: an unknown key is reported (with "did you mean" when a known key
// is close) and ignored; a key whose value is unusable is reported and ignored, the earlier value staying in
// use; the rest of the group applies. Only a group that cannot stand at all (a new entry missing a key it
// needs, a repeated group, a name that is no entry) is ignored as a whole.
#pragma once

#include <glib.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "keyfile_lines.h"

namespace sipadvice {

// Expert Info severities, in Wireshark's order (PI_CHAT < PI_NOTE < PI_WARN < PI_ERROR).
enum class Severity : uint8_t { chat, note, warning, error };
constexpr unsigned kSeverityCount = 4;
const char* severity_name(Severity s);

// A problem found while loading a knowledge file. line 0: the file as a whole.
struct Diagnostic {
    std::string file;
    int line = 0;
    std::string message;
    std::string to_string() const;
};

constexpr size_t kMaxTextBytes = 1024;

class KeyFileReader;

// A list of key names (of an initializer list or a vector).
struct KeyList {
    const char* const* items = nullptr;
    size_t size = 0;
    const char* const* begin() const { return items; }
    const char* const* end() const { return items + size; }
};

// The keys of one group, read through the reader's checks.
class KeyGroup {
public:
    KeyGroup(KeyFileReader& reader, std::string name) : r_(reader), name_(std::move(name)) {}
    const std::string& name() const { return name_; }

    bool has(const char* key) const;
    // Reports and drops every key that is neither a text key nor one of `other` (text keys may carry a
    // [locale] suffix). Afterwards has() is false for the dropped keys.
    void check_keys(std::initializer_list<const char*> text_keys, std::initializer_list<const char*> other = {});
    void check_keys(const std::vector<const char*>& text_keys);
    // A text, in the reader's language when the key has a translation: trimmed, not empty, at most
    // kMaxTextBytes, no control characters, valid escapes. False (and a diagnostic) when absent or unusable.
    bool text(const char* key, std::string& dst);
    // true/false; absent keeps `dst`.
    bool boolean(const char* key, bool& dst);
    bool severity(Severity& dst);
    // ';'-separated items, trimmed, empty ones skipped; false when absent or unreadable.
    bool list(const char* key, std::vector<std::string>& items);

    // Diagnostics at the key's line (the group's line when the key is absent) or the group's line.
    void key_problem(const char* key, const std::string& what);
    void group_problem(const std::string& what);
    // "a new entry needs all of its keys": the keys among `needed` that this group lacks, "" if none.
    std::string missing(std::initializer_list<const char*> needed) const;

private:
    bool dropped(const std::string& key) const;
    void check_key_lists(KeyList text_keys, KeyList other);

    KeyFileReader& r_;
    std::string name_;
    std::vector<std::string> dropped_;
};

class KeyFileReader {
public:
    // `language`: a translation to prefer for text keys (meaning[pt]=…), "" for the untranslated keys.
    KeyFileReader(std::string_view text, std::string origin, std::string language, std::vector<Diagnostic>& out);
    // False when the file could not be parsed at all (a diagnostic says where); nothing of it is used then.
    bool ok() const { return kf_ != nullptr; }
    std::vector<std::string> groups() const;
    // False (and a diagnostic) for a group that appears twice: GKeyFile would silently merge the two.
    bool unique(const std::string& group);

    void problem(int line, std::string what) { out_.push_back({origin_, line, std::move(what)}); }
    int key_line(const std::string& group, const std::string& key) const { return lines_.key_line(group, key); }
    const std::string& origin() const { return origin_; }

private:
    friend class KeyGroup;
    struct KeyFileDeleter {
        void operator()(GKeyFile* kf) const { g_key_file_free(kf); }
    };

    std::string origin_;
    std::string language_;
    std::vector<Diagnostic>& out_;
    KeyFileLines lines_;
    std::unique_ptr<GKeyFile, KeyFileDeleter> kf_;
};

}  // namespace sipadvice
