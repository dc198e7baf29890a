"""
Ingest stage: find which mapped features a new article mentions.

``geo ingest ARTICLE`` reads an article (plain text or HTML; Vietnamese, English or
Chinese), keeps its body, finds every name of a mapped feature in it, and reports each
mention with its character span, its sentence and the figures that sentence gives.
Names that look like places but match nothing are listed as candidates for new
features. With ``--add`` the article also becomes a row of ``sources.csv`` and its
candidate facts go to a review file; ``facts.csv`` is never touched. Archives (a
folder, a glob, JSON Lines) are read by ``geo.ingest_archive``. These are the rules;
``tests/test_ingest.py`` has a test for each, in each language, with its traps.

The body
    The article is cut at the first line that is a sidebar marker
    (``geo.schema.SIDEBAR_MARKERS`` and ``OTHER_MARKERS``, compared without case,
    diacritics, punctuation or counts: "Tin Liên Quan", "Có thể bạn quan tâm",
    "Related news", "Read more", "Reader's comments (0)", "相关新闻"): the outlet's
    related headlines are other stories. Page furniture is not searched: lines that are
    only a URL, share-button or menu residue ("fb yt zl tw", "Advertisement Contact us
    RSS"), copyright lines ("© 2024 …", "Copyright", "Bản quyền", "版权所有"), and link
    lists — three or more consecutive lines opening with the same three words and not
    all alike (a related-stories widget repeating its heading before each headline).
    Bylines and dates are kept. HTML is first turned into text (``html_to_text``):
    ``head``, ``script``, ``style``, ``nav``, ``aside``, ``footer`` and elements whose
    class or id says related/sidebar/share/comment are dropped.

Matching
    Names and text are *folded* the same way, one character for one character:
    Unicode compatibility forms (full-width "，" is ","), diacritics stripped (NFC or
    NFD alike), đ → d, case folded, dashes → "-". Combining marks of NFD input are
    dropped with an offset map, so every span refers to the *original* input. Folded
    text is cut into tokens (Latin words, single Chinese characters, punctuation) and
    names are looked up in a token trie: Latin names match whole words only. At each
    position the longest name wins ("Cửa khẩu Quốc tế đường bộ số II Kim Thành" is the
    gate, not "Kim Thành"); a name never spans a line break, and a parenthetical gloss
    inside a name is skipped ("Côn Minh (Trung Quốc) - Lào Cai").

Which names
    Every feature of the non-context layers (``Layer.context`` is false), by its
    ``name_vi``, ``name_en``, ``name_zh`` and ``aliases``, plus generated forms:

    - localities: the name without its administrative word ("Tỉnh", "Huyện",
      "Thành phố", "Thị xã", "Châu", "Vùng", "Bang", "Khu tự trị dân tộc Choang"),
      and that short name after its level's cue ("tỉnh", "huyện", "thành phố",
      "TP", "TP.", "thị xã", "TX", "châu"); the English name without its level word
      ("Hekou County" → Hekou) and with the words the press uses for that level
      ("Hekou district", "Ha Giang province", "Lao Cai city"); the Chinese name
      without its suffix (老街省 → 老街, 文山壮族苗族自治州 → 文山), except a short
      form that is also a common word (红河, the Red River). A short name shared by two
      localities belongs to the higher level (老街, "Lao Cai": the province; the city's
      is used only inside a name that lists the city, such as the corridor's);
    - crossings named "Cầu/Cao tốc/Đường sắt A – B": "B – A", "<kind> A", "<kind> B";
    - gates: the names of each side in every language — ``side_vn``/``side_cn``
      (without a gloss), the gate's own names without their gate word (北山口岸 → 北山,
      "Hekou port" → Hekou), its one-place aliases (Tianbao, Dulong), and the short
      names of the locality bearing a side's name (Lào Cai → Lao Cai, 老街; Hà Khẩu →
      Hekou, 河口) — and every pair "A - B" and "B - A" of them, so "Lao Cai-Hekou",
      "Hekou – Lao Cai", "Ha Khau–Lao Cai", "Kim Thành – Beishan", "河口—老街" are the gate.

    An alias with no capital letter and no Chinese character is too generic to
    mark a place ("hành lang kinh tế", "vat tu y te", "1435 mm") and is skipped.
    Events are matched by their full names only: their short aliases name an
    institution, a document or a recurring day ("Bộ Ngoại giao", "Nghị quyết 11",
    "International Yoga Day") and would tie unrelated stories to a past event.
    ``Gazetteer.skipped`` lists every name left out, with the reason.

Disambiguation (all explicit)
    - Same name, several features: the feature whose own ``name_vi`` it is wins,
      then ``name_en``/``name_zh``, then aliases, then generated forms; so
      "Lào Cai" (an alias of the province, a short form of the city) is
      lao-cai-province, "cầu Hồ Kiều" (the bridge's name, an alias of the gate) is
      ho-kieu-bridge. "thành phố Lào Cai", "TP Lào Cai", "TP. Lào Cai" are
      lao-cai-city; "tỉnh Lào Cai" and a bare "Lào Cai" are lao-cai-province; the
      same for Hà Giang.
    - A gate's place names without a gate word ("Thanh Thủy", "Kim Thành", "Hekou",
      "Xín Mần – Đô Long", 天保) are the gate only in a gate phrase:
      *before* the name a cue — "cửa khẩu", "chợ biên giới", "lối mở", "lối/điểm
      thông quan", "gate", "crossing", "checkpoint" — with nothing between but
      qualifiers ("quốc tế", "quốc gia", "phụ", "song phương", "đường bộ số II",
      "International Road Border Gate No. 2") and other gates of the same list; or
      *after* the name a gate word ("gate", "crossing", "checkpoint", "port",
      "cửa khẩu", 口岸) over qualifiers ("International Border Gate No. II", "(Vietnam)",
      "– Beishan (China)"), other gates of a list ("the X and Y border gates",
      "天保、都龙两个口岸", "田蓬和都龙口岸"), a copula and up to three words
      ("X is the western border gate") and, in Chinese, up to twelve other characters
      of a list of pairs ("田蓬—上蓬、都龙—箐门…等口岸"). A plural ("border gates")
      counts only after a list: "the Lào Cai border gates" are the province's. A "("
      ends the phrase: a name in a gloss is a place ("Kim Thành (Lào Cai) - Bắc Sơn
      (Hà Khẩu)" names the province and Hekou). "Thanh Thủy border guard station" and
      a bare "Thanh Thủy" are nothing (a person's name as often as a place).
    - A bridge's place names without a bridge word (Bản Vược, Na La – Hoa Long, 坝洒)
      are the bridge only after "cầu"/"bridge" ("cầu qua biên giới Nà La – Hoa Long")
      or before "bridge"/桥 (in Chinese over up to twelve characters:
      "坝洒—越南巴刹红河界河公路大桥").
    - "Hà Khẩu" is hekou, except inside a longer name: "ga Hà Khẩu"
      (lao-cai-hekou-railway), "cao tốc Hà Khẩu – Côn Minh"
      (hekou-kunming-expressway), "cửa khẩu Hà Khẩu" (lao-cai-gate).
    - A bare name (not led by a cue such as "tỉnh", "cầu", "cửa khẩu") must start
      with a capital letter and must not follow a person's name part ("Thị", "Văn",
      a common surname) or another capitalised word in mid-sentence: "Nguyễn Thị
      Hồng Hà" is not Honghe, "Lê Văn Sơn" not Wenshan. Nor is it a place in a time
      zone: "Hanoi time", "giờ Hà Nội".
    - A Chinese name is not matched inside a longer word: after a water character
      (长江河口 is a river mouth, 南溪河口岸 the Nanxi river port), before 条约
      (马关条约, a treaty) or 岸 (…口 + 岸). A generated Chinese short name followed by
      another administrative suffix is another place (莱州市 is Lai Châu city, not
      莱州省).
    - A partnership or the corridor is matched by its full name; the localities its
      name contains (its ``from_id``/``to_id``, its ``via``) are reported too, as
      mentions ``within`` it. A partnership is also mentioned where its two ends are
      named side by side, joined by "-", ",", "với", "và", "and", "with", 与, 和, 同,
      及 — a parenthetical gloss and a country ("– Việt Nam", "China's", 越南) may
      come between — but only in a sentence with a word of cooperation ("hợp tác",
      "kết nghĩa", "hữu nghị", "thỏa thuận", "quan hệ", "hội đàm", "cooperation",
      "agreement", "sister", "friendship", "relations", 合作, 友好, 缔结, 协议, 签署,
      交流, 会谈, 会晤, 联合…), and not when the first end closes a list ("Hà Giang,
      Lào Cai, Điện Biên và Vân Nam": a multilateral mechanism), the second end opens
      a counted group ("云南省与河江、老街、莱州和奠边四省"), or the second end
      qualifies a smaller place ("老街省与云南省大理州": the partner is Dali).
    - The corridor is also mentioned as a run of three or more of its cities joined
      by "-", ",", "、", "và", "and", 和 with "hành lang", "corridor" or 走廊 just
      before or after ("hành lang kinh tế Côn Minh - Lào Cai - Hà Nội - Hải Phòng",
      "昆明-广宁-海防-河内-老街经济走廊"); its cities are then mentions within it.
    - Any other longer name hides the names inside it (a project "… thành phố Lào
      Cai" is not also lao-cai-city).

Figures
    Each mention carries the figures of its sentence, read in the article's language
    (``detect_language``). Vietnamese (and Chinese) text: amounts in "tỷ/triệu USD",
    "tỷ/triệu/nghìn tỷ đồng", "%", "km", "mm", "triệu lượt", counts of "dự án",
    "văn bản", "người"/"lao động", durations ("30 năm"), years ("năm 2019",
    "18/5/2021", "8/2022") and periods ("2013-2019", year = its last year); numbers
    the Vietnamese way: "10.389" is ten thousand three hundred and eighty-nine, "2,32"
    is two point three two. English text: "US$300,000" (0.3 million USD), "$2.5
    billion", "USD 2.3 billion", "183 million USD", "VNĐ840.6 billion", "39.4
    percent", "3,000 tonnes", "1,200 vehicles a day", "in/late/early 2014",
    "January 1, 2020", "2013-2019"; numbers the English way ("1,200.5"). "hơn",
    "trên", "gần", "khoảng", "more than", "nearly", "about"… become a ``qualifier``.
    Units are those of ``geo.schema.FACT_UNITS``, "year", and three only English pages
    give: "tonnes", "vehicles", "vehicles per day".

Candidates
    Names that are not part of any mention: capitalised names after a Vietnamese
    place cue ("tỉnh", "huyện", "thành phố", "TP", "thị xã", "thị trấn", "xã",
    "phường", "châu", "cửa khẩu", "chợ biên giới", "cầu", "ga", "lối mở"), not a
    person's name ("tỉnh Hà Thị Minh Hạnh"); capitalised English names before
    "district", "commune", "township", "county", "province", "prefecture", "ward",
    "village", "river", "border gate", "border crossing" ("Yen Minh district");
    two or three Chinese characters before 县, 镇, 乡, 口岸, 通道 after a boundary (an
    administrative suffix, 越南/中国, 与/和/及/同, punctuation: 苗旺县, 马鹿塘口岸).
    One per distinct name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from itertools import accumulate
from pathlib import Path
from typing import Any, Final

from geo.load import Dataset, table_path
from geo.schema import FACTS, LAYERS, SIDEBAR_MARKERS, SOURCE_PATTERN, SOURCES


def _words(text: str) -> list[str]:
    """Folded words of a vocabulary written as one string."""
    return text.split()


# --- folding ----------------------------------------------------------------------

_MARK: Final = "\x00"  # what a combining mark folds to before it is dropped
_DASHES: Final = frozenset("‐‑‒–—―−﹣－")
_INVISIBLE: Final = frozenset({0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF})


class _FoldTable(dict[int, str]):
    """``str.translate`` table computed on first use: one character for one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if code in _INVISIBLE or unicodedata.combining(ch) or unicodedata.category(ch) == "Mn":
            out = _MARK
        elif ch in _DASHES:
            out = "-"
        elif ch.isspace() and ch != "\n":
            out = " "
        else:
            compat = unicodedata.normalize("NFKC", ch)
            base = compat if len(compat) == 1 else ch
            stripped = "".join(
                c for c in unicodedata.normalize("NFD", base) if not unicodedata.combining(c)
            )
            folded = stripped.replace("đ", "d").replace("Đ", "d").casefold()
            # Multi-character case folds (ß → ss) would break the offset map.
            out = folded[0] if folded else _MARK
        self[code] = out
        return out


