#!/usr/bin/env python3
"""Turns a plain CSV written by `chronoscope generate` into a TimelineJS JSON file as TimelineJS'
own editor and its documented examples write one (a title slide, then one slide per event with
`start_date`/`end_date` objects of strings, `text` with `headline` and `text`, `media.url`,
`group` and `unique_id`), so the TimelineJS importer can be measured on the same events.
Usage: timelinejs_json.py IN.csv OUT.json"""
import csv
import json
import sys


def date_object(date):
    """ISO date at any precision -> TimelineJS date object of strings, or None."""
    if not date:
        return None
    day, _, time = date.partition("T")
    neg = day.startswith("-")
    parts = day.lstrip("-").split("-")
    year = int(parts[0]) * (-1 if neg else 1)
    # TimelineJS counts no year 0: astronomical year 0 is 1 BCE, written -1.
    obj = {"year": str(year if year > 0 else year - 1)}
    for key, value in zip(("month", "day"), parts[1:]):
        obj[key] = str(int(value))
    if time:
        for key, value in zip(("hour", "minute", "second"), time.rstrip("Z").split(":")):
            obj[key] = str(int(float(value)))
    return obj


def main(src, dst):
    with open(src, newline="", encoding="utf-8") as f, \
         open(dst, "w", encoding="utf-8") as out:
        out.write('{"title": {"text": {"headline": "Generated", "text": ""}},\n "events": [\n')
        for n, r in enumerate(csv.DictReader(f)):
            slide = {"start_date": date_object(r["start"])}
            end = date_object(r.get("end", ""))
            if end:
                slide["end_date"] = end
            slide["text"] = {"headline": r["title"], "text": r.get("description", "")}
            media = (r.get("url") or "").split(" ")[0]
            if media:
                slide["media"] = {"url": media}
            if r.get("lane"):
                slide["group"] = r["lane"]
            slide["unique_id"] = r["id"]
            out.write((",\n" if n else "") + "  " + json.dumps(slide, ensure_ascii=False))
        out.write("\n]}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
