// Render functions: one per item group (response, contrast, cause, warning, request).
#include "render.h"

#include <epan/expert.h>
#include <epan/proto.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "advice_text.h"
#include "explain.h"
#include "experts.h"
#include "fields.h"

namespace sipadvice::glue {

namespace {

proto_item* add_string(proto_tree* tree, int hf_id, tvbuff_t* tvb, const std::string& value)
{
    proto_item* it = proto_tree_add_string(tree, hf_id, tvb, 0, 0, value.c_str());
    proto_item_set_generated(it);
    return it;
}

proto_item* add_uint(proto_tree* tree, int hf_id, tvbuff_t* tvb, uint32_t value)
{
    proto_item* it = proto_tree_add_uint(tree, hf_id, tvb, 0, 0, value);
    proto_item_set_generated(it);
    return it;
}

void add_true(proto_tree* tree, int hf_id, tvbuff_t* tvb)
{
    proto_item_set_generated(proto_tree_add_boolean(tree, hf_id, tvb, 0, 0, TRUE));
}

bool visible(proto_tree* tree) { return tree && PTREE_DATA(tree)->visible; }

// Appends " [note]" to the Info column; the SIP dissector's text already ends with "| ", so then without the blank.
void info_note(packet_info* pinfo, const std::string& note)
{
    const char* text = col_get_text(pinfo->cinfo, COL_INFO);
    const bool blank = text && *text && text[std::strlen(text) - 1] == ' ';
    col_append_str(pinfo->cinfo, COL_INFO, ((blank ? "[" : " [") + note + "]").c_str());
}

void expert(packet_info* pinfo, proto_item* item, expert_field& field, std::string_view text)
{
    SummaryBuffer summary;
    expert_add_info_format(pinfo, item, &field, "%s", summary_of(text, summary));
}

void render_contrast(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Record& r)
{
    const Record& e = c.tracker.at(r.earlier);
    const Rule& rule = c.knowledge.rules()[r.rule];
    proto_item* ci = add_string(tree, hf.contrast, tvb, rule.summary);
    proto_tree* ct = proto_item_add_subtree(ci, ett.contrast);
    add_string(ct, hf.contrast_rule, tvb, rule.id);
    add_uint(ct, hf.contrast_earlier_code, tvb, e.code);
    add_uint(ct, hf.contrast_earlier_frame, tvb, e.frame);
    add_string(ct, hf.contrast_explanation, tvb, rule.explanation);
    add_string(ct, hf.contrast_advice, tvb, rule.advice);
    SummaryBuffer summary;
    const UiCatalogue& ui = c.knowledge.ui();
    expert_add_info_format(pinfo, ci, experts.contrast(rule, r.rule), "%s",
                           (r.flags & Record::kRequest) ? contrast_summary(ui, method_name(r.method), e.code, rule, summary)
                                                        : contrast_summary(ui, r.code, e.code, rule, summary));
    if (settings.info_note)
        info_note(pinfo, ui.fill(Phrase::note_contrast, {{"earlier", std::to_string(e.code)}, {"frame", std::to_string(e.frame)},
                                                          {"summary", rule.summary}}));
}

// The causes of the message's Reason headers, each in its own subtree with its Expert Info item. Returns the
// first one's head ("Q.850 17 User busy"), for labels.
std::string render_causes(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Extras& x,
                          uint32_t code)
{
    std::string first;
    for (const ReasonValue& r : x.reasons) {
        const CauseExplanation e = explain_cause(c.knowledge, r, code);
        std::string head = e.protocol;
        if (e.has_value)
            head += " " + std::to_string(e.value);
        head += " " + e.name;
        proto_item* ci = add_string(tree, hf.cause, tvb, head);
        proto_tree* ct = proto_item_add_subtree(ci, ett.cause);
        add_string(ct, hf.cause_protocol, tvb, e.protocol);
        if (e.has_value)
            add_uint(ct, hf.cause_value, tvb, e.value);
        add_string(ct, hf.cause_name, tvb, e.name);
        if (!r.text.empty())
            add_string(ct, hf.cause_text, tvb, r.text);
        add_string(ct, hf.cause_meaning, tvb, e.meaning);
        add_string(ct, hf.cause_seen_when, tvb, e.seen_when);
        add_string(ct, hf.cause_fix, tvb, e.fix);
        add_string(ct, hf.cause_rfc, tvb, e.rfc);
        expert(pinfo, ci, *experts.cause(e.protocol, e.has_value, e.value, e.severity, code == 0), e.summary);
        if (e.mismatch) {
            proto_item* mi = proto_tree_add_boolean(ct, hf.cause_mismatch, tvb, 0, 0, TRUE);
            proto_item_set_generated(mi);
            expert(pinfo, mi, experts.cause_mismatch, e.mismatch_summary);
        }
        if (first.empty()) {
            first = head;
            if (settings.info_note)
                info_note(pinfo, head);
        }
    }
    if (x.reasons_left_out)
        add_uint(tree, hf.causes_not_shown, tvb, static_cast<uint32_t>(std::min<size_t>(x.reasons_left_out, UINT32_MAX)));
    return first;
}

void render_warnings(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Extras& x)
{
    for (const WarningValue& w : x.warnings) {
        const WarningExplanation e = explain_warning(c.knowledge, w);
        char code[4];
        std::snprintf(code, sizeof code, "%03u", w.code % 1000);
        proto_item* wi = add_string(tree, hf.warning, tvb, std::string(code) + " " + (e.registered ? e.text->name : w.text));
        proto_tree* wt = proto_item_add_subtree(wi, ett.warning);
        add_uint(wt, hf.warning_code, tvb, w.code);
        add_string(wt, hf.warning_agent, tvb, w.agent);
        add_string(wt, hf.warning_text, tvb, w.text);
        add_string(wt, hf.warning_name, tvb, e.text->name);
        add_string(wt, hf.warning_meaning, tvb, e.text->meaning);
        add_string(wt, hf.warning_fix, tvb, e.text->fix);
        if (!e.registered)
            add_true(wt, hf.warning_unregistered, tvb);
        expert(pinfo, wi, *experts.warning(w.code, e.registered, e.text->severity), e.summary);
    }
    if (x.warnings_left_out)
        add_uint(tree, hf.warnings_not_shown, tvb, static_cast<uint32_t>(std::min<size_t>(x.warnings_left_out, UINT32_MAX)));
}

void render_response(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, uint32_t index)
{
    const Record& r = c.tracker.at(index);
    const CodeInfo info = c.knowledge.lookup(r.code, r.method);
    if (!settings.annotate[static_cast<size_t>(info.cls)])
        return;
    const CodeText& t = *info.text;

    proto_item* top = proto_tree_add_item(tree, hf.proto, tvb, 0, 0, ENC_NA);
    if (visible(tree)) {  // a label nobody sees is not worth formatting
        if (r.earlier != kNone) {
            const Record& e = c.tracker.at(r.earlier);
            const std::string title = c.knowledge.ui().fill(Phrase::title_response_after,
                {{"code", std::to_string(r.code)}, {"reason", t.reason}, {"earlier", std::to_string(e.code)}, {"frame", std::to_string(e.frame)}});
            proto_item_set_text(top, "%s", title.c_str());
        } else {
            proto_item_set_text(top, "SIP Advice: %u %s", r.code, t.reason.c_str());
        }
    }
    proto_tree* st = proto_item_add_subtree(top, ett.top);
    add_uint(st, hf.code, tvb, r.code);
    add_string(st, hf.reason, tvb, t.reason);
    add_string(st, hf.cls, tvb, code_class_name(info.cls));
    add_string(st, hf.meaning, tvb, t.meaning);
    add_string(st, hf.seen_when, tvb, t.seen_when);
    add_string(st, hf.fix, tvb, t.fix);
    add_string(st, hf.rfc, tvb, t.rfc);
    add_string(st, hf.severity, tvb, severity_name(t.severity));
    if (!info.registered)
        add_true(st, hf.unregistered, tvb);
    if (r.flags & Record::kRetransmission)
        add_true(st, hf.retransmission, tvb);
    if (r.flags & Record::kCopy)
        add_true(st, hf.copy, tvb);
    if (const Outcome outcome = call_outcome(r); outcome != Outcome::none)
        add_string(st, hf.outcome, tvb, outcome_name(outcome));
    if (!(r.flags & Record::kUntracked) && proto_field_is_referenced(st, hf.path)) {
        char path[Tracker::kPathBytes];
        c.tracker.path(index, path, sizeof path);
        proto_item_set_generated(proto_tree_add_string(st, hf.path, tvb, 0, 0, path));
    }

    SummaryBuffer formatted;  // only codes without an entry of their own (class texts, invalid) need one made
    const char* summary = t.summary.empty() ? response_summary(c.knowledge.ui(), info, formatted) : t.summary.c_str();
    expert_add_info_format(pinfo, top, experts.response(info, t.severity), "%s", summary);
    if (settings.info_note && info.cls == CodeClass::invalid)
        info_note(pinfo, c.knowledge.ui().phrase(Phrase::note_invalid));
    else if (settings.info_note && !info.registered)
        info_note(pinfo, c.knowledge.ui().phrase(Phrase::note_unregistered));

    if (r.flags & Record::kExtras) {
        if (const Extras* x = c.extras.find(index)) {
            if (!x->detail.empty())
                add_string(st, hf.detail, tvb, x->detail);
            render_causes(c, tvb, pinfo, st, *x, r.code);
            render_warnings(c, tvb, pinfo, st, *x);
        }
    }
    if (r.earlier != kNone)
        render_contrast(c, tvb, pinfo, st, r);
    if (const uint32_t later = c.tracker.later_frame(index))
        add_uint(st, hf.contrast_later_frame, tvb, later);
}

// A request has a subtree only for what it carries (the causes of its Reason headers) or what the tracker found
// (a BYE after a 2xx that was never ACKed).
void render_request(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, uint32_t index)
{
    const Record& r = c.tracker.at(index);
    const Extras* x = (r.flags & Record::kExtras) ? c.extras.find(index) : nullptr;
    if (!x && r.earlier == kNone)
        return;
    proto_item* top = proto_tree_add_item(tree, hf.proto, tvb, 0, 0, ENC_NA);
    proto_tree* st = proto_item_add_subtree(top, ett.top);
    add_string(st, hf.request, tvb, method_name(r.method));
    const std::string cause = x ? render_causes(c, tvb, pinfo, st, *x, 0) : std::string();
    if (r.earlier != kNone)
        render_contrast(c, tvb, pinfo, st, r);
    if (visible(tree)) {
        const std::string what = !cause.empty() ? cause : c.knowledge.rules()[r.rule].summary;
        proto_item_set_text(top, "SIP Advice: %s, %s", method_name(r.method), what.c_str());
    }
}

}  // namespace

void render_unanswered(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, const Unanswered& u)
{
    const std::string method = method_name(u.method), sent = std::to_string(u.sent);
    std::string last;
    if (u.last_provisional)
        last = std::to_string(u.last_provisional) + " " + c.knowledge.lookup(u.last_provisional).text->reason;
    char waited[16];
    std::snprintf(waited, sizeof waited, "%.1f", u.waited_ms / 1000.0);
    std::string summary;
    const DetailCatalogue& d = c.knowledge.details();
    switch (u.kind) {
    case Unanswered::late_final: d.append(summary, DetailPart::unanswered_late, {{"method", method}}); break;
    case Unanswered::capture_ended:
        d.append(summary, DetailPart::unanswered_capture_ended, {{"method", method}, {"waited", waited}});
        break;
    case Unanswered::no_final:
        if (u.last_provisional)
            d.append(summary, DetailPart::unanswered_last, {{"method", method}, {"last", last}, {"sent", sent}});
        else
            d.append(summary, DetailPart::unanswered_nothing, {{"method", method}, {"sent", sent}});
        break;
    }
    proto_item* top = proto_tree_add_item(tree, hf.proto, tvb, 0, 0, ENC_NA);
    if (visible(tree))
        proto_item_set_text(top, "SIP Advice: %s", summary.c_str());
    proto_tree* st = proto_item_add_subtree(top, ett.top);
    proto_item* flag = proto_tree_add_boolean(st, hf.unanswered, tvb, 0, 0, TRUE);
    proto_item_set_generated(flag);
    if (!last.empty())
        add_string(st, hf.unanswered_last, tvb, last);
    add_uint(st, hf.unanswered_sent, tvb, u.sent);
    if (u.kind != Unanswered::late_final) {
        nstime_t t;
        t.secs = static_cast<time_t>(u.waited_ms / 1000);
        t.nsecs = static_cast<int>((u.waited_ms % 1000) * 1000000);
        proto_item_set_generated(proto_tree_add_time(st, hf.unanswered_waited, tvb, 0, 0, &t));
    }
    expert(pinfo, flag, u.kind == Unanswered::capture_ended ? experts.unanswered_at_end : experts.unanswered, summary);
    if (settings.info_note)
        info_note(pinfo, c.knowledge.ui().phrase(u.kind == Unanswered::late_final ? Phrase::note_late : Phrase::note_unanswered));
}

void render_record(const RenderContext& c, tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, uint32_t index)
{
    if (c.tracker.at(index).flags & Record::kRequest)
        render_request(c, tvb, pinfo, tree, index);
    else
        render_response(c, tvb, pinfo, tree, index);
}

}  // namespace sipadvice::glue
