"""Reusable text blocks: written once, included with `{text id}`, checked like any prose."""

from __future__ import annotations

from conftest import SERIES, run, write
from htmlpage import parse
from test_check import errors


def section(report_dir, text):
    write(report_dir / "ekonomi.md", "---\ntitel: Ekonomi\n---\n" + text)


def test_block_is_included_where_it_is_named(minimal, report_dir):
    write(report_dir / "textblock/finansiering.md", "Uppdraget finansieras **centralt**.\n\nAndra stycket.\n")
    write(report_dir / "inledning.md", "---\ntitel: Inledning\n---\nFörst.\n\n{text finansiering}\n")
    section(report_dir, "Sedan.\n\n{text finansiering}\n\nSist.\n")
    assert run(minimal, "build", "--quiet") == 0
    article = parse(minimal / f"site/{SERIES}/2025-10/index.html").find("article")
    assert article.text.count("Uppdraget finansieras centralt.") == 2
    assert article.text.count("Andra stycket.") == 2
    assert not (minimal / f"site/{SERIES}/2025-10/textblock").exists()  # a block is not a page or a file


def test_series_block_serves_every_report_and_the_report_block_wins(minimal, report_dir):
    write(minimal / f"content/{SERIES}/textblock/gemensam.md", "Seriens text.\n")
    write(minimal / f"content/{SERIES}/textblock/lokal.md", "Seriens version.\n")
    write(report_dir / "textblock/lokal.md", "Rapportens version.\n")
    section(report_dir, "{text gemensam}\n\n{text lokal}\n")
    assert run(minimal, "build", "--quiet") == 0
    text = parse(minimal / f"site/{SERIES}/2025-10/index.html").find("article").text
    assert "Seriens text." in text and "Rapportens version." in text and "Seriens version." not in text


def test_unknown_block_is_an_error_at_the_editors_line(minimal, report_dir, capsys):
    section(report_dir, "Text.\n\n{text finns-inte}\n")
    assert errors(minimal, capsys) == [
        f"content/{SERIES}/2025-10/ekonomi.md:6: okänt textblock 'finns-inte' "
        "Åtgärd: skapa filen textblock/finns-inte.md i rapportens mapp eller i seriens mapp"
    ]


def test_error_inside_a_block_points_into_the_block(minimal, report_dir, capsys):
    write(report_dir / "textblock/trasig.md", "Rad ett.\n\nSe [här](javascript:alert(1)).\n")
    section(report_dir, "{text trasig}\n")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/textblock/trasig.md:3: länken 'javascript:alert(1)' är inte tillåten")


def test_blocks_do_not_nest(minimal, report_dir, capsys):
    write(report_dir / "textblock/yttre.md", "{text inre}\n")
    write(report_dir / "textblock/inre.md", "Inre.\n")
    section(report_dir, "Text.\n\n{text yttre}\n")
    (error,) = errors(minimal, capsys)
    assert error.startswith(f"content/{SERIES}/2025-10/textblock/yttre.md:1: textblocket 'inre' kan inte tas med inne i ett annat textblock")