_FOLD_TABLE: Final = _FoldTable()


@dataclass(frozen=True)
class _Folded:
    """Folded text and where each of its characters came from in the original."""

    text: str
    offsets: list[int] | None  # None: identity (no character was dropped)

    def orig(self, index: int) -> int:
        """Original index of folded ``index`` (``len(text)`` maps past the end)."""
        return self.offsets[index] if self.offsets is not None else index


def _fold_mapped(text: str) -> _Folded:
    out = text.translate(_FOLD_TABLE)
    if _MARK not in out:
        return _Folded(out, None)
    offsets = [i for i, ch in enumerate(out) if ch != _MARK]
    offsets.append(len(out))
    return _Folded(out.replace(_MARK, ""), offsets)


def fold(text: str) -> str:
    """
    Fold text for matching: no diacritics (NFC or NFD), đ → d, case folded.

    Examples: "Lào Cai", "LAO CAI" and the NFD form of "Lào Cai" all fold to
    "lao cai"; "Cửa khẩu – Hà Khẩu" folds to "cua khau - ha khau".
    """
    return _fold_mapped(text).text


_CJK: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE: Final = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+|\n|[^\w\s]|_")


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(fold(text))


# --- HTML and the body --------------------------------------------------------------

_SKIP_TAGS: Final = frozenset(
    {"head", "script", "style", "noscript", "nav", "aside", "footer", "form", "svg", "button"}
)
_VOID_TAGS: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_BLOCK_TAGS: Final = frozenset(
    {
        "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol",
        "p", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip
_SKIP_CLASS_RE: Final = re.compile(
    r"related|sidebar|share|social|comment|breadcrumb|lien-quan|tin-khac|menu", re.IGNORECASE
)
_HTML_RE: Final = re.compile(r"<(?:!doctype|html|body|p|div|article|h1|br)\b", re.IGNORECASE)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in _VOID_TAGS:
            return
        marks = " ".join(v or "" for k, v in attrs if k in {"class", "id"})
        skipped = tag in _SKIP_TAGS or bool(marks and _SKIP_CLASS_RE.search(marks))
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        # Close up to the matching tag: unclosed <p> and <li> are common.
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment rather than plain text."""
    return bool(_HTML_RE.search(text[:5000]))


def html_to_text(markup: str) -> str:
    """
    The visible text of an HTML page, one block element a line.

    Page furniture is dropped: ``head``, ``script``, ``style``, ``nav``, ``aside``,
    ``footer``, forms, and elements whose class or id names a related-stories,
    sidebar, share or comment box.
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


#: Headings after which an English or Chinese page lists other stories or comments.
OTHER_MARKERS: Final = (
    "Related news",
    "Related articles",
    "Related stories",
    "Related posts",
    "Read more",
    "Read also",
    "See also",
    "More news",
    "More stories",
    "You may also like",
    "You might also like",
    "Most read",
    "Most popular",
    "Popular articles",
    "Reader's comments",
    "Readers' comments",
    "相关新闻",
    "相关文章",
    "相关阅读",
    "延伸阅读",
    "热门文章",
    "推荐阅读",
)


def _marker_key(text: str) -> str:
    """A heading folded, without punctuation or counts ("Reader's comments (0)")."""
    return " ".join(re.sub(r"[\W\d_]+", " ", fold(text)).split())


_MARKERS: Final = frozenset(_marker_key(m) for m in (*SIDEBAR_MARKERS, *OTHER_MARKERS))
_URL_LINE_RE: Final = re.compile(r"(?:https?://|www\.)\S+")
_COPYRIGHT_RE: Final = re.compile(r"\s*(?:©|\(c\)\s|copyright\b|ban quyen\b|版权所有)")
_SHARE_WORDS: Final = frozenset(
    _words(
        "fb yt zl tw in email mail print share chia se facebook zalo twitter x youtube "
        "linkedin tweet like gui bai luu copy link advertisement contact us rss "
        "subscribe login sign up search menu home english vietnamese"
    )
)


def _is_marker(line: str) -> bool:
    if len(line) > 60:  # markers are short headings; skip folding long lines
        return False
    return _marker_key(line) in _MARKERS


def _is_furniture(line: str) -> bool:
    """A URL, copyright or share-button line ("fb yt zl tw", "© 2024 …")."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) < 300 and _COPYRIGHT_RE.match(fold(stripped)):
        return True
    if len(stripped) > 60 and " " in stripped:
        return False
    if _URL_LINE_RE.fullmatch(stripped):
        return True
    words = re.findall(r"\w+", fold(stripped))
    return bool(words) and all(w in _SHARE_WORDS for w in words)


#: A link list: this many consecutive lines opening with the same words, not all alike.
_LINK_RUN: Final = 3
_LINK_PREFIX_WORDS: Final = 3


def furniture_lines(lines: list[str]) -> set[int]:
    """
    Indices of the lines that are page furniture, not the article.

    A line is furniture when it is only a URL, share-button residue or a copyright
    notice, or when it belongs to a link list: at least three consecutive lines that
    open with the same three or more words and are not all the same line (a
    related-stories widget repeating its heading before each headline).
    """
    out = {k for k, line in enumerate(lines) if _is_furniture(line)}
    heads = [tuple(fold(line).split()[:_LINK_PREFIX_WORDS]) for line in lines]
    k = 0
    while k < len(lines):
        end = k + 1
        if len(heads[k]) == _LINK_PREFIX_WORDS:
            while end < len(lines) and heads[end] == heads[k]:
                end += 1
        run = range(k, end)
        if len(run) >= _LINK_RUN and len({lines[r].strip() for r in run}) > 1:
            out.update(run)
        k = end
    return out


def body_end(text: str) -> int:
    """Index in plain ``text`` where the article body ends: the first sidebar marker."""
    pos = 0
    for line in text.splitlines(keepends=True):
        if _is_marker(line):
            return pos
        pos += len(line)
    return len(text)


def extract_body(text: str) -> str:
    """
    The article's body as plain text: no HTML, no sidebar, no page furniture.

    Parameters
    ----------
    text
        The article as captured, plain text or HTML.

    Returns
    -------
    str
        The title and body lines, up to the first sidebar marker, without URL-only
        and share-button lines; bylines and dates are kept.
    """
    plain = html_to_text(text) if looks_like_html(text) else text
    lines = plain[: body_end(plain)].splitlines()
    skip = furniture_lines(lines)
    kept = (line.rstrip() for k, line in enumerate(lines) if k not in skip)
    return "\n".join(kept).strip() + "\n"


# --- gazetteer --------------------------------------------------------------------

#: Layers whose features are reported (the context layers are not).
INGEST_LAYERS: Final = tuple(layer.name for layer in LAYERS if not layer.context)

#: Preference between layers when one name of equal standing belongs to several.
_LAYER_ORDER: Final = {
    name: n
    for n, name in enumerate(
        (
            "localities",
            "border_gates",
            "crossings",
            "projects",
            "partnerships",
            "corridor",
            "events",
        )
    )
}

_RANK: Final = {
    "name_vi": 4,
    "name_en": 3,
    "name_zh": 3,
    "alias": 2,
    "generated": 1,
    "shadowed": 0,
}

#: Administrative words a locality's name starts with, and the cues of each level.
_ADMIN_PREFIXES: Final = (
    "Khu tự trị dân tộc Choang",
    "Thành phố",
    "Thị xã",
    "Tỉnh",
    "Huyện",
    "Châu",
    "Vùng",
    "Bang",
)
_LEVEL_CUES: Final = {
    "province": ("tỉnh",),
    "city": ("thành phố", "TP", "TP.", "TP ."),
    "town": ("thị xã", "TX", "TX."),
    "district": ("huyện",),
    "prefecture": ("châu",),
}
_CROSSING_NAME_RE: Final = re.compile(r"(Cầu|Cao tốc|Đường sắt) (.+?) [–-] (.+)")

#: First tokens of a name led by a cue: such names match in any case.
_CUE_WORDS: Final = frozenset(
    _words(
        "tinh huyen thanh thi chau vung bang khu cua cho cau cao duong ga nha mo du cang "
        "hanh hoi ngay diem tp tx loi"
    )
)
_GATE_WORDS_RE: Final = re.compile(
    r"\b(?:cua khau|cho bien gioi|loi mo|port|gate|crossing|checkpoint)\b|口岸"
)
_BRIDGE_WORDS_RE: Final = re.compile(r"\b(?:cau|bridge)\b|桥|橋")
#: Chinese administrative suffixes a short name is made without (老街省 → 老街).
_ZH_SUFFIX_RE: Final = re.compile(
    rf"^(?P<short>[{_CJK}]{{2,}}?)(?:(?:[{_CJK}]{{1,3}}族)+自治(?:州|县|区)|省|市|县|州|区)$"
)
#: Short forms that are also common words: 红河 is the Red River as often as Honghe.
_AMBIGUOUS_SHORT: Final = frozenset({"红河"})
#: English level words of a locality's name ("Hekou County"), and those the press uses.
_EN_LEVEL_RE: Final = re.compile(
    r"^(?P<short>.+?) (?:Zhuang Autonomous Region|Province|Prefecture|City|County|District|"
    r"Town|Region|Oblast)$"
)
_EN_LEVEL_WORDS: Final = {
    "province": ("province", "region", "oblast"),
    "prefecture": ("prefecture",),
    "city": ("city",),
    "town": ("town", "township"),
    "district": ("district", "county"),
}
_LEVEL_RANK: Final = {"province": 5, "prefecture": 4, "city": 3, "town": 2, "district": 1}


@dataclass(frozen=True)
class Sense:
    """One feature a name may refer to, and what the name needs around it."""

    feature: str
    layer: str
    form: str  # the name as written in the layer (or generated)
    rank: int
    context: str | None  # "gate"/"bridge": a place name that needs a gate/bridge word near
    bare: bool  # not led by a cue word: needs a capital and no person's name before it


@dataclass(frozen=True)
class FeatureInfo:
    """What ingest needs to know of a feature."""

    id: str
    layer: str
    name_vi: str
    members: tuple[str, ...] = ()  # localities a partnership or corridor joins
    same_as_members: tuple[str, ...] = ()  # localities named like a member (老街: the province)


@dataclass
class Gazetteer:
    """Every matchable name of the mapped features, folded into a token trie."""

    features: dict[str, FeatureInfo]
    trie: dict[str, Any]
    pairs: dict[frozenset[str], str] = field(default_factory=dict)  # ends → partnership
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, reason)

    def senses(self, name: str) -> tuple[Sense, ...]:
        """The senses a name (any spelling) has, or an empty tuple."""
        node: Any = self.trie
        for tok in _tokens(name):
            node = node.get(tok)
            if node is None:
                return ()
        return tuple(node.get("", ()))


_CJK_RE: Final = re.compile(f"[{_CJK}]")


def _has_capital_or_cjk(text: str) -> bool:
    return any(ch.isupper() for ch in text) or bool(_CJK_RE.search(text))


def _strip_admin(name: str) -> str | None:
    for prefix in _ADMIN_PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return None


def _own_names(props: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key in ("name_vi", "name_en", "name_zh"):
        if isinstance(props.get(key), str) and props[key]:
            yield props[key], key
    for alias in props.get("aliases") or ():
        if isinstance(alias, str) and alias:
            yield alias, "alias"


def _zh_short(name: str) -> str | None:
    m = _ZH_SUFFIX_RE.match(name)
    return m.group("short") if m and m.group("short") not in _AMBIGUOUS_SHORT else None


def _locality_shorts(props: dict[str, Any]) -> Iterator[str]:
    """Short names of a locality in every language: no administrative word."""
    short = _strip_admin(str(props.get("name_vi") or ""))
    if short:
        yield short
    for name, _origin in _own_names(props):
        if _CJK_RE.search(name):
            if zh := _zh_short(name):
                yield zh
        elif m := _EN_LEVEL_RE.match(name):
            yield m.group("short")


def _names_of(
    layer: str, props: dict[str, Any], sides: dict[str, set[str]] | None = None
) -> Iterator[tuple[str, str]]:
    """(name, origin) pairs of one feature, origin being a key of ``_RANK``."""
    yield from _own_names(props)
    name_vi = str(props.get("name_vi") or "")
    if layer == "localities":
        short = _strip_admin(name_vi)
        if short:
            yield short, "generated"
            for cue in _LEVEL_CUES.get(str(props.get("level")), ()):
                yield f"{cue} {short}", "generated"
        for name in (str(props.get("name_en") or ""), *(props.get("aliases") or ())):
            if m := _EN_LEVEL_RE.match(str(name)):
                yield m.group("short"), "generated"
                for word in _EN_LEVEL_WORDS.get(str(props.get("level")), ()):
                    yield f"{m.group('short')} {word}", "generated"
        for name, _origin in _own_names(props):
            if _CJK_RE.search(name) and (zh := _zh_short(name)):
                yield zh, "generated"
    elif layer == "crossings" and (m := _CROSSING_NAME_RE.fullmatch(name_vi)):
        kind, a, b = m.groups()
        yield f"{kind} {b} – {a}", "generated"
        yield f"{kind} {a}", "generated"
        yield f"{kind} {b}", "generated"
    elif layer == "border_gates" and sides is not None:
        for vn in sides["vn"]:
            yield vn, "generated"
            for cn in sides["cn"]:
                yield f"{vn} - {cn}", "generated"
                yield f"{cn} - {vn}", "generated"
        for cn in sides["cn"]:
            yield cn, "generated"


def _gate_sides(props: dict[str, Any], shorts: dict[str, set[str]]) -> dict[str, set[str]]:
    """
    Every name of a gate's two sides, in every language.

    A side is its ``side_vn``/``side_cn`` (without a gloss: "Bắc Sơn (Hà Khẩu)"), the
    gate's own names without their gate word (北山口岸 → 北山, "Beishan port" →
    Beishan: the Chinese side), and the short names in other languages of the
    locality that bears the side's name (Lào Cai → Lao Cai, 老街).
    """
    out: dict[str, set[str]] = {"vn": set(), "cn": set()}
    for key, side in (("side_vn", "vn"), ("side_cn", "cn")):
        value = re.sub(r"\s*\(.*?\)", "", str(props.get(key) or "")).strip()
        if value:
            out[side].add(value)
            out[side].update(shorts.get(fold(value), ()))
    for name, origin in _own_names(props):
        if m := re.fullmatch(rf"([{_CJK}]{{2,}})口岸", name):
            out["cn"].add(m.group(1))
        elif m := re.fullmatch(r"([A-Z][\w ]+?) (?:port|gate|border gate)", name):
            out["cn" if fold(m.group(1)) not in {fold(v) for v in out["vn"]} else "vn"].add(
                m.group(1)
            )
        elif (
            origin == "alias"
            and not re.search(r"[-–(]", name)
            and not _GATE_WORDS_RE.search(fold(name))
            and fold(name) not in {fold(v) for v in out["vn"]}
        ):
            out["cn"].add(name)  # a one-place alias, not the Vietnamese side ("Tianbao")
    return out


def build_gazetteer(data: Dataset) -> Gazetteer:
    """
    Collect every matchable name of the non-context layers into a gazetteer.

    Parameters
    ----------
    data
        The layers, as read by ``geo.load.read_dataset``.

    Returns
    -------
    Gazetteer
        Names from ``name_vi``, ``name_en``, ``name_zh``, ``aliases`` and the
        generated short forms (see the module docstring), folded into a token trie;
        ``skipped`` lists the names left out and why.
    """
    features: dict[str, FeatureInfo] = {}
    best: dict[tuple[tuple[str, ...], str], Sense] = {}
    skipped: list[tuple[str, str, str]] = []
    # Short names of each locality in every language, for naming gates' sides; a short
    # name shared by two localities belongs to the higher level (老街: the province).
    by_short: dict[str, tuple[int, str, set[str]]] = {}
    loc_shorts: dict[str, set[str]] = {}
    for feat in data.features.get("localities", []):
        props = feat.get("properties") or {}
        names = set(_locality_shorts(props))
        loc_shorts[str(props.get("id"))] = names
        level = _LEVEL_RANK.get(str(props.get("level")), 0)
        for name in names:
            held = by_short.get(fold(name))
            if held is None or level > held[0]:
                by_short[fold(name)] = (level, str(props.get("id")), names)
    shorts = {key: names for key, (_level, _fid, names) in by_short.items()}
    short_owner = {key: fid for key, (_level, fid, _names) in by_short.items()}
    for layer_name in INGEST_LAYERS:
        for feat in data.features.get(layer_name, []):
            props = feat.get("properties") or {}
            fid = props.get("id")
            if not isinstance(fid, str):
                continue
            sides = _gate_sides(props, shorts) if layer_name == "border_gates" else None
            bridge = layer_name == "crossings" and str(props.get("name_vi") or "").startswith(
                "Cầu "
            )
            members: tuple[str, ...] = ()
            if layer_name == "partnerships":
                members = tuple(str(props[k]) for k in ("from_id", "to_id") if props.get(k))
            elif layer_name == "corridor":
                members = tuple(str(v) for v in props.get("via") or ())
            features[fid] = FeatureInfo(fid, layer_name, str(props.get("name_vi") or ""), members)
            full = {fold(str(props.get(k) or "")) for k in ("name_vi", "name_en")}
            for name, given in _names_of(layer_name, props, sides):
                origin = given
                owner = short_owner.get(fold(name), fid)
                if (
                    layer_name == "localities"
                    and origin == "generated"
                    and owner != fid
                    and name != _strip_admin(str(props.get("name_vi") or ""))
                ):
                    # 老街 is the province; the city's 老街 only counts inside a name that
                    # lists the city (the corridor's), where the province is not a member.
                    origin = "shadowed"
                if origin == "alias" and not _has_capital_or_cjk(name):
                    skipped.append((fid, name, "no capital letter: too generic"))
                    continue
                if layer_name == "events" and origin == "alias" and fold(name) not in full:
                    skipped.append((fid, name, "short name of an event"))
                    continue
                toks = tuple(_tokens(name))
                if not toks:
                    continue
                folded = fold(name)
                context = None
                if layer_name == "border_gates" and not _GATE_WORDS_RE.search(folded):
                    context = "gate"
                elif bridge and not _BRIDGE_WORDS_RE.search(folded):
                    context = "bridge"
                bare = name[0].isupper() and toks[0] not in _CUE_WORDS
                sense = Sense(fid, layer_name, name, _RANK[origin], context, bare)
                old = best.get((toks, fid))
                if old is None or sense.rank > old.rank:
                    best[(toks, fid)] = sense
    trie: dict[str, Any] = {}
    for (toks, _fid), sense in sorted(best.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        node = trie
        for tok in toks:
            node = node.setdefault(tok, {})
        node[""] = (*node.get("", ()), sense)
    for fid, info in list(features.items()):
        if info.layer == "corridor":
            same = {
                short_owner[fold(name)]
                for member in info.members
                for name in loc_shorts.get(member, ())
                if fold(name) in short_owner
            }
            features[fid] = FeatureInfo(
                fid, info.layer, info.name_vi, info.members, tuple(sorted(same - set(info.members)))
            )
    pairs = {
        frozenset(info.members): fid
        for fid, info in features.items()
        if info.layer == "partnerships" and len(info.members) == 2
    }
    return Gazetteer(features=features, trie=trie, pairs=pairs, skipped=skipped)


# --- results --------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure with its unit, as a sentence gives it."""

    value: int | float
    unit: str
    text: str
    start: int
    end: int
    qualifier: str | None = None  # "more than", "nearly", "about", "less than", "at least"
    period: str | None = None  # "2013-2019" for a period (value is its last year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "unit": self.unit,
            "text": self.text,
            "span": [self.start, self.end],
            "qualifier": self.qualifier,
            "period": self.period,
        }


