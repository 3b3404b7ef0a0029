// Statistics: the stats tree "SIP Advice" and the per-call table, fed by the "sipadvice" tap.
#include "stats.h"

#include <epan/stats_tree.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <array>
#include <string>
#include <unordered_map>

#include "advice_text.h"
#include "explain.h"
#include "fields.h"
#include "ws_compat.h"

namespace sipadvice::glue {

namespace {

int tap_id = -1;

// The stats tree's top nodes: their names (in the texts' language, set_statistics_language()), and their ids once
// its init callback made them (one tree at a time, as Wireshark's own trees do).
struct Names {
    std::string responses, outcomes, contrasts, unanswered, repeats, causes, retransmissions, copies, no_final;
    std::array<std::string, 7> columns;
} names;
struct Nodes {
    int responses = -1, outcomes = -1, contrasts = -1, unanswered = -1, repeats = -1, causes = -1;
} nodes;

// Counts one under a top node and one under its child `name`; returns the child's id.
int tick(stats_tree* st, const std::string& top, int top_id, const char* name, bool with_children = false)
{
    tick_stat_node(st, top.c_str(), 0, TRUE);
    return tick_stat_node(st, name, top_id, with_children);
}

constexpr const char* kClassNodes[kCodeClassCount] = {
    "invalid (outside 100-699)", "1xx provisional", "2xx success", "3xx redirection", "4xx client failure",
    "5xx server failure", "6xx global failure",
};

void stats_init(stats_tree* st)
{
    nodes.responses = stats_tree_create_node(st, names.responses.c_str(), 0, STAT_DT_INT, TRUE);
    nodes.outcomes = stats_tree_create_node(st, names.outcomes.c_str(), 0, STAT_DT_INT, TRUE);
    nodes.contrasts = stats_tree_create_node(st, names.contrasts.c_str(), 0, STAT_DT_INT, TRUE);
    nodes.unanswered = stats_tree_create_node(st, names.unanswered.c_str(), 0, STAT_DT_INT, TRUE);
    nodes.repeats = stats_tree_create_node(st, names.repeats.c_str(), 0, STAT_DT_INT, TRUE);
    nodes.causes = stats_tree_create_node(st, names.causes.c_str(), 0, STAT_DT_INT, TRUE);
}

void count_record(stats_tree* st, const TapFrame& f, uint32_t index)
{
    const Record& r = f.tracker->at(index);
    const Extras* x = (r.flags & Record::kExtras) ? f.extras->find(index) : nullptr;
    if (x) {
        for (const ReasonValue& reason : x->reasons) {
            const CauseExplanation e = explain_cause(*f.knowledge, reason, r.code);
            const int protocol = tick(st, names.causes, nodes.causes, e.protocol.c_str(), true);
            const std::string value = (e.has_value ? std::to_string(e.value) + " " : std::string()) + e.name;
            tick_stat_node(st, value.c_str(), protocol, FALSE);
        }
    }
    if (r.flags & Record::kRequest) {
        if (r.earlier != kNone)  // a BYE after a 2xx never ACKed
            tick(st, names.contrasts, nodes.contrasts, f.knowledge->rules()[r.rule].id.c_str());
        return;
    }
    const CodeInfo info = f.knowledge->lookup(r.code);
    const int cls = tick(st, names.responses, nodes.responses, kClassNodes[static_cast<size_t>(info.cls)], true);
    const std::string code = std::to_string(r.code) + " " + info.text->reason;
    tick_stat_node(st, code.c_str(), cls, FALSE);
    if (r.flags & (Record::kRetransmission | Record::kCopy))
        tick(st, names.repeats, nodes.repeats, ((r.flags & Record::kCopy) ? names.copies : names.retransmissions).c_str());
    if (r.earlier != kNone)
        tick(st, names.contrasts, nodes.contrasts, f.knowledge->rules()[r.rule].id.c_str());
    const Outcome outcome = call_outcome(r);
    if (outcome != Outcome::none) {
        const int o = tick(st, names.outcomes, nodes.outcomes, outcome_name(outcome), true);
        if (outcome == Outcome::rejected || outcome == Outcome::redirected)
            tick_stat_node(st, code.c_str(), o, FALSE);
    }
}

tap_packet_status stats_packet(stats_tree* st, packet_info*, epan_dissect_t*, const void* data, tap_flags_t)
{
    const auto& f = *static_cast<const TapFrame*>(data);
    for (uint32_t i = f.first; i < f.last; ++i)
        count_record(st, f, i);
    for (uint32_t i = f.unanswered_first; i < f.unanswered_last; ++i) {
        const Unanswered& u = f.tracker->unanswered(i);
        tick(st, names.unanswered, nodes.unanswered, method_name(u.method));
        if (u.method == Method::INVITE && u.kind != Unanswered::late_final)
            tick(st, names.outcomes, nodes.outcomes, names.no_final.c_str());
    }
    return TAP_PACKET_REDRAW;
}

// --- one row per call: tshark -z sipadvice,calls, and a table dialog in the GUI ----------------------------------

enum CallColumn : guint { kCallId, kFirstFrame, kLastFrame, kInviteResult, kOutcomeColumn, kContrastsColumn, kUnansweredColumn, kColumns };
stat_tap_table_item call_columns[kColumns] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Call-ID", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Last frame", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Last INVITE final response", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Outcome", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Contrasts", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Unanswered requests", "%s"},
};
constexpr const char kCallsTable[] = "SIP Advice: calls";
std::unordered_map<uint32_t, guint> call_rows;  // the call's (Record::call) row in the table

