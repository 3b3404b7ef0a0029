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
#include <memory>
#include <string>
#include <vector>

#include "advice_text.h"
#include "knowledge.h"
#include "sip_message.h"
#include "tracker.h"
#include "ws_compat.h"

using namespace sipadvice;

namespace {

constexpr const char kUserFileName[] = "sipadvice.ini";

int proto_sipadvice = -1;
dissector_handle_t sipadvice_handle;

int hf_code = -1, hf_reason = -1, hf_class = -1, hf_meaning = -1, hf_seen_when = -1, hf_fix = -1, hf_rfc = -1;
int hf_unregistered = -1, hf_retransmission = -1, hf_path = -1;
int hf_contrast = -1, hf_contrast_rule = -1, hf_contrast_earlier_code = -1, hf_contrast_earlier_frame = -1;
int hf_contrast_explanation = -1, hf_contrast_advice = -1, hf_contrast_later_frame = -1;
gint ett_sipadvice = -1, ett_contrast = -1;
std::array<expert_field, kSeverityCount> ei_response{};  // one per severity: severities come from the data
std::array<expert_field, kSeverityCount> ei_sequence{};

std::array<pref_bool, kCodeClassCount> pref_annotate{TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
pref_bool pref_info_note = TRUE;

// The one SIP field wanted on the first pass: the `sip` protocol item, one per SIP message, whose byte range
// is the message. The values the tracker needs are read from those bytes (sip_message.h says why).
constexpr const char kSipField[] = "sip";
int hf_sip = -1;

// File-scope state: built in the init routine, released in the cleanup routine (every file open/close).
std::unique_ptr<Knowledge> knowledge;
std::unique_ptr<Tracker> tracker;

// The user file as last loaded, to reload only when it changed.
struct FileStamp {
    std::string path;
    bool exists = false;
    gint64 mtime = 0;
    gint64 size = 0;
    bool operator==(const FileStamp& o) const
    {
        return path == o.path && exists == o.exists && mtime == o.mtime && size == o.size;
    }
};
FileStamp loaded_stamp;

FileStamp stamp_of(const std::string& path)
{
    FileStamp s;
    s.path = path;
    GStatBuf st;
    if (g_stat(path.c_str(), &st) == 0) {
        s.exists = true;
        s.mtime = static_cast<gint64>(st.st_mtime);
        s.size = static_cast<gint64>(st.st_size);
    }
    return s;
}

// Built-in knowledge plus the user's file from the personal configuration folder (profile aware).
// Problems in the user file are reported once, naming file and line; the built-in data stays in use.
void load_knowledge()
{
    gchar* path_c = get_persconffile_path(kUserFileName, TRUE);
    const std::string path = path_c ? path_c : "";
    g_free(path_c);
    const FileStamp stamp = stamp_of(path);
    if (knowledge && stamp == loaded_stamp)
        return;

    static const Knowledge builtin = [] {  // parsed once per process; a changed user file starts from a copy
        std::vector<Diagnostic> shipped_problems;
        Knowledge b = builtin_knowledge(shipped_problems);
        for (const auto& d : shipped_problems)
            ws_warning("%s", d.to_string().c_str());
        return b;
    }();
    auto k = std::make_unique<Knowledge>(builtin);

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
    knowledge = std::move(k);
    loaded_stamp = stamp;
}

void init_sipadvice(void)
{
    load_knowledge();
    tracker = std::make_unique<Tracker>(*knowledge);

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
                "per-response records %zu bytes",
                tracker->size(), tracker->call_count(), tracker->dialog_count(), tracker->state_bytes(),
                tracked ? static_cast<double>(tracker->state_bytes()) / static_cast<double>(tracked) : 0.0,
                tracker->record_bytes());
    }
    tracker.reset();
    set_postdissector_wanted_hfids(sipadvice_handle, nullptr);
}

// First pass: read the frame's SIP responses (and requests with credentials) into the tracker. Each `sip`
// item covers exactly one message, so several messages in one TCP segment stay apart.
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
        const auto* bytes = reinterpret_cast<const char*>(tvb_get_ptr(fi->ds_tvb, fi->start, length));
        SipMessage m;
        if (!parse_sip_message(std::string_view(bytes, static_cast<size_t>(length)), m))
            continue;  // neither a Status-Line nor a Request-Line: a continuation
        if (m.is_response)
            tracker->observe(pinfo->num, m);
        else if (m.credentials)
            tracker->note_credentials(m);
    }
}

proto_item* add_string(proto_tree* tree, int hf, tvbuff_t* tvb, const std::string& value)
{
    proto_item* it = proto_tree_add_string(tree, hf, tvb, 0, 0, value.c_str());
    proto_item_set_generated(it);
    return it;
}

proto_item* add_uint(proto_tree* tree, int hf, tvbuff_t* tvb, uint32_t value)
{
    proto_item* it = proto_tree_add_uint(tree, hf, tvb, 0, 0, value);
    proto_item_set_generated(it);
    return it;
}

