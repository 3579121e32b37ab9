#!/usr/bin/env python3
"""Rebuilds tests/packs/broken/<NN-name>/ from tests/packs/good/: each a copy
of the good pack with one defect (or a few) that `prescreen pack check` must
report. Only the packs are made here; each expected.txt is written by hand
(the exact stderr lines, then "exit N") and is not touched.

msgfmt-rejects, in a case's folder, names the catalogs that `msgfmt --check`
must refuse too; in every other case msgfmt --check accepts all nine (it does
not know the defect). test_pack_check.sh holds both to it.

Run from anywhere: python3 tests/packs/mkbroken.py [--out DIR]
(--out: build the packs elsewhere, as the test does to compare them).
"""
import argparse
import pathlib
import re
import shutil

HERE = pathlib.Path(__file__).resolve().parent
GOOD = HERE / "good"
BROKEN = HERE / "broken"
LANGS = ["en", "es", "fr", "de", "pt_BR", "ar", "hi", "zh_CN", "ja"]


class Pack:
    def __init__(self, path):
        self.path = path

    def read(self, rel):
        return (self.path / rel).read_bytes().decode("utf-8")

    def write(self, rel, text):
        (self.path / rel).write_bytes(text.encode("utf-8"))

    def sub(self, rel, old, new, count=1):
        text = self.read(rel)
        assert old in text, f"{rel}: no {old!r}"
        self.write(rel, text.replace(old, new, count))

    def po(self, lang):
        return f"po/{lang}.po"

    def entry(self, lang, ctx):
        """(start, end) of the entry of ctx, from its msgctxt to its blank line."""
        text = self.read(self.po(lang))
        m = re.search(r'^msgctxt "%s"\n.*?(?:\n\n|\n\Z)' % re.escape(ctx), text, re.S | re.M)
        assert m, f"{lang}: no entry {ctx}"
        return text, m.start(), m.end()

    def set_msgid(self, lang, ctx, msgid):
        text, a, b = self.entry(lang, ctx)
        block = re.sub(r'^msgid ".*"$', lambda _: 'msgid "%s"' % msgid, text[a:b], flags=re.M)
        self.write(self.po(lang), text[:a] + block + text[b:])

    def set_msgstr(self, lang, ctx, msgstr):
        text, a, b = self.entry(lang, ctx)
        block = re.sub(r'^msgstr ".*"$', lambda _: 'msgstr "%s"' % msgstr, text[a:b], flags=re.M)
        self.write(self.po(lang), text[:a] + block + text[b:])

    def msgstr(self, lang, ctx):
        text, a, b = self.entry(lang, ctx)
        return re.search(r'^msgstr "(.*)"$', text[a:b], re.M).group(1)

    def drop_entry(self, lang, ctx):
        text, a, b = self.entry(lang, ctx)
        # the translator comment before it goes too
        c = text.rfind("\n\n", 0, a) + 2
        self.write(self.po(lang), text[:c] + text[b:])

    def flag(self, lang, ctx, flag):
        text, a, b = self.entry(lang, ctx)
        self.write(self.po(lang), text[:a] + "#, %s\n" % flag + text[a:])

    def source(self, old, new, ctx, tr):
        """Changes a source string in pack.json and in every catalog's msgid;
        tr(lang, old_msgstr) gives each catalog's new msgstr."""
        self.sub("pack.json", '"%s"' % old, '"%s"' % new)
        for lang in LANGS:
            self.set_msgstr(lang, ctx, tr(lang, self.msgstr(lang, ctx)))
            self.set_msgid(lang, ctx, new)


CASES = {}


def case(name):
    def add(fn):
        CASES[name] = fn
        return fn
    return add


TITLE = "Backend Developer pre-screening"


@case("01-json-syntax")
def _(p):
    p.sub("pack.json", '"role": "Backend Developer",', '"role": "Backend Developer",,')


@case("02-duplicate-question-id")
def _(p):
    p.sub("pack.json", '"id": "q05"', '"id": "q01"')


