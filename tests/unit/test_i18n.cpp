// The translations (data/i18n/<language>.ini) through the plugin's own loader: each language loads without a
// diagnostic, translates every text the English has (none left in English, none identical to it but the few words
// that are the same in that language), keeps the protocol names (reason phrases, cause and warn-code names, RFC
// references), and every Expert Info summary and field label fits Wireshark's label whole, in UTF-8 bytes. Also the
// choice of language from the locale, user translations, and sipadvice-explain's pages.
#include "cmocka_cpp.h"

#include <glib.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "advice_text.h"
#include "code_page.h"
#include "knowledge.h"
#include "shipped.h"

using namespace sipadvice;

namespace {

// Texts that are rightly the same word in a language as in English (tests/tools/i18n_status.py has the same list).
const std::set<std::tuple<std::string, std::string, std::string>> kSame = {
    {"*", "labels", "rfc"}, {"*", "phrases", "explain-title-pair"}, {"fr", "labels", "code"}, {"fr", "labels", "warning.code"},
    {"fr", "labels", "warning.agent"}, {"de", "labels", "warning.agent"}, {"es", "labels", "warning.agent"},
    {"fr", "phrases", "explain-description"}, {"fr", "labels", "contrast.explanation"}, {"fr", "labels", "retransmission"},
    {"de", "labels", "contrast.advice"},
};

const Knowledge& english() { return test::shipped(); }

const Knowledge& in(const std::string& language) { return test::shipped(language); }

struct Checker {
    std::string language;
    size_t texts = 0;
    std::vector<std::string> failures;