void render_contrast(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Record& r)
{
    const Record& e = tracker->at(r.earlier);
    const Rule& rule = knowledge->rules()[r.rule];
    proto_item* ci = add_string(tree, hf_contrast, tvb, rule.summary);
    proto_tree* ct = proto_item_add_subtree(ci, ett_contrast);
    add_string(ct, hf_contrast_rule, tvb, rule.id);
    add_uint(ct, hf_contrast_earlier_code, tvb, e.code);
    add_uint(ct, hf_contrast_earlier_frame, tvb, e.frame);
    add_string(ct, hf_contrast_explanation, tvb, rule.explanation);
    add_string(ct, hf_contrast_advice, tvb, rule.advice);
    SummaryBuffer summary;
    expert_add_info_format(pinfo, ci, &ei_sequence[static_cast<size_t>(rule.severity)], "%s",
                           contrast_summary(r.code, e.code, rule, summary));
    if (pref_info_note)
        col_append_fstr(pinfo->cinfo, COL_INFO, " [after %u in frame %u: %s]", e.code, e.frame, rule.summary.c_str());
}

// Every pass: the subtree, fields and expert items of one recorded response.
void render(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, uint32_t index)
{
    const Record& r = tracker->at(index);
    const CodeInfo info = knowledge->lookup(r.code);
    if (!pref_annotate[static_cast<size_t>(info.cls)])
        return;
    const CodeText& t = *info.text;

    proto_item* top = proto_tree_add_item(tree, proto_sipadvice, tvb, 0, 0, ENC_NA);
    if (tree && PTREE_DATA(tree)->visible) {  // a label nobody sees is not worth formatting
        if (r.earlier != kNone) {
            const Record& e = tracker->at(r.earlier);
            proto_item_set_text(top, "SIP Advice: %u %s (after %u in frame %u)", r.code, t.reason.c_str(), e.code, e.frame);
        } else {
            proto_item_set_text(top, "SIP Advice: %u %s", r.code, t.reason.c_str());
        }
    }
    proto_tree* st = proto_item_add_subtree(top, ett_sipadvice);
    add_uint(st, hf_code, tvb, r.code);
    add_string(st, hf_reason, tvb, t.reason);
    add_string(st, hf_class, tvb, code_class_name(info.cls));
    add_string(st, hf_meaning, tvb, t.meaning);
    add_string(st, hf_seen_when, tvb, t.seen_when);
    add_string(st, hf_fix, tvb, t.fix);
    add_string(st, hf_rfc, tvb, t.rfc);
    proto_item_set_generated(proto_tree_add_boolean(st, hf_unregistered, tvb, 0, 0, !info.registered));
    if (r.flags & Record::kRetransmission)
        proto_item_set_generated(proto_tree_add_boolean(st, hf_retransmission, tvb, 0, 0, TRUE));
    if (!(r.flags & Record::kUntracked) && proto_field_is_referenced(st, hf_path)) {
        char path[Tracker::kPathBytes];
        tracker->path(index, path, sizeof path);
        proto_item_set_generated(proto_tree_add_string(st, hf_path, tvb, 0, 0, path));
    }

    SummaryBuffer formatted;  // only codes without an entry of their own (class texts, invalid) need one made
    const char* summary = t.summary.empty() ? response_summary(info, formatted) : t.summary.c_str();
    expert_add_info_format(pinfo, top, &ei_response[static_cast<size_t>(t.severity)], "%s", summary);
    if (pref_info_note && info.cls == CodeClass::invalid)
        col_append_str(pinfo->cinfo, COL_INFO, " [invalid status code]");
    else if (pref_info_note && !info.registered)
        col_append_str(pinfo->cinfo, COL_INFO, " [unregistered code]");

    if (r.earlier != kNone)
        render_contrast(tvb, pinfo, st, r);
    if (r.later_frame != 0)
        add_uint(st, hf_contrast_later_frame, tvb, r.later_frame);
}

int dissect_sipadvice(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*)
{
    if (!tracker)
        return 0;
    if (!pinfo->fd->visited)
        observe_frame(pinfo, tree);
    const auto [first, last] = tracker->frame_records(pinfo->num);
    for (uint32_t i = first; i < last; ++i)
        render(tvb, pinfo, tree, i);
    return 0;
}

}  // namespace