@case("03-missing-question-id")
def _(p):
    p.sub("pack.json", '      "id": "q07",\n', "")


@case("04-unknown-type")
def _(p):
    p.sub("pack.json", '"type": "situational"', '"type": "hypothetical"')


@case("05-missing-field")
def _(p):
    text = p.read("pack.json")
    i = text.index('"id": "q12"')
    j = text.index('"look_for"', i)
    k = text.index("\n", j) + 1
    p.write("pack.json", text[:text.rindex("\n", 0, j) + 1] + text[k:])


@case("06-missing-anchor")
def _(p):
    text = p.read("pack.json")
    i = text.index('"id": "q22"')
    j = text.index('"3": ', i)
    k = text.index("\n", j) + 1
    p.write("pack.json", text[:text.rindex("\n", 0, j) + 1] + text[k:])


@case("07-json-invalid-utf8")
def _(p):
    raw = (p.path / "pack.json").read_bytes()
    raw = raw.replace(b"RESTful APIs", b"REST\xfful APIs", 1)
    (p.path / "pack.json").write_bytes(raw)


@case("08-json-empty-text")
def _(p):
    p.sub("pack.json", '"text": "Describe your experience developing and maintaining RESTful APIs."',
          '"text": " "')


@case("09-sample-unknown-question")
def _(p):
    p.sub("pack.json", '"question_id": "q05"', '"question_id": "q99"')


@case("10-catalog-missing")
def _(p):
    (p.path / "po/hi.po").unlink()


@case("11-catalog-unreadable")
def _(p):
    (p.path / "po/de.po").unlink()
    (p.path / "po/de.po").mkdir()
    (p.path / "po/de.po/README").write_text("a folder where the German catalog should be\n")


@case("12-language-other")
def _(p):
    p.sub(p.po("de"), '"Language: de\\n"', '"Language: fr\\n"')


@case("13-language-other-region")
def _(p):
    p.sub(p.po("pt_BR"), '"Language: pt_BR\\n"', '"Language: pt_PT\\n"')


@case("14-language-missing")
def _(p):
    p.sub(p.po("es"), '"Language: es\\n"\n', "")


@case("15-plural-nplurals")
def _(p):
    p.sub(p.po("ja"), "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);")


@case("16-plural-formula")
def _(p):
    p.sub(p.po("fr"), "nplurals=2; plural=(n > 1);", "nplurals=2; plural=(n != 1);")


@case("17-plural-arabic")
def _(p):
    p.sub(p.po("ar"), "n%100>=11 ? 4 : 5;", "n%100>=11 && n%100<=99 ? 4 : 5;")
    p.sub(p.po("ar"), "n%100>=3 && n%100<=10 ? 3", "n%100>=3 && n%100<=9 ? 3")


@case("18-plural-malformed")
def _(p):
    p.sub(p.po("zh_CN"), "nplurals=1; plural=0;", "nplurals=1; plural=(n != ;")


@case("19-plural-missing")
def _(p):
    p.sub(p.po("de"), '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', "")


@case("20-untranslated")
def _(p):
    p.set_msgstr("es", "q07|text", "")


@case("21-fuzzy")
def _(p):
    p.flag("fr", "q21|anchor_3", "fuzzy")


@case("22-obsolete")
def _(p):
    text = p.read(p.po("de"))
    p.write(p.po("de"), text + '\n#~ msgctxt "q02|text"\n#~ msgid "Tell us what you know '
            'about server-side technologies."\n#~ msgstr "Was wissen Sie über '
            'serverseitige Technologien?"\n')


@case("23-unknown-context")
def _(p):
    text = p.read(p.po("ja"))
    p.write(p.po("ja"), text + '\n#. a question this pack no longer has\nmsgctxt "q02|text"\n'
            'msgid "Tell us what you know about server-side technologies."\n'
            'msgstr "サーバーサイド技術について知っていることを教えてください。"\n')


