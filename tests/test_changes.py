"""What is new since the previous report: sections matched by id, compared on the text readers see."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, SERIES, write, write_minimal_project

from builder.compute.changes import Changes, Previous, SectionChange, compare, plain_text
from builder.read.markdown import Heading, Html
from builder.base.periods import MONTH, Period
from builder.read.model import PUBLISHED, Report, Series, Signature
from builder.compute.pipeline import prepare
from builder.compute.report import RenderedReport, RenderedSection
from builder.base.project import Project
from builder.base.templating import environment

TEST_SERIES = Series(SERIES, "Testrapporten", "", MONTH, frozenset(), "TEST", "Testregionen", None, None, [], Path("."))


def report(month: str, *sections: RenderedSection) -> RenderedReport:
    when = Period.parse(month)
    meta = Report(SERIES, month, when, Path(month), when, f"Testrapporten {when.label}", when.label, "1.0", "TEST-1",
                  None, "Anna Andersson", "Bertil Berg", Signature("Anna Andersson", "Direktör"), PUBLISHED, [], [])
    return RenderedReport(meta, TEST_SERIES, list(sections), [])


def section(section_id: str, title: str, *html: str | Heading) -> RenderedSection:
    blocks = [b if isinstance(b, Heading) else Html(b) for b in html]
    return RenderedSection(title, section_id, [Heading(2, title, section_id, 1), *blocks])


def words(count: int, start: int = 0) -> str:
    return " ".join(f"ord{n}" for n in range(start, start + count))


def statuses(changes: Changes) -> list[tuple[str, str]]:
    return [(c.id, c.status) for c in changes.sections]


def test_first_report_has_nothing_to_compare_with():
    changes = compare(report("2025-10", section("inledning", "Inledning", "<p>Text.</p>")), None)
    assert changes.previous is None
    assert changes.sections == ()


def test_a_section_whose_file_id_changed_is_renamed_not_removed_and_added():
    text = f"<p>{words(40)}</p>"
    previous = report("2025-09", section("inledning", "Inledning", "<p>Text.</p>"),
                      section("lokaler", "Lokaler", text), section("it", "It", f"<p>{words(40, 100)}</p>"))
    current = report("2025-10", section("inledning", "Inledning", "<p>Text.</p>"),
                     section("lokalforsorjning", "Lokalförsörjning", f"<p>{words(36)} fyra nya ord här</p>"))
    changes = compare(current, previous)
    assert statuses(changes) == [("inledning", "oförändrad"), ("lokalforsorjning", "ändrad"), ("it", "borttagen")]
    renamed = changes.sections[1]
    assert renamed.previous_title == "Lokaler" and 1 <= renamed.changed_percent <= 20


def test_a_new_section_that_shares_little_with_a_removed_one_is_new():
    previous = report("2025-09", section("lokaler", "Lokaler", f"<p>{words(40)}</p>"))
    current = report("2025-10", section("personal", "Personal", f"<p>{words(10)} {words(40, 200)}</p>"))
    assert statuses(compare(current, previous)) == [("personal", "ny"), ("lokaler", "borttagen")]


def test_added_and_removed_sections_in_page_order_then_previous_order():
    previous = report("2025-09",
                      section("inledning", "Inledning", "<p>Text.</p>"),
                      section("lokaler", "Lokaler", "<p>Om lokaler.</p>"),
                      section("ekonomi", "Ekonomi", "<p>Om ekonomin.</p>"),
                      section("it", "It", "<p>Om it.</p>"))
    current = report("2025-10",
                     section("inledning", "Inledning", "<p>Text.</p>"),
                     section("personal", "Personal", "<p>Om personalen.</p>"),
                     section("ekonomi", "Ekonomi", "<p>Om ekonomin.</p>"))
    changes = compare(current, previous)
    assert statuses(changes) == [("inledning", "oförändrad"), ("personal", "ny"), ("ekonomi", "oförändrad"),
                                 ("lokaler", "borttagen"), ("it", "borttagen")]
    assert [c.id for c in changes.added] == ["personal"]
    assert [c.title for c in changes.removed] == ["Lokaler", "It"]
    assert changes.changed == ()
    assert [c.id for c in changes.unchanged] == ["inledning", "ekonomi"]
    assert all(c.changed_percent is None for c in changes.sections)


def test_changed_section_gives_the_share_of_words_that_differ():
    previous = report("2025-09", section("ekonomi", "Ekonomi", f"<p>{words(20)}</p>"))
    current = report("2025-10", section("ekonomi", "Ekonomi", f"<p>{words(15)} {words(5, start=100)}</p>"))
    (change,) = compare(current, previous).changed
    # 21 words on each side (the heading and 20), 16 in common: 1 - 2*16/42 = 0.238
    assert change == SectionChange("ekonomi", "Ekonomi", "ändrad", 24, None)


def test_a_recomputed_key_figure_alone_counts_as_a_change():
    text = '<p>{} Sjukfrånvaron var <span class="nyckeltal" data-nyckeltal="sjukfranvaro">{}</span> i perioden.</p>'
    previous = report("2025-09", section("personal", "Personal", text.format(words(40), "6,1&nbsp;%")))
    current = report("2025-10", section("personal", "Personal", text.format(words(40), "5,8&nbsp;%")))
    (change,) = compare(current, previous).changed
    assert change.id == "personal"
    assert 1 <= change.changed_percent <= 3


def test_a_change_too_small_to_round_to_a_percent_is_still_one_percent():
    previous = report("2025-09", section("ekonomi", "Ekonomi", f"<p>{words(300)} 1&nbsp;234&nbsp;mnkr</p>"))
    current = report("2025-10", section("ekonomi", "Ekonomi", f"<p>{words(300)} 1&nbsp;240&nbsp;mnkr</p>"))
    (change,) = compare(current, previous).changed
    assert change.changed_percent == 1


def test_markup_and_whitespace_that_readers_do_not_see_are_no_change():
    previous = report("2025-09", section("ekonomi", "Ekonomi",
                                         "<p>Resultatet är   1\u00a0234 mnkr.</p>\n<p>Prognosen &amp; budgeten.</p>",
                                         '<div data-diagram="a"><!--diagram-svg:a--></div>'
                                         '<script type="application/json">{"old": 1}</script>'))
    current = report("2025-10", section("ekonomi", "Ekonomi",
                                        "<p>Resultatet är 1&nbsp;234 mnkr.</p><p>Prognosen & budgeten.</p>",
                                        '<div data-diagram="b"><!--diagram-svg:b--></div>'
                                        '<script type="application/json">{"new": 2}</script>'))
    (change,) = compare(current, previous).sections
    assert change.status == "oförändrad"
    assert change.changed_percent is None


def test_a_changed_subheading_is_a_change():
    previous = report("2025-09", section("ekonomi", "Ekonomi", Heading(3, "Prognos för helåret", "prognos", 3),
                                         f"<p>{words(10)}</p>"))
    current = report("2025-10", section("ekonomi", "Ekonomi", Heading(3, "Prognos för året", "prognos", 3),
                                        f"<p>{words(10)}</p>"))
    assert statuses(compare(current, previous)) == [("ekonomi", "ändrad")]


def test_plain_text_has_headings_and_table_cells_as_separate_words():
    blocks = section("ekonomi", "Ekonomi", Heading(3, "Resultat", "resultat", 3),
                     "<table><tr><td>12</td><td>34</td></tr></table>").blocks
    assert plain_text(blocks) == "Ekonomi Resultat 12 34"


def test_renamed_heading_is_a_change_that_names_the_old_heading():
    previous = report("2025-09", section("ekonomi", "Ekonomi och budget", f"<p>{words(30)}</p>"))
    current = report("2025-10", section("ekonomi", "Ekonomi", f"<p>{words(30)}</p>"))
    (change,) = compare(current, previous).sections
    assert change.status == "ändrad"
    assert change.previous_title == "Ekonomi och budget"
    assert change.changed_percent >= 1


def test_reports_built_from_content_are_compared(tmp_path):
    root = write_minimal_project(tmp_path)
    november = root / f"content/{SERIES}/2025-11"
    write(november / "report.yml",
          (root / f"content/{SERIES}/2025-10/report.yml").read_text(encoding="utf-8")
          .replace("2025-01..2025-09", "2025-01..2025-10").replace("TEST-1", "TEST-2")
          .replace("  - ekonomi", "  - personal\n  - ekonomi"))
    write(november / "inledning.md", (root / f"content/{SERIES}/2025-10/inledning.md").read_text(encoding="utf-8"))
    write(november / "personal.md", "---\ntitel: Personal\n---\nText om personalen.\n")
    write(november / "ekonomi.md", "---\ntitel: Ekonomi\n---\nText om ekonomin.\n\n## Periodens resultat\n\n"
                                   "Resultatet för perioden är bättre.\n")
    prepared = prepare(Project(root), include_drafts=False)
    current, previous = (prepared.reports[f"{SERIES}/{month}/"] for month in ("2025-11", "2025-10"))
    changes = compare(current, previous)
    assert statuses(changes) == [("inledning", "oförändrad"), ("personal", "ny"), ("ekonomi", "ändrad")]
    # 'Ekonomi Text om ekonomin. Periodens resultat Resultatet för perioden.' (9 words) ends
    # '… perioden är bättre.' (11 words): 8 in common, 1 - 2*8/20 = 0.2
    assert changes.changed[0].changed_percent == 20


def render(changes: Changes) -> list[str]:
    html = environment(REPO / "templates").get_template("partials/whats_new.html.j2").render(changes=changes)
    assert "\n\n" not in html  # a blank line would end the HTML block in the Markdown page
    return html.splitlines()


def test_page_text_for_the_first_report():
    assert render(compare(report("2025-10", section("inledning", "Inledning", "<p>Text.</p>")), None)) == [
        '<p class="vad-ar-nytt">Det här är den första rapporten i serien. '
        "Det finns ingen tidigare rapport att jämföra med.</p>",
    ]


def test_page_text_lists_new_removed_changed_and_unchanged_sections():
    changes = Changes(Previous("2025-08", report("2025-08").report.label), (
        SectionChange("inledning", "Inledning", "oförändrad"),
        SectionChange("personal", "Personal & kompetens", "ny"),
        SectionChange("ekonomi", "Ekonomi", "ändrad", 12, "Ekonomi och budget"),
        SectionChange("vard", "Vård", "ändrad", 1),
        SectionChange("aktuellt", "Aktuellt", "oförändrad"),
        SectionChange("avslutning", "Avslutning", "oförändrad"),
        SectionChange("lokaler", "Lokaler", "borttagen"),
    ))
    assert render(changes) == [
        '<p class="vad-ar-nytt">Jämfört med <a href="../2025-08/">rapporten för augusti 2025</a>:</p>',
        '<p class="vad-ar-nytt">Nya avsnitt:</p>',
        '<ul class="vad-ar-nytt nya">',
        '<li><a href="#personal">Personal &amp; kompetens</a></li>',
        "</ul>",
        '<p class="vad-ar-nytt">Borttagna avsnitt (länkarna går till rapporten för augusti 2025):</p>',
        '<ul class="vad-ar-nytt borttagna">',
        '<li><a href="../2025-08/#lokaler">Lokaler</a></li>',
        "</ul>",
        '<p class="vad-ar-nytt">Ändrade avsnitt:</p>',
        '<ul class="vad-ar-nytt andrade">',
        '<li><a href="#ekonomi">Ekonomi</a> (ny rubrik, tidigare: Ekonomi och budget; '
        "ungefär 12&nbsp;% av texten ändrad)</li>",
        '<li><a href="#vard">Vård</a> (ungefär 1&nbsp;% av texten ändrad)</li>',
        "</ul>",
        '<p class="vad-ar-nytt oforandrade">Oförändrade avsnitt: <a href="#inledning">Inledning</a>, '
        '<a href="#aktuellt">Aktuellt</a> och <a href="#avslutning">Avslutning</a>.</p>',
    ]


def test_page_text_when_nothing_or_everything_changed():
    previous = report("2025-09", section("ekonomi", "Ekonomi", "<p>Text.</p>"))
    same = compare(report("2025-10", section("ekonomi", "Ekonomi", "<p>Text.</p>")), previous)
    assert render(same)[1:] == [
        '<p class="vad-ar-nytt">Inga avsnitt är nya, borttagna eller ändrade.</p>',
        '<p class="vad-ar-nytt oforandrade">Oförändrade avsnitt: <a href="#ekonomi">Ekonomi</a>.</p>',
    ]
    other = compare(report("2025-10", section("ekonomi", "Ekonomi", "<p>Ny text.</p>")), previous)
    assert render(other)[-1] == '<p class="vad-ar-nytt oforandrade">Inga avsnitt är oförändrade.</p>'


def add_month(root: Path, month: str, status: str, period: str) -> None:
    folder = root / f"content/{SERIES}/{month}"
    october = root / f"content/{SERIES}/2025-10"
    write(folder / "report.yml", (october / "report.yml").read_text(encoding="utf-8")
          .replace("2025-01..2025-09", period).replace("status: publicerad", f"status: {status}"))
    for name in ("inledning.md", "ekonomi.md"):
        write(folder / name, (october / name).read_text(encoding="utf-8"))


def test_compared_with_the_previous_published_report_even_in_a_preview_with_drafts(tmp_path):
    root = write_minimal_project(tmp_path)
    add_month(root, "2025-11", "utkast", "2025-01..2025-10")
    add_month(root, "2025-12", "publicerad", "2025-01..2025-11")
    for drafts in (False, True):
        prepared = prepare(Project(root), include_drafts=drafts)
        december = prepared.changes(prepared.reports[f"{SERIES}/2025-12/"])
        assert december.previous.name == "2025-10"
        assert render(december)[0] == ('<p class="vad-ar-nytt">Jämfört med <a href="../2025-10/">rapporten för '
                                       'oktober 2025</a>:</p>')
    draft = prepared.changes(prepared.reports[f"{SERIES}/2025-11/"])
    assert draft.previous.name == "2025-10"