void proto_register_sipadvice(void)
{
    static hf_register_info hf[] = {
        {&hf_code, {"Code", "sipadvice.code", FT_UINT32, BASE_DEC, nullptr, 0x0, "SIP status code", HFILL}},
        {&hf_reason, {"Reason", "sipadvice.reason", FT_STRING, BASE_NONE, nullptr, 0x0,
                      "Reason phrase of the IANA registry (not the phrase on the wire)", HFILL}},
        {&hf_class, {"Class", "sipadvice.class", FT_STRING, BASE_NONE, nullptr, 0x0,
                     "provisional, success, redirection, client-failure, server-failure, global-failure or invalid", HFILL}},
        {&hf_meaning, {"Meaning", "sipadvice.meaning", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_seen_when, {"Seen when", "sipadvice.seen_when", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_fix, {"Fix", "sipadvice.fix", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_rfc, {"RFC", "sipadvice.rfc", FT_STRING, BASE_NONE, nullptr, 0x0, "Where the code is defined", HFILL}},
        {&hf_unregistered, {"Unregistered", "sipadvice.unregistered", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                            "True when the code is not in the IANA SIP response code registry", HFILL}},
        {&hf_retransmission, {"Retransmission", "sipadvice.retransmission", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
                              "The same response again: not compared with earlier responses", HFILL}},
        {&hf_path, {"Dialog path", "sipadvice.dialog.path", FT_STRING, BASE_NONE, nullptr, 0x0,
                    "The responses of this dialog so far (the last eight)", HFILL}},
        {&hf_contrast, {"Contrast", "sipadvice.contrast", FT_STRING, BASE_NONE, nullptr, 0x0,
                        "What this response means after the earlier one", HFILL}},
        {&hf_contrast_rule, {"Rule", "sipadvice.contrast.rule", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_contrast_earlier_code, {"Earlier code", "sipadvice.contrast.earlier_code", FT_UINT32, BASE_DEC, nullptr, 0x0, nullptr, HFILL}},
        {&hf_contrast_earlier_frame, {"Earlier response in frame", "sipadvice.contrast.earlier_frame", FT_FRAMENUM, BASE_NONE,
                                      FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, nullptr, HFILL}},
        {&hf_contrast_explanation, {"Explanation", "sipadvice.contrast.explanation", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_contrast_advice, {"Advice", "sipadvice.contrast.advice", FT_STRING, BASE_NONE, nullptr, 0x0, nullptr, HFILL}},
        {&hf_contrast_later_frame, {"Later contrast in frame", "sipadvice.contrast.later_frame", FT_FRAMENUM, BASE_NONE,
                                    FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
                                    "A later response of this dialog that contrasts with this one", HFILL}},
    };
    static gint* ett[] = {&ett_sipadvice, &ett_contrast};
    static ei_register_info ei[] = {
        {&ei_response[0], {"sipadvice.expert.response.chat", PI_RESPONSE_CODE, PI_CHAT, "SIP response explained", EXPFILL}},
        {&ei_response[1], {"sipadvice.expert.response.note", PI_RESPONSE_CODE, PI_NOTE, "SIP response explained", EXPFILL}},
        {&ei_response[2], {"sipadvice.expert.response.warn", PI_RESPONSE_CODE, PI_WARN, "SIP response explained", EXPFILL}},
        {&ei_response[3], {"sipadvice.expert.response.error", PI_RESPONSE_CODE, PI_ERROR, "SIP response explained", EXPFILL}},
        {&ei_sequence[0], {"sipadvice.expert.sequence.chat", PI_SEQUENCE, PI_CHAT, "SIP response contrast", EXPFILL}},
        {&ei_sequence[1], {"sipadvice.expert.sequence.note", PI_SEQUENCE, PI_NOTE, "SIP response contrast", EXPFILL}},
        {&ei_sequence[2], {"sipadvice.expert.sequence.warn", PI_SEQUENCE, PI_WARN, "SIP response contrast", EXPFILL}},
        {&ei_sequence[3], {"sipadvice.expert.sequence.error", PI_SEQUENCE, PI_ERROR, "SIP response contrast", EXPFILL}},
    };

    proto_sipadvice = proto_register_protocol("SIP Advice", "SIP Advice", "sipadvice");
    proto_register_field_array(proto_sipadvice, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t* expert = expert_register_protocol(proto_sipadvice);
    expert_register_field_array(expert, ei, array_length(ei));

    module_t* prefs = prefs_register_protocol(proto_sipadvice, nullptr);
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
        prefs_register_bool_preference(prefs, class_pref[i][0], class_pref[i][1],
                                       "Add the SIP Advice subtree and Expert Info to responses of this class",
                                       &pref_annotate[i]);
    }
    prefs_register_bool_preference(prefs, "info_note", "Append a note to the Info column",
                                   "Show contrasts (e.g. \"[after 204 in frame 5: ...]\"), unregistered and invalid codes "
                                   "in the packet list",
                                   &pref_info_note);
    prefs_register_static_text_preference(prefs, "user_file",
                                          "Your own texts and rules: sipadvice.ini in the personal configuration "
                                          "folder (Help > About Wireshark > Folders). See the README for its format.",
                                          "Entries there override or extend the built-in knowledge.");

    sipadvice_handle = create_dissector_handle(dissect_sipadvice, proto_sipadvice);
    register_postdissector(sipadvice_handle);
    register_init_routine(init_sipadvice);
    register_cleanup_routine(cleanup_sipadvice);
}

void proto_reg_handoff_sipadvice(void)
{
    hf_sip = proto_registrar_get_id_byname(kSipField);
}
