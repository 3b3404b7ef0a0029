// The data files of data/, embedded into the plugin at build time (plugin/embed_data.cmake).
#pragma once

#include <cstddef>
#include <vector>

namespace sipadvice {

struct EmbeddedFile {
    const char* name;  // file name under data/
    const char* data;  // UTF-8 text, not NUL-terminated
    size_t size;
};

const std::vector<EmbeddedFile>& embedded_data_files();

}  // namespace sipadvice
