// Wireshark glue of SIP Advice: registers the protocol, fields, expert items and preferences, reads the SIP
// fields of each frame on the first pass, and renders the core's stored results on every pass.
#include "packet-sipadvice.h"

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/tap.h>
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

std::array<gboolean, kCodeClassCount> pref_annotate{TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
gboolean pref_info_note = TRUE;

// The SIP fields read on the first pass (TRANSUM's pattern: names resolved in hand-off).
enum Wanted {
    W_SIP, W_STATUS, W_CALL_ID, W_FROM_TAG, W_TO_TAG, W_CSEQ_SEQ, W_CSEQ_METHOD, W_VIA_BRANCH, W_RESEND,
    W_AUTHORIZATION, W_PROXY_AUTHORIZATION, W_COUNT
};
struct WantedField {
    int hf;
    const char* name;
};
std::array<WantedField, W_COUNT> wanted{{
    {-1, "sip"},  // one item per SIP message: its byte range tells which message a field belongs to
    {-1, "sip.Status-Code"},
    {-1, "sip.Call-ID"},
    {-1, "sip.from.tag"},
    {-1, "sip.to.tag"},
    {-1, "sip.CSeq.seq"},
    {-1, "sip.CSeq.method"},
    {-1, "sip.Via.branch"},
    {-1, "sip.resend"},
    {-1, "sip.Authorization"},  // requests with credentials: a challenge to them is an authentication loop
    {-1, "sip.Proxy-Authorization"},
}};

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

    std::vector<Diagnostic> builtin_problems;
    auto k = std::make_unique<Knowledge>(builtin_knowledge(builtin_problems));
    for (const auto& d : builtin_problems)
        ws_warning("SIP Advice: %s", d.to_string().c_str());

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

    GArray* fields = g_array_sized_new(FALSE, FALSE, static_cast<guint>(sizeof(int)), W_COUNT);
    for (const WantedField& w : wanted) {
        if (w.hf != -1)
            g_array_append_val(fields, w.hf);
        else
            ws_warning("SIP Advice: this Wireshark has no field %s", w.name);
    }
    set_postdissector_wanted_hfids(sipadvice_handle, fields);
}

void cleanup_sipadvice(void)
{
    tracker.reset();
    set_postdissector_wanted_hfids(sipadvice_handle, nullptr);
}

// One SIP message of the frame with the first occurrence of each wanted field inside it.
struct Message {
    tvbuff_t* ds_tvb;
    gint start, end;
    std::array<field_info*, W_COUNT> field;
};

// The message a field belongs to: the innermost whose bytes hold the field's start. Fields of several
// messages in one segment do not line up by array index (a 100 Trying has no To tag, a 430 has one).
int owner_of(const field_info* fi, const Message* msgs, int n)
{
    if (n == 1)
        return 0;
    for (int j = n - 1; j >= 0; --j) {
        if (msgs[j].ds_tvb == fi->ds_tvb && fi->start >= msgs[j].start && fi->start < msgs[j].end)
            return j;
    }
    return -1;
}

bool present(proto_tree* tree, Wanted w)
{
    const GPtrArray* a = proto_get_finfo_ptr_array(tree, wanted[w].hf);
    return a && a->len > 0;
}

// The identity of one message: Call-ID, tags, CSeq and top Via branch (views into the tree, packet scope).
ResponseEvent event_of(const std::array<field_info*, W_COUNT>& f, uint32_t frame)
{
    ResponseEvent ev;
    ev.frame = frame;
    ev.code = f[W_STATUS] ? ws::uint_of(f[W_STATUS]) : 0;
    ev.call_id = f[W_CALL_ID] ? ws::string_of(f[W_CALL_ID]) : "";
    ev.from_tag = f[W_FROM_TAG] ? ws::string_of(f[W_FROM_TAG]) : "";
    ev.to_tag = f[W_TO_TAG] ? ws::string_of(f[W_TO_TAG]) : "";
    ev.via_branch = f[W_VIA_BRANCH] ? ws::string_of(f[W_VIA_BRANCH]) : "";
    ev.cseq = f[W_CSEQ_SEQ] ? ws::uint_of(f[W_CSEQ_SEQ]) : 0;
    ev.method = f[W_CSEQ_METHOD] ? method_from_name(ws::string_of(f[W_CSEQ_METHOD])) : Method::other;
    ev.resend = f[W_RESEND] && ws::bool_of(f[W_RESEND]);
    return ev;
}

// First pass: read the frame's SIP responses (and requests with credentials) into the tracker.
void observe_frame(packet_info* pinfo, proto_tree* tree)
{
    GPtrArray* sip = proto_get_finfo_ptr_array(tree, wanted[W_SIP].hf);
    if (!sip || sip->len == 0)
        return;
    if (!present(tree, W_STATUS) && !present(tree, W_AUTHORIZATION) && !present(tree, W_PROXY_AUTHORIZATION))
        return;  // only requests without credentials: nothing to note
    const int n = static_cast<int>(sip->len);
    auto* msgs = wmem_alloc0_array(pinfo->pool, Message, n);
    for (int i = 0; i < n; ++i) {
        const auto* fi = static_cast<field_info*>(g_ptr_array_index(sip, i));
        msgs[i].ds_tvb = fi->ds_tvb;
        msgs[i].start = fi->start;
        msgs[i].end = fi->start + (fi->length > 0 ? fi->length : 0);
    }
    for (int w = W_STATUS; w < W_COUNT; ++w) {
        GPtrArray* found = proto_get_finfo_ptr_array(tree, wanted[w].hf);
        for (guint i = 0; found && i < found->len; ++i) {
            auto* fi = static_cast<field_info*>(g_ptr_array_index(found, i));
            const int m = owner_of(fi, msgs, n);
            if (m >= 0 && !msgs[m].field[w])
                msgs[m].field[w] = fi;  // first occurrence: the top Via of a response
        }
    }
    for (int i = 0; i < n; ++i) {
        const auto& f = msgs[i].field;
        if (f[W_STATUS])
            tracker->observe(event_of(f, pinfo->num));
        else if (f[W_AUTHORIZATION] || f[W_PROXY_AUTHORIZATION])
            tracker->note_credentials(event_of(f, pinfo->num));
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

void render_contrast(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, proto_item* top, const Record& r)
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
    proto_item_append_text(top, " (after %u in frame %u)", e.code, e.frame);
    const std::string summary = contrast_summary(r.code, e.code, e.frame, rule);
    expert_add_info_format(pinfo, ci, &ei_sequence[static_cast<size_t>(rule.severity)], "%s", summary.c_str());
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
    proto_item_append_text(top, ": %u %s", r.code, t.reason.c_str());
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
    if (!(r.flags & Record::kUntracked) && proto_field_is_referenced(st, hf_path))
        add_string(st, hf_path, tvb, tracker->path(index));

    const std::string summary = response_summary(info);
    expert_add_info_format(pinfo, top, &ei_response[static_cast<size_t>(t.severity)], "%s", summary.c_str());
    if (pref_info_note && info.cls == CodeClass::invalid)
        col_append_str(pinfo->cinfo, COL_INFO, " [invalid status code]");
    else if (pref_info_note && !info.registered)
        col_append_str(pinfo->cinfo, COL_INFO, " [unregistered code]");

    if (r.earlier != kNone)
        render_contrast(tvb, pinfo, st, top, r);
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
    for (WantedField& w : wanted)
        w.hf = proto_registrar_get_id_byname(w.name);
}
