// User knowledge files: overrides and additions work; every malformed file is named with its line, and the
// built-in data stays in use for whatever the file could not change.
#include "cmocka_cpp.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <string>
#include <vector>

#include "knowledge.h"

using namespace sipadvice;

namespace {

const char kFile[] = "sipadvice.ini";

struct Loaded {
    Knowledge k;
    std::vector<Diagnostic> diags;
};

Loaded load_user(const std::string& text)
{
    Loaded l;
    l.k = builtin_knowledge(l.diags);
    assert_int_equal(l.diags.size(), 0);
    l.k.load(text, kFile, false, l.diags);
    l.k.finalize();
    return l;
}

std::string builtin_meaning(uint32_t code)
{
    std::vector<Diagnostic> d;
    const Knowledge k = builtin_knowledge(d);
    return k.lookup(code).text->meaning;
}

const Rule* rule(const Knowledge& k, const std::string& id)
{
    for (const Rule& r : k.rules())
        if (r.id == id)
            return &r;
    return nullptr;
}

const std::string kNewCode =
    "[499]\nreason=Vendor Quota Exceeded\nmeaning=The vendor's softswitch refused the call for quota reasons.\n"
    "seen_when=Seen on trunks of one vendor when the monthly minute quota is used up.\n"
    "fix=Raise the quota on the vendor portal or route the call over another trunk.\nrfc=none (vendor)\nseverity=note\n";

void test_user_file_overrides_one_key_and_keeps_the_others(void**)
{
    const Loaded l = load_user("# ours\n[430]\nmeaning=Our edge proxy lost the TCP connection to the phone.\n");
    assert_int_equal(l.diags.size(), 0);
    const CodeInfo info = l.k.lookup(430);
    assert_string_equal(info.text->meaning.c_str(), "Our edge proxy lost the TCP connection to the phone.");
    assert_string_equal(info.text->reason.c_str(), "Flow Failed");
    assert_true(info.registered);
}

void test_user_file_adds_an_unregistered_code(void**)
{
    const Loaded l = load_user(kNewCode);
    assert_int_equal(l.diags.size(), 0);
    const CodeInfo info = l.k.lookup(499);
    assert_string_equal(info.text->reason.c_str(), "Vendor Quota Exceeded");
    assert_false(info.registered);
    assert_int_equal(static_cast<int>(info.text->severity), static_cast<int>(Severity::note));
}

void test_user_file_may_mark_a_new_code_registered(void**)
{
    const Loaded l = load_user(kNewCode + "registered=true\n");
    assert_int_equal(l.diags.size(), 0);
    assert_true(l.k.lookup(499).registered);
}

void test_user_file_disables_and_retunes_rules(void**)
{
    const Loaded l = load_user("[rule terminated-without-cancel]\nenabled=false\n[rule overload-persists]\nseverity=note\n");
    assert_int_equal(l.diags.size(), 0);
    assert_false(rule(l.k, "terminated-without-cancel")->enabled);
    assert_int_equal(static_cast<int>(rule(l.k, "overload-persists")->severity), static_cast<int>(Severity::note));
    for (const uint16_t i : l.k.rules_with_later(487))
        assert_string_not_equal(l.k.rules()[i].id.c_str(), "terminated-without-cancel");
}

void test_user_file_adds_a_rule(void**)
{
    const Loaded l = load_user(
        "[rule vendor-quota-after-ringing]\nearlier=180\nlater=499\nscope=transaction\nseverity=warning\n"
        "summary=Rang, then the vendor quota stopped the call\nexplanation=The trunk vendor checks the quota only after alerting.\n"
        "advice=Raise the quota or route around the vendor.\n");
    assert_int_equal(l.diags.size(), 0);
    const Rule* r = rule(l.k, "vendor-quota-after-ringing");
    assert_non_null(r);
    assert_true(r->earlier.contains(180));
    assert_int_equal(static_cast<int>(r->scope), static_cast<int>(Scope::transaction));
}

void test_translations_are_accepted(void**)
{
    const Loaded l = load_user("[430]\nmeaning=Our edge proxy lost the flow.\nmeaning[de]=Unser Edge-Proxy hat den Flow verloren.\n");
    assert_int_equal(l.diags.size(), 0);
}

// One malformed input per row: the diagnostic must name the file, the line and say what is wrong, and 430
// must keep its built-in meaning.
struct BadCase {
    const char* name;
    std::string text;
    int line;
    const char* says;
};

void test_malformed_user_files_are_named_by_line(void**)
{
    const std::string huge(5000, 'x');
    const std::vector<BadCase> cases = {
        {"syntax error", "[430]\nthis line has no equals sign\n", 2, "expected key=value"},
        {"key before any group", "meaning=orphan\n[430]\n", 1, "before the first [group]"},
        {"unclosed group header", "[430\nmeaning=x\n", 1, "group header"},
        {"non-UTF-8", "[430]\nmeaning=caf\xe9 au lait\n", 2, "not valid UTF-8"},
        {"NUL byte", std::string("[430]\nmeaning=a\0b\n", 17), 2, "NUL"},
        {"unknown key", "[430]\nfix=Check the flow token of the registration here.\nmeanin=typo\n", 3, "unknown key 'meanin'"},
        {"duplicate code", "[430]\nfix=First fix text long enough.\n\n[430]\nfix=Second fix text.\n", 4, "appears again (first at line 1)"},
        {"code out of range", "[700]\nmeaning=nope\n", 1, "not a SIP status code"},
        {"code with four digits", "[0430]\nmeaning=nope\n", 1, "three digits"},
        {"code too big for any integer", "[99999999999999999999]\nmeaning=x\n", 1, "not a SIP status code"},
        {"huge text", "[430]\nmeaning=" + huge + "\n", 2, "5000 bytes long; the limit is 1024"},
        {"empty value", "[430]\nmeaning=\n", 2, "'meaning' is empty"},
        {"control character", "[430]\nmeaning=a\\tb\n", 2, "control character"},
        {"bad escape", "[430]\nmeaning=a\\qb\n", 2, "cannot read 'meaning'"},
        {"bad severity", "[430]\nseverity=critical\n", 2, "severity 'critical'"},
        {"new code missing keys", "[498]\nreason=Something\nmeaning=Something happened here.\n", 1, "missing: seen_when, fix, rfc, severity"},
        {"unknown group", "[frobnicate]\nx=y\n", 1, "unknown group [frobnicate]"},
        {"new code only translated", "[498]\nmeaning[de]=Etwas\n", 1, "missing: reason, meaning,"},
        {"bad rule id", "[rule Bad_Id]\nseverity=note\n", 1, "rule id"},
        {"new rule missing keys", "[rule mine]\nearlier=180\n", 1, "missing: later, scope, severity"},
        {"bad code pattern", "[rule terminated-without-cancel]\nearlier=4x5\n", 2, "'4x5'"},
        {"unknown method", "[rule terminated-without-cancel]\nearlier_method=INVTE\n", 2, "unknown method 'INVTE'"},
        {"same with methods", "[rule terminated-without-cancel]\nlater_method=same;INVITE\n", 2, "'same' cannot be combined"},
        {"bad scope", "[rule terminated-without-cancel]\nscope=galaxy\n", 2, "scope 'galaxy'"},
        {"bad boolean", "[rule terminated-without-cancel]\nenabled=perhaps\n", 2, "true or false"},
    };
    const std::string before = builtin_meaning(430);
    for (const BadCase& c : cases) {
        const Loaded l = load_user(c.text);
        if (l.diags.empty())
            fail_msg("%s: no diagnostic", c.name);
        const Diagnostic& d = l.diags.front();
        assert_string_equal(d.file.c_str(), kFile);
        if (d.line != c.line)
            fail_msg("%s: line %d, expected %d (%s)", c.name, d.line, c.line, d.message.c_str());
        if (d.message.find(c.says) == std::string::npos)
            fail_msg("%s: \"%s\" does not say \"%s\"", c.name, d.message.c_str(), c.says);
        assert_contains(d.to_string(), std::string(kFile) + ":" + std::to_string(c.line) + ": ");
        assert_string_equal(l.k.lookup(430).text->meaning.c_str(), before.c_str());
        assert_non_null(rule(l.k, "terminated-without-cancel"));
        assert_true(rule(l.k, "terminated-without-cancel")->enabled);
    }
}

void test_a_bad_group_does_not_block_a_good_one(void**)
{
    const Loaded l = load_user("[430]\nseverity=critical\n\n[486]\nfix=Ask the callee to turn call waiting on.\n");
    assert_int_equal(l.diags.size(), 1);
    assert_string_equal(l.k.lookup(486).text->fix.c_str(), "Ask the callee to turn call waiting on.");
    assert_string_equal(l.k.lookup(430).text->meaning.c_str(), builtin_meaning(430).c_str());
}

// A typo in one key costs that key only: the group's other keys apply, and the diagnostic suggests the key meant.
void test_a_misspelt_key_keeps_the_rest_of_the_group(void**)
{
    const Loaded l = load_user("[430]\nseen_wen=typo\nfix=Check our SBC's flow table.\n");
    assert_int_equal(l.diags.size(), 1);
    assert_contains(l.diags[0].to_string(), "sipadvice.ini:2: unknown key 'seen_wen' (did you mean 'seen_when'?)");
    assert_string_equal(l.k.lookup(430).text->fix.c_str(), "Check our SBC's flow table.");
}

// Texts that Wireshark would cut are kept whole in the fields, but the file says where they are too long.
void test_texts_longer_than_a_label_are_reported(void**)
{
    const std::string long_fix(260, 'f');
    const Loaded l = load_user("[486]\nfix=" + long_fix + "\n");
    assert_true(l.diags.size() >= 1);
    assert_contains(l.diags[0].to_string(), "sipadvice.ini:2: 'fix' is 260 bytes: the details pane shows \"Fix: …\" cut at 239");
    assert_string_equal(l.k.lookup(486).text->fix.c_str(), long_fix.c_str());  // used, whole
    const Loaded m = load_user("[486]\nmeaning=" + std::string(150, 'm') + "\n");
    assert_int_equal(m.diags.size(), 1);
    assert_contains(m.diags[0].to_string(), "the Expert Info summary");
    assert_contains(m.diags[0].to_string(), "shorten meaning or fix");
}

// Files on disk: missing (fine, nothing to do), empty, a directory in its place.
// A copy is independent and has working lookups (its tables point into its own entries).
void test_copy_is_independent(void**)
{
    std::vector<Diagnostic> d;
    Knowledge original = builtin_knowledge(d);
    Knowledge copy = original;
    copy.load("[430]\nmeaning=Changed in the copy only, nowhere else.\n", kFile, false, d);
    copy.finalize();
    assert_int_equal(d.size(), 0);
    assert_string_equal(copy.lookup(430).text->meaning.c_str(), "Changed in the copy only, nowhere else.");
    assert_string_equal(original.lookup(430).text->meaning.c_str(), builtin_meaning(430).c_str());
    assert_int_equal(copy.rules().size(), original.rules().size());
    assert_true(copy.lookup(430).text != original.lookup(430).text);
}

void test_user_file_on_disk(void**)
{
    gchar* dir = g_dir_make_tmp("sipadvice-test-XXXXXX", nullptr);
    assert_non_null(dir);
    const std::string base(dir);
    g_free(dir);
    std::vector<Diagnostic> d;

    Knowledge k = builtin_knowledge(d);
    assert_true(k.load_user_file(base + "/absent.ini", d));
    assert_int_equal(d.size(), 0);

    const std::string empty = base + "/empty.ini";
    assert_true(g_file_set_contents(empty.c_str(), "", 0, nullptr));
    assert_false(k.load_user_file(empty, d));
    assert_int_equal(d.size(), 1);
    assert_contains(d[0].to_string(), empty + ":1: the file is empty");

    d.clear();
    const std::string subdir = base + "/sipadvice.ini";
    assert_int_equal(g_mkdir(subdir.c_str(), 0700), 0);
    assert_false(k.load_user_file(subdir, d));
    assert_int_equal(d.size(), 1);
    assert_contains(d[0].to_string(), subdir + ": is a directory");

    d.clear();
    const std::string good = base + "/good.ini";
    const std::string text = "[486]\nfix=Ask the callee to turn call waiting on.\n";
    assert_true(g_file_set_contents(good.c_str(), text.c_str(), static_cast<gssize>(text.size()), nullptr));
    assert_true(k.load_user_file(good, d));
    k.finalize();
    assert_int_equal(d.size(), 0);
    assert_string_equal(k.lookup(486).text->fix.c_str(), "Ask the callee to turn call waiting on.");

    g_remove(empty.c_str());
    g_remove(good.c_str());
    g_rmdir(subdir.c_str());
    g_rmdir(base.c_str());
}

}  // namespace

int main()
{
    const CMUnitTest tests[] = {
        cmocka_unit_test(test_user_file_overrides_one_key_and_keeps_the_others),
        cmocka_unit_test(test_user_file_adds_an_unregistered_code),
        cmocka_unit_test(test_user_file_may_mark_a_new_code_registered),
        cmocka_unit_test(test_user_file_disables_and_retunes_rules),
        cmocka_unit_test(test_user_file_adds_a_rule),
        cmocka_unit_test(test_translations_are_accepted),
        cmocka_unit_test(test_malformed_user_files_are_named_by_line),
        cmocka_unit_test(test_a_bad_group_does_not_block_a_good_one),
        cmocka_unit_test(test_a_misspelt_key_keeps_the_rest_of_the_group),
        cmocka_unit_test(test_texts_longer_than_a_label_are_reported),
        cmocka_unit_test(test_copy_is_independent),
        cmocka_unit_test(test_user_file_on_disk),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
