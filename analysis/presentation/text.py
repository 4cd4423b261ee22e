"""Swedish numbers, intervals and units, and safe text from data.

One style everywhere: decimal comma, a narrow no-break space as thousands separator, the
true minus sign, intervals written "−0,6 till −0,3", percentages "54 procent" in running
text and "54 %" in tables, figures and the interval label "95 % KI", and percentage points
"2,1 procentenheter". Strings that come from data (indicator titles, region names,
notes) pass through :func:`escape_md` before they are glued as Markdown, so markup in a
third-party title renders as text.
"""

from __future__ import annotations

import html
import math
import re

MINUS = "\u2212"
NBSP = "\u00a0"
THIN_NBSP = "\u202f"


def _missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or not math.isfinite(float(x))
    except (TypeError, ValueError):
        return True


def fmt_num(x: float, decimals: int = 1) -> str:
    """A number the Swedish way: decimal comma, narrow no-break space for thousands, "–" if missing."""
    if _missing(x):
        return "–"
    value = round(float(x), decimals)
    if value == 0:
        value = 0.0  # no "−0,0"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", THIN_NBSP).replace(".", ",").replace("-", MINUS)


def fmt_pct(x: float, decimals: int = 0) -> str:
    """A percentage for a table cell or a figure, e.g. ``54`` -> ``'54 %'`` (no-break space)."""
    return f"{fmt_num(x, decimals)}{NBSP}%"


def fmt_percent(x: float, decimals: int = 0) -> str:
    """A percentage in running text, e.g. ``54`` -> ``'54 procent'``; "–" if missing."""
    return "–" if _missing(x) else f"{fmt_num(x, decimals)}{NBSP}procent"


def fmt_span(low: float, high: float, decimals: int = 0, unit: str = "") -> str:
    """The lowest to the highest of several values: ``'23–94 procent'`` (en dash; "till" is
    kept for confidence intervals, :func:`fmt_interval`); "–" if either is missing."""
    if _missing(low) or _missing(high):
        return "–"
    text = f"{fmt_num(low, decimals)}–{fmt_num(high, decimals)}"
    return f"{text}{NBSP}{unit}" if unit else text


def fmt_interval(low: float, high: float, decimals: int = 1, unit: str = "") -> str:
    """An interval in the compendium's one style: ``'−0,6 till −0,3'`` (unit once, at the end)."""
    if _missing(low) or _missing(high):
        return "–"
    text = f"{fmt_num(low, decimals)} till {fmt_num(high, decimals)}"
    return f"{text}{NBSP}{unit}" if unit else text


def fmt_estimate(
    estimate: float, low: float, high: float, decimals: int = 1, unit: str = "", signed: bool = False
) -> str:
    """An estimate with its interval: ``'2,1 procentenheter (95 % KI 0,4 till 3,8)'``.

    ``signed``: a change, with an explicit sign (``'+2,1 …'``, see :func:`fmt_signed`).
    """
    head = (fmt_signed if signed else fmt_num)(estimate, decimals) + (f"{NBSP}{unit}" if unit else "")
    if _missing(low) or _missing(high):
        return head
    return f"{head} (95{NBSP}% KI {fmt_interval(low, high, decimals)})"


#: Said instead of a yearly slope interval in percentage points that leaves 0–100 % in a year.
BEYOND_SCALE = "intervallet går utanför 0–100 procent inom ett år och anges inte"
PP_PER_YEAR = "procentenheter per år"


def beyond_scale(level: float, low: float, high: float) -> bool:
    """Whether a yearly slope interval in percentage points leaves 0–100 % within a year of ``level``.

    The interval is a logit-scale interval times the slope of the logistic curve at ``level``;
    when the logit interval is very wide (three survey waves leave one degree of freedom) the
    straight-line reading gives changes no share can make, such as −31 percentage points a
    year from 17 %. Printed as numbers it would read as a real range; it says only that the
    slope cannot be pinned down.
    """
    if _missing(level) or _missing(low) or _missing(high):
        return False
    return low < -level or high > 100 - level


def fmt_p(p: float, decimals: int = 3) -> str:
    """A p-value: ``0,012``; below the last decimal ``<0,001`` (never ``0,000``, which reads as
    impossible); missing ``–``."""
    if _missing(p):
        return "–"
    floor = 10.0**-decimals
    return f"<{fmt_num(floor, decimals)}" if p < floor else fmt_num(p, decimals)


def fmt_signed(x: float, decimals: int = 1) -> str:
    """A change with an explicit sign: ``'+2,1'``, ``'−0,4'``, ``'0,0'``."""
    text = fmt_num(x, decimals)
    if text not in ("–",) and not text.startswith(MINUS) and round(float(x), decimals) != 0:
        return "+" + text
    return text


