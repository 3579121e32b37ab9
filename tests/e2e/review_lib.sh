# Shared by the review window's end-to-end tests (sourced after lib.sh):
# candidates recorded through the real headless kiosk, then exported.

# candidate DATA LANG NAME EMAIL ANSWER... — one session through the kiosk;
# an empty ANSWER is skipped (the kiosk's skip dialog).
candidate() {
	local data=$1 lang=$2 name=$3 email=$4
	shift 4
	local script="$WORK/cand.$RANDOM.txt"
	{
		echo "press start"
		echo "press lang:$lang"
		echo "wait 1s"
		echo "press agree"
		echo "wait 1s"
		echo "text $name"
		echo "press field:email"
		echo "text $email"
		echo "wait 1s"
		echo "press next"
		for a in "$@"; do
			echo "wait 3s"
			if [ -n "$a" ]; then
				echo "text $a"
				echo "wait 2s"
				echo "press next"
			else
				echo "press next"
				echo "wait 1s"
				echo "press skip-confirm"
			fi
		done
		echo "expect-screen done"
	} > "$script"
	PRESCREEN_DATA="$data" "$PRESCREEN" kiosk --headless --script "$script" \
		|| fail "kiosk session $name"
}

# export_of DATA — exports DATA and prints the bundle's path.
export_of() {
	local out="$WORK/export.$RANDOM"
	mkdir -p "$out"
	PRESCREEN_DATA="$1" "$PRESCREEN" export --out "$out" 2>/dev/null || fail "export of $1"
}

# review_script STORE REVIEWER LANG BUNDLE... — runs stdin as a headless review script;
# extra options in $REVIEW_OPTS.
review_script() {
	local store=$1 reviewer=$2 lang=$3
	shift 3
	local script="$WORK/review.$RANDOM.txt"
	cat > "$script"
	# shellcheck disable=SC2086
	"$PRESCREEN" review --headless --store "$store" --reviewer "$reviewer" --lang "$lang" \
		--script "$script" ${REVIEW_OPTS:-} "$@"
}

AR_ANSWERS=(
	"أعمل منذ خمس سنوات على الخلفيات البرمجية، وأستخدم REST API مع قاعدة بيانات PostgreSQL."
	"بنيت خدمة حجوزات بـ Django، ثم أضفت ذاكرة تخزين مؤقت Redis فانخفض زمن الاستجابة إلى النصف."
	""
	"عندما تعطلت قاعدة البيانات في الإنتاج، أعدت التشغيل من النسخة الاحتياطية وكتبت تقريراً عن السبب."
	"أكتب اختبارات الوحدة لكل دالة وأراجع الشيفرة مع زملائي قبل الدمج."
	"أفضّل التصميم البسيط أولاً، ثم أقيس الأداء قبل أي تحسين."
	"أريد العمل في فريق يهتم بالجودة ويتعلم باستمرار."
)
HI_ANSWERS=(
	"मैंने क्षेत्रीय भुगतान सेवा के लिए REST API बनाई, जिसमें PostgreSQL और Redis का प्रयोग हुआ।"
	"पिछले तीन वर्षों से मैं Python और Django के साथ बैकएंड विकास कर रहा हूँ।"
	"डेटाबेस माइग्रेशन के दौरान मैंने स्क्रिप्ट लिखी और हर चरण की जाँच की।"
	"उत्पादन में त्रुटि आने पर मैंने लॉग देखे, कारण ढूँढा और परीक्षण जोड़ा।"
	"मैं कोड समीक्षा को सीखने का अच्छा अवसर मानता हूँ।"
	"कतार आधारित प्रणाली से हमने प्रतीक्षा समय घटाया।"
	"मुझे ऐसी टीम चाहिए जहाँ गुणवत्ता और सहयोग महत्वपूर्ण हों।"
)
JA_ANSWERS=(
	"三年間 Node.js と Express.js を使ってバックエンドを開発してきました。"
	"決済サービスの設計を担当し、PostgreSQL のインデックスを見直して応答時間を半分にしました。"
	"障害が起きたときは、まずログを確認し、原因を特定してから再発防止策を書きました。"
	"テストは単体テストと結合テストを書き、CI で毎回実行しています。"
	"コードレビューでは、読みやすさと安全性を重視しています。"
	"キューを使った非同期処理で、ピーク時の負荷を分散しました。"
	"品質を大切にするチームで、長く成長したいと考えています。"
)
DE_ANSWERS=(
	"Ich habe die Datenbankverbindungspoolkonfigurationsoptimierung für unseren Zahlungsdienst übernommen und die Antwortzeiten halbiert."
	"Sieben Jahre Backend-Entwicklung mit Python, Django REST framework und PostgreSQL auf AWS."
	"Bei der Rindfleischetikettierungsüberwachungsaufgabenübertragung haben wir eine Warteschlangenarchitektur eingeführt."
	"Nach einem Produktionsausfall habe ich die Ursache analysiert und eine Nachbetrachtung geschrieben."
	"Code-Reviews sind für mich Qualitätssicherung und Wissensaustausch zugleich."
	"Zuerst einfach bauen, dann messen, dann optimieren."
	"Ich möchte in einem Team arbeiten, das Verantwortung teilt."
)
