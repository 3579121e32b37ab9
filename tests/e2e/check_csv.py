#!/usr/bin/env python3
"""Reads a CSV file the way a spreadsheet user's tools would (Python's csv
module) and prints every record as one JSON array per line, ASCII-escaped, so
that a test in another language can compare values exactly.

Usage: check_csv.py FILE [--columns NAME,NAME,...]

Fails (exit 1, one line on stderr) when the file is not what prescreen
promises: strict RFC 4180 in UTF-8 that opens with a byte-order mark (so that
spreadsheets read every script), CRLF line ends outside quotes, every record
with as many fields as the header, (with --columns) the header given, and no
cell a spreadsheet would run as a formula (one starting with = + - @ tab or
CR must start with an apostrophe instead).
"""
import csv
import json
import sys

# What makes a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def fail(path, msg):
    print(f"check_csv: {path}: {msg}", file=sys.stderr)
    sys.exit(1)


def check_line_ends(path, text):
    """Outside quoted fields every line must end in CRLF, and nothing else."""
    quoted = False
    line = 1
    i = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            quoted = not quoted
        elif c == "\n":
            if not quoted and (i == 0 or text[i - 1] != "\r"):
                fail(path, f"line {line}: bare LF (want CRLF)")
            line += 1
        elif c == "\r" and not quoted:
            if i + 1 >= len(text) or text[i + 1] != "\n":
                fail(path, f"line {line}: bare CR (want CRLF)")
        i += 1
    if quoted:
        fail(path, "unterminated quoted field")
    if text and not text.endswith("\r\n"):
        fail(path, "last record does not end with CRLF")


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--columns"):
        print("usage: check_csv.py FILE [--columns NAME,NAME,...]", file=sys.stderr)
        return 2
    path = argv[1]
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail(path, "does not start with a UTF-8 byte-order mark")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        fail(path, f"invalid UTF-8 at byte {e.start}")
    check_line_ends(path, text)
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, strict=True))
    if not rows:
        fail(path, "no header row")
    if len(argv) == 4 and rows[0] != argv[3].split(","):
        fail(path, f"header is {rows[0]!r}, want {argv[3].split(',')!r}")
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            fail(path, f"record {n} has {len(row)} fields, header has {len(rows[0])}")
    for n, row in enumerate(rows, start=1):
        for cell in row:
            if cell[:1] in FORMULA_START:
                fail(path, f"record {n}: cell {cell[:20]!r} would run as a formula")
    for row in rows:
        print(json.dumps(row, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
