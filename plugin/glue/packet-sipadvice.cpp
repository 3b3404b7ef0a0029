// Wireshark glue of SIP Advice: registers the protocol, fields, expert items and preferences, hands the SIP
// messages of each frame to the core on the first pass, and renders the core's stored results on every pass.
#define WS_LOG_DOMAIN "sipadvice"  // tshark --log-level info --log-domains sipadvice shows the state summary

#include "packet-sipadvice.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <wsutil/filesystem.h>
#include <wsutil/report_message.h>
#include <wsutil/wslog.h>

#include <glib/gstdio.h>

#include <array>
#include <deque>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "extras.h"
#include "experts.h"
#include "fields.h"
#include "knowledge.h"
#include "render.h"
#include "stats.h"
#include "sip_message.h"
#include "sip_syntax.h"
#include "tracker.h"
#include "ws_compat.h"

using namespace sipadvice;
using namespace sipadvice::glue;

namespace sipadvice::glue {
FieldIds hf;
SubtreeIds ett;
Preferences settings;
}  // namespace sipadvice::glue

namespace {

constexpr const char kUserFileName[] = "sipadvice.ini";

dissector_handle_t sipadvice_handle;

// The one SIP field wanted on the first pass: the `sip` protocol item, one per SIP message, whose byte range
// is the message. The values the tracker needs are read from those bytes (sip_message.h says why).
constexpr const char kSipField[] = "sip";
int hf_sip = -1;

// File-scope state: built in the init routine, released in the cleanup routine (every file open/close).
std::unique_ptr<Knowledge> knowledge;
std::unique_ptr<Tracker> tracker;
std::unique_ptr<ExtrasStore> extras;
// The capture as far as the first pass has read it: its last frame's time, and whether the tracker has concluded
// what only the end can tell since (finish()).
uint32_t end_ms = 0;
bool finished = true;

// The user file as last loaded, to reload only when it or the language changed.
struct FileStamp {
    std::string language;
    std::string path;
    bool exists = false;
    gint64 mtime = 0;
    gint64 size = 0;
    bool operator==(const FileStamp& o) const
    {
        return language == o.language && path == o.path && exists == o.exists && mtime == o.mtime && size == o.size;
    }
};
FileStamp loaded_stamp;

FileStamp stamp_of(const std::string& language, const std::string& path)
{
    FileStamp s;
    s.language = language;
    s.path = path;
    GStatBuf st;
    if (g_stat(path.c_str(), &st) == 0) {
        s.exists = true;
        s.mtime = static_cast<gint64>(st.st_mtime);
        s.size = static_cast<gint64>(st.st_size);
    }
    return s;
}

// The language preference: Auto follows the locale; the others are the languages of the built-in texts. Its
// values' names are the language codes (tshark -o sipadvice.language:pt).
const enum_val_t kLanguageValues[] = {
    {"auto", "Auto (the system's language)", 0}, {"en", "English", 1}, {"pt", "Português", 2}, {"zh", "中文", 3},
    {"fr", "Français", 4}, {"es", "Español", 5}, {"de", "Deutsch", 6}, {nullptr, nullptr, 0},
};
static_assert(std::size(kLanguageValues) == std::size(kLanguages) + 2, "Auto, one value per language, the end");

std::string chosen_language()
{
    if (settings.language > 0 && static_cast<size_t>(settings.language) <= std::size(kLanguages))
        return kLanguages[settings.language - 1];
    return language_from_locale(g_get_language_names());
}

// The built-in knowledge in `language`, parsed once per process and language.
const Knowledge& builtin_for(const std::string& language)
{
    static std::map<std::string, Knowledge> builtin;
    auto it = builtin.find(language);
    if (it == builtin.end()) {
        std::vector<Diagnostic> shipped_problems;
        it = builtin.emplace(language, builtin_knowledge(shipped_problems, language)).first;
        for (const auto& d : shipped_problems)
            ws_warning("%s", d.to_string().c_str());
    }
    return it->second;
}

// The registered field labels, Expert Information group titles and statistics names, in the knowledge's language.
// Wireshark keeps pointers to the registered field infos, so a label is changed in place.
hf_register_info* registered_fields = nullptr;
size_t registered_field_count = 0;
std::deque<std::string> label_texts;

void apply_language(const Knowledge& k)
{
    for (size_t i = 0; i < registered_field_count; ++i) {
        header_field_info& f = registered_fields[i].hfinfo;
        const std::string& label = k.ui().label(std::string_view(f.abbrev).substr(sizeof("sipadvice.") - 1));
        if (!label.empty() && label != f.name)
            f.name = label_texts.emplace_back(label).c_str();
    }
    experts.retitle(k);
    set_statistics_language(k.ui());
}

// Built-in knowledge in the chosen language plus the user's file from the personal configuration folder (profile
// aware). Problems in the user file are reported once, naming file and line; the built-in data stays in use.
void load_knowledge()
{
    gchar* path_c = get_persconffile_path(kUserFileName, TRUE);
    const std::string path = path_c ? path_c : "";
    g_free(path_c);
    const std::string language = chosen_language();
    const FileStamp stamp = stamp_of(language, path);
    if (knowledge && stamp == loaded_stamp)
        return;

    auto k = std::make_unique<Knowledge>(builtin_for(language));  // a changed user file starts from a copy

    std::vector<Diagnostic> problems;
    if (!path.empty())
        k->load_user_file(path, problems);
    k->finalize();
    if (!problems.empty()) {
        std::string msg = "SIP Advice: problems in your knowledge file; the built-in data is used where they are:\n";
        for (const auto& d : problems)
            msg += d.to_string() + "\n";
        msg += "Fix the file (the README describes its format), then reload the capture.";
        report_warning("%s", msg.c_str());
    }
    apply_language(*k);
    knowledge = std::move(k);
    loaded_stamp = stamp;
}

// A changed preference (the language): its labels, Expert titles and statistics names at once, since taps are
// made before the next dissection starts. The knowledge itself is replaced by the init routine of that
// dissection, never here, under a tracker that holds it.
void apply_preferences(void)
{
    const std::string language = chosen_language();
    if (!knowledge || language != loaded_stamp.language)
        apply_language(builtin_for(language));
}

void init_sipadvice(void)
{
    load_knowledge();
    tracker = std::make_unique<Tracker>(*knowledge);
    extras = std::make_unique<ExtrasStore>();
    end_ms = 0;
    finished = true;

    if (hf_sip == -1) {
        ws_warning("this Wireshark has no field %s: SIP Advice stays idle", kSipField);
        return;
    }
    GArray* fields = g_array_sized_new(FALSE, FALSE, static_cast<guint>(sizeof(int)), 1);
    g_array_append_val(fields, hf_sip);
    set_postdissector_wanted_hfids(sipadvice_handle, fields);
}

void cleanup_sipadvice(void)
{
    if (tracker) {
        const size_t tracked = tracker->call_count() + tracker->dialog_count();
        ws_info("%u responses in %zu calls and %zu dialogs; dialog state %zu bytes (%.1f per call or dialog); "
                "per-response records %zu bytes; %zu request transactions in %zu bytes; Call-IDs kept %zu bytes",
                tracker->size(), tracker->call_count(), tracker->dialog_count(), tracker->state_bytes(),
                tracked ? static_cast<double>(tracker->state_bytes()) / static_cast<double>(tracked) : 0.0,
                tracker->record_bytes(), tracker->request_count(), tracker->request_bytes(), tracker->call_id_bytes());
    }
    tracker.reset();
    extras.reset();
    set_postdissector_wanted_hfids(sipadvice_handle, nullptr);
}

// Milliseconds since the capture's first frame (saturating).
uint32_t time_ms(const packet_info* pinfo)
{
    if (pinfo->rel_ts.secs < 0)
        return 0;
    const uint64_t ms = static_cast<uint64_t>(pinfo->rel_ts.secs) * 1000u + static_cast<uint64_t>(pinfo->rel_ts.nsecs) / 1000000u;
    return static_cast<uint32_t>(MIN(ms, static_cast<uint64_t>(UINT32_MAX)));
}

// First pass, one response: its record, and what the headers its code needed say (for a challenge, first: its
// realm tells a loop from a challenge of another realm).
void observe_response(packet_info* pinfo, const SipMessage& m, const HeaderValues& values)
{
    ResponseFacts facts;
    facts.time_ms = time_ms(pinfo);
    if (m.code == 401 || m.code == 407) {
        const std::string_view challenge = values.first(m.code == 401 ? Header::www_authenticate : Header::proxy_authenticate);
        facts.challenge_realm = realm_hash(auth_param(challenge, "realm"));
        facts.stale = iequals_ascii(auth_param(challenge, "stale"), "true");
    }
    const uint32_t index = tracker->observe(pinfo->num, m, facts);
    if (index == kNone || (values.count == 0 && !response_needs_request(m.code)))
        return;  // nothing to explain beyond the code (most responses)
    RequestMemo request;
    const bool captured = response_needs_request(m.code) && tracker->find_request(m, request);
    Extras x = response_extras(m.code, m.method, values, captured ? &request : nullptr, knowledge->details());
    if (x.empty())
        return;
    extras->add(index, std::move(x));
    tracker->set_flag(index, Record::kExtras);
}

// First pass, one request: its transaction (what its responses may point back to), and a record of its own
// when it carries a Reason (or when the tracker has something to say of it).
void observe_request(packet_info* pinfo, const SipMessage& m, const HeaderValues& values)
{
    Extras x = reasons_and_warnings(values);
    const bool shown = !x.reasons.empty() || x.reasons_left_out;
    const uint32_t index = tracker->observe_request(pinfo->num, m, request_memo(pinfo->num, time_ms(pinfo), m, values), shown);
    if (index == kNone || !shown)
        return;
    x.warnings.clear();  // a Warning belongs in responses (RFC 3261 §20.43)
    x.warnings_left_out = 0;
    extras->add(index, std::move(x));
    tracker->set_flag(index, Record::kExtras);
}

// First pass: read the frame's SIP messages. Each `sip` item covers exactly one message, so several messages in
// one TCP segment stay apart.
void observe_frame(packet_info* pinfo, proto_tree* tree)
{
    const GPtrArray* messages = proto_get_finfo_ptr_array(tree, hf_sip);
    for (guint i = 0; messages && i < messages->len; ++i) {
        const auto* fi = static_cast<const field_info*>(g_ptr_array_index(messages, i));
        if (!fi->ds_tvb)
            continue;
        const gint available = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
        if (available <= 0)
            continue;  // a truncated frame
        const gint length = fi->length > 0 ? MIN(fi->length, available) : available;
        const auto* data = reinterpret_cast<const char*>(tvb_get_ptr(fi->ds_tvb, fi->start, length));
        const std::string_view bytes(data, static_cast<size_t>(length));
        SipMessage m;
        HeaderValues values;
        // One pass: a request is read whole (its credentials, Reason and what its responses may point back to);
        // a response only up to the tracker's headers, unless its code needs more.
        if (!parse_sip_message(bytes, m, wanted_headers, &values))
            continue;  // neither a Status-Line nor a Request-Line: a continuation
        if (m.is_response)
            observe_response(pinfo, m, values);
        else
            observe_request(pinfo, m, values);
    }
}

int dissect_sipadvice(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*)
{
    if (!tracker)
        return 0;
    if (!pinfo->fd->visited) {
        observe_frame(pinfo, tree);
        end_ms = MAX(end_ms, time_ms(pinfo));
        finished = false;
    } else if (!finished) {  // the first pass is over (or paused, in a live capture): conclude what the end tells
        tracker->finish(end_ms);
        finished = true;
    }
    const RenderContext context{*knowledge, *tracker, *extras};
    const auto [first, last] = tracker->frame_records(pinfo->num);
    for (uint32_t i = first; i < last; ++i)
        render_record(context, tvb, pinfo, tree, i);
    const auto [u_first, u_last] = tracker->unanswered_records(pinfo->num);
    for (uint32_t i = u_first; i < u_last; ++i)
        render_unanswered(context, tvb, pinfo, tree, tracker->unanswered(i));
    tap_frame(pinfo, context, first, last, u_first, u_last);
    return 0;
}

}  // namespace

