// Registration entry points of the SIP Advice postdissector.
#pragma once

void proto_register_sipadvice(void);
void proto_reg_handoff_sipadvice(void);
