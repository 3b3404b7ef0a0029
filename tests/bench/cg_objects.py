#!/usr/bin/env python3
"""Instructions spent in each ELF object (exclusive: code of that object, inlined code included), read from
a callgrind output file. Used by callgrind.sh to split the plugin's cost into its own code and the work
Wireshark, GLib and libc do on its behalf.
  cg_objects.py CALLGRIND_OUT [PATTERN]   -> "instructions<TAB>object" per object, largest first, or only
                                             the sum over the objects whose path contains PATTERN
"""

import collections
import re
import sys


def self_cost_by_object(path):
    names = {}  # compressed "(id) name" references of ob=/cob=
    costs = collections.Counter()
    current = None
    skip_next_cost = False  # the line after calls= is the call's inclusive cost, not self cost
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("ob="):
                m = re.match(r"ob=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m:
                    if m.group(2) is not None:
                        names[m.group(1)] = m.group(2)
                    current = names.get(m.group(1), m.group(1))
                else:
                    current = line[3:].strip()
            elif line.startswith("cob="):
                m = re.match(r"cob=\((\d+)\)(?: (.*))?", line.rstrip("\n"))
                if m and m.group(2) is not None:
                    names[m.group(1)] = m.group(2)
            elif line.startswith("calls="):
                skip_next_cost = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                if skip_next_cost:
                    skip_next_cost = False
                    continue
                parts = line.split()
                if len(parts) >= 2 and current is not None:
                    costs[current] += int(parts[1])
    return costs


def main():
    costs = self_cost_by_object(sys.argv[1])
    if len(sys.argv) > 2:
        print(sum(v for k, v in costs.items() if sys.argv[2] in k))
    else:
        for obj, v in costs.most_common():
            print(f"{v}\t{obj}")


if __name__ == "__main__":
    main()
