// Loading the knowledge base: one key-file reader, each group handed to the catalogue that claims it.
#include "knowledge.h"

#include <glib.h>

#include <memory>

#include "builtin_data.h"

namespace sipadvice {

bool Knowledge::load(std::string_view text, const std::string& origin, bool builtin, std::vector<Diagnostic>& out)
{
    KeyFileReader reader(text, origin, language_, out);
    if (!reader.ok())
        return false;
    const size_t problems_before = out.size();
    size_t groups = 0;
    for (const std::string& name : reader.groups()) {
        ++groups;
        if (!reader.unique(name))
            continue;
        KeyGroup g(reader, name);
        if (RuleCatalogue::claims(name))
            rules_.apply(g);
        else if (CauseCatalogue::claims(name))
            causes_.apply(g);
        else if (WarningCatalogue::claims(name))
            warnings_.apply(g, builtin);
        else if (DetailCatalogue::claims(name))
            details_.apply(g);
        else if (UiCatalogue::claims(name))
            ui_.apply(g);
        else if (CodeCatalogue::claims(name))
            codes_.apply(g, builtin);
        else
            g.group_problem("unknown group [" + name + "]: expected [NNN] (a code 100-699), [NNN METHOD], [1xx]..[6xx], "
                            "[invalid], [rule id], [protocol NAME], [cause NAME N], [warning NNN], [detail PART], [labels] or [phrases]");
    }
    return groups > 0 && out.size() - problems_before < groups;
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
    GError* error = nullptr;
    if (!g_file_get_contents(path.c_str(), &contents, &size, &error)) {
        out.push_back({path, 0, std::string("cannot be read: ") + (error ? error->message : "unknown error")});
        g_clear_error(&error);
        return false;
    }
    const std::unique_ptr<gchar, decltype(&g_free)> holder(contents, g_free);
    if (size == 0) {
        out.push_back({path, 1, "the file is empty; nothing was loaded"});
        return false;
    }
    return load(std::string_view(contents, size), path, false, out);
}

void Knowledge::finalize()
{
    codes_.finalize(ui_);
    rules_.finalize();
    causes_.finalize(ui_);
    warnings_.finalize(ui_);
}

Knowledge builtin_knowledge(std::vector<Diagnostic>& out, const std::string& language)
{
    Knowledge k;
    k.set_language(language == "en" ? "" : language);
    const std::string translation = "i18n/" + k.language() + ".ini";
    for (const EmbeddedFile& f : embedded_data_files())  // the English catalogues first, then the translation
        if (std::string_view(f.name).find('/') == std::string_view::npos)
            k.load(std::string_view(f.data, f.size), std::string("built-in ") + f.name, true, out);
    for (const EmbeddedFile& f : embedded_data_files())
        if (!k.language().empty() && f.name == translation)
            k.load(std::string_view(f.data, f.size), std::string("built-in ") + f.name, true, out);
    k.finalize();
    return k;
}

}  // namespace sipadvice