@dataclass(frozen=True)
class Mention:
    """One name of a mapped feature in the text."""

    feature: str
    layer: str
    text: str  # as written in the input
    start: int  # [start, end) in the input text
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    figures: tuple[Figure, ...] = ()
    within: str | None = None  # the partnership or corridor whose name contains it

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "layer": self.layer,
            "text": self.text,
            "span": [self.start, self.end],
            "sentence": {"text": self.sentence, "span": [self.sentence_start, self.sentence_end]},
            "figures": [f.to_dict() for f in self.figures],
            "within": self.within,
        }


@dataclass(frozen=True)
class Candidate:
    """A capitalised place-like name after a place cue that matched no feature."""

    text: str
    cue: str
    start: int
    end: int
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "cue": self.cue,
            "span": [self.start, self.end],
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class IngestResult:
    """Mentions and candidates of one text; spans refer to ``text``."""

    text: str  # the input, or for HTML input the text html_to_text made of it
    html: bool
    body_end: int
    mentions: tuple[Mention, ...]
    candidates: tuple[Candidate, ...]
    language: str = "vi"  # "en", "vi" or "zh": see detect_language

    def feature_ids(self) -> list[str]:
        """Every feature mentioned, sorted."""
        return sorted({m.feature for m in self.mentions})

    def to_dict(self, *, article: str) -> dict[str, Any]:
        """The JSON document ``geo ingest`` prints (``docs/ingest.schema.json``)."""
        return {
            "article": article,
            "input": "html" if self.html else "text",
            "language": self.language,
            "body": {"span": [0, self.body_end]},
            "features": self.feature_ids(),
            "mentions": [m.to_dict() for m in self.mentions],
            "candidates": [c.to_dict() for c in self.candidates],
        }