void set_string(stat_tap_table* t, guint row, guint column, const std::string& value)
{
    stat_tap_table_item_type* item = stat_tap_get_field_data(t, row, column);
    g_free(const_cast<char*>(item->value.string_value));
    item->value.string_value = g_strdup(value.c_str());
}

// Adds `word` to a comma-separated cell unless it is there already.
void add_word(stat_tap_table* t, guint row, guint column, const std::string& word)
{
    const char* old = stat_tap_get_field_data(t, row, column)->value.string_value;
    std::string list = old ? old : "";
    if (("," + list + ",").find("," + word + ",") != std::string::npos)
        return;
    set_string(t, row, column, list.empty() ? word : list + "," + word);
}

guint row_of(stat_tap_table* t, const Tracker& tracker, uint32_t call, uint32_t frame)
{
    const auto [it, added] = call_rows.emplace(call, t->num_elements);
    if (added) {
        stat_tap_table_item_type items[kColumns] = {};
        for (guint c = 0; c < kColumns; ++c)
            items[c].type = call_columns[c].type;
        items[kCallId].value.string_value = g_strdup(sanitise(tracker.call_id(call), Tracker::kCallIdBytes).c_str());
        items[kFirstFrame].value.uint_value = tracker.call_first_frame(call);
        for (const guint c : {kInviteResult, kOutcomeColumn, kContrastsColumn, kUnansweredColumn})
            items[c].value.string_value = g_strdup("");
        stat_tap_init_table_row(t, it->second, kColumns, items);
    }
    stat_tap_get_field_data(t, it->second, kLastFrame)->value.uint_value = frame;
    return it->second;
}

void calls_reset(stat_tap_table* t)
{
    for (guint row = 0; row < t->num_elements; ++row)
        for (const guint c : {kCallId, kInviteResult, kOutcomeColumn, kContrastsColumn, kUnansweredColumn})
            set_string(t, row, c, "");
    call_rows.clear();
}

void calls_init(stat_tap_table_ui* ui)
{
    if (stat_tap_table* t = stat_tap_find_table(ui, kCallsTable)) {
        if (ui->stat_tap_reset_table_cb)
            ui->stat_tap_reset_table_cb(t);
        return;
    }
    call_rows.clear();
    stat_tap_add_table(ui, stat_tap_init_table(kCallsTable, kColumns, 0, nullptr));
}

