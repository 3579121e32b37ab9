# A tap inside the answer puts the caret at the tapped character (left to
# right and right to left): what is typed next lands there, not at the end.
. "$(dirname "$0")/lib.sh"

answer_of() {   # answer_of LANG: the first answer of the last session in LANG
	local bundle
	bundle=$(export_bundle)
	bundle_json "$bundle" | python3 -c '
import json, sys
s = [x for x in json.load(sys.stdin) if x["language"] == sys.argv[1]]
print(s[-1]["answers"][0]["answer"], end="")' "$1"
}

# A tap within 0.7 s of a new screen is ignored, hence the waits.
# `press answer` taps the middle of the answer box: with one line of text
# wider than half the box, that is the line's nearest caret to the middle.
for lang in en ar; do
	if [ $lang = ar ]; then
		line='سبع سنوات من العمل في تطوير الواجهات الخلفية مع بايثون وجانغو على خدمات أمازون السحابية منذ عام'
	else
		line='Seven years of back-end work with Python and Django on AWS, and two years of Java before that.'
	fi
	kiosk_script --size 1280x720 <<S || fail "$lang tap script"
press start
press lang:$lang
wait 1s
press agree
wait 1s
text Lee
press next
wait 1s
text $line
press answer
text X
press next
S
	got=$(answer_of $lang)
	[ "${got//X/}" = "$line" ] || fail "$lang: the answer changed beyond the X: [$got]"
	case "$got" in
		X*|*X) fail "$lang: the tap did not move the caret into the line: [$got]" ;;
	esac
	pass "$lang: typing after a tap lands mid-line: [${got%%X*}|X|${got#*X}]"
done

# The same in an identity field: the tap focuses it and puts the caret there.
name='Ana María Souza de Oliveira Santos Pereira da Silva Costa Rodrigues Almeida'
kiosk_script --size 1280x720 <<S || fail "field tap script"
press start
press lang:en
wait 1s
press agree
wait 1s
text $name
press field:email
press field:name
text X
press next
S
bundle=$(export_bundle)
got=$(bundle_json "$bundle" | python3 -c '
import json, sys
print([s["candidate"]["name"] for s in json.load(sys.stdin) if "Rodrigues" in s["candidate"]["name"]][0], end="")')
[ "${got//X/}" = "$name" ] || fail "field: the name changed beyond the X: [$got]"
case "$got" in
	X*|*X) fail "field: the tap did not move the caret into the name: [$got]" ;;
esac
pass "field: typing after a tap lands mid-name: [${got%%X*}|X|${got#*X}]"
