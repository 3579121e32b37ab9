#!/usr/bin/env python3
"""check_bundle.py BUNDLE STATUS LANG NAME ANSWER [SAME_AS_BUNDLE]

Checks an export bundle the boot test made inside the container: exactly one
session, with that status, language, candidate name and first answer, every
file listed in manifest.json with its SHA-256. With SAME_AS_BUNDLE, the
session files must be byte for byte those of that earlier bundle (a package
upgrade kept the session as it was). Prints what it found; exit 1 on a mismatch."""
import hashlib
import json
import pathlib
import sys


def fail(msg):
	print("FAIL: %s: %s" % (sys.argv[1], msg), file=sys.stderr)
	sys.exit(1)


def main():
	if len(sys.argv) not in (6, 7):
		print(__doc__, file=sys.stderr)
		sys.exit(2)
	bundle = pathlib.Path(sys.argv[1])
	status, lang, name, answer = sys.argv[2:6]
	manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
	listed = manifest.get("files")
	if not isinstance(listed, dict) or not listed:
		fail("manifest.json lists no files")
	for rel, want in listed.items():
		digest = "sha256:" + hashlib.sha256((bundle / rel).read_bytes()).hexdigest()
		if digest != want:
			fail("%s: %s, manifest.json says %s" % (rel, digest, want))
	sessions = sorted((bundle / "sessions").glob("*.json"))
	if len(sessions) != 1:
		fail("%d sessions, expected 1: %s" % (len(sessions), [p.name for p in sessions]))
	s = json.loads(sessions[0].read_text(encoding="utf-8"))
	got = (s.get("status"), s.get("language"), (s.get("candidate") or {}).get("name"),
	       (s.get("answers") or [{}])[0].get("answer"))
	if got != (status, lang, name, answer):
		fail("session %s: status, language, name, first answer = %r, expected %r" %
		     (s.get("session_id"), got, (status, lang, name, answer)))
	if not s.get("ended_at"):
		fail("session %s has no end time" % s.get("session_id"))
	print("  bundle %s: session %s %s, %s, name %r, answer %r, %d files match the manifest" %
	      (bundle.name, s["session_id"], status, lang, name, answer, len(listed)))
	if len(sys.argv) == 7:
		old = pathlib.Path(sys.argv[6])
		for p in sessions:
			before = old / "sessions" / p.name
			if not before.exists():
				fail("%s is not in the bundle before the upgrade" % p.name)
			if before.read_bytes() != p.read_bytes():
				fail("%s differs from the one exported before the upgrade" % p.name)
		print("  session files identical to the export before the upgrade (%s)" % old.name)


main()