    void text(const std::string& group, const std::string& key, const std::string& en, const std::string& tr)
    {
        ++texts;
        if (tr.empty())
            failures.push_back("[" + group + "] " + key + ": empty");
        else if (tr == en && !kSame.count({language, group, key}) && !kSame.count({"*", group, key}))
            failures.push_back("[" + group + "] " + key + ": still the English \"" + en + "\"");
        if (!g_utf8_validate(tr.data(), static_cast<gssize>(tr.size()), nullptr))
            failures.push_back("[" + group + "] " + key + ": not UTF-8");
    }
    void same(const std::string& what, const std::string& en, const std::string& tr)
    {
        if (en != tr)
            failures.push_back(what + ": a protocol name must stay \"" + en + "\", not \"" + tr + "\"");
    }
    // A field shown as "Label: text" must fit Wireshark's 239-byte label.
    void label_fits(const std::string& what, const Knowledge& k, const char* label_key, const std::string& text)
    {
        const size_t n = k.ui().label(label_key).size() + 2 + text.size();
        if (n > kLabelBytes - 1)
            failures.push_back(what + ": \"" + k.ui().label(label_key) + ": …\" is " + std::to_string(n) + " bytes, over " +
                               std::to_string(kLabelBytes - 1));
    }
    // The summary, filled in without a limit, fits after "Expert Info (Warning/Response): " whole.
    void summary_fits(const std::string& what, const std::string& full, const std::string& shown)
    {
        if (full.size() + kExpertPrefixBytes > kLabelBytes - 1)
            failures.push_back(what + ": Expert Info summary is " + std::to_string(full.size()) + " bytes, over " +
                               std::to_string(kLabelBytes - 1 - kExpertPrefixBytes) + ": " + full);
        if (shown != full.substr(0, shown.size()) || !g_utf8_validate(shown.data(), static_cast<gssize>(shown.size()), nullptr))
            failures.push_back(what + ": the summary shown is not the text: " + shown);
    }
    void report()
    {
        for (const std::string& f : failures)
            print_error("%s: %s\n", language.c_str(), f.c_str());
        if (!failures.empty())
            fail_msg("%s: %zu of %zu texts have problems", language.c_str(), failures.size(), texts);
    }
};

void check_language(const std::string& language)
{
    const Knowledge& en = english();
    const Knowledge& k = in(language);
    Checker c;
    c.language = language;
    const UiCatalogue& ui = k.ui();

    std::vector<uint32_t> codes = en.registered_codes();
    for (const uint32_t cls : {198u, 298u, 398u, 498u, 598u, 698u, 999u})
        codes.push_back(cls);  // the class texts and [invalid]
    for (const uint32_t code : codes) {
        const CodeText& e = *en.lookup(code).text;
        const CodeText& t = *k.lookup(code).text;
        const std::string g = code == 999 ? "invalid" : code % 100 == 98 && !en.lookup(code).registered ? std::to_string(code / 100) + "xx"
                                                                                                       : std::to_string(code);
        c.text(g, "meaning", e.meaning, t.meaning);
        c.text(g, "seen_when", e.seen_when, t.seen_when);
        c.text(g, "fix", e.fix, t.fix);
        c.text(g, "use_when", e.use_when, t.use_when);
        c.same(g + " reason", e.reason, t.reason);
        c.same(g + " rfc", e.rfc, t.rfc);
        c.label_fits(g + " meaning", k, "meaning", t.meaning);
        c.label_fits(g + " seen_when", k, "seen_when", t.seen_when);
        c.label_fits(g + " fix", k, "fix", t.fix);
        const CodeInfo info = k.lookup(code);
        std::string full;
        append_template(full, ui.phrase(Phrase::summary_response),
                        {{"code", std::to_string(code)}, {"reason", t.reason}, {"meaning", t.meaning}, {"fix", t.fix}});
        c.summary_fits(g, full, t.summary.empty() ? response_summary(ui, info) : t.summary);
    }
    for (const auto& [code, method] : en.codes().method_entries()) {
        const CodeText& e = *en.lookup(code, method).text;
        const CodeText& t = *k.lookup(code, method).text;
        const std::string g = std::to_string(code) + " " + method_name(method);
        if (e.meaning != en.lookup(code).text->meaning)  // the entry's own text, not the code's
            c.text(g, "meaning", e.meaning, t.meaning);
        if (e.seen_when != en.lookup(code).text->seen_when)
            c.text(g, "seen_when", e.seen_when, t.seen_when);
        if (e.fix != en.lookup(code).text->fix)
            c.text(g, "fix", e.fix, t.fix);
        c.label_fits(g + " seen_when", k, "seen_when", t.seen_when);
        std::string full;
        append_template(full, ui.phrase(Phrase::summary_response_method),
                        {{"code", std::to_string(code)}, {"reason", t.reason}, {"method", method_name(method)},
                         {"meaning", t.meaning}, {"fix", t.fix}});
        c.summary_fits(g, full, t.summary);
    }
    assert_int_equal(en.rules().size(), k.rules().size());
    for (size_t i = 0; i < en.rules().size(); ++i) {
        const Rule& e = en.rules()[i];
        const Rule& t = k.rules()[i];
        const std::string g = "rule " + e.id;
        c.same(g + " id", e.id, t.id);
        c.text(g, "summary", e.summary, t.summary);
        c.text(g, "explanation", e.explanation, t.explanation);
        c.text(g, "advice", e.advice, t.advice);
        c.label_fits(g + " explanation", k, "contrast.explanation", t.explanation);
        c.label_fits(g + " advice", k, "contrast.advice", t.advice);
        SummaryBuffer shown;
        std::string full;
        append_template(full, ui.phrase(Phrase::summary_contrast), {{"later", "SUBSCRIBE"}, {"earlier", "200"}, {"summary", t.summary}});
        c.summary_fits(g, full, contrast_summary(ui, "SUBSCRIBE", 200, t, shown));
    }
    for (const auto& [key, e] : en.causes().protocols()) {
        const ReasonProtocol* t = k.causes().protocol(key);
        assert_non_null(t);
        c.text("protocol " + e.token, "name", e.name, t->name);
        c.text("protocol " + e.token, "meaning", e.meaning, t->meaning);
    }
    for (const auto& [key, e] : en.causes().causes()) {
        const CauseText* t = k.causes().find(key.first, key.second);
        assert_non_null(t);
        const std::string g = "cause " + e.protocol + " " + std::to_string(e.value);
        c.text(g, "meaning", e.meaning, t->meaning);
        c.text(g, "seen_when", e.seen_when, t->seen_when);
        c.text(g, "fix", e.fix, t->fix);
        c.same(g + " name", e.name, t->name);
        c.label_fits(g + " seen_when", k, "cause.seen_when", t->seen_when);
        c.label_fits(g + " fix", k, "cause.fix", t->fix);
        std::string full;
        append_template(full, ui.phrase(Phrase::summary_cause), {{"protocol", t->protocol}, {"value", std::to_string(t->value)},
                                                                 {"name", t->name}, {"meaning", t->meaning}});
        c.summary_fits(g, full, t->summary);
    }
    for (const auto& [code, e] : en.warnings().codes()) {
        const WarningText* t = k.warnings().lookup(code);
        const std::string g = "warning " + std::to_string(code);
        c.text(g, "meaning", e.meaning, t->meaning);
        c.text(g, "fix", e.fix, t->fix);
        c.same(g + " name", e.name, t->name);
        c.label_fits(g + " fix", k, "warning.fix", t->fix);
        std::string full;
        char three[8];
        g_snprintf(three, sizeof three, "%03u", code);
        append_template(full, ui.phrase(Phrase::summary_warning), {{"code", three}, {"name", t->name}, {"meaning", t->meaning}});
        c.summary_fits(g, full, t->summary);
    }
    c.text("warning unregistered", "meaning", en.warnings().unregistered().meaning, k.warnings().unregistered().meaning);
    c.text("warning unregistered", "fix", en.warnings().unregistered().fix, k.warnings().unregistered().fix);
    for (unsigned p = 0; p < kDetailPartCount; ++p) {
        const auto part = static_cast<DetailPart>(p);
        c.text(std::string("detail ") + detail_part_info(part).name, "text", en.details().text(part), k.details().text(part));
    }
    for (const char* key : label_keys())
        c.text("labels", key, en.ui().label(key), ui.label(key));
    for (size_t p = 0; p < kPhraseCount; ++p) {
        const Phrase phrase = static_cast<Phrase>(p);
        c.text("phrases", phrase_info(phrase).key, en.ui().phrase(phrase), ui.phrase(phrase));
    }
    c.report();
    print_message("%s: %zu texts checked\n", language.c_str(), c.texts);
}

void test_portuguese(void**) { check_language("pt"); }
void test_chinese(void**) { check_language("zh"); }
void test_french(void**) { check_language("fr"); }
void test_spanish(void**) { check_language("es"); }
void test_german(void**) { check_language("de"); }

// The seeds' section headings, exactly (sipadvice-explain prints them).
void test_seed_headings(void**)
{
    const std::map<std::string, std::vector<std::string>> seeds = {
        {"pt", {"Descrição", "Quando você o vê", "Como corrigir", "Diferenças principais", "Quando usar qual"}},
        {"zh", {"描述", "何时出现", "如何修复", "主要区别", "何时使用哪个"}},
        {"fr", {"Description", "Quand vous le voyez", "Comment résoudre", "Différences clés", "Quand utiliser lequel"}},
    };
    const Phrase headings[] = {Phrase::explain_description, Phrase::explain_seen_when, Phrase::explain_fix,
                               Phrase::explain_differences, Phrase::explain_which};
    for (const auto& [language, want] : seeds)
        for (size_t i = 0; i < want.size(); ++i)
            assert_string_equal(in(language).ui().phrase(headings[i]).c_str(), want[i].c_str());
}

void test_language_from_locale(void**)
{
    const auto pick = [](std::vector<const char*> names) {
        names.push_back(nullptr);
        return language_from_locale(names.data());
    };
    assert_string_equal(pick({"pt_BR.UTF-8", "pt_BR", "pt", "C"}).c_str(), "pt");
    assert_string_equal(pick({"zh_CN.utf8", "zh_CN", "zh", "C"}).c_str(), "zh");
    assert_string_equal(pick({"de_DE@euro", "de", "C"}).c_str(), "de");
    assert_string_equal(pick({"C.UTF-8", "C"}).c_str(), "en");
    assert_string_equal(pick({"POSIX"}).c_str(), "en");
    assert_string_equal(pick({}).c_str(), "en");
    assert_string_equal(pick({"it_IT.UTF-8", "it"}).c_str(), "it");  // no built-in texts; a user file may have some
    assert_string_equal(pick({"en_GB.UTF-8"}).c_str(), "en");
}

// A user file translates a text for its language only; the other languages keep theirs.
void test_user_translation(void**)
{
    for (const std::string language : {"pt", "it", ""}) {
        Knowledge k = in(language.empty() ? "en" : language == "it" ? "en" : language);
        k.set_language(language);
        std::vector<Diagnostic> d;
        k.load("[430]\nmeaning[pt]=Meu texto.\nmeaning[it]=Il mio testo.\n[labels]\nfix[it]=Soluzione\n", "sipadvice.ini", false, d);
        k.finalize();
        assert_int_equal(d.size(), 0);
        const std::string meaning = k.lookup(430).text->meaning;
        if (language == "pt")
            assert_string_equal(meaning.c_str(), "Meu texto.");
        else if (language == "it") {
            assert_string_equal(meaning.c_str(), "Il mio testo.");
            assert_string_equal(k.ui().label("fix").c_str(), "Soluzione");
        } else
            assert_string_equal(meaning.c_str(), english().lookup(430).text->meaning.c_str());
    }
}

// sipadvice-explain's comparison: the seeds' pairs find their rule, each side its own texts, in the language.
void test_comparison_pages(void**)
{
    const struct {
        const char* language;
        uint32_t a, b;
        const char* rule;
    } pairs[] = {{"pt", 204, 430, "subscription-flow-failed"}, {"zh", 100, 430, "trying-then-flow-failed"},
                 {"fr", 204, 600, "no-notification-then-busy-everywhere"}, {"en", 204, 430, "subscription-flow-failed"}};
    for (const auto& p : pairs) {
        const std::string language = p.language;  // a named string: in() returns into its cache, not into a temporary
        const Knowledge& k = in(language);
        const Comparison c = compare_codes(k, p.a, p.b);
        assert_string_equal(c.a.meaning.c_str(), k.lookup(p.a).text->meaning.c_str());
        assert_string_equal(c.b.fix.c_str(), k.lookup(p.b).text->fix.c_str());
        assert_false(c.a.use_when.empty());
        assert_int_equal(c.which.size(), 2);
        assert_true(c.dialog.size() >= 1);
        assert_string_equal(c.dialog.front().id.c_str(), p.rule);
        assert_true(c.no_dialog_rule.empty());
        assert_int_equal(c.differences.size(), 4);
    }
    // No rule for a pair no rule names; the class-wide rules (a failure after a 2xx) are not shown for it.
    const Comparison none = compare_codes(english(), 200, 487);
    assert_true(none.dialog.empty());
    assert_false(none.no_dialog_rule.empty());
    // One code's page: its per-method texts and the rules it takes part in.
    const CodePage page = code_page(english(), 481);
    assert_true(page.methods.size() >= 5);
    assert_false(page.rules.empty());
    const CodePage method = code_page(english(), 200, Method::REGISTER);
    assert_string_equal(method.meaning.c_str(), english().lookup(200, Method::REGISTER).text->meaning.c_str());
    assert_true(method.methods.empty());
    uint32_t code = 0;
    for (const char* bad : {"0", "700", "99", "1000", "43x", "abc", "", "-430", "+430", " 430"})
        assert_false(parse_status_code(bad, code));
    assert_true(parse_status_code("499", code));
    assert_int_equal(code, 499);
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_portuguese),       cmocka_unit_test(test_chinese),
        cmocka_unit_test(test_french),           cmocka_unit_test(test_spanish),
        cmocka_unit_test(test_german),           cmocka_unit_test(test_seed_headings),
        cmocka_unit_test(test_language_from_locale), cmocka_unit_test(test_user_translation),
        cmocka_unit_test(test_comparison_pages),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
