#!/usr/bin/python3
"""Prints Chronoscope's accessibility tree as a screen reader (Orca) reads it through AT-SPI:
role, name, states, extents, and the announcements the app sends while it runs.

Run by scripts/atspi-dump.sh, which starts Xvfb, a private D-Bus session and the AT-SPI bus.
Usage: atspi_tree.py [--wait SECONDS] [--max-depth N] [--listen SECONDS]
"""

import argparse
import sys
import time

import pyatspi

INTERESTING_STATES = [
    ("focused", pyatspi.STATE_FOCUSED),
    ("focusable", pyatspi.STATE_FOCUSABLE),
    ("selected", pyatspi.STATE_SELECTED),
    ("selectable", pyatspi.STATE_SELECTABLE),
    ("showing", pyatspi.STATE_SHOWING),
]


def find_app(name, wait):
    deadline = time.time() + wait
    while time.time() < deadline:
        try:
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is not None and app.name and name in app.name.lower():
                    # AccessKit builds its tree once a client asks: wait until the window has
                    # children.
                    if app.childCount and app[0] is not None and app[0].childCount:
                        return app
        except Exception:
            pass
        time.sleep(0.5)
    return None


def describe(node):
    try:
        return describe_node(node)
    except Exception as e:  # a node that went away while we read it, or a failed call
        return f"[unreadable] ({e.__class__.__name__}: {e})"


def describe_node(node):
    role = node.getRoleName()
    name = node.name or ""
    states = node.getState()
    flags = [label for label, s in INTERESTING_STATES if states.contains(s)]
    try:
        ext = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        where = f" @({ext.x},{ext.y} {ext.width}x{ext.height})"
    except NotImplementedError:
        where = ""
    attrs = ""
    try:
        pairs = dict(a.split(":", 1) for a in node.getAttributes() if ":" in a)
        keep = {k: v for k, v in pairs.items() if k in ("level", "live", "container-live", "roledescription")}
        if keep:
            attrs = " " + " ".join(f"{k}={v}" for k, v in sorted(keep.items()))
    except Exception:
        pass
    text = f"[{role}] {name!r}"
    if flags:
        text += " {" + ",".join(flags) + "}"
    return text + attrs + where


def walk(node, depth, max_depth, out):
    out.append("  " * depth + describe(node))
    if depth >= max_depth:
        if node.childCount:
            out.append("  " * (depth + 1) + f"… {node.childCount} children")
        return
    try:
        children = [c for c in node]
    except Exception:
        children = []
    for child in children:
        if child is not None:
            walk(child, depth + 1, max_depth, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--app", default="chronoscope")
    parser.add_argument("--wait", type=float, default=30)
    parser.add_argument("--max-depth", type=int, default=12)
    parser.add_argument("--listen", type=float, default=0,
                        help="also print focus changes and announcements for this many seconds")
    args = parser.parse_args()

    app = find_app(args.app, args.wait)
    if app is None:
        print(f"no accessible application named {args.app!r} on the AT-SPI bus", file=sys.stderr)
        return 1
    out = []
    walk(app, 0, args.max_depth, out)
    print("\n".join(out))

    if args.listen > 0:
        def on_event(event):
            src = event.source
            detail = event.any_data if event.any_data is not None else ""
            print(f"EVENT {event.type} {describe(src) if src else ''} {detail!r}", flush=True)

        for kind in ("object:announcement", "object:state-changed:focused",
                     "object:state-changed:selected", "object:property-change:accessible-name"):
            pyatspi.Registry.registerEventListener(on_event, kind)
        end = time.time() + args.listen

        def stop():
            if time.time() > end:
                pyatspi.Registry.stop()
                return False
            return True

        from gi.repository import GLib
        GLib.timeout_add(200, stop)
        pyatspi.Registry.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
