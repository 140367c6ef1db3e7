#!/usr/bin/env python3
"""Turns a plain CSV written by `chronoscope generate` into a vis-timeline JSON file as an app
saving its DataSets writes one: `{"groups": [...], "items": [...]}`, items with `id`,
`content`, ISO `start` (and `end` for ranges), `group` and `title`, so the vis importer can be
measured on the same events. Usage: vis_json.py IN.csv OUT.json"""
import csv
import json
import sys


def main(src, dst):
    groups = {}
    with open(src, newline="", encoding="utf-8") as f, \
         open(dst, "w", encoding="utf-8") as out:
        out.write('{"items": [\n')
        for n, r in enumerate(csv.DictReader(f)):
            item = {"id": r["id"], "content": r["title"], "start": r["start"]}
            if r.get("end"):
                item["end"] = r["end"]
            lane = r.get("lane")
            if lane:
                group = groups.setdefault(lane, len(groups) + 1)
                item["group"] = group
            if r.get("description"):
                item["title"] = r["description"]
            out.write((",\n" if n else "") + "  " + json.dumps(item, ensure_ascii=False))
        out.write("\n],\n\"groups\": [\n")
        out.write(",\n".join("  " + json.dumps({"id": g, "content": lane})
                             for lane, g in groups.items()))
        out.write("\n]}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