# --- sentences and figures --------------------------------------------------------

_SENTENCE_END_RE: Final = re.compile(r"[.!?…]+[\"”’)\]]*[ \t]+(?=\S)")
_ABBREVIATIONS: Final = frozenset({"tp", "tx", "mr", "dr", "st", "ts", "ths", "pgs", "gs", "ong"})


class _Sentences:
    """Sentence bounds (folded indices), computed line by line as they are asked for."""

    def __init__(self, original: str, fmap: _Folded) -> None:
        self.original = original
        self.fmap = fmap
        self.lines: dict[int, list[int]] = {}

    def bounds(self, fpos: int) -> tuple[int, int]:
        folded = self.fmap.text
        lo = folded.rfind("\n", 0, fpos) + 1
        hi = folded.find("\n", fpos)
        hi = len(folded) if hi < 0 else hi
        starts = self.lines.get(lo)
        if starts is None:
            starts = self.lines[lo] = _sentence_starts(folded, self.original, self.fmap, lo, hi)
        idx = bisect_right(starts, fpos) - 1
        return starts[idx], starts[idx + 1] if idx + 1 < len(starts) else hi


def _sentence_starts(folded: str, original: str, fmap: _Folded, lo: int, hi: int) -> list[int]:
    """Folded indices where the sentences of one line [lo, hi) start."""
    starts = [lo]
    for m in _SENTENCE_END_RE.finditer(folded, lo, hi):
        end = m.end()
        nxt = original[fmap.orig(end)] if end < len(folded) else ""
        if not (nxt.isupper() or nxt.isdigit() or nxt in '"“‘(['):
            continue
        word = re.search(r"(\w+)[.!?…]*\S*\s*$", folded[max(lo, m.start() - 12) : m.end()])
        if word and (word.group(1) in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue  # "TP. Lào Cai", "Nguyễn A. B" do not end a sentence
        starts.append(end)
    return starts


_NUMBER: Final = r"\d{1,3}(?:\.\d{3})+(?![\d.])(?:,\d+)?|\d+(?:[.,]\d+)?"
_QUALIFIERS: Final = {
    "hon": "more than",
    "tren": "more than",
    "more than": "more than",
    "over": "more than",
    "gan": "nearly",
    "xap xi": "nearly",
    "nearly": "nearly",
    "almost": "nearly",
    "khoang": "about",
    "chung": "about",
    "uoc tinh": "about",
    "uoc": "about",
    "about": "about",
    "around": "about",
    "duoi": "less than",
    "less than": "less than",
    "it nhat": "at least",
    "toi thieu": "at least",
    "at least": "at least",
}
#: Folded unit words → (unit of ``geo.schema.FACT_UNITS``, multiplier).
_UNITS: Final = {
    "nghin ty dong": ("billion VND", 1000),
    "ngan ty dong": ("billion VND", 1000),
    "ty usd": ("billion USD", 1),
    "trieu usd": ("million USD", 1),
    "billion usd": ("billion USD", 1),
    "million usd": ("million USD", 1),
    "ty dong": ("billion VND", 1),
    "trieu dong": ("million VND", 1),
    "billion vnd": ("billion VND", 1),
    "million vnd": ("million VND", 1),
    "trieu luot": ("million visits", 1),
    "%": ("%", 1),
    "km": ("km", 1),
    "mm": ("mm", 1),
    "du an": ("projects", 1),
    "van ban": ("agreements", 1),
    "lao dong": ("people", 1),
    "nguoi": ("people", 1),
    "nam": ("years", 1),
    "years": ("years", 1),
}
_QUAL_RE: Final = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_UNIT_RE: Final = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_YEAR: Final = r"(?:1[89]|20)\d{2}"
_FIGURE_RE: Final = re.compile(
    rf"(?<![\w.,/])(?:(?P<q>{_QUAL_RE})\s+)?"
    rf"(?:(?P<p1>{_YEAR})\s*-\s*(?P<p2>{_YEAR})(?![\d/])"
    rf"|(?:nam|year|in)\s+(?P<y1>{_YEAR})(?![\d/]|[.,]\d)"
    rf"|\d{{1,2}}/\d{{1,2}}/(?P<y2>{_YEAR})(?!\d)"
    rf"|(?:thang\s+)?\d{{1,2}}[/.](?P<y3>{_YEAR})(?![\d/])"
    rf"|(?P<n>{_NUMBER})\s*(?P<u>{_UNIT_RE})(?!\w))"
)


_VI_LETTERS_RE: Final = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)


_LATIN_RE: Final = re.compile("[A-Za-z]")


