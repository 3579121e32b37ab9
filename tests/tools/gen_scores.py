#!/usr/bin/env python3
"""gen_scores.py BUNDLE_DIR... --out DIR [--reviewers N] [--seed S]

Writes N made-up prescreen.scores.v1 files (DIR/reviewer-1.json, ...) for
every session of the bundles, for the report's tests and benchmark
(tests/perf/report.sh, tests/e2e/test_report_print.sh). Each candidate has
a made-up ability; each reviewer scores every shown answer near it, now and
then two apart (flags), and leaves some unscored. Deterministic for a seed.
"""
import argparse, json, pathlib, random

ap = argparse.ArgumentParser()
ap.add_argument("bundles", nargs="+")
ap.add_argument("--out", required=True)
ap.add_argument("--reviewers", type=int, default=3)
ap.add_argument("--seed", type=int, default=7)
a = ap.parse_args()

sessions = {}
for b in a.bundles:
    for p in sorted((pathlib.Path(b) / "sessions").glob("*.json")):
        s = json.loads(p.read_text(encoding="utf-8"))
        sessions[s["session_id"]] = s
out = pathlib.Path(a.out)
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(a.seed)
ability = {sid: rng.uniform(1.3, 4.8) for sid in sorted(sessions)}
events = {}
for s in sessions.values():
    events[s["event"]["id"]] = {"id": s["event"]["id"], "hash": s["event"]["hash"],
                                "pack_hash": s["pack"]["hash"]}
for k in range(1, a.reviewers + 1):
    scores = []
    for sid in sorted(sessions):
        s = sessions[sid]
        for ans in s["answers"]:
            if rng.random() < 0.03:
                continue
            if ans["answer"] == "":
                sc, auto = 1, True
            else:
                sc = round(ability[sid] + rng.gauss(0, 0.6) + (rng.random() < 0.05) * 2)
                sc, auto = min(5, max(1, sc)), False
            scores.append({"session_id": sid, "question_id": ans["question_id"], "score": sc,
                           "automatic": auto, "note": None,
                           "scored_at": "2026-12-01T10:%02d:00Z" % (k % 60)})
    doc = {"schema": "prescreen.scores.v1", "reviewer": "reviewer-%d" % k,
           "exported_at": "2026-12-01T12:00:00Z", "events": list(events.values()),
           "scores": scores}
    (out / ("reviewer-%d.json" % k)).write_text(json.dumps(doc, ensure_ascii=False),
                                                 encoding="utf-8")
print(len(sessions), "sessions,", a.reviewers, "scores files in", out)
