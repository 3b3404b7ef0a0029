// The ids Wireshark gives the plugin's protocol, fields, subtrees and expert items, and its preferences: set by
// registration (packet-sipadvice.cpp), read by the render functions (render.cpp).
#pragma once

#include <epan/expert.h>
#include <epan/proto.h>

#include <array>

#include "knowledge.h"
#include "ws_compat.h"

namespace sipadvice::glue {

struct FieldIds {
    int proto = -1;
    int code = -1, reason = -1, cls = -1, meaning = -1, seen_when = -1, fix = -1, rfc = -1;
    int request = -1, severity = -1, unregistered = -1, retransmission = -1, copy = -1, outcome = -1, path = -1, detail = -1;
    int contrast = -1, contrast_rule = -1, contrast_earlier_code = -1, contrast_earlier_frame = -1;
    int contrast_explanation = -1, contrast_advice = -1, contrast_later_frame = -1;
    int cause = -1, cause_protocol = -1, cause_value = -1, cause_name = -1, cause_text = -1, cause_meaning = -1;
    int cause_seen_when = -1, cause_fix = -1, cause_rfc = -1, cause_mismatch = -1, causes_not_shown = -1;
    int warning = -1, warning_code = -1, warning_agent = -1, warning_text = -1, warning_name = -1;
    int warning_meaning = -1, warning_fix = -1, warning_unregistered = -1, warnings_not_shown = -1;
    int unanswered = -1, unanswered_last = -1, unanswered_sent = -1, unanswered_waited = -1;
};
extern FieldIds hf;

struct SubtreeIds {
    gint top = -1, contrast = -1, cause = -1, warning = -1;
};
extern SubtreeIds ett;

struct Preferences {
    std::array<pref_bool, kCodeClassCount> annotate{TRUE, TRUE, TRUE, TRUE, TRUE, TRUE, TRUE};
    pref_bool info_note = TRUE;
    gint language = 0;  // index into kLanguageValues (packet-sipadvice.cpp): 0 = Auto, then kLanguages
};
extern Preferences settings;

}  // namespace sipadvice::glue