def detect_language(text: str) -> str:
    """
    The language of a text: "zh", "vi" or "en" (by its letters, for reading figures).

    Chinese when Chinese characters are at least a third of the letters, Vietnamese
    when at least 3 % of the Latin letters carry Vietnamese marks, English otherwise.
    """
    sample = unicodedata.normalize("NFC", text[:5000])
    cjk = len(_CJK_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    vi = len(_VI_LETTERS_RE.findall(sample))
    if cjk and cjk * 2 >= latin + vi:
        return "zh"
    if vi and vi >= 0.03 * (latin + vi):
        return "vi"
    return "en"


def _parse_number(text: str) -> Decimal:
    """A number written the Vietnamese way: dot thousands, comma decimals."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return Decimal(text.replace(".", "").replace(",", "."))
    return Decimal(text.replace(",", "."))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


_EN_NUMBER: Final = r"\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?"
_EN_QUAL_RE: Final = "|".join(
    sorted(
        (
            re.escape(q)
            for q in _QUALIFIERS
            if (q.isascii() and " " in q) or q in {"over", "nearly", "almost", "about", "around"}
        ),
        key=len,
        reverse=True,
    )
)
_MONTHS: Final = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
#: English units → (unit, multiplier); "tonnes" and "vehicles" are ingest's own units.
_EN_UNITS: Final = {
    "billion usd": ("billion USD", 1),
    "million usd": ("million USD", 1),
    "billion vnd": ("billion VND", 1),
    "million vnd": ("million VND", 1),
    "percent": ("%", 1),
    "per cent": ("%", 1),
    "%": ("%", 1),
    "km": ("km", 1),
    "tonnes": ("tonnes", 1),
    "tonne": ("tonnes", 1),
    "tons": ("tonnes", 1),
    "vehicles": ("vehicles", 1),
    "trucks": ("vehicles", 1),
    "people": ("people", 1),
    "persons": ("people", 1),
    "projects": ("projects", 1),
    "agreements": ("agreements", 1),
    "years": ("years", 1),
}
_EN_UNIT_RE: Final = "|".join(sorted((re.escape(u) for u in _EN_UNITS), key=len, reverse=True))
_FIGURE_EN_RE: Final = re.compile(
    rf"(?<![\w.,/$])(?:(?P<q>{_EN_QUAL_RE})\s+)?"
    rf"(?:(?:us\$|\$|usd\s?)(?P<usd>{_EN_NUMBER})(?:\s*(?P<usdm>billion|million|bn)\b)?"
    rf"|vnd\s?(?P<vnd>{_EN_NUMBER})\s*(?P<vndm>billion|million)\b"
    rf"|(?P<p1>{_YEAR})\s*-\s*(?P<p2>{_YEAR})(?![\d/])"
    rf"|(?:late|early|mid|end of|in|since|by|of)\s+(?P<y1>{_YEAR})(?![\d/]|[.,]\d)"
    rf"|(?:{_MONTHS})\s+\d{{1,2}},?\s+(?P<y2>{_YEAR})(?!\d)"
    rf"|(?P<n>{_EN_NUMBER})\s*(?P<u>{_EN_UNIT_RE})(?!\w)"
    rf"(?P<rate>\s+(?:a|per|each)\s+day|\s+daily)?)"
)


def _figures_en(fmap: _Folded, original: str, lo: int, hi: int) -> tuple[Figure, ...]:
    """Figures of an English sentence: "US$300,000", "39.4 percent", "late 2014"."""
    out = []
    for m in _FIGURE_EN_RE.finditer(fmap.text, lo, hi):
        qual = _QUALIFIERS.get(m.group("q") or "")
        period = None
        value: int | float
        if m.group("p2"):
            value, unit = int(m.group("p2")), "year"
            period = f"{m.group('p1')}-{m.group('p2')}"
        elif year := m.group("y1") or m.group("y2"):
            value, unit = int(year), "year"
        elif amount := m.group("usd") or m.group("vnd"):
            number = Decimal(amount.replace(",", ""))
            scale = m.group("usdm") or m.group("vndm")
            currency = "USD" if m.group("usd") else "VND"
            if scale in {"billion", "bn"}:
                unit = f"billion {currency}"
            elif scale == "million":
                unit = f"million {currency}"
            else:
                unit, number = f"million {currency}", number / Decimal(1_000_000)
            value = _number(number)
        else:
            unit, times = _EN_UNITS[m.group("u")]
            if unit == "vehicles" and m.group("rate"):
                unit = "vehicles per day"
            value = _number(Decimal(m.group("n").replace(",", "")) * times)
        start, end = fmap.orig(m.start()), fmap.orig(m.end())
        out.append(Figure(value, unit, original[start:end], start, end, qual, period))
    return tuple(out)


def _figures(
    fmap: _Folded, original: str, lo: int, hi: int, *, language: str = "vi"
) -> tuple[Figure, ...]:
    if language == "en":
        return _figures_en(fmap, original, lo, hi)
    out = []
    for m in _FIGURE_RE.finditer(fmap.text, lo, hi):
        qual = _QUALIFIERS.get(m.group("q") or "")
        period = None
        if m.group("p2"):
            value: int | float = int(m.group("p2"))
            unit = "year"
            period = f"{m.group('p1')}-{m.group('p2')}"
        elif year := m.group("y1") or m.group("y2") or m.group("y3"):
            value, unit = int(year), "year"
        else:
            unit, times = _UNITS[m.group("u")]
            value = _number(_parse_number(m.group("n")) * times)
        start, end = fmap.orig(m.start()), fmap.orig(m.end())
        out.append(Figure(value, unit, original[start:end], start, end, qual, period))
    return tuple(out)


# --- matching ---------------------------------------------------------------------

#: Words between a gate cue and a gate's name that keep the gate context ("cửa khẩu
#: quốc gia X", "Border Gate No. 2 X"); a "(" does not: a name in a gloss is a place.
_GATE_QUALIFIERS: Final = frozenset(
    _words(
        "quoc te gia song phuong chinh phu duong bo so ii iii i iv v cap va , - ; ) "
        "hang hoa no . international road border bilateral national main auxiliary"
    )
)
_GATE_CUES: Final = (
    ("cua", "khau"),
    ("cho", "bien", "gioi"),
    ("loi", "mo"),
    ("loi", "thong", "quan"),
    ("diem", "thong", "quan"),
    ("gate",),
    ("crossing",),
    ("checkpoint",),
)
#: Gate words after a name, singular and plural ("the X and Y border gates").
_GATE_AFTER: Final = (
    ("gate",),
    ("crossing",),
    ("checkpoint",),
    ("port",),
    ("cua", "khau"),
    ("口", "岸"),
)
_GATE_AFTER_PLURAL: Final = (("gates",), ("crossings",), ("checkpoints",), ("ports",))
#: Words between a gate's name and the gate word after it.
_GATE_AFTER_QUALIFIERS: Final = frozenset(
    _words(
        "international road rail railway border bilateral national main auxiliary secondary "
        "no . ( ) - ii i iii iv v vietnam china viet nam trung quoc te song phuong chinh phu "
        "duong bo so gia and , 、 和 与 及 两 个 三 四 五 等"
    )
)
_BRIDGE_CUES: Final = (("cau",), ("bridge",))
#: Words between "cầu" and a bridge's name: "cầu qua biên giới Nà La – Hoa Long".
_BRIDGE_QUALIFIERS: Final = frozenset(_words("- qua bien gioi border over"))
_BRIDGE_AFTER: Final = (("bridge",), ("bridges",), ("桥",), ("橋",))
_BRIDGE_AFTER_QUALIFIERS: Final = frozenset(
    _words("- ( ) vietnam china viet nam trung quoc international border road river railway and")
)
_COPULAS: Final = frozenset(_words("is was la"))
#: Chinese characters before a name that make it part of a longer word (长江河口: a
#: river mouth), and words after it that make it something else (马关条约: a treaty).
_CJK_BAD_BEFORE: Final = frozenset("江河湖海溪")
_CJK_BAD_AFTER: Final = (("条", "约"), ("條", "約"), ("岸",))
_CJK_ADMIN: Final = frozenset("省市县縣州区區镇鎮乡鄉村")
#: A bare place name next to these is no place: "Hanoi time", "giờ Hà Nội".
_NOT_AFTER_BARE: Final = frozenset({"time"})
_NOT_BEFORE_BARE: Final = frozenset({"gio"})
#: Parts of Vietnamese personal names: a bare place name right after one is a person.
_PERSON_PARTS: Final = frozenset(
    _words(
        "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh "
        "mai luong dao vuong trieu luu chu quach lam sung giang vang lo hau thao mua thi van "
        "duc huu ong ba anh chi"
    )
)
#: Capitalised words that may precede a bare name mid-sentence.
_ALLOWED_BEFORE: Final = frozenset(
    _words("tinh uy huyen thanh pho xa ubnd hdnd tp tx so ban doan hoi tai voi va o cua")
)
#: A cue word that is part of a longer word ("địa phương", "song phương").
_NOT_CUES: Final = frozenset(
    {("dia", "phuong"), ("song", "phuong"), ("da", "phuong"), ("don", "phuong")}
)
_NOT_PLACES: Final = frozenset(
    {(("chau",), name) for name in ("a", "au", "phi", "my", "uc", "dai duong", "luc")}
)
_GATE_NAME_QUALIFIERS: Final = frozenset(_words("quoc te song phuong chinh phu duong bo so"))
_PLACE_CUES: Final = (
    ("thanh", "pho"),
    ("thi", "xa"),
    ("thi", "tran"),
    ("cua", "khau"),
    ("cho", "bien", "gioi"),
    ("tinh",),
    ("huyen",),
    ("tp",),
    ("xa",),
    ("phuong",),
    ("chau",),
    ("cau",),
    ("ga",),
    ("loi", "mo"),
)
#: English level words after a name ("Yen Minh district"), and Chinese suffixes.
_EN_PLACE_AFTER: Final = (
    ("border", "gate"),
    ("border", "crossing"),
    ("district",),
    ("commune",),
    ("township",),
    ("county",),
    ("province",),
    ("prefecture",),
    ("ward",),
    ("village",),
    ("river",),
)
_ZH_PLACE_SUFFIXES: Final = (
    ("口", "岸"),
    ("通", "道"),
    ("县",),
    ("縣",),
    ("镇",),
    ("鎮",),
    ("乡",),
)
#: Characters that end a Chinese candidate on its left: function words, not names.
_ZH_NOT_NAME: Final = frozenset(
    "的在与和了是为从到个两等及对向自于由经将已各该其此这那国省州市县一类即有级小大地车过境路出进第边"
)
#: What may stand before a Chinese candidate: an administrative suffix or 越南/中国.
_ZH_BEFORE_NAME: Final = frozenset("省州市县區区国南与和及同")
_EN_NOT_NAME: Final = frozenset(_words("the a an of and in at to from for with by"))


_PIECE_RE: Final = re.compile(f" *(?:{_TOKEN_RE.pattern})")


@dataclass
class _Tokens:
    text: list[str]
    end: list[int]  # folded index after each token

    def start(self, i: int) -> int:
        return self.end[i] - len(self.text[i])


def _tokenize(folded: str) -> _Tokens:
    # Spaces (all folded to " ") ride along with the token after them, so that the
    # token ends are a running sum of piece lengths: no per-token match objects.
    pieces = _PIECE_RE.findall(folded)
    return _Tokens([p.lstrip(" ") for p in pieces], list(accumulate(map(len, pieces))))


def _close_paren(toks: list[str], j: int, n: int) -> int:
    """Index after the ")" closing the "(" at ``j``, or -1 (at most 8 tokens, one line)."""
    for k in range(j + 1, min(n, j + 10)):
        if toks[k] in {"\n", "("}:
            return -1
        if toks[k] == ")":
            return k + 1
    return -1


def _walk(trie: dict[str, Any], toks: list[str], i: int, n: int) -> list[tuple[int, Any]]:
    """Every name starting at token ``i``: (end token, senses), shortest first."""
    out: list[tuple[int, Any]] = []
    node = trie.get(toks[i])
    j = i + 1
    while node is not None:
        senses = node.get("")
        if senses:
            out.append((j, senses))
        if j >= n:
            break
        nxt = node.get(toks[j])
        if nxt is None and toks[j] == "(":
            k = _close_paren(toks, j, n)
            if 0 < k < n:
                nxt, j = node.get(toks[k]), k
        node = nxt
        j += 1
    return out


class _Matcher:
    """State of one pass over a text's tokens."""

    def __init__(self, gaz: Gazetteer, original: str, fmap: _Folded, toks: _Tokens) -> None:
        self.gaz = gaz
        self.original = original
        self.fmap = fmap
        self.toks = toks
        self.kind_tokens: dict[str, set[int]] = {"gate": set(), "bridge": set()}
        if _CJK_RE.search(fmap.text):
            self.cjk = [bool(_CJK_RE.match(t)) for t in toks.text]
        else:  # most articles: no Chinese character at all
            self.cjk = [False] * len(toks.text)

    def first_char(self, i: int) -> str:
        return self.original[self.fmap.orig(self.toks.start(i))]

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.toks.text) and self.toks.text[i][0].isalnum()

    def _at(self, k: int, seqs: tuple[tuple[str, ...], ...]) -> int:
        """Length of the first of ``seqs`` that starts at token ``k``, or 0."""
        toks = self.toks.text
        for seq in seqs:
            if tuple(toks[k : k + len(seq)]) == seq:
                return len(seq)
        return 0

    def _name_end(self, k: int, layer: str) -> tuple[int, bool]:
        """
        End of the longest name of ``layer`` starting at token ``k`` (0 if none), and
        whether that name is complete with its own gate/bridge word ("都龙口岸").
        """
        toks = self.toks.text
        if toks[k] not in self.gaz.trie:
            return 0, False
        for j, senses in reversed(_walk(self.gaz.trie, toks, k, len(toks))):
            mine = [s for s in senses if s.layer == layer]
            if mine:
                return j, any(s.context is None for s in mine)
        return 0, False

    def context_after(self, i: int, j: int, kind: str) -> bool:
        """
        A gate (bridge) word follows the name, over qualifiers, other names of the list
        and, in Chinese, a few other characters: "X International Border Gate No. II",
        "the X and Y border gates", "X is the western border gate", "天保、都龙两个口岸".
        """
        toks = self.toks.text
        n = len(toks)
        words, plural, quals = (
            (_GATE_AFTER, _GATE_AFTER_PLURAL, _GATE_AFTER_QUALIFIERS)
            if kind == "gate"
            else (_BRIDGE_AFTER, (), _BRIDGE_AFTER_QUALIFIERS)
        )
        layer = "border_gates" if kind == "gate" else "crossings"
        k, listed, filler, copula = j, False, 12 if self.cjk[i] else 0, -1
        while k < n and k - j <= 20:
            if self._at(k, words) or (listed and self._at(k, plural)):
                return True
            tok = toks[k]
            if tok == "\n":
                return False
            if tok in quals or tok.isdigit():
                k += 1
            elif (named := self._name_end(k, layer))[0]:
                if named[1]:
                    return True  # "田蓬和都龙口岸": the list ends with a whole gate name
                k, listed = named[0], True
            elif copula < 0 and tok in _COPULAS and not self.cjk[i]:
                k, copula = k + 1, 3
            elif copula > 0 and self.is_word(k):
                k, copula = k + 1, copula - 1
            elif filler > 0 and self.cjk[k]:
                k, filler = k + 1, filler - 1
            else:
                return False
        return False

    def context_before(self, i: int, kind: str) -> bool:
        """A gate (bridge) cue leads the name, over qualifiers and other gates' names."""
        toks = self.toks.text
        cues, quals = (
            (_GATE_CUES, _GATE_QUALIFIERS) if kind == "gate" else (_BRIDGE_CUES, _BRIDGE_QUALIFIERS)
        )
        done = self.kind_tokens[kind]
        k = i - 1
        while k >= 0 and i - k <= 30:
            for cue in cues:
                if tuple(toks[k - len(cue) + 1 : k + 1]) == cue:
                    return True
            if toks[k] in quals or toks[k].isdigit() or k in done:
                k -= 1
                continue
            return False
        return False

    def in_context(self, i: int, j: int, kind: str) -> bool:
        """Whether the name at tokens [i, j) is in a gate (or bridge) phrase."""
        return self.context_before(i, kind) or self.context_after(i, j, kind)

    def cjk_bounded(self, i: int, j: int) -> bool:
        """A Chinese name not glued into a longer word (长江河口, 马关条约, 南溪河口岸)."""
        toks = self.toks.text
        if i > 0 and toks[i - 1] in _CJK_BAD_BEFORE:
            return False
        return not (j < len(toks) and self._at(j, _CJK_BAD_AFTER))

    def bare_ok(self, i: int) -> bool:
        """A bare name: capitalised, and not right after a person's name or mid-name."""
        first = self.first_char(i)
        if not first.isupper():
            return False
        if not self.is_word(i - 1):
            return True
        prev = self.toks.text[i - 1]
        prev_first = self.first_char(i - 1)
        if not prev_first.isupper():
            return True
        if prev in _PERSON_PARTS:
            return False
        prev_orig = self.original[
            self.fmap.orig(self.toks.start(i - 1)) : self.fmap.orig(self.toks.end[i - 1])
        ]
        if prev_orig.isupper() and len(prev_orig) > 1:  # an all-capitals headline or acronym
            return True
        return not self.is_word(i - 2) or prev in _ALLOWED_BEFORE

    def choose(self, i: int, j: int, senses: Iterable[Sense]) -> Sense | None:
        best: tuple[tuple[int, int, int, str], Sense] | None = None
        ctx: dict[str, bool] = {}
        toks = self.toks.text
        if self.cjk[i] and not self.cjk_bounded(i, j):
            return None
        other_suffix = self.cjk[i] and j < len(toks) and toks[j] in _CJK_ADMIN
        for sense in senses:
            if sense.bare and not self.bare_ok(i):
                continue
            if sense.bare and (
                (j < len(toks) and toks[j] in _NOT_AFTER_BARE)
                or (i > 0 and toks[i - 1] in _NOT_BEFORE_BARE)
            ):
                continue
            if other_suffix and sense.rank <= _RANK["generated"]:
                continue  # 莱州市 is Lai Châu city, not 莱州(省)
            context = 0
            if sense.context:
                if sense.context not in ctx:
                    ctx[sense.context] = self.in_context(i, j, sense.context)
                if not ctx[sense.context]:
                    continue
                context = 1
            key = (context, sense.rank, -_LAYER_ORDER.get(sense.layer, 99), sense.feature)
            if best is None or key[:3] > best[0][:3] or (key[:3] == best[0][:3] and key < best[0]):
                best = (key, sense)
        return best[1] if best else None

    def scan(
        self, lo: int, hi: int, *, nested: bool = True, prefer: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, Sense, str | None]]:
        """Matches in tokens [lo, hi): (first token, end token, sense, within)."""
        out: list[tuple[int, int, Sense, str | None]] = []
        toks = self.toks.text
        trie = self.gaz.trie
        i = lo
        for start in [k for k in range(lo, hi) if toks[k] in trie]:
            if start < i:
                continue
            i = start
            found = None
            for j, senses in reversed(_walk(trie, toks, i, hi)):
                pool = senses
                if prefer:
                    pool = tuple(s for s in senses if s.feature in prefer)
                elif not nested:
                    pool = tuple(s for s in senses if s.layer not in {"partnerships", "corridor"})
                sense = self.choose(i, j, pool)
                if sense is not None:
                    found = (j, sense)
                    break
            if found is None:
                continue
            j, sense = found
            out.append((i, j, sense, None))
            if sense.layer == "border_gates":
                self.kind_tokens["gate"].update(range(i, j))
            elif sense.layer == "crossings":
                self.kind_tokens["bridge"].update(range(i, j))
            members = self.gaz.features[sense.feature].members
            if nested and members:
                for a, b, inner, _ in self.scan(i, j, nested=False, prefer=frozenset(members)):
                    out.append((a, b, inner, sense.feature))
            i = j
        return out