@case("24-missing-entry")
def _(p):
    p.drop_entry("zh_CN", "q05|red_flag")
    p.drop_entry("zh_CN", "cal04|why")


@case("25-context-typo")
def _(p):
    p.sub(p.po("hi"), 'msgctxt "q12|look_for"', 'msgctxt "q12|lookfor"')


@case("26-catalog-invalid-utf8")
def _(p):
    raw = (p.path / "po/pt_BR.po").read_bytes()
    i = raw.index(b'msgctxt "q05|text"')
    j = raw.index(b"\xc3\xaa", i)  # the first ê of the entry, as Latin-1 would store it
    raw = raw[:j] + b"\xea" + raw[j + 2:]
    (p.path / "po/pt_BR.po").write_bytes(raw)


@case("27-printf-missing")
def _(p):
    p.source(TITLE, TITLE + " (%d questions)", "pack|title",
             lambda lang, s: s if lang == "de" else s + " (%d)")


@case("28-printf-swapped")
def _(p):
    def tr(lang, s):
        if lang == "de":
            return "%d Fragen: " + s + " %s"
        if lang == "fr":
            return "%2$d questions : " + s + " %1$s"
        return s + " %s, %d"
    p.source(TITLE, TITLE + " %s, %d questions", "pack|title", tr)


@case("29-brace-renamed")
def _(p):
    p.source(TITLE, TITLE + " at {company}", "pack|title",
             lambda lang, s: s + (" {firma}" if lang == "de" else " {company}"))


@case("30-markup-dropped")
def _(p):
    p.source(TITLE, "<b>Backend Developer</b> pre-screening", "pack|title",
             lambda lang, s: s if lang == "ar" else "<b>" + s + "</b>")


@case("31-syntax-error")
def _(p):
    p.sub(p.po("es"), 'msgctxt "q01|red_flag"\nmsgid "Unfocused answers that drift from what was asked."',
          'msgctxt "q01|red_flag"\nmsgid "Unfocused answers that drift from what was asked.')


@case("32-duplicate-entry")
def _(p):
    text, a, b = p.entry("fr", "q22|text")
    p.write(p.po("fr"), text + "\n" + text[a:b].rstrip("\n") + "\n")


@case("33-stale-msgid")
def _(p):
    p.set_msgid("de", "q05|text", "Describe your experience developing REST APIs.")


@case("34-charset-latin1")
def _(p):
    p.sub(p.po("en"), "charset=UTF-8", "charset=ISO-8859-1")


@case("35-c-format-flagged")
def _(p):
    p.source(TITLE, TITLE + " (%d questions)", "pack|title",
             lambda lang, s: s + (" (%s)" if lang == "es" else " (%d)"))
    for lang in LANGS:
        p.flag(lang, "pack|title", "c-format")


@case("36-no-header")
def _(p):
    text = p.read(p.po("ja"))
    a = text.index('msgid ""')
    b = text.index("\n\n", a) + 2
    p.write(p.po("ja"), text[:a] + text[b:])


@case("38-fuzzy-header")
def _(p):
    p.sub(p.po("hi"), 'msgid ""\nmsgstr ""\n', '#, fuzzy\nmsgid ""\nmsgstr ""\n')


@case("37-several")
def _(p):
    p.sub("pack.json", '"type": "motivation"', '"type": "motivational"')
    p.set_msgstr("ar", "q01|text", "")
    p.flag("hi", "q07|anchor_5", "fuzzy")
    p.sub(p.po("zh_CN"), '"Language: zh_CN\\n"', '"Language: ja\\n"')
    (p.path / "po/en.po").unlink()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=pathlib.Path, default=BROKEN)
    out = ap.parse_args().out
    for name, fn in CASES.items():
        dest = out / name
        keep = {}
        for f in ("expected.txt", "msgfmt-rejects"):
            if (dest / f).exists():
                keep[f] = (dest / f).read_bytes()
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(GOOD, dest)
        fn(Pack(dest))
        for f, data in keep.items():
            (dest / f).write_bytes(data)


if __name__ == "__main__":
    main()
