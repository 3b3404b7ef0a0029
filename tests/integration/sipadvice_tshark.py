"""Runs the real tshark with the freshly built SIP Advice plugin, as an unprivileged user, and reads back
what the plugin added: one Annotation per SIP response, paired with the SIP message it belongs to.

Why the detours: as root, Wireshark loads no personal plugins and ignores WIRESHARK_PLUGIN_DIR, so tshark
runs as nobody (setpriv) from a world-readable temporary folder; WIRESHARK_PLUGIN_DIR points at that folder
so that a copy installed globally (cmake --install) can never be the one under test.
"""

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

NOBODY = 65534
EXPERT_RE = re.compile(r"^\s*(?:\[truncated\])?Expert Info \((\w+)/([\w ]+)\): (.*)$")


@dataclasses.dataclass
class Annotation:
    frame: int
    fields: dict  # field name -> show value (first occurrence in the SIP Advice subtree, outside causes/warnings)
    experts: list  # (severity, group, message)
    sip: dict  # the SIP message's Call-ID, tags, status code or method, for cross-checks
    causes: list = dataclasses.field(default_factory=list)  # one {field: show} per sipadvice.cause subtree
    warnings: list = dataclasses.field(default_factory=list)  # one {field: show} per sipadvice.warning subtree
    request: str = ""  # the method, when this is the subtree of a request (one that carries a Reason, or unanswered)

    def get(self, name, default=""):
        return self.fields.get(name, default)

    def without(self, *names):
        """A copy without some fields (e.g. the back link, only known after a first pass)."""
        return dataclasses.replace(self, fields={k: v for k, v in self.fields.items() if k not in names})