_PAIR_JOINERS: Final = frozenset(_words("- voi va and with , 与 和 同 及"))
#: Words that may stand between a pair's ends besides the joiner: countries glossing
#: the ends ("Hà Giang – Việt Nam và châu Văn Sơn", "文山与越南河江省", "China's").
_PAIR_FILLERS: Final = frozenset(_words("viet nam vietnam china trung quoc 越 南 中 国 the ’ ' s"))
#: Words of cooperation: a partnership is named only in a sentence that has one.
_COOPERATION_RE: Final = re.compile(
    r"\b(?:hop tac|ket nghia|huu nghi|thoa thuan|ky ket|quan he|giao luu|hoi dam|"
    r"cooperat\w*|collaborat\w*|agreements?|sister|twin\w*|friendship|partners?\w*|ties|"
    r"relations?)\b|合作|友好|结好|缔结|协议|协定|签署|交流|会谈|会晤|联合"
)
_SEPARATORS_AND_GLOSS_RE: Final = re.compile(r"\(.*?\)")


_LIST_JOINS: Final = ([","], ["、"], ["和"], ["及"], ["va"], ["and"])
_CJK_CHAR_RE: Final = re.compile(f"[{_CJK}]")


_NUMERALS: Final = frozenset(
    _words("一 二 三 四 五 六 七 八 九 十 两 two three four five six seven eight nine ten")
)
_GROUP_NOUNS: Final = frozenset(_words("省 市 地 tinh provinces localities"))