def fmt_years(first: int, last: int) -> str:
    """A year span, ``'2016–2024'``, or one year when both ends agree."""
    first, last = int(first), int(last)
    return str(first) if first == last else f"{first}–{last}"


def lower_first(text: str) -> str:
    """``text`` with its first letter lowered, for a title placed inside a sentence."""
    return text[:1].lower() + text[1:]


def counted(n: int, singular: str, plural: str, zero: str | None = None) -> str:
    """A counted noun that reads well for zero, one and many: ``'1 region'``, ``'3 regioner'``."""
    n = int(n)
    if n == 0 and zero is not None:
        return zero
    return f"{fmt_num(n, 0)} {singular if n == 1 else plural}"


def join_sv(items: list[str], last: str = "och") -> str:
    """``['a', 'b', 'c']`` -> ``'a, b och c'``; one item as is; empty -> ``''``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


# ASCII punctuation that can open Markdown/MyST syntax (emphasis, links, roles, substitutions,
# dollar maths, comments, lists, headings) is backslash-escaped, which CommonMark allows for every
# ASCII punctuation character; the HTML specials become entities instead (a backslash before "&"
# would break the entity).
_MD_SPECIAL = re.compile(r"""([!#$%()*+\-./:=@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")


def escape_md(text) -> str:
    """Make a data string safe to glue as Markdown: it renders as exactly its own text.

    Line breaks become spaces (a data string is inline text and must not open a block such as a
    list, heading or comment), Markdown/MyST punctuation is backslash-escaped and ``& < > " '``
    become HTML entities, so ``<script>`` in a third-party title shows as text on the site and
    in the PDF.
    """
    one_line = _LINE_BREAKS.sub(" ", str(text))
    return html.escape(_MD_SPECIAL.sub(r"\\\1", one_line), quote=True)


_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def escape_latex(text) -> str:
    """Make a data string safe inside LaTeX text."""
    return "".join(_LATEX_SPECIAL.get(c, c) for c in str(text))


#: Units of the tidy tables and the sources as readers read them (a number's digit groups kept
#: together by a narrow no-break space, as :func:`fmt_num` writes them).
UNITS: dict[str, str] = {
    "procent": "procent",
    "andel (%)": "procent",
    "kr/inv": "kr per invånare",
    "kr/inv (netto)": "kr per invånare (netto)",
    "kr/viktad vårdkontakt": "kr per viktad vårdkontakt",
    "antal": "antal",
    "antal/100 000 inv": f"per 100{THIN_NBSP}000 invånare",
    "antal/1 000 inv": f"per 1{THIN_NBSP}000 invånare",
    "antal/1000 inv": f"per 1{THIN_NBSP}000 invånare",
    "antal/100 vårdplatser": "per 100 vårdplatser",
    "vårddygn/1 000 inv": f"vårddygn per 1{THIN_NBSP}000 invånare",
}


#: The analysis sheet's families and directions as readers read them (one wording everywhere).
FAMILY_SV = {
    "access": "Tillgänglighet",
    "continuity": "Kontinuitet",
    "trust": "Förtroende",
    "participation": "Patientupplevelse",
    "coordination": "Samordning",
    "system": "Vårdsystemet",
    "resources": "Resurser",
    "finance": "Ekonomi",
    "population": "Befolkning",
}
DIRECTION_SV = {
    "higher_better": "högre är bättre",
    "lower_better": "lägre är bättre",
    "neutral": "ingen riktning",
}


def reader_title(title: str) -> str:
    """A source's title as readers read it: a hyphen standing for a dash becomes an en dash.

    Kolada writes "Besök på akutmottagning - 80 år och äldre"; the analysis sheet keeps
    Kolada's title verbatim (tests compare it with the snapshot), the pages print the dash.
    """
    return str(title).replace(" - ", " – ")


def unit_decimals(unit: str) -> int:
    """Decimals of a level in ``unit``: shares in procent with one, counts and amounts whole."""
    return 1 if unit == "procent" else 0


def unit_label(unit: str) -> str:
    """A unit as readers read it: ``"kr/inv"`` -> ``"kr per invånare"`` (unknown units as given)."""
    return UNITS.get(unit, unit)


#: Units whose singular differs (a value written as "1" takes the singular: "1 procentenhet").
_SINGULAR = {"procentenheter": "procentenhet", "regioner": "region", "kommuner": "kommun"}


def with_unit(text: str, unit: str) -> str:
    """A formatted value and its unit, the unit in the singular after exactly one."""
    return f"{text} {_SINGULAR.get(unit, unit) if text.lstrip('−-') == '1' else unit}".strip()
