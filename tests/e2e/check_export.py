#!/usr/bin/env python3
"""Verifies prescreen export bundles (SPEC section 8). Standard library only.

Usage: check_export.py BUNDLE_DIR [BUNDLE_DIR...]

For each bundle: manifest.json is present and well formed, it lists every
other file exactly once with a SHA-256 that matches, each sessions/<id>.json
has every field of SPEC section 4 with the right type, statuses and question
types are known, timings are plausible, the manifest's counts, events and
packs agree with the sessions, and sessions.csv parses with the csv module
into one row per session x answer whose values match the JSON.

Prints one summary line per bundle and exits 0, or prints every problem found
(one per line) and exits 1.
"""
import csv
import hashlib
import io
import json
import os
import re
import sys

STATUSES = {"completed", "abandoned", "interrupted", "in_progress"}
TYPES = {"general", "experience", "behavioral", "situational", "motivation"}
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
HASH_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
ULID_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")
# Every contact field an event can ask for: the CSV has a column for each,
# whichever the sessions hold.
CONTACTS = ["email", "phone", "city", "linkedin"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SESSION_COLS = ["session_id", "kiosk_id", "event_id", "pack_id", "pack_version",
                "language", "status", "started_at", "ended_at", "candidate_name"]
ANSWER_COLS = ["question_index", "question_id", "type", "question_text", "answer",
               "shown_at", "first_input_ms", "submitted_ms", "total_ms", "active_ms",
               "keystrokes", "deletions", "characters", "words", "timed_out",
               "skipped"]
COUNTERS = ["keystrokes", "deletions", "characters", "words"]


class Problems:
    def __init__(self, bundle):
        self.bundle = bundle
        self.lines = []

    def add(self, where, msg):
        self.lines.append(f"{os.path.join(self.bundle, where)}: {msg}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_str(v):
    return isinstance(v, str)


def is_time(v):
    return is_str(v) and TIME_RE.match(v) is not None


def check_fields(p, where, obj, spec):
    """spec: name -> (predicate, description). Reports missing and wrong."""
    if not isinstance(obj, dict):
        p.add(where, "is not an object")
        return False
    ok = True
    for name, (pred, desc) in spec.items():
        if name not in obj:
            p.add(where, f"missing field '{name}'")
            ok = False
        elif not pred(obj[name]):
            p.add(where, f"'{name}' should be {desc}, got {obj[name]!r}")
            ok = False
    return ok


def nullable(pred):
    return lambda v: v is None or pred(v)


def nonneg(v):
    return is_int(v) and v >= 0


SESSION_SPEC = {
    "schema": (lambda v: v == "prescreen.session.v1", "'prescreen.session.v1'"),
    "session_id": (lambda v: is_str(v) and ULID_RE.match(v), "a ULID"),
    "revision": (nonneg, "a non-negative integer"),
    "kiosk_id": (is_str, "a string"),
    "event": (lambda v: isinstance(v, dict), "an object"),
    "pack": (lambda v: isinstance(v, dict), "an object"),
    "language": (lambda v: is_str(v) and v != "", "a language code"),
    "consent": (lambda v: isinstance(v, dict), "an object"),
    "candidate": (lambda v: isinstance(v, dict), "an object"),
    "started_at": (is_time, "a UTC time"),
    "ended_at": (nullable(is_time), "a UTC time or null"),
    "status": (lambda v: v in STATUSES, f"one of {sorted(STATUSES)}"),
    "time_percent": (lambda v: is_int(v) and v in (100, 125, 150, 200),
                     "100, 125, 150 or 200"),
    "answers": (lambda v: isinstance(v, list), "a list"),
}
EVENT_SPEC = {
    "id": (is_str, "a string"),
    "threshold": (lambda v: is_int(v) and 0 <= v <= 100, "an integer 0-100"),
    "questions": (lambda v: isinstance(v, list) and all(map(is_str, v)),
                  "a list of ids"),
    "hash": (lambda v: is_str(v) and HASH_RE.match(v), "sha256:<64 hex>"),
}
PACK_SPEC = {
    "id": (is_str, "a string"),
    "version": (is_str, "a string"),
    "hash": (lambda v: is_str(v) and HASH_RE.match(v), "sha256:<64 hex>"),
}
CONSENT_SPEC = {
    "version": (is_str, "a string"),
    "given_at": (nullable(is_time), "a UTC time or null"),
}
ANSWER_SPEC = {
    "question_id": (lambda v: is_str(v) and v != "", "a question id"),
    "type": (lambda v: v in TYPES, f"one of {sorted(TYPES)}"),
    "question_text": (nullable(is_str), "a string or null"),
    "answer": (nullable(is_str), "a string or null"),
    "shown_at": (nullable(is_time), "a UTC time or null"),
    "first_input_ms": (nullable(nonneg), "a non-negative integer or null"),
    "submitted_ms": (nullable(nonneg), "a non-negative integer or null"),
    "total_ms": (nonneg, "a non-negative integer"),
    "active_ms": (nonneg, "a non-negative integer"),
    "keystrokes": (nonneg, "a non-negative integer"),
    "deletions": (nonneg, "a non-negative integer"),
    "characters": (nonneg, "a non-negative integer"),
    "words": (nonneg, "a non-negative integer"),
    "timed_out": (lambda v: isinstance(v, bool), "true or false"),
    "skipped": (lambda v: isinstance(v, bool), "true or false"),
}


def check_answer(p, where, a):
    check_fields(p, where, a, ANSWER_SPEC)
    if not isinstance(a, dict):
        return
    n = {k: a.get(k) if nonneg(a.get(k)) else None for k in
         ("first_input_ms", "submitted_ms", "total_ms", "active_ms", "words",
          "characters")}
    # Only relations that hold by definition: typing happens while the
    # question is on screen, and the first keystroke precedes the submit.
    fi, sub = n["first_input_ms"], n["submitted_ms"]
    if fi is not None and sub is not None and fi > sub:
        p.add(where, f"first_input_ms {fi} after submitted_ms {sub}")
    if None not in (n["active_ms"], n["total_ms"]) and n["active_ms"] > n["total_ms"]:
        p.add(where, f"active_ms {n['active_ms']} exceeds total_ms {n['total_ms']}")
    if None in (n["words"], n["characters"]):
        return
    if n["words"] > n["characters"]:
        p.add(where, f"{n['words']} words in {n['characters']} characters")
    text = a.get("answer") if is_str(a.get("answer")) else ""
    # characters counts grapheme clusters: never more than code points,
    # and at least one for any non-empty answer.
    if n["characters"] > len(text):
        p.add(where, f"characters {n['characters']} > {len(text)} code points")
    if text and n["characters"] == 0:
        p.add(where, "a non-empty answer with characters 0")


def check_session(p, where, s, filename_id):
    """Reports every problem; returns whether the session is whole enough
    (objects and lists where expected) to compare with the CSV and manifest."""
    check_fields(p, where, s, SESSION_SPEC)
    if not isinstance(s, dict):
        return False
    usable = all(isinstance(s.get(k), dict) for k in ("event", "pack", "consent",
                                                      "candidate"))
    usable = usable and isinstance(s.get("answers"), list)
    if not usable:
        return False
    check_fields(p, where + " event", s["event"], EVENT_SPEC)
    check_fields(p, where + " pack", s["pack"], PACK_SPEC)
    check_fields(p, where + " consent", s["consent"], CONSENT_SPEC)
    cand = s["candidate"]
    if "name" not in cand:
        p.add(where, "candidate has no 'name'")
    for k, v in cand.items():
        if v is not None and not is_str(v):
            p.add(where, f"candidate '{k}' should be a string or null")
    if s.get("session_id") != filename_id:
        p.add(where, f"session_id {s.get('session_id')!r} does not match the file name")
    # ended_at by status (the schema): completed and abandoned sessions
    # ended at a known time, one in progress has not ended, an interrupted
    # one may or may not have been stopped in an orderly way.
    if s.get("status") in ("completed", "abandoned") and s.get("ended_at") is None:
        p.add(where, f"{s.get('status')} but ended_at is null")
    if s.get("status") == "in_progress" and s.get("ended_at") is not None:
        p.add(where, "in progress but ended_at is set")
    seen = set()
    for i, a in enumerate(s["answers"]):
        check_answer(p, f"{where} answers[{i}]", a)
        qid = a.get("question_id") if isinstance(a, dict) else None
        if qid in seen:
            p.add(where, f"question {qid} answered twice")
        seen.add(qid)
    return all(isinstance(a, dict) for a in s["answers"])


def csv_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    v = str(v)
    # A cell a spreadsheet would run as a formula is written as text.
    return "'" + v if v[:1] in FORMULA_START else v


def check_csv(p, raw, sessions):
    where = "sessions.csv"
    if not raw.startswith(b"\xef\xbb\xbf"):
        p.add(where, "does not start with a UTF-8 byte-order mark")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        p.add(where, f"invalid UTF-8 at byte {e.start}")
        return 0
    if text and not text.endswith("\r\n"):
        p.add(where, "does not end with CRLF")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as e:
        p.add(where, f"not valid CSV: {e}")
        return 0
    if not rows:
        p.add(where, "empty (no header)")
        return 0
    keys = CONTACTS
    want = SESSION_COLS + [f"contact_{k}" for k in keys] + ANSWER_COLS
    if rows[0] != want:
        p.add(where, f"header is {rows[0]}, want {want}")
        return 0
    by_key = {}
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(want):
            p.add(where, f"record {n}: {len(row)} fields, want {len(want)}")
            continue
        rec = dict(zip(want, row))
        k = (rec["session_id"], rec["question_index"])
        if k in by_key:
            p.add(where, f"record {n}: duplicate row for {k}")
        by_key[k] = (n, rec)
    expected = 0
    for sid, s in sessions.items():
        base = {
            "session_id": sid, "kiosk_id": s.get("kiosk_id"),
            "event_id": s["event"].get("id"), "pack_id": s["pack"].get("id"),
            "pack_version": s["pack"].get("version"), "language": s.get("language"),
            "status": s.get("status"), "started_at": s.get("started_at"),
            "ended_at": s.get("ended_at"), "candidate_name": s["candidate"].get("name"),
        }
        for k in keys:
            base[f"contact_{k}"] = s["candidate"].get(k)
        answers = s["answers"] or [None]
        for i, a in enumerate(answers):
            expected += 1
            index = str(i + 1) if a is not None else ""
            if (sid, index) not in by_key:
                p.add(where, f"no row for session {sid} question_index '{index}'")
                continue
            n, rec = by_key.pop((sid, index))
            want_rec = dict(base)
            for col in ANSWER_COLS[1:]:
                want_rec[col] = a.get(col) if a is not None else None
            for col, v in want_rec.items():
                if rec[col] != csv_value(v):
                    p.add(where, f"record {n} {col}: {rec[col]!r}, JSON has {v!r}")
    for (sid, index), (n, _) in by_key.items():
        p.add(where, f"record {n}: session {sid} question_index '{index}' "
              "matches no session answer")
    if len(rows) - 1 != expected:
        p.add(where, f"{len(rows) - 1} records, want {expected} (one per session x answer)")
    return len(rows) - 1


def check_manifest(p, m, sessions):
    spec = {
        "schema": (lambda v: v == "prescreen.manifest.v1", "'prescreen.manifest.v1'"),
        "kiosk_id": (is_str, "a string"),
        "exported_at": (is_time, "a UTC time"),
        "events": (lambda v: isinstance(v, list), "a list"),
        "packs": (lambda v: isinstance(v, list), "a list"),
        "threshold": (nullable(is_int), "an integer or null"),
        "counts": (lambda v: isinstance(v, dict), "an object"),
        "files": (lambda v: isinstance(v, dict), "an object"),
    }
    if not check_fields(p, "manifest.json", m, spec):
        return
    c = m["counts"]
    answers = sum(len(s["answers"]) for s in sessions.values())
    want = {"sessions": len(sessions), "answers": answers}
    for st in STATUSES:
        want[st] = sum(1 for s in sessions.values() if s.get("status") == st)
    for k, v in want.items():
        if c.get(k) != v:
            p.add("manifest.json", f"counts.{k} is {c.get(k)!r}, sessions give {v}")
    events, packs = [], []
    for s in sessions.values():
        e = {k: s["event"].get(k) for k in ("id", "hash", "threshold", "questions")}
        if e not in events:
            events.append(e)
        if s["pack"] not in packs:
            packs.append(s["pack"])
    norm = lambda x: json.dumps(x, sort_keys=True)
    if sorted(map(norm, m["events"])) != sorted(map(norm, events)):
        p.add("manifest.json", "events do not match the sessions' events")
    # "path" names the pack's folder in the bundle: not part of the sessions.
    listed = [{k: v for k, v in x.items() if k != "path"} for x in m["packs"]]
    if sorted(map(norm, listed)) != sorted(map(norm, packs)):
        p.add("manifest.json", "packs do not match the sessions' packs")
    thresholds = {json.dumps(e["threshold"]) for e in events}
    if len(thresholds) == 1 and json.dumps(m["threshold"]) != next(iter(thresholds)):
        p.add("manifest.json", f"threshold {m['threshold']!r}, events say "
              f"{next(iter(thresholds))}")
    if len(thresholds) > 1 and m["threshold"] is not None:
        p.add("manifest.json", "threshold set although events disagree")
    if list(m["files"]) != sorted(m["files"]):
        p.add("manifest.json", "files are not sorted by path")


def check_bundle(bundle):
    p = Problems(bundle)
    mpath = os.path.join(bundle, "manifest.json")
    if not os.path.isfile(mpath):
        p.add("manifest.json", "missing (an incomplete or foreign bundle)")
        return p, None
    try:
        with open(mpath, encoding="utf-8") as f:
            manifest = json.load(f)
    except (ValueError, OSError) as e:
        p.add("manifest.json", f"not valid JSON: {e}")
        return p, None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        p.add("manifest.json", "has no 'files' object")
        return p, None

    on_disk = set()
    for root, _, names in os.walk(bundle):
        for n in names:
            rel = os.path.relpath(os.path.join(root, n), bundle).replace(os.sep, "/")
            if rel != "manifest.json":
                on_disk.add(rel)
    contents = {}
    for rel, digest in files.items():
        if rel.startswith("/") or ".." in rel.split("/"):
            p.add("manifest.json", f"file path '{rel}' escapes the bundle")
            continue
        if rel not in on_disk:
            p.add(rel, "listed in the manifest but missing")
            continue
        with open(os.path.join(bundle, rel), "rb") as f:
            contents[rel] = f.read()
        actual = "sha256:" + hashlib.sha256(contents[rel]).hexdigest()
        if digest != actual:
            p.add(rel, f"checksum {digest} in manifest, file has {actual}")
    for rel in sorted(on_disk - set(files)):
        p.add(rel, "present but not listed in the manifest")

    sessions = {}
    for rel in sorted(contents):
        m = re.fullmatch(r"sessions/([^/]+)\.json", rel)
        if not m:
            continue
        try:
            s = json.loads(contents[rel].decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            p.add(rel, f"not valid JSON: {e}")
            continue
        if check_session(p, rel, s, m.group(1)):
            sessions[m.group(1)] = s
    if "sessions.csv" not in contents:
        p.add("sessions.csv", "missing")
        rows = 0
    else:
        rows = check_csv(p, contents["sessions.csv"], sessions)
    check_manifest(p, manifest, sessions)
    answers = sum(len(s["answers"]) for s in sessions.values())
    return p, f"{len(sessions)} sessions, {answers} answers, {rows} CSV rows, " \
              f"{len(files) + 1} files"


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print("usage: check_export.py BUNDLE_DIR [BUNDLE_DIR...]", file=sys.stderr)
        return 2
    failed = False
    for bundle in argv[1:]:
        bundle = bundle.rstrip("/") or "/"
        if not os.path.isdir(bundle):
            print(f"check_export: {bundle}: not a directory", file=sys.stderr)
            failed = True
            continue
        p, summary = check_bundle(bundle)
        for line in p.lines:
            print(f"check_export: {line}", file=sys.stderr)
        if p.lines:
            failed = True
            print(f"check_export: FAIL {bundle}: {len(p.lines)} problem(s)",
                  file=sys.stderr)
        else:
            print(f"check_export: OK {bundle}: {summary}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