class Tshark:
    def __init__(self, plugin, ws_version, tshark="tshark"):
        self.tshark = shutil.which(tshark) or tshark
        self.root = tempfile.mkdtemp(prefix="sipadvice-tshark-")
        self.home = os.path.join(self.root, "home")
        self.plugin_dir = os.path.join(self.root, "plugins")
        # No extcap programs: tshark runs them at start-up to list interfaces, which a capture file does not
        # need; and with a sanitizer runtime preloaded, some of them (androiddump) hang.
        self.extcap_dir = os.path.join(self.root, "extcap")
        os.makedirs(self.extcap_dir)
        epan = os.path.join(self.plugin_dir, ws_version, "epan")
        os.makedirs(epan)
        os.makedirs(os.path.join(self.home, ".config", "wireshark"))
        self.plugin = os.path.join(epan, os.path.basename(plugin))
        shutil.copy(plugin, self.plugin)
        self._open_up()

    def _open_up(self):
        for base, dirs, files in os.walk(self.root):
            for name in dirs + files:
                os.chmod(os.path.join(base, name), 0o777 if name in dirs else 0o666)
        os.chmod(self.root, 0o777)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def user_file(self, text):
        """Writes the user's sipadvice.ini (personal configuration folder) for the next runs."""
        path = os.path.join(self.home, ".config", "wireshark", "sipadvice.ini")
        with open(path, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
        self._open_up()
        return path

    def stage(self, capture):
        """Copies a capture where the unprivileged user can read it."""
        dst = os.path.join(self.root, os.path.basename(capture))
        if not os.path.exists(dst):
            shutil.copy(capture, dst)
            os.chmod(dst, 0o666)
        return dst

    def command(self, args, plugin_dir=None):
        """The command line and environment of one tshark run as the unprivileged user, with the plugin
        folder pinned (plugin_dir: another folder, e.g. an empty one for a run without the plugin)."""
        env = {"HOME": self.home, "WIRESHARK_PLUGIN_DIR": plugin_dir or self.plugin_dir,
               "WIRESHARK_EXTCAP_DIR": self.extcap_dir, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        # A sanitized plugin needs the ASan runtime in tshark (not instrumented itself). Only tshark gets it:
        # other programs (editcap, extcaps) can hang with it preloaded.
        if os.environ.get("SIPADVICE_ASAN_RUNTIME"):
            env["LD_PRELOAD"] = os.environ["SIPADVICE_ASAN_RUNTIME"]
        for var in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if var in os.environ:
                env[var] = os.environ[var]
        cmd = [self.tshark] + list(args)
        if os.geteuid() == 0:
            cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"] + cmd
        return cmd, env

    def run(self, args, check=True, timeout=600, discard_stdout=False):
        cmd, env = self.command(args)
        p = subprocess.run(cmd, env=env, cwd=self.root, timeout=timeout, stderr=subprocess.PIPE,
                           stdout=subprocess.DEVNULL if discard_stdout else subprocess.PIPE)
        p.stdout_text = p.stdout.decode("utf-8", "replace") if p.stdout else ""
        p.stderr_text = p.stderr.decode("utf-8", "replace")
        if check and p.returncode != 0:
            raise RuntimeError(f"tshark failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr_text}")
        return p

    def loaded_plugin(self):
        """The path tshark reports for sipadvice, and its version."""
        for line in self.run(["-G", "plugins"]).stdout_text.splitlines():
            cols = [c.strip() for c in line.split("\t")]
            if cols and cols[0].startswith("sipadvice"):
                return cols[-1], cols[1]
        return None, None

    def annotations(self, capture, two_pass=False, extra=()):
        """One Annotation per SIP Advice subtree, in frame and message order."""
        args = ["-r", self.stage(capture), "-T", "pdml", "-J", "sip sipadvice"] + list(extra)
        if two_pass:
            args.insert(0, "-2")
        out = self.run(args).stdout
        return parse_pdml(out)

    def expert_counts(self, capture, two_pass=False, extra=()):
        """{(severity, group): count} of SIP Advice items in `tshark -q -z expert`."""
        args = ["-r", self.stage(capture), "-q", "-z", "expert"] + list(extra)
        if two_pass:
            args.insert(0, "-2")
        return parse_expert_summary(self.run(args).stdout_text)

    def status_codes(self, capture, extra=()):
        """Every SIP status code the SIP dissector found, in order (several per frame possible)."""
        out = self.run(["-r", self.stage(capture), "-Y", "sip.Status-Code", "-T", "fields", "-E", "occurrence=a",
                        "-E", "aggregator=,", "-e", "sip.Status-Code"] + list(extra)).stdout_text
        return [int(c) for line in out.split() for c in line.split(",") if c]


def _sip_message(proto):
    """Call-ID, tags, status code or method, and whether it has a Reason, of one <proto name="sip"> element."""
    msg = {}
    for f in proto.iter("field"):
        name = f.get("name")
        if name in ("sip.Call-ID", "sip.from.tag", "sip.to.tag", "sip.Status-Code", "sip.CSeq.method", "sip.Method",
                    "sip.Reason") and name not in msg:
            msg[name] = f.get("show", "")
    return msg


SUBTREE_LISTS = {"sipadvice.cause": "causes", "sipadvice.warning": "warnings"}


def _walk(element, fields, lists, experts):
    """Collects the fields under `element`: cause and warning subtrees each into a dict of their own."""
    for f in element.findall("field"):
        name = f.get("name")
        if name == "_ws.expert":
            m = EXPERT_RE.match(f.get("showname", ""))
            if m:
                experts.append((m.group(1).lower(), m.group(2).lower(), m.group(3)))
            continue
        if name in SUBTREE_LISTS:
            sub = {name: f.get("show", "")}
            _walk(f, sub, None, experts)
            lists[SUBTREE_LISTS[name]].append(sub)
            continue
        if name and name.startswith("sipadvice.") and name not in fields:
            fields[name] = f.get("show", "")
        _walk(f, fields, lists, experts)


# tshark writes bytes of malformed packets into PDML attributes as they are; XML 1.0 forbids these.
XML_INVALID = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_pdml(xml_bytes):
    anns = []
    for packet in ET.fromstring(XML_INVALID.sub(b"?", xml_bytes)).iter("packet"):
        frame = 0
        sip_responses = []
        advice = []
        for proto in packet.findall("proto"):
            name = proto.get("name")
            if name == "geninfo":
                frame = int(next(f.get("show") for f in proto.findall("field") if f.get("name") == "num"))
            elif name == "sip":
                msg = _sip_message(proto)
                if "sip.Status-Code" in msg:
                    sip_responses.append(msg)

            elif name == "sipadvice":
                advice.append(proto)
            else:
                # SIP inside other layers (e.g. ERSPAN, WebSocket) still appears as top-level sip protos
                continue
        responses = iter(sip_responses)
        for proto in advice:
            fields, experts, lists = {}, [], {"causes": [], "warnings": []}
            _walk(proto, fields, lists, experts)
            # Responses are annotated each (paired with the SIP responses in order); a request when it carries a
            # Reason or the tracker flagged it (sipadvice.request names it), or, once the capture was read, when it
            # went unanswered (its method starts its Expert Info summary).
            if "sipadvice.unanswered" in fields:
                method = experts[0][2].split(" ", 1)[0] if experts else "?"
                anns.append(Annotation(frame, fields, experts, {}, [], [], method))
                continue
            if "sipadvice.request" in fields:  # a request's subtree says its method
                anns.append(Annotation(frame, fields, experts, {}, lists["causes"], lists["warnings"],
                                       fields["sipadvice.request"]))
                continue
            anns.append(Annotation(frame, fields, experts, next(responses, {}), lists["causes"], lists["warnings"]))
    return anns


def parse_expert_summary(text):
    counts = {}
    severity = None
    for line in text.splitlines():
        m = re.match(r"^(Errors|Warns|Notes|Chats|Comments) \(\d+\)", line)
        if m:
            severity = {"Errors": "error", "Warns": "warning", "Notes": "note", "Chats": "chat", "Comments": "comment"}[m.group(1)]
            continue
        m = re.match(r"^\s+(\d+)\s+(\w+)\s+SIP Advice\s+", line)
        if m and severity:
            key = (severity, m.group(2).lower())
            counts[key] = counts.get(key, 0) + int(m.group(1))
    return counts


def truthy(value):
    """A boolean field as `tshark -T fields` prints it: 1/0 up to 4.0, True/False from 4.2 on."""
    return value in ("1", "True")


def _render_extras(a):
    """The detail line, causes and warnings of an annotation, as reviewable lines."""
    lines = []
    if a.get("sipadvice.detail"):
        lines.append(f"    detail: {a.get('sipadvice.detail')}")
    for c in a.causes:
        flags = " MISMATCH" if truthy(c.get("sipadvice.cause.mismatch", "")) else ""
        text = f" text=\"{c['sipadvice.cause.text']}\"" if "sipadvice.cause.text" in c else ""
        lines.append(f"    cause: {c.get('sipadvice.cause')}{text}{flags}")
    for w in a.warnings:
        flags = " unregistered" if truthy(w.get("sipadvice.warning.unregistered", "")) else ""
        lines.append(f"    warning: {w.get('sipadvice.warning.code')} agent={w.get('sipadvice.warning.agent')} "
                     f"\"{w.get('sipadvice.warning.text')}\" ({w.get('sipadvice.warning.name')}){flags}")
    return lines


def _render_contrast(a):
    if not a.get("sipadvice.contrast.rule"):
        return []
    return [f"    contrast: {a.get('sipadvice.contrast.rule')}: after {a.get('sipadvice.contrast.earlier_code')} "
            f"in frame {a.get('sipadvice.contrast.earlier_frame')}: {a.get('sipadvice.contrast')}"]


def render(anns, title):
    """The reviewable expected-output text: one block per SIP response."""
    lines = [f"# {title}", "# One block per SIP response: code, registry reason, class, RFC; then the dialog path, the detail",
             "# line, Reason causes, Warning values, contrasts, back links and Expert Info (severity group); one block per",
             "# request that carries a Reason or went unanswered. Produced with tshark -2; reviewed by eye.", ""]
    for a in anns:
        if a.get("sipadvice.unanswered"):
            last = f", last {a.get('sipadvice.unanswered.last')}" if a.get("sipadvice.unanswered.last") else ""
            waited = a.get("sipadvice.unanswered.waited")
            waited = f", waited {float(waited):.1f} s" if waited else ""
            lines.append(f"frame {a.frame}: {a.request} (request) unanswered: sent {a.get('sipadvice.unanswered.sent')}×{last}{waited}")
            lines.append("    expert: " + ", ".join(f"{s} {g}: {m}" for s, g, m in a.experts))
            continue
        if a.request:
            lines.append(f"frame {a.frame}: {a.request} (request)")
            lines += _render_extras(a) + _render_contrast(a)
            lines.append("    expert: " + ", ".join(f"{s} {g}" for s, g, _ in a.experts))
            continue
        flags = [a.get("sipadvice.class")]
        if truthy(a.get("sipadvice.unregistered")):
            flags.append("unregistered")
        if truthy(a.get("sipadvice.retransmission")):
            flags.append("retransmission")
        lines.append(f"frame {a.frame}: {a.get('sipadvice.code')} {a.get('sipadvice.reason')} ({', '.join(flags)}) "
                     f"{a.get('sipadvice.rfc')}")
        if a.get("sipadvice.dialog.path"):
            lines.append(f"    path: {a.get('sipadvice.dialog.path')}")
        lines += _render_extras(a) + _render_contrast(a)
        if a.get("sipadvice.contrast.later_frame"):
            lines.append(f"    later contrast: frame {a.get('sipadvice.contrast.later_frame')}")
        lines.append("    expert: " + ", ".join(f"{s} {g}" for s, g, _ in a.experts))
    return "\n".join(lines) + "\n"


def finish(failures):
    """Prints the failures of a check script and returns its exit status."""
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0