void proto_register_sipadvice(void)
{
    constexpr auto str = FT_STRING;
    static hf_register_info fields[] = {
        {&hf.request, {"Request", "sipadvice.request", str, BASE_NONE, nullptr, 0x0,
                       "On a request's subtree (one with a Reason, or flagged): its method", HFILL}},
        {&hf.code, {"Code", "sipadvice.code", FT_UINT32, BASE_DEC, nullptr, 0x0, "SIP status code", HFILL}},
        {&hf.reason, {"Reason", "sipadvice.reason", str, BASE_NONE, nullptr, 0x0,
                      "Reason phrase of the IANA registry (not the phrase on the wire)", HFILL}},
        {&hf.cls, {"Class", "sipadvice.class", str, BASE_NONE, nullptr, 0x0,
                   "provisional, success, redirection, client-failure, server-failure, global-failure or invalid", HFILL}},
        {&hf.meaning, {"Meaning", "sipadvice.meaning", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.seen_when, {"Seen when", "sipadvice.seen_when", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.fix, {"Fix", "sipadvice.fix", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.rfc, {"RFC", "sipadvice.rfc", str, BASE_NONE, nullptr, 0x0, "Where the code is defined", HFILL}},
        {&hf.severity, {"Severity", "sipadvice.severity", str, BASE_NONE, nullptr, 0x0,
                        "chat, note, warning or error: the severity of this response's Expert Info (README: how severities "
                        "were chosen)", HFILL}},
        {&hf.unregistered, {"Unregistered", "sipadvice.unregistered", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                            "Present (true) when the code is not in the IANA SIP response code registry", HFILL}},
        {&hf.retransmission, {"Retransmission", "sipadvice.retransmission", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                              "The same response again: not compared with earlier responses", HFILL}},
        {&hf.copy, {"Relayed copy", "sipadvice.copy", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                    "The same response relayed by a proxy onto the next leg (both legs captured): one event, not compared",
                    HFILL}},
        {&hf.outcome, {"Call attempt outcome", "sipadvice.outcome", str, BASE_NONE, nullptr, 0x0,
                       "On the final response to an INVITE that is no re-INVITE: answered, cancelled, busy, redirected, "
                       "challenged or rejected", HFILL}},
        {&hf.path, {"Dialog path", "sipadvice.dialog.path", str, BASE_NONE, nullptr, 0x0,
                    "The responses of this dialog so far (the last eight)", HFILL}},
        {&hf.detail, {"What to change", "sipadvice.detail", str, BASE_NONE, nullptr, 0x0,
                      "Built from this response's headers and its request's: the values that say what to change", HFILL}},
        {&hf.contrast, {"Contrast", "sipadvice.contrast", str, BASE_NONE, nullptr, 0x0,
                        "What this response means after the earlier one", HFILL}},
        {&hf.contrast_rule, {"Rule", "sipadvice.contrast.rule", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.contrast_earlier_code, {"Earlier code", "sipadvice.contrast.earlier_code", FT_UINT32, BASE_DEC, nullptr, 0x0, nullptr, HFILL}},
        {&hf.contrast_earlier_frame, {"Earlier response in frame", "sipadvice.contrast.earlier_frame", FT_FRAMENUM, BASE_NONE,
                                      FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, nullptr, HFILL}},
        {&hf.contrast_explanation, {"Explanation", "sipadvice.contrast.explanation", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.contrast_advice, {"Advice", "sipadvice.contrast.advice", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.contrast_later_frame, {"Later contrast in frame", "sipadvice.contrast.later_frame", FT_FRAMENUM, BASE_NONE,
                                    FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
                                    "A later response of this dialog that contrasts with this one", HFILL}},
        {&hf.cause, {"Cause", "sipadvice.cause", str, BASE_NONE, nullptr, 0x0,
                     "A reason-value of a Reason header (RFC 3326): protocol, value and name", HFILL}},
        {&hf.cause_protocol, {"Protocol", "sipadvice.cause.protocol", str, BASE_NONE, nullptr, 0x0,
                              "Q.850, SIP, RELEASE_CAUSE … (IANA Reason Protocols registry)", HFILL}},
        {&hf.cause_value, {"Value", "sipadvice.cause.value", FT_UINT32, BASE_DEC, nullptr, 0x0, "The cause parameter", HFILL}},
        {&hf.cause_name, {"Name", "sipadvice.cause.name", str, BASE_NONE, nullptr, 0x0,
                          "The value's name as its standard gives it", HFILL}},
        {&hf.cause_text, {"Text on the wire", "sipadvice.cause.text", str, BASE_NONE, nullptr, 0x0,
                          "The text parameter the sender gave", HFILL}},
        {&hf.cause_meaning, {"Meaning", "sipadvice.cause.meaning", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.cause_seen_when, {"Seen when", "sipadvice.cause.seen_when", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.cause_fix, {"Fix", "sipadvice.cause.fix", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.cause_rfc, {"Defined in", "sipadvice.cause.rfc", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.cause_mismatch, {"Contradicts the code", "sipadvice.cause.mismatch", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                              "The response's code is not one the cause maps to (RFC 3398)", HFILL}},
        {&hf.causes_not_shown, {"Reason values not shown", "sipadvice.cause.not_shown", FT_UINT32, BASE_DEC, nullptr, 0x0,
                                "More reason-values than the plugin shows per message (the first ones are shown)", HFILL}},
        {&hf.warnings_not_shown, {"Warning values not shown", "sipadvice.warning.not_shown", FT_UINT32, BASE_DEC, nullptr, 0x0,
                                  "More warning-values than the plugin shows per message (the first ones are shown)", HFILL}},
        {&hf.unanswered, {"Unanswered", "sipadvice.unanswered", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                          "No final response within 64*T1 (32 s) while the capture went on, or none by its end "
                          "(known once the whole capture was read: GUI, tshark -2)", HFILL}},
        {&hf.unanswered_last, {"Last provisional", "sipadvice.unanswered.last", str, BASE_NONE, nullptr, 0x0,
                               "The newest provisional response the request got", HFILL}},
        {&hf.unanswered_sent, {"Times sent", "sipadvice.unanswered.sent", FT_UINT32, BASE_DEC, nullptr, 0x0,
                               "The request and its retransmissions", HFILL}},
        {&hf.unanswered_waited, {"Waited", "sipadvice.unanswered.waited", FT_RELATIVE_TIME, BASE_NONE, nullptr, 0x0,
                                 "From the request to the end of the capture", HFILL}},
        {&hf.warning, {"Warning", "sipadvice.warning", str, BASE_NONE, nullptr, 0x0,
                       "A warning-value of a Warning header (RFC 3261 §20.43)", HFILL}},
        {&hf.warning_code, {"Code", "sipadvice.warning.code", FT_UINT32, BASE_DEC, nullptr, 0x0, "The warn-code", HFILL}},
        {&hf.warning_agent, {"Agent", "sipadvice.warning.agent", str, BASE_NONE, nullptr, 0x0,
                             "The warn-agent: who added the warning", HFILL}},
        {&hf.warning_text, {"Text on the wire", "sipadvice.warning.text", str, BASE_NONE, nullptr, 0x0, "The warn-text", HFILL}},
        {&hf.warning_name, {"Name", "sipadvice.warning.name", str, BASE_NONE, nullptr, 0x0,
                            "The code's description in the IANA warn-code registry", HFILL}},
        {&hf.warning_meaning, {"Meaning", "sipadvice.warning.meaning", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.warning_fix, {"Fix", "sipadvice.warning.fix", str, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf.warning_unregistered, {"Unregistered", "sipadvice.warning.unregistered", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                                    "The warn-code is not in the IANA registry", HFILL}},
    };
    static gint* subtrees[] = {&ett.top, &ett.contrast, &ett.cause, &ett.warning};
    hf.proto = proto_register_protocol("SIP Advice", "SIP Advice", "sipadvice");
    proto_register_field_array(hf.proto, fields, array_length(fields));
    registered_fields = fields;
    registered_field_count = array_length(fields);
    proto_register_subtree_array(subtrees, array_length(subtrees));
    // One Expert Info field per entry of the built-in data (experts.h says why).
    experts.register_all(expert_register_protocol(hf.proto), builtin_for("en"));

    module_t* module = prefs_register_protocol(hf.proto, apply_preferences);
    prefs_register_enum_preference(module, "language", "Language of the texts",
                                   "The language of meanings, advice, labels and Expert Info summaries. Auto follows the "
                                   "system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) and falls back to English. "
                                   "Field names and rule ids stay the same in every language.",
                                   &settings.language, kLanguageValues, FALSE);
    static const char* const class_pref[kCodeClassCount][2] = {
        {"annotate_invalid", "Annotate invalid codes (outside 100-699)"},
        {"annotate_provisional", "Annotate 1xx provisional responses"},
        {"annotate_success", "Annotate 2xx success responses"},
        {"annotate_redirection", "Annotate 3xx redirection responses"},
        {"annotate_client_failure", "Annotate 4xx client failures"},
        {"annotate_server_failure", "Annotate 5xx server failures"},
        {"annotate_global_failure", "Annotate 6xx global failures"},
    };
    for (unsigned c = 1; c <= kCodeClassCount; ++c) {
        const unsigned i = c % kCodeClassCount;  // list 1xx..6xx first, invalid last
        prefs_register_bool_preference(module, class_pref[i][0], class_pref[i][1],
                                       "Add the SIP Advice subtree and Expert Info to responses of this class",
                                       &settings.annotate[i]);
    }
    prefs_register_bool_preference(module, "info_note", "Append a note to the Info column",
                                   "Show contrasts (e.g. \"[after 204 in frame 5: ...]\"), unregistered and invalid codes "
                                   "in the packet list",
                                   &settings.info_note);
    prefs_register_static_text_preference(module, "user_file",
                                          "Your own texts and rules: sipadvice.ini in the personal configuration "
                                          "folder (Help > About Wireshark > Folders). See the README for its format.",
                                          "Entries there override or extend the built-in knowledge.");

    register_statistics(hf.proto);
    sipadvice_handle = create_dissector_handle(dissect_sipadvice, hf.proto);
    register_postdissector(sipadvice_handle);
    register_init_routine(init_sipadvice);
    register_cleanup_routine(cleanup_sipadvice);
}

void proto_reg_handoff_sipadvice(void)
{
    hf_sip = proto_registrar_get_id_byname(kSipField);
    // Auto's language is known now: labels and titles in it before any preference is read.
    load_knowledge();
}
