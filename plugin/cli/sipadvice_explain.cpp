// sipadvice-explain: SIP Advice's knowledge on the command line, for a code met in a log rather than a capture.
//   sipadvice-explain 430            one code's page
//   sipadvice-explain 204 430        the comparison of two codes
// Options: --lang L (en pt zh fr es de; default: the locale), --method M, --format text|markdown|json.
// Built from the plugin's core and its embedded data: no Wireshark needed. Bad input: one line on stderr, exit 2.
#include <glib.h>

#include <clocale>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "code_page.h"
#include "knowledge.h"

using namespace sipadvice;

namespace {

constexpr int kBadInput = 2;

enum class Format { text, markdown, json };

// --- JSON ----------------------------------------------------------------------------------------------------------

std::string json_string(std::string_view s)
{
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

struct JsonObject {
    std::string body;
    JsonObject& add(const char* key, const std::string& raw_json)
    {
        body += (body.empty() ? "" : ", ") + json_string(key) + ": " + raw_json;
        return *this;
    }
    JsonObject& str(const char* key, const std::string& value) { return add(key, json_string(value)); }
    std::string done() const { return "{" + body + "}"; }
};

template <class T, class F> std::string json_array(const std::vector<T>& items, F f)
{
    std::string out;
    for (const T& i : items)
        out += (out.empty() ? "" : ", ") + f(i);
    return "[" + out + "]";
}

std::string json_rule(const RuleMention& r)
{
    return JsonObject{}.str("rule", r.id).str("earlier", r.earlier).str("later", r.later).str("summary", r.summary)
        .str("explanation", r.explanation).str("advice", r.advice).str("rfc", r.rfc).done();
}

std::string json_page(const CodePage& p)
{
    JsonObject o;
    o.add("code", std::to_string(p.code)).str("reason", p.reason).str("class", code_class_name(p.cls))
        .add("registered", p.registered ? "true" : "false");
    if (!p.method.empty())
        o.str("method", p.method);
    o.str("headline", p.headline).str("meaning", p.meaning).str("seen_when", p.seen_when).str("fix", p.fix);
    if (!p.use_when.empty())
        o.str("use_when", p.use_when);
    o.str("rfc", p.rfc).str("severity", severity_name(p.severity));
    o.add("methods", json_array(p.methods, [](const MethodNote& m) {
        return JsonObject{}.str("method", m.method).str("meaning", m.meaning).str("seen_when", m.seen_when).str("fix", m.fix).done();
    }));
    o.add("rules", json_array(p.rules, json_rule));
    return o.done();
}

std::string json_headings(const UiCatalogue& ui)
{
    JsonObject o;
    for (const auto& [key, phrase] : {std::pair{"description", Phrase::explain_description}, {"seen_when", Phrase::explain_seen_when},
                                      {"fix", Phrase::explain_fix}, {"differences", Phrase::explain_differences},
                                      {"which", Phrase::explain_which}, {"dialog", Phrase::explain_dialog}})
        o.str(key, ui.phrase(phrase));
    return o.done();
}

// --- text and Markdown -------------------------------------------------------------------------------------------

// Columns a terminal gives the text: two for East Asian wide characters.
size_t display_width(const std::string& s)
{
    size_t w = 0;
    for (const char* p = s.c_str(); *p; p = g_utf8_next_char(p))
        w += g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;
    return w;
}

struct Writer {
    Format format;
    std::string out;

    void title(const std::string& t) { out += format == Format::markdown ? "# SIP " + t + "\n\n" : "SIP " + t + "\n" + std::string(4 + display_width(t), '=') + "\n\n"; }
    void heading(const std::string& h)
    {
        out += format == Format::markdown ? "## " + h + "\n\n" : h + "\n" + std::string(display_width(h), '-') + "\n";
    }
    void subheading(const std::string& h) { out += format == Format::markdown ? "### " + h + "\n\n" : "[" + h + "]\n"; }
    // A labelled text: "**Label**: text" in Markdown, "Label\n  text" in text.
    void field(const std::string& label, const std::string& text)
    {
        out += format == Format::markdown ? "**" + label + "**: " + text + "\n\n" : label + "\n    " + text + "\n";
    }
    void para(const std::string& text) { out += text + (format == Format::markdown ? "\n\n" : "\n"); }
    void item(const std::string& text) { out += (format == Format::markdown ? "- " : "  - ") + text + "\n"; }
    void end_list() { out += "\n"; }
    void gap()
    {
        if (format == Format::text)
            out += "\n";
    }
};

void write_code_sections(Writer& w, const UiCatalogue& ui, const CodePage& p)
{
    w.field(ui.phrase(Phrase::explain_description), p.meaning);
    w.field(ui.phrase(Phrase::explain_seen_when), p.seen_when);
    w.field(ui.phrase(Phrase::explain_fix), p.fix);
    w.field(ui.phrase(Phrase::explain_rfc), p.rfc);
    w.field(ui.phrase(Phrase::explain_severity), p.severity_words);
    if (!p.unregistered.empty())
        w.para(p.unregistered);
}

std::string render_page(const Knowledge& k, const CodePage& p, Format f)
{
    const UiCatalogue& ui = k.ui();
    if (f == Format::json)
        return JsonObject{}.str("language", k.language().empty() ? "en" : k.language()).add("headings", json_headings(ui))
                   .add("codes", "[" + json_page(p) + "]").done() + "\n";
    Writer w{f, {}};
    w.title(p.title);
    w.para(p.headline);
    w.gap();
    write_code_sections(w, ui, p);
    w.gap();
    if (!p.methods.empty()) {
        w.heading(ui.phrase(Phrase::explain_methods));
        for (const MethodNote& m : p.methods) {
            w.subheading(std::to_string(p.code) + " " + p.reason + " / " + m.method);
            w.field(ui.phrase(Phrase::explain_description), m.meaning);
            w.field(ui.phrase(Phrase::explain_seen_when), m.seen_when);
            w.field(ui.phrase(Phrase::explain_fix), m.fix);
        }
        w.gap();
    }
    if (!p.rules.empty()) {
        w.heading(ui.phrase(Phrase::explain_rules));
        for (const RuleMention& r : p.rules)
            w.item(r.line);
        w.end_list();
    }
    return w.out;
}

std::string render_comparison(const Knowledge& k, const Comparison& c, Format f)
{
    const UiCatalogue& ui = k.ui();
    if (f == Format::json) {
        JsonObject o;
        o.str("language", k.language().empty() ? "en" : k.language()).add("headings", json_headings(ui)).str("title", c.title)
            .add("codes", "[" + json_page(c.a) + ", " + json_page(c.b) + "]")
            .add("differences", json_array(c.differences, json_string)).add("which", json_array(c.which, json_string))
            .add("dialog", json_array(c.dialog, json_rule));
        if (!c.no_dialog_rule.empty())
            o.str("no_dialog_rule", c.no_dialog_rule);
        return o.done() + "\n";
    }
    Writer w{f, {}};
    w.title(c.title);
    w.para(c.a.headline);
    w.para(c.b.headline);
    w.gap();
    for (const CodePage* p : {&c.a, &c.b}) {
        w.heading(p->title);
        write_code_sections(w, ui, *p);
        w.gap();
    }
    w.heading(ui.phrase(Phrase::explain_differences));
    for (const std::string& d : c.differences)
        w.item(d);
    w.end_list();
    if (!c.which.empty()) {
        w.heading(ui.phrase(Phrase::explain_which));
        for (const std::string& line : c.which)
            w.item(line);
        w.end_list();
    }
    w.heading(ui.phrase(Phrase::explain_dialog));
    if (c.dialog.empty())
        w.para(c.no_dialog_rule);
    for (const RuleMention& r : c.dialog) {
        w.para(r.line);
        w.field(ui.label("contrast.explanation"), r.explanation);
        w.field(ui.label("contrast.advice"), r.advice);
        w.gap();
    }
    return w.out;
}

// --- arguments -----------------------------------------------------------------------------------------------------

constexpr const char kUsage[] =
    "usage: sipadvice-explain [--lang L] [--method M] [--format text|markdown|json] CODE [CODE]\n"
    "  one CODE: what it means, when you see it, how to fix it, its RFC, severity, per-method notes and rules\n"
    "  two CODEs: the comparison (description, when you see it, how to fix it, key differences, when to use which,\n"
    "             and what the pair means in one dialog)\n"
    "  --lang L    en, pt, zh, fr, es or de (default: the locale, LANGUAGE/LC_ALL/LC_MESSAGES/LANG; else English)\n"
    "  --method M  the texts for a response to M (INVITE, REGISTER, SUBSCRIBE ...)\n"
    "  --format F  text (default), markdown or json\n";

int fail(const std::string& message)
{
    std::fprintf(stderr, "sipadvice-explain: %s\n", message.c_str());
    return kBadInput;
}

bool known_language(std::string_view l)
{
    for (const char* k : kLanguages)
        if (l == k)
            return true;
    return false;
}

}  // namespace

int main(int argc, char** argv)
{
    std::setlocale(LC_ALL, "");
    std::string language = language_from_locale(g_get_language_names());
    if (!known_language(language))
        language = "en";
    std::string method_arg;
    Format format = Format::text;
    std::vector<std::string> codes;
    std::string format_arg, lang_arg;
    bool lang_given = false, format_given = false;

    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const auto value = [&](std::string& dst) {
            if (const size_t eq = a.find('='); eq != std::string_view::npos) {
                dst = std::string(a.substr(eq + 1));
                return true;
            }
            if (i + 1 >= argc)
                return false;
            dst = argv[++i];
            return true;
        };
        if (a == "-h" || a == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (a == "--lang" || a.rfind("--lang=", 0) == 0) {
            if (!value(lang_arg))
                return fail("--lang needs a language: en, pt, zh, fr, es or de");
            lang_given = true;
        } else if (a == "--method" || a.rfind("--method=", 0) == 0) {
            if (!value(method_arg))
                return fail("--method needs a method name (INVITE, REGISTER, SUBSCRIBE ...)");
        } else if (a == "--format" || a.rfind("--format=", 0) == 0) {
            if (!value(format_arg))
                return fail("--format needs text, markdown or json");
            format_given = true;
        } else if (a.size() > 1 && a[0] == '-' && !(a[1] >= '0' && a[1] <= '9')) {
            return fail("unknown option '" + std::string(a) + "' (sipadvice-explain --help lists them)");
        } else {
            codes.emplace_back(a);
        }
    }
    if (lang_given)
        language = lang_arg;

    // The errors in the chosen language where it is known, else in English.
    std::vector<Diagnostic> problems;
    const Knowledge k = builtin_knowledge(problems, known_language(language) ? language : "en");
    const UiCatalogue& ui = k.ui();
    if (!known_language(language))
        return fail(ui.fill(Phrase::error_language, {{"arg", language}}));
    if (format_given) {
        if (format_arg == "text")
            format = Format::text;
        else if (format_arg == "markdown" || format_arg == "md")
            format = Format::markdown;
        else if (format_arg == "json")
            format = Format::json;
        else
            return fail(ui.fill(Phrase::error_format, {{"arg", format_arg}}));
    }
    Method method = Method::other;
    if (!method_arg.empty()) {
        method = method_from_name(method_arg);
        if (method == Method::other)
            return fail(ui.fill(Phrase::error_method, {{"arg", method_arg}}));
    }
    if (codes.empty() || codes.size() > 2)
        return fail(ui.phrase(Phrase::error_count));
    uint32_t parsed[2] = {0, 0};
    for (size_t i = 0; i < codes.size(); ++i)
        if (!parse_status_code(codes[i], parsed[i]))
            return fail(ui.fill(Phrase::error_code, {{"arg", codes[i]}}));
    for (const Diagnostic& d : problems)  // the shipped data is checked by the tests; say so if it ever is not
        std::fprintf(stderr, "sipadvice-explain: %s\n", d.to_string().c_str());

    const std::string out = codes.size() == 1 ? render_page(k, code_page(k, parsed[0], method), format)
                                              : render_comparison(k, compare_codes(k, parsed[0], parsed[1], method), format);
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