def _group_after(toks: list[str], j: int) -> bool:
    """A count of places follows a list: "…和奠边四省", "… và Điện Biên (4 tỉnh)"."""
    k = j + (j < len(toks) and toks[j] == "(")
    if k < len(toks) and (toks[k] in _NUMERALS or toks[k].isdigit()):
        return k + 1 < len(toks) and toks[k + 1] in _GROUP_NOUNS
    return False


def _cjk_subunit_after(toks: list[str], j: int) -> bool:
    """Up to four more Chinese characters then an administrative suffix follow ``j``."""
    for k in range(j, min(len(toks), j + 5)):
        if not _CJK_CHAR_RE.fullmatch(toks[k]):
            return False
        if k > j and toks[k] in "州市县区":
            return True
    return False


#: Words around a run of a corridor's cities that make the run the corridor.
_CORRIDOR_BEFORE_RE: Final = re.compile(r"(?:hanh lang|corridor)\b[^.\n]{0,30}$")
_CORRIDOR_AFTER_RE: Final = re.compile(r"^[^.\n。]{0,14}?(?:走廊|corridor|hanh lang)")
_CORRIDOR_JOINS: Final = ([",", "-"], ["-"], [","], ["、"], ["和"], ["va"], ["and"])


def _corridors(
    gaz: Gazetteer,
    matcher: _Matcher,
    folded: str,
    found: list[tuple[int, int, Sense, str | None]],
) -> list[tuple[int, int, Sense, str | None]]:
    """
    The corridor written as a run of three or more of its cities joined by "-", ",",
    "、" with "hành lang"/"corridor"/"走廊" next to the run ("hành lang kinh tế Côn
    Minh - Lào Cai - Hà Nội - Hải Phòng", "昆明-广宁-海防-河内-老街经济走廊"). The cities
    become mentions within it, as in the corridor's full name.
    """
    toks = matcher.toks
    top = sorted((f for f in found if f[3] is None), key=lambda f: f[0])
    drop: set[int] = set()
    added: list[tuple[int, int, Sense, str | None]] = []
    for fid, info in gaz.features.items():
        if info.layer != "corridor":
            continue
        cities = set(info.members) | set(info.same_as_members)
        p = 0
        while p < len(top):
            q = p
            while (
                top[q][2].feature in cities
                and q + 1 < len(top)
                and top[q + 1][2].feature in cities
                and _between(toks.text, top[q][1], top[q + 1][0]) in _CORRIDOR_JOINS
            ):
                q += 1
            if q - p >= 2 and top[p][2].feature in cities:
                a, b = toks.start(top[p][0]), toks.end[top[q][1] - 1]
                line_start = folded.rfind("\n", 0, a) + 1
                if _CORRIDOR_BEFORE_RE.search(folded[max(line_start, a - 40) : a]) or (
                    _CORRIDOR_AFTER_RE.search(folded[b : b + 40])
                ):
                    i, j = top[p][0], top[q][1]
                    drop.update(range(p, q + 1))
                    added.append((i, j, Sense(fid, info.layer, info.name_vi, 0, None, False), None))
                    prefer = frozenset(info.members)
                    for a2, b2, inner, _ in matcher.scan(i, j, nested=False, prefer=prefer):
                        added.append((a2, b2, inner, fid))
            p = q + 1
    kept = [f for f in found if f[3] is not None or top.index(f) not in drop] if drop else found
    return kept + added


def _between(toks: list[str], a: int, b: int) -> list[str]:
    """Tokens [a, b) without parenthetical glosses."""
    out: list[str] = []
    depth = 0
    for tok in toks[a:b]:
        if tok == "(":
            depth += 1
        elif tok == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(tok)
    return out


def _pairs(
    gaz: Gazetteer,
    toks: list[str],
    found: list[tuple[int, int, Sense, str | None]],
    cooperation: Any,
) -> list[tuple[int, int, Sense, str | None]]:
    """
    Partnerships whose two ends are named side by side ("A - B", "A với B", "A 与 B")
    in a sentence that speaks of cooperation; not the last two of a longer list
    ("Hà Giang, Lào Cai, Lai Châu, Điện Biên và Vân Nam" is no pair).
    """
    top = [f for f in found if f[3] is None]
    out: list[tuple[int, int, Sense, str | None]] = []
    for p in range(len(top) - 1):
        (i1, j1, s1, _), (i2, j2, s2, _) = top[p], top[p + 1]
        pid = gaz.pairs.get(frozenset({s1.feature, s2.feature}))
        if not pid:
            continue
        between = [t for t in _between(toks, j1, i2) if t not in _PAIR_FILLERS]
        if not between or len(between) > 2 or not all(t in _PAIR_JOINERS for t in between):
            continue
        if len(between) == 2 and between[0] != "-":
            continue
        if p > 0 and _between(toks, top[p - 1][1], i1) in ([","], ["、"]):
            continue  # the last two of a list: "A, B, C và D"
        more, q = 0, p + 1
        while q + 1 < len(top) and _between(toks, top[q][1], top[q + 1][0]) in _LIST_JOINS:
            more, q = more + 1, q + 1
        if more >= 1 and _group_after(toks, top[q][1]):
            continue  # one end and a group: "云南省与河江、老街、莱州和奠边四省"
        if _cjk_subunit_after(toks, j2):
            continue  # "老街省与中国云南省大理州": the partner is Dali, in Yunnan
        if not cooperation(i1):
            continue
        info = gaz.features[pid]
        out.append((i1, j2, Sense(pid, info.layer, info.name_vi, 0, None, False), None))
    return out


_CUES_BY_FIRST: Final = {
    first: tuple(c for c in _PLACE_CUES if c[0] == first) for first, *_ in _PLACE_CUES
}


def _candidates(m: _Matcher, covered: set[int], n: int) -> Iterator[tuple[int, int, int]]:
    toks = m.toks.text
    seen: set[str] = set()
    after = 0
    for i in [k for k in range(n) if toks[k] in _CUES_BY_FIRST]:
        if i < after:
            continue
        cue = next((c for c in _CUES_BY_FIRST[toks[i]] if tuple(toks[i : i + len(c)]) == c), None)
        if cue is None or (i > 0 and (toks[i - 1], *cue) in _NOT_CUES):
            continue
        k = i + len(cue)
        if cue in {("tp",), ("tx",)} and k < n and toks[k] == ".":
            k += 1
        while cue == ("cua", "khau") and k < n and toks[k] in _GATE_NAME_QUALIFIERS:
            k += 1
        name_start, words = k, 0
        while k < n and words < 4 and m.is_word(k) and m.first_char(k).isupper():
            if k in covered or re.match(f"[{_CJK}]", toks[k]):
                break
            words += 1
            k += 1
            # Hyphenated names ("Bê-la-rút"): "-" with no space either side.
            while (
                k + 1 < n
                and toks[k] == "-"
                and m.toks.start(k) == m.toks.end[k - 1]
                and m.toks.end[k] == m.toks.start(k + 1)
                and m.is_word(k + 1)
            ):
                k += 2
        name_toks = toks[name_start:k]
        person = len(name_toks) >= 3 and (
            name_toks[0] in _PERSON_PARTS or name_toks[1] in {"thi", "van", "duc", "huu"}
        )
        if words and not person and not (k < n and k in covered) and name_start not in covered:
            key = " ".join(toks[name_start:k])
            if key not in seen and (cue, key) not in _NOT_PLACES:
                seen.add(key)
                yield i, name_start, k
        after = k


_CANDIDATE_FIRSTS: Final = frozenset(seq[0] for seq in (*_EN_PLACE_AFTER, *_ZH_PLACE_SUFFIXES))


def _candidates_en_zh(
    m: _Matcher, covered: set[int], n: int, seen: set[str]
) -> Iterator[tuple[int, int, int]]:
    """
    Names before an English level word ("Quang Ba district", "Nanxi River border
    gate") or a Chinese suffix (苗旺县, 箐门口岸): (cue token, first, end of name).
    """
    toks = m.toks.text
    firsts = _CANDIDATE_FIRSTS
    for k in [k for k in range(1, n) if toks[k] in firsts]:
        if k in covered:
            continue
        if m.cjk[k]:
            size = m._at(k, _ZH_PLACE_SUFFIXES)
            if not size:
                continue
            a = k
            while a > 0 and k - a < 3 and m.cjk[a - 1] and a - 1 not in covered:
                if toks[a - 1] in _ZH_NOT_NAME:
                    break
                a -= 1
            left_ok = (
                a == 0 or not m.cjk[a - 1] or a - 1 in covered or toks[a - 1] in (_ZH_BEFORE_NAME)
            )
            if left_ok and k - a >= 2 and (key := "".join(toks[a:k])) not in seen:
                seen.add(key)
                yield k, a, k
            continue
        if not m._at(k, _EN_PLACE_AFTER) or m.first_char(k).isupper():
            continue
        a = k
        while a > 0 and k - a < 3 and m.is_word(a - 1) and a - 1 not in covered:
            if not m.first_char(a - 1).isupper() or toks[a - 1] in _EN_NOT_NAME:
                break
            a -= 1
        if a < k and (key := " ".join(toks[a:k])) not in seen:
            seen.add(key)
            yield k, a, k


