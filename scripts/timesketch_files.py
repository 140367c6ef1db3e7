#!/usr/bin/env python3
"""Turns a plain CSV written by `chronoscope generate` into a Timesketch CSV and a Timesketch
JSONL file with the same events, shaped as `benches/load_other.rs` writes them: message, µs
timestamp, a datetime with six fraction digits and +00:00, timestamp_desc, data_type (the lane),
hostname, tag. Events before 1970 keep negative timestamps, as plaso writes them.
Usage: timesketch_files.py IN.csv OUT.csv OUT.jsonl"""
import csv
import datetime
import json
import sys

EPOCH = datetime.datetime(1970, 1, 1)
HEADER = ["message", "timestamp", "datetime", "timestamp_desc", "data_type", "hostname", "tag"]


def start_micros(date):
    """µs since 1970 of the start of an ISO date at any precision (years 1..9999)."""
    day, _, time = date.partition("T")
    parts = [int(p) for p in day.split("-")] + [1, 1]
    hour, minute = (int(time[:2]), int(time[3:5])) if time else (0, 0)
    start = datetime.datetime(parts[0], parts[1], parts[2], hour, minute)
    return (start - EPOCH) // datetime.timedelta(microseconds=1)


def main(src, dst_csv, dst_jsonl):
    with open(src, newline="", encoding="utf-8") as f, \
         open(dst_csv, "w", newline="", encoding="utf-8") as out, \
         open(dst_jsonl, "w", encoding="utf-8") as lines:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(HEADER)
        for k, r in enumerate(csv.DictReader(f)):
            micros = start_micros(r["start"]) + k % 1_000_000
            when = EPOCH + datetime.timedelta(microseconds=micros)
            record = {
                "message": r["title"],
                "timestamp": micros,
                "datetime": when.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
                "timestamp_desc": "Creation Time",
                "data_type": r.get("lane", ""),
                "hostname": "HOST-%02d" % (k % 17),
                "tag": ",".join(t.strip() for t in r.get("tags", "").split(";") if t.strip()),
            }
            w.writerow([record[h] for h in HEADER])
            record["tag"] = record["tag"].split(",") if record["tag"] else []
            lines.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
