// Line numbers for a key file. GKeyFile parses the data but reports no line numbers; this index lets
// every diagnostic say "file:line". It accepts what GKeyFile accepts and names the first line it would not.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipadvice {

class KeyFileLines {
public:
    explicit KeyFileLines(std::string_view text);

    // The first line GKeyFile would reject, with the reason, if any.
    const std::optional<std::pair<int, std::string>>& problem() const { return problem_; }
    // Lines where `[group]` starts (more than one when the group is repeated).
    const std::vector<int>& group_lines(const std::string& group) const;
    // Line of `key=` in `group` (the last one, which GKeyFile keeps); the group's line if not found.
    int key_line(const std::string& group, const std::string& key) const;

private:
    std::map<std::string, std::vector<int>> groups_;
    std::map<std::pair<std::string, std::string>, int> keys_;
    std::optional<std::pair<int, std::string>> problem_;
};

}  // namespace sipadvice