def find_mentions(text: str, *, gazetteer: Gazetteer) -> IngestResult:
    """
    Find the mapped features an article's body mentions.

    Parameters
    ----------
    text
        The article: plain text (any Unicode normalisation, with or without
        diacritics) or HTML.
    gazetteer
        Names to look for, from ``build_gazetteer``.

    Returns
    -------
    IngestResult
        Mentions in text order, each with its span in ``result.text`` (the input
        itself for plain text; for HTML, the text ``html_to_text`` made of it), its
        sentence and the sentence's figures; and the unmatched candidate names.
    """
    is_html = looks_like_html(text)
    original = html_to_text(text) if is_html else text
    end = body_end(original)
    fmap = _fold_mapped(original[:end])
    folded = fmap.text
    toks = _tokenize(folded)
    n = len(toks.text)

    # Furniture lines (URLs, share buttons) inside the body are not searched.
    skip: set[int] = set()
    line_start = 0
    lines = folded.split("\n")
    furniture = furniture_lines(lines)
    for k, line in enumerate(lines):
        if k in furniture:
            lo = bisect_right(toks.end, line_start)
            hi = bisect_right(toks.end, line_start + len(line))
            skip.update(range(lo, hi))
        line_start += len(line) + 1
    for k in skip:
        toks.text[k] = "\n"  # a barrier no name crosses

    language = detect_language(original[:end])
    matcher = _Matcher(gazetteer, original, fmap, toks)
    found = matcher.scan(0, n)
    sentence_of = _Sentences(original, fmap).bounds

    def cooperation(tok: int) -> bool:
        lo, hi = sentence_of(toks.start(tok))
        return bool(_COOPERATION_RE.search(folded, lo, hi))

    found += _pairs(gazetteer, toks.text, found, cooperation)
    found = _corridors(gazetteer, matcher, folded, found)
    figures_cache: dict[int, tuple[Figure, ...]] = {}

    def orig_sentence(fpos: int) -> tuple[str, int, int]:
        lo, hi = sentence_of(fpos)
        a, b = fmap.orig(lo), fmap.orig(hi)
        raw = original[a:b]
        a += len(raw) - len(raw.lstrip())
        b -= len(raw) - len(raw.rstrip())
        return original[a:b], a, b

    mentions = []
    for i, j, sense, within in found:
        fstart, fend = toks.start(i), toks.end[j - 1]
        a, b = fmap.orig(fstart), fmap.orig(fend)
        sentence, sa, sb = orig_sentence(fstart)
        lo, hi = sentence_of(fstart)
        if lo not in figures_cache:
            figures_cache[lo] = _figures(fmap, original, lo, hi, language=language)
        mentions.append(
            Mention(
                sense.feature,
                sense.layer,
                original[a:b],
                a,
                b,
                sentence,
                sa,
                sb,
                figures_cache[lo],
                within,
            )
        )

    covered = {k for i, j, _, _ in found for k in range(i, j)}
    candidates = []
    seen: set[str] = set()
    for cue_at, a_tok, b_tok in _candidates(matcher, covered, n):
        a, b = fmap.orig(toks.start(a_tok)), fmap.orig(toks.end[b_tok - 1])
        cue = original[fmap.orig(toks.start(cue_at)) : fmap.orig(toks.end[a_tok - 1])]
        seen.add(" ".join(toks.text[a_tok:b_tok]))
        candidates.append(Candidate(original[a:b], cue.strip(), a, b, orig_sentence(a)[0]))
    for cue_at, a_tok, b_tok in _candidates_en_zh(matcher, covered, n, seen):
        a, b = fmap.orig(toks.start(a_tok)), fmap.orig(toks.end[b_tok - 1])
        size = matcher._at(cue_at, (*_EN_PLACE_AFTER, *_ZH_PLACE_SUFFIXES))
        cue = original[fmap.orig(toks.start(cue_at)) : fmap.orig(toks.end[cue_at + size - 1])]
        candidates.append(Candidate(original[a:b], cue.strip(), a, b, orig_sentence(a)[0]))
    candidates.sort(key=lambda c: c.start)
    mentions.sort(key=lambda m: (m.start, m.within is not None, m.end))
    return IngestResult(original, is_html, end, tuple(mentions), tuple(candidates), language)


# --- adding a source --------------------------------------------------------------


@dataclass(frozen=True)
class AddedSource:
    """What ``add_source`` wrote."""

    sources_path: Path
    row: dict[str, str]
    review_path: Path
    facts: list[dict[str, str]]


#: The review file: facts.csv's columns, statements left for a person to write, and the
#: article's own sentence beside them to work from. It quotes the article, so
#: ``layers/review/`` is git-ignored: nothing of the article's text enters the repo.
REVIEW_COLUMNS = (*FACTS.column_names, "article_sentence")


def _review_facts(result: IngestResult, *, source: str) -> list[dict[str, str]]:
    """One row per figure (or per year-only sentence) of a sentence with mentions."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in result.mentions:
        by_sentence.setdefault(m.sentence_start, []).append(m)
    body = result.text[: result.body_end]
    rows: list[dict[str, str]] = []
    stem = re.sub(r"[^a-z0-9]+", "-", Path(source).stem.lower()).strip("-")
    for start, group in sorted(by_sentence.items()):
        figures = group[0].figures
        if not figures:
            continue
        features = ";".join(sorted({m.feature for m in group}))
        years = [f for f in figures if f.unit == "year"]
        amounts: list[Figure | None] = [f for f in figures if f.unit != "year"] or [None]
        line_start = body.rfind("\n", 0, start) + 1
        paragraph = 1 + sum(1 for line in body[:line_start].splitlines() if line.strip())
        for amount in amounts:
            row = dict.fromkeys(REVIEW_COLUMNS, "")
            row.update(
                id=f"{stem}-{len(rows) + 1:03d}",
                features=features,
                year=str(years[-1].value) if years else "",
                period=years[-1].period or "" if years else "",
                article_sentence=group[0].sentence,
                source=source,
                paragraph=str(paragraph),
            )
            if amount is not None:
                row["value"] = format(Decimal(str(amount.value)).normalize(), "f")
                row["unit"] = amount.unit
            rows.append(row)
    return rows


def _csv_text(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def add_source(
    *,
    article: Path,
    layers_dir: Path,
    gazetteer: Gazetteer,
    title: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    date: str | None = None,
    url: str | None = None,
) -> AddedSource:
    """
    Add an article to ``sources.csv`` and write its candidate facts for review.

    Parameters
    ----------
    article
        The article file; its name is the source key and must match
        ``geo.schema.SOURCE_PATTERN`` (``NNN_<16 hex digits>.txt``).
    layers_dir
        Folder of ``sources.csv``; the review file goes to ``review/`` below it.
    gazetteer
        Names to look for, from ``build_gazetteer``.
    title, outlet, author, date, url
        What is known of the article. The title defaults to the article's first
        line; anything else not given stays empty, never guessed. ``date`` is
        ``YYYY-MM-DD`` (also fills ``year``) or a bare year ``YYYY``.

    Returns
    -------
    AddedSource
        The row added and the review rows written.

    Raises
    ------
    ValueError
        If the file name, the date or the existing ``sources.csv`` is not valid,
        the article is already a source, or its review file exists.
    """
    fname = article.name
    if not re.fullmatch(SOURCE_PATTERN, fname):
        msg = f"{fname}: an article file name must look like 000_0123456789abcdef.txt"
        raise ValueError(msg)
    text = article.read_text(encoding="utf-8")
    result = find_mentions(text, gazetteer=gazetteer)
    year = ""
    if date:
        if re.fullmatch(r"\d{4}", date):
            year, date = date, ""
        else:
            try:
                year = str(dt.date.fromisoformat(date).year)
            except ValueError:
                msg = f"--date {date!r} is not YYYY-MM-DD or YYYY"
                raise ValueError(msg) from None
    if title is None:
        first = extract_body(text).strip().splitlines()
        title = first[0].strip() if first else ""
    if not title:
        msg = f"{fname}: the article has no title line; give --title"
        raise ValueError(msg)

    sources_path = table_path(layers_dir, SOURCES)
    with sources_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != SOURCES.column_names:
            msg = f"{sources_path}: columns must be {', '.join(SOURCES.column_names)}"
            raise ValueError(msg)
        rows = list(reader)
    if any(r["file"] == fname for r in rows):
        msg = f"{fname} is already in {sources_path}"
        raise ValueError(msg)
    review_path = layers_dir / "review" / f"{Path(fname).stem}.csv"
    if review_path.exists():
        msg = f"{review_path} exists: review or remove it first"
        raise ValueError(msg)

    row = dict.fromkeys(SOURCES.column_names, "")
    row.update(
        file=fname,
        title=title,
        outlet=outlet or "",
        author=author or "",
        date=date or "",
        year=year,
        url=url or "",
    )
    facts = _review_facts(result, source=fname)
    new_rows = sorted([*rows, row], key=lambda r: r["file"])
    sources_path.write_text(_csv_text(SOURCES.column_names, new_rows), encoding="utf-8", newline="")
    review_path.parent.mkdir(parents=True, exist_ok=True)
    review_path.write_text(_csv_text(REVIEW_COLUMNS, facts), encoding="utf-8", newline="")
    return AddedSource(sources_path, row, review_path, facts)


def format_table(result: IngestResult) -> str:
    """The mentions and candidates as an aligned plain-text table."""
    lines = [f"{'feature':<36} {'layer':<13} {'span':<13} text"]
    for m in result.mentions:
        name = m.feature if m.within is None else f"  {m.feature}"
        span = f"{m.start}-{m.end}"
        figs = ", ".join(f.text for f in m.figures if f.unit != "year")
        extra = f"  [{figs}]" if figs else ""
        lines.append(f"{name:<36} {m.layer:<13} {span:<13} {m.text}{extra}")
    if result.candidates:
        lines.append("")
        lines.append("candidates (no feature matched):")
        lines.extend(f"  {c.cue} {c.text}  ({c.start}-{c.end})" for c in result.candidates)
    return "\n".join(lines) + "\n"
