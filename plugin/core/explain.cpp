// Explaining the causes and warn-codes a message carries, from the catalogues.
#include "explain.h"

#include "advice_text.h"
#include "text_util.h"

namespace sipadvice {

CauseExplanation explain_cause(const Knowledge& k, const ReasonValue& r, uint32_t code)
{
    CauseExplanation e;
    e.has_value = r.has_cause;
    e.value = r.cause;
    const ReasonProtocol* protocol = k.causes().protocol(r.protocol);
    e.protocol = protocol ? protocol->token : r.protocol;
    const std::string value = std::to_string(r.cause);
    const CauseText* cause = protocol && r.has_cause ? k.causes().find(protocol->token, r.cause) : nullptr;
    if (cause) {
        e.name = cause->name;
        e.meaning = cause->meaning;
        e.seen_when = cause->seen_when;
        e.fix = cause->fix;
        e.rfc = cause->rfc;
        e.severity = cause->severity;
        e.summary = cause->summary;
    } else if (protocol && iequals_ascii(protocol->token, "sip") && r.has_cause) {
        // A SIP cause is a status code: the code catalogue explains it.
        const CodeInfo info = k.lookup(r.cause);
        const CodeText& t = *info.text;
        e.name = t.reason;
        e.meaning = t.meaning;
        e.seen_when = t.seen_when;
        e.fix = t.fix;
        e.rfc = t.rfc;
        e.severity = t.severity;
        CauseText as_cause;
        as_cause.protocol = e.protocol;
        as_cause.value = r.cause;
        as_cause.name = e.name;
        as_cause.meaning = e.meaning;
        e.summary = cause_summary(k.ui(), as_cause);
    } else {
        std::string note;
        if (!protocol)
            k.details().append(note, DetailPart::unknown_protocol, {{"protocol", e.protocol}});
        else
            k.details().append(note, DetailPart::unknown_cause, {{"protocol", e.protocol}, {"value", r.has_cause ? value : "-"}});
        e.name = r.text.empty() ? "-" : r.text;
        e.meaning = note;
        e.seen_when = protocol ? protocol->meaning : note;
        e.fix = protocol ? protocol->name : note;
        e.rfc = protocol ? protocol->rfc : "RFC 3326";
        e.severity = Severity::note;
        CauseText as_cause;
        as_cause.protocol = e.protocol;
        as_cause.value = r.cause;
        as_cause.name = e.name;
        as_cause.meaning = note;
        e.summary = cause_summary(k.ui(), as_cause);
    }
    if (cause && code != 0 && k.causes().mismatch(code, *cause)) {
        e.mismatch = true;
        const CodeInfo info = k.lookup(code);
        const std::string code_text = std::to_string(code);
        std::string expected;
        cause->sip.for_each([&](uint32_t c) { expected += (expected.empty() ? "" : ", ") + std::to_string(c); });
        k.details().append(e.mismatch_summary, expected.empty() ? DetailPart::cause_mismatch_none : DetailPart::cause_mismatch,
                           {{"code", code_text}, {"reason", info.text->reason}, {"protocol", e.protocol},
                            {"value", value}, {"name", cause->name}, {"expected", expected}});
    }
    return e;
}

WarningExplanation explain_warning(const Knowledge& k, const WarningValue& w)
{
    WarningExplanation e;
    e.text = k.warnings().lookup(w.code);
    e.registered = e.text->registered;
    e.summary = e.text->summary.empty() ? warning_summary(k.ui(), w.code, *e.text) : e.text->summary;
    return e;
}

}  // namespace sipadvice