void calls_free_item(stat_tap_table*, guint, guint column, stat_tap_table_item_type* item)
{
    if (call_columns[column].type == TABLE_ITEM_STRING) {
        g_free(const_cast<char*>(item->value.string_value));
        item->value.string_value = nullptr;
    }
}

tap_packet_status calls_packet(void* tapdata, packet_info* pinfo, epan_dissect_t*, const void* data, tap_flags_t)
{
    auto* stat = static_cast<stat_data_t*>(tapdata);
    stat_tap_table* t = g_array_index(stat->stat_tap_data->tables, stat_tap_table*, 0);
    const auto& f = *static_cast<const TapFrame*>(data);
    for (uint32_t i = f.first; i < f.last; ++i) {
        const Record& r = f.tracker->at(i);
        if (r.call == kNone)
            continue;
        const guint row = row_of(t, *f.tracker, r.call, pinfo->num);
        if (const Outcome o = call_outcome(r); o != Outcome::none) {
            set_string(t, row, kInviteResult, std::to_string(r.code) + " " + f.knowledge->lookup(r.code).text->reason);
            set_string(t, row, kOutcomeColumn, outcome_name(o));
        }
        if (r.earlier != kNone)
            add_word(t, row, kContrastsColumn, f.knowledge->rules()[r.rule].id);
    }
    for (uint32_t i = f.unanswered_first; i < f.unanswered_last; ++i) {
        const Unanswered& u = f.tracker->unanswered(i);
        if (u.call == kNone)
            continue;
        const guint row = row_of(t, *f.tracker, u.call, pinfo->num);
        add_word(t, row, kUnansweredColumn, method_name(u.method));
    }
    return TAP_PACKET_REDRAW;
}

stat_tap_table_ui calls_ui = {
    kTelephonyGroup, "SIP Advice: calls", "sipadvice", "sipadvice,calls", calls_init, calls_packet,
    calls_reset, calls_free_item, nullptr, kColumns, call_columns, 0, nullptr, nullptr, 0,
};

}  // namespace

void register_statistics(int proto)
{
    tap_id = register_tap("sipadvice");
    register_stats_tree_in_telephony("sipadvice", "sipadvice", "SIP Advice", stats_packet, stats_init);
    register_stat_tap_table_ui(&calls_ui);
    (void)proto;
}

void set_statistics_language(const UiCatalogue& ui)
{
    names.responses = ui.phrase(Phrase::stats_responses);
    names.outcomes = ui.phrase(Phrase::stats_outcomes);
    names.contrasts = ui.phrase(Phrase::stats_contrasts);
    names.unanswered = ui.phrase(Phrase::stats_unanswered);
    names.repeats = ui.phrase(Phrase::stats_repeats);
    names.causes = ui.phrase(Phrase::stats_causes);
    names.retransmissions = ui.phrase(Phrase::stats_retransmissions);
    names.copies = ui.phrase(Phrase::stats_copies);
    names.no_final = ui.phrase(Phrase::stats_no_final);
    // The table's columns (Wireshark reads their names from this array when it makes a table).
    const Phrase columns[] = {Phrase::count, Phrase::stats_first_frame, Phrase::stats_last_frame, Phrase::stats_last_final,
                              Phrase::stats_outcome, Phrase::stats_contrasts_column, Phrase::stats_unanswered_column};
    for (guint c = 1; c < kColumns; ++c) {
        names.columns[c] = ui.phrase(columns[c]);
        call_columns[c].column_name = names.columns[c].c_str();
    }
}

void tap_frame(packet_info* pinfo, const RenderContext& c, uint32_t first, uint32_t last, uint32_t u_first, uint32_t u_last)
{
    if (tap_id < 0 || !have_tap_listener(tap_id) || (first == last && u_first == u_last))
        return;
    TapFrame* f = wmem_new(pinfo->pool, TapFrame);
    *f = TapFrame{&c.knowledge, &c.tracker, &c.extras, first, last, u_first, u_last};
    tap_queue_packet(tap_id, pinfo, f);
}

}  // namespace sipadvice::glue
