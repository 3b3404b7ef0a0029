// Line index of a key file, following GKeyFile's line rules (glib/gkeyfile.c: comments, groups, key=value).
#include "keyfile_lines.h"

#include <glib.h>

#include "text_util.h"

namespace sipadvice {

KeyFileLines::KeyFileLines(std::string_view text)
{
    std::string group;
    int line_no = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (problem_)
            continue;

        if (line.find('\0') != std::string_view::npos) {
            problem_.emplace(line_no, "the line contains a NUL byte");
            continue;
        }
        if (!g_utf8_validate(line.data(), static_cast<gssize>(line.size()), nullptr)) {
            problem_.emplace(line_no, "the line is not valid UTF-8; save the file as UTF-8");
            continue;
        }
        std::string_view t = trim_ascii(line);
        if (t.empty() || t.front() == '#')
            continue;
        if (t.front() == '[') {
            const size_t close = t.find(']');
            if (close == std::string_view::npos || close == 1 || !trim_ascii(t.substr(close + 1)).empty()) {
                problem_.emplace(line_no, "a group header must be a name in brackets, like [430]");
                continue;
            }
            group.assign(t.substr(1, close - 1));
            groups_[group].push_back(line_no);
            continue;
        }
        const size_t eq = t.find('=');
        if (eq == std::string_view::npos) {
            problem_.emplace(line_no, "expected key=value, a [group] header or a # comment");
            continue;
        }
        std::string_view key = trim_ascii(t.substr(0, eq));
        if (key.empty()) {
            problem_.emplace(line_no, "the key before '=' is empty");
            continue;
        }
        if (group.empty()) {
            problem_.emplace(line_no, "key=value before the first [group] header");
            continue;
        }
        keys_[{group, std::string(key)}] = line_no;
    }
}

const std::vector<int>& KeyFileLines::group_lines(const std::string& group) const
{
    static const std::vector<int> none;
    const auto it = groups_.find(group);
    return it == groups_.end() ? none : it->second;
}

int KeyFileLines::key_line(const std::string& group, const std::string& key) const
{
    const auto it = keys_.find({group, key});
    if (it != keys_.end())
        return it->second;
    const auto& g = group_lines(group);
    return g.empty() ? 0 : g.front();
}

}  // namespace sipadvice
