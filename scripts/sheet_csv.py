#!/usr/bin/env python3
"""Turns a plain CSV written by `chronoscope generate` into the TimelineJS Google-Sheets
template's CSV (Year, Month, Day, Time, End Year, …, Headline, Text, Media, …, Group), so the
sheet importer can be measured on the same events. Usage: sheet_csv.py IN.csv OUT.csv"""
import csv
import sys

HEADER = ["Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
          "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
          "Media Thumbnail", "Alt Text", "Type", "Group", "Background"]


def split(date):
    """ISO date at any precision -> (year, month, day, time)."""
    if not date:
        return ["", "", "", ""]
    day, _, time = date.partition("T")
    neg = day.startswith("-")
    parts = day.lstrip("-").split("-")
    year = ("-" if neg else "") + parts[0].lstrip("0") if parts[0].strip("0") else "0"
    return [year, parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else "", time]


def main(src, dst):
    with open(src, newline="", encoding="utf-8") as f, \
         open(dst, "w", newline="", encoding="utf-8") as out:
        rows = csv.DictReader(f)
        w = csv.writer(out, lineterminator="\n")
        w.writerow(HEADER)
        for r in rows:
            media = (r.get("url") or "").split(" ")[0]
            w.writerow(split(r["start"]) + split(r.get("end", "")) +
                       ["", r["title"], r.get("description", ""), media, "", "", "", "", "",
                        r.get("lane", ""), ""])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
