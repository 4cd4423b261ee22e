"""Tables rendered as real tables (analysis.presentation.tables) and the Swedish Sphinx helpers.

All data here are synthetic.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.presentation.tables import (
    CHAR_PT,
    LINE_PT,
    PAD_PT,
    bind_intervals,
    cell_texts,
    looks_numeric,
    numeric_columns,
    table_markdown,
)
from analysis.sphinx_swedish import build_date, swedish_date


def _pipe_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


@pytest.mark.parametrize(
    "text",
    [
        "54",
        "−0,6",
        "35\u202f421",
        "54\u00a0%",
        "−0,6 till −0,3",
        "2,1 (0,4 till 3,8)",
        "–",
        "+2,1",
        "0,012 *",
    ],
)
def test_numbers_intervals_and_estimates_read_as_numeric(text):
    assert looks_numeric(text)


@pytest.mark.parametrize("text", ["Stockholm", "ökad", "Fig 29", "2,1 procentenheter", "N79179"])
def test_words_do_not_read_as_numeric(text):
    assert not looks_numeric(text)


def test_index_becomes_first_column_without_an_index_name_row():
    df = pd.DataFrame({"Värde": [1.25, 2.5]}, index=pd.Index(["A", "B"], name="Region"))
    rows = _pipe_rows(table_markdown(df))
    assert rows[0] == "| Region | Värde |"
    assert rows[1] == "|:---|---:|"
    assert rows[2] == "| A | 1,2 |" or rows[2] == "| A | 1,3 |"
    assert len(rows) == 4  # header, rule, two data rows: no extra row for the index name


def test_default_range_index_is_not_shown():
    df = pd.DataFrame({"Namn": ["x"], "Antal": [3]})
    assert _pipe_rows(table_markdown(df))[0] == "| Namn | Antal |"


def test_numbers_are_swedish_years_are_plain_and_missing_is_a_dash():
    df = pd.DataFrame({"År": [2023, 2024], "Invånare": [35421.0, None], "Andel": [0.5, 12.25]})
    cells = cell_texts(df, decimals={"Invånare": 0, "Andel": 1})
    assert list(cells["År"]) == ["2023", "2024"]
    assert list(cells["Invånare"]) == ["35\u202f421", "–"]
    assert cells["Andel"].iloc[1] in ("12,2", "12,3")


def test_whole_number_columns_get_no_decimals_by_default():
    cells = cell_texts(pd.DataFrame({"Antal": [1500.0, 2.0]}))
    assert list(cells["Antal"]) == ["1\u202f500", "2"]


def test_preformatted_number_strings_are_right_aligned_and_words_left():
    cells = pd.DataFrame({"Område": ["a", "b"], "KI": ["−0,6 till −0,3", "–"], "Bedömning": ["ökad", "–"]})
    assert numeric_columns(cells) == [False, True, False]


def test_data_strings_are_escaped():
    df = pd.DataFrame({"Titel": ["a | b", "<script>x</script>", "*fet*"]})
    rows = _pipe_rows(table_markdown(df))
    assert rows[2] == "| a \\| b |"
    assert "<script>" not in table_markdown(df)
    assert rows[4] == "| \\*fet\\* |"


def test_markdown_columns_keep_the_chapters_markup():
    df = pd.DataFrame({"Fil": ["[a.csv](_static/data/a.csv)"]})
    assert "| [a.csv](_static/data/a.csv) |" in table_markdown(df, markdown_columns=("Fil",))


def test_multiline_cells_stay_on_one_row():
    rows = _pipe_rows(table_markdown(pd.DataFrame({"Not": ["rad ett\nrad två"]})))
    assert rows[2] == "| rad ett rad två |"


def test_no_break_spaces_in_cells_are_kept_so_numbers_stay_with_their_units():
    cell = "+3,0\u00a0procentenheter (95\u00a0% KI 1\u202f879 till 2\u202f039)"
    rows = _pipe_rows(table_markdown(pd.DataFrame({"Förändring": [cell]}), markdown_columns=["Förändring"]))
    assert (
        rows[2]
        == "| +3,0\u00a0procentenheter (95\u00a0%\u00a0KI\u00a01\u202f879\u00a0till\u00a02\u202f039) |"
    )
    rows = _pipe_rows(table_markdown(pd.DataFrame({"Förändring": [cell + "\n  (tryckt)"]})))
    assert "3,0\u00a0procentenheter" in rows[2] and "1\u202f879" in rows[2] and "\n" not in rows[2]


def test_intervals_do_not_break_inside_but_phrases_do():
    assert bind_intervals("96,6 till 97,3") == "96,6\u00a0till\u00a097,3"
    assert bind_intervals("2,4 (−0,3 till 4,5 %)") == "2,4 (−0,3\u00a0till\u00a04,5\u00a0%)"
    assert (
        bind_intervals("2,1 (95 % KI 0,4 till 3,8)") == "2,1 (95\u00a0%\u00a0KI\u00a00,4\u00a0till\u00a03,8)"
    )
    assert bind_intervals("(fler än väntat till och med 2024)") == "(fler än väntat till och med 2024)"
    assert bind_intervals("ungefärligt") == "ungefärligt"


def test_a_bound_interval_gets_a_column_wide_enough_for_it_in_the_pdf():
    df = pd.DataFrame(
        {"Grupp": ["en mycket lång beskrivning av en grupp i panelen"] * 3, "95 % KI": ["96,6 till 97,3"] * 3}
    )
    md = table_markdown(df)
    assert "96,6\u00a0till\u00a097,3" in md
    spec = next(line for line in md.splitlines() if line.startswith("```{tabularcolumns}"))
    share = float(spec.split("\\Y{")[-1].split("}")[0])
    assert share * LINE_PT - PAD_PT >= len("96,6 till 97,3") * CHAR_PT["normal"]


def test_caption_wraps_the_table_in_a_named_table_directive():
    md = table_markdown(pd.DataFrame({"A": [1]}), caption="Antal per år", label="tab-x")
    assert "````{table} Antal per år" in md
    assert ":name: tab-x" in md


def test_latex_colspec_right_aligns_numbers_and_fills_the_line():
    md = table_markdown(pd.DataFrame({"Namn": ["x"], "Antal": [3]}))
    spec = next(line for line in md.splitlines() if line.startswith("```{tabularcolumns}"))
    assert spec.count(r"\Y{") == 2
    assert r">{\raggedright\arraybackslash}\Y" in spec and r">{\raggedleft\arraybackslash}\Y" in spec
    fractions = [float(part.split("}")[0]) for part in spec.split(r"\Y{")[1:]]
    assert sum(fractions) == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("header", ["95\u00a0%\u00a0KI", "95 % KI"])
def test_a_header_bound_by_no_break_spaces_gets_room_for_all_of_it(header):
    from analysis.presentation.tables import CHAR_PT, LINE_PT, PAD_PT, _latex_fractions

    # three columns of long words take most of the line: what is left is shared by length
    cells = pd.DataFrame({**{f"k{i}": ["Förtroendemätningarna"] for i in range(3)}, header: ["–"]})
    assert _latex_fractions(cells)[-1] >= (7 * CHAR_PT["normal"] + PAD_PT) / LINE_PT


def test_wide_tables_get_a_smaller_font_in_latex_only():
    narrow = table_markdown(pd.DataFrame({c: [1] for c in "ab"}))
    wide = table_markdown(pd.DataFrame({c: [1] for c in "abcdefgh"}))
    assert "footnotesize" not in narrow
    assert wide.count("{raw} latex") == 2


def test_swedish_date():
    assert swedish_date(dt.date(2026, 11, 29)) == "29 november 2026"
    assert swedish_date(dt.date(2025, 3, 1)) == "1 mars 2025"


def test_build_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740787200")  # 2025-03-01 00:00 UTC
    assert build_date() == dt.date(2025, 3, 1)


def test_part_starts_make_front_matter_unnumbered_restart_report_chapters_and_letter_appendices():
    from analysis.sphinx_swedish import part_starts

    toc = {
        "root": "index",
        "parts": [
            {"caption": "Kort", "chapters": [{"file": "sammanfattning"}]},
            {"caption": "Rapporten", "numbered": True, "chapters": [{"file": "kap01"}, {"file": "kap02"}]},
            {"caption": "Egna", "numbered": True, "chapters": [{"file": "egna"}]},
            {"caption": "Bilagor", "chapters": [{"file": "bilaga2"}, {"file": "kolofon"}]},
        ],
    }
    starts = part_starts(toc)
    assert set(starts) == {"index", "kap01", "bilaga2"}
    assert "secnumdepth}{-1}" in starts["index"]
    assert r"\setcounter{chapter}{0}" in starts["kap01"]
    assert starts["bilaga2"].startswith(r"\appendix") and r"\thefigure}{\thechapter." in starts["bilaga2"]
    # the site letters the same pages as the PDF, in the same order
    from analysis.sphinx_swedish import appendix_letters

    assert appendix_letters(toc) == {"bilaga2": "A", "kolofon": "B"}
    toc["parts"].append({"caption": "Mer", "chapters": [{"file": "sist"}]})
    assert appendix_letters(toc)["sist"] == "C"


def test_appendix_headings_are_numbered_with_the_letter_down_the_page():
    from docutils import nodes
    from sphinx import addnodes

    from analysis.sphinx_swedish import appendix_secnumbers

    def entry(anchor, *subs):
        ref = nodes.reference("", "", anchorname=anchor)
        item = nodes.list_item("", addnodes.compact_paragraph("", "", ref))
        if subs:
            item += nodes.bullet_list("", *subs)
        return item

    toc = nodes.bullet_list("", entry("", entry("#a", entry("#a1")), entry("#b")))
    numbers = appendix_secnumbers(toc, "H")
    assert numbers == {"": ("H",), "#a": ("H", 1), "#a1": ("H", 1, 1), "#b": ("H", 2)}
    assert [r["secnumber"] for r in toc.findall(nodes.reference)] == list(numbers.values())


def test_a_table_caption_is_kept_on_the_page_of_its_table_in_the_pdf():
    from docutils import nodes

    from analysis.sphinx_swedish import LONG_TABLE_START, keep_captions_with_tables

    def caption(label):
        # MyST opens such a paragraph with an empty text node
        return nodes.paragraph("", "", nodes.Text(""), nodes.strong(text=label), nodes.Text(" Förändring."))

    table = nodes.container("", nodes.table())
    doc = nodes.section(
        "",
        caption("Tabell 15.B."),
        table,
        caption("Tabell 14.3."),  # its table is not next: a sentence about a table, left as it is
        nodes.paragraph(text="Text."),
        nodes.paragraph(
            "",
            "",
            nodes.strong(text="Svar."),
            nodes.Text(" Ett långt stycke i fetstil, ingen tabelltext." * 12),
        ),
        nodes.container("", nodes.table()),
        caption("Riket under olika mål"),  # a caption without a number is kept too
        nodes.container("", nodes.table()),
    )
    assert keep_captions_with_tables(doc) == 2
    before, after = doc.children[0], doc.children[2]  # around the caption, now the second child
    # a table without an estimate (here: no rows) asks for its caption's lines and its first rows
    assert before.astext() == f"\\gnvneedspace{{{1 + LONG_TABLE_START}\\baselineskip}}\n"
    assert all(isinstance(r, nodes.raw) and r["format"] == "latex" for r in (before, after))
    assert before.astext().startswith(r"\gnvneedspace{") and after.astext().strip() == r"\nopagebreak"
    assert doc.children[3] is table


def test_the_room_asked_for_a_caption_grows_with_its_table_and_a_long_table_asks_none():
    from docutils import nodes

    from analysis.sphinx_swedish import needed_lines

    def table(n_rows, classes=()):
        def row(texts):
            return nodes.row("", *[nodes.entry("", nodes.paragraph(text=t)) for t in texts])

        body = [row(["Serie", "Värde"])] + [
            row([f"Serie {i} med ett långt namn", "1,0"]) for i in range(n_rows)
        ]
        return nodes.table("", nodes.tgroup("", *body), classes=list(classes))

    short, tall = needed_lines("Tabell 1. Text.", table(2)), needed_lines("Tabell 1. Text.", table(20))
    assert 2 < short < tall
    assert needed_lines("Tabell 1. " + "Mycket text. " * 40, table(2)) > short  # a longer caption
    assert needed_lines("Tabell 1. Text.", table(20, ["longtable"])) is None
    assert needed_lines("Tabell 1. Text.", table(31)) is None  # Sphinx sets it as a long table
    ragged = table(2)
    # a header with a spanning cell: a body row has more entries than it (pandas would raise)
    ragged.children[0].children[0].children.pop()
    assert needed_lines("Tabell 1. Text.", ragged) is None


def test_a_table_without_rows_is_a_sentence_not_an_empty_table():
    md = table_markdown(pd.DataFrame({"Källa": [], "Antal": []}))
    assert "|" not in md and "uppgifter" in md


def test_data_page_lists_every_csv_with_size_and_checksum(tmp_path):
    import hashlib
    import json

    from analysis.book import add_data_table, data_table_markdown

    (tmp_path / "a.csv").write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"rows": 1, "kind": "figure", "source": "syntetisk"}))
    (tmp_path / "b.csv").write_text("y\n2\n3\n", encoding="utf-8")
    md = data_table_markdown(tmp_path)
    assert "[a.csv](_static/data/a.csv)" in md and "[b.csv](_static/data/b.csv)" in md
    assert hashlib.sha256(b"x\n1\n").hexdigest()[:16] in md
    assert "| figur |" in md and "syntetisk" in md
    import nbformat

    nb_path = tmp_path / "data.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Data")]), nb_path)
    add_data_table(nb_path, tmp_path)
    cells = nbformat.read(nb_path, as_version=4).cells
    assert len(cells) == 2 and "a.csv" in cells[1].source


def test_long_identifiers_get_break_opportunities_and_short_words_do_not():
    from analysis.presentation.tables import ZWSP, soft_breaks

    long_id = "skr:primarvard/sjukskoterskevard@riket"
    assert soft_breaks(long_id).replace(ZWSP, "") == long_id
    assert soft_breaks(long_id).count(ZWSP) == 3
    assert soft_breaks("N71000 a/b 2,5") == "N71000 a/b 2,5"


def test_latex_columns_are_at_least_as_wide_as_their_longest_number():
    wide = pd.DataFrame({"Första år": [2017], "Luckor": ["x " * 40], **{f"k{i}": [1] for i in range(8)}})
    spec = next(line for line in table_markdown(wide).splitlines() if "tabularcolumns" in line)
    first = float(spec.split(r"\Y{")[1].split("}")[0])
    assert first * 453 - 12 >= 6 * 4.1  # "Första" fits at the small size


def test_leftover_integer_row_numbers_are_not_shown():
    from analysis.presentation.tables import cell_texts

    df = pd.DataFrame({"Serie": ["b", "a"], "Värde": [2.0, 1.5]}, index=[7, 3])  # after sorting
    assert list(cell_texts(df).columns) == ["Serie", "Värde"]
    named = df.rename_axis("Nr")
    assert list(cell_texts(named).columns) == ["Nr", "Serie", "Värde"]


def test_a_table_taller_than_a_page_breaks_across_pages_even_with_few_rows():
    """Twenty rows of long wrapped text are taller than a page: set as a longtable, not a tabulary."""
    text = "en lång motivering som bryts över många rader i en smal kolumn " * 3
    tall = pd.DataFrame({"Figur": range(20), "Status": ["ersatt"] * 20, "Kommentar": [text] * 20})
    md = table_markdown(tall)
    assert ":class: gnv-table longtable" in md
    assert md.count("````{table}") == 1 and "````{table} " not in md  # no caption, so no number
    short = table_markdown(tall.assign(Kommentar="kort"))
    assert "longtable" not in short and "{table}" not in short
    captioned = table_markdown(tall, caption="Status")
    assert ":class: gnv-table longtable" in captioned


def test_a_stacked_table_carries_its_class_with_or_without_a_caption():
    df = pd.DataFrame({"Region": ["Blekinge"], "Rapporten, %": [17.4], "Vår, %": [19.2]})
    assert ":class: gnv-table gnv-stack" in table_markdown(df, stack=True)
    assert ":class: gnv-table gnv-stack" in table_markdown(df, caption="Jämförelse", stack=True)
    assert "gnv-stack" not in table_markdown(df)


def test_the_interval_label_is_never_broken_between_its_words():
    from docutils import nodes

    from analysis.sphinx_swedish import bind_no_break

    doc = nodes.section(
        "",
        nodes.paragraph(text="ökade 1,2 (95 % KI\n0,3 till 2,1) och (95\u00a0% KI 1 till 2)"),
        nodes.literal_block(text="(95 % KI 0 till 1)"),  # code is left as written
        nodes.paragraph(text="Ingen etikett: 95 % av regionerna"),
    )
    assert bind_no_break(doc) == 2
    assert (
        doc.children[0].astext()
        == "ökade 1,2 (95\u00a0%\u00a0KI\n0,3 till 2,1) och (95\u00a0%\u00a0KI 1 till 2)"
    )
    assert doc.children[1].astext() == "(95 % KI 0 till 1)"
    assert doc.children[2].astext() == "Ingen etikett: 95 % av regionerna"


def test_a_number_written_with_spaces_is_never_broken_between_its_digit_groups():
    from docutils import nodes

    from analysis.sphinx_swedish import bind_no_break

    doc = nodes.section(
        "",
        nodes.paragraph(text="per 100 000 invånare och 1 100 läkare; 2016 2017; 0,5 100; 1 2345"),
    )
    assert bind_no_break(doc) == 2
    assert doc.children[0].astext() == (
        "per 100\u202f000 invånare och 1\u202f100 läkare; 2016 2017; 0,5 100; 1 2345"
    )


def test_a_long_caption_asks_for_its_own_lines_before_a_long_table():
    from docutils import nodes

    from analysis.sphinx_swedish import LONG_TABLE_START, caption_lines, keep_captions_with_tables

    text = " Effekt och bedömning per serie, med enheter och intervall." * 8  # longer than CAPTION_CHARS
    long_table = nodes.table(classes=["longtable"])
    doc = nodes.section(
        "", nodes.paragraph("", "", nodes.strong(text="Tabell 14.2."), nodes.Text(text)), long_table
    )
    assert keep_captions_with_tables(doc) == 1
    lines = caption_lines("Tabell 14.2." + text)
    assert (
        lines > 1
        and doc.children[0].astext() == f"\\gnvneedspace{{{lines + LONG_TABLE_START}\\baselineskip}}\n"
    )


def test_a_tables_last_row_is_never_alone_on_a_pdf_page(tmp_path):
    """A tiny Sphinx LaTeX build: only the next-to-last body row forbids a page break after it."""
    from sphinx.application import Sphinx

    (tmp_path / "conf.py").write_text(
        "def setup(app):\n"
        "    from analysis.sphinx_swedish import keep_last_row_translator\n"
        "    app.set_translator('latex', keep_last_row_translator())\n"
    )
    rows = "".join(f"   * - r{i}\n     - {i}\n" for i in range(4))
    (tmp_path / "index.rst").write_text(f"T\n=\n\n.. list-table::\n   :header-rows: 1\n\n{rows}")
    out = tmp_path / "_build"
    Sphinx(str(tmp_path), str(tmp_path), str(out), str(out / ".doctrees"), "latex", status=None).build()
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    body = tex[tex.index("r1") :]
    keep = "\\\\\\noalign{\\nobreak}"
    assert body.count(keep) == 1
    assert body.index("r2") < body.index(keep) < body.index("r3")


def test_appendix_letters_stop_past_z_instead_of_failing_in_latex():
    from analysis.sphinx_swedish import appendix_letters, part_starts

    toc = {
        "root": "index",
        "parts": [
            {"caption": "Rapporten", "numbered": True, "chapters": [{"file": "kap01"}]},
            {"caption": "Bilagor", "chapters": [{"file": f"bilaga{k}"} for k in range(26)]},
        ],
    }
    assert appendix_letters(toc)["bilaga25"] == "Z"
    assert set(part_starts(toc)) == {"index", "kap01", "bilaga0"}
    toc["parts"][1]["chapters"].append({"file": "bilaga26"})
    with pytest.raises(ValueError, match="27 appendices"):
        appendix_letters(toc)
