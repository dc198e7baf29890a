"""Text of an article: HTML to text, the body, page furniture."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from itertools import compress
from operator import eq
from typing import Final

from geo.ingest.fold import _words, fold
from geo.schema import SIDEBAR_MARKERS

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


#: What ends a line that is a sentence's or a heading's end, not a wrap.
_LINE_ENDS: Final = frozenset('.!?:;。！？…"”’)]»')
#: A wrapped line is at least this long (menus and list items are shorter).
_WRAPPED_LINE: Final = 25


_WRAP_WIDTH: Final = 100
_WRAPPED_LINES: Final = 3
#: A wrapped line may fall this much short of the width (the next word did not fit).
_LONG_WORD: Final = 15


def _wrap_width(text: str) -> int:
    """
    The width ``text``'s lines are wrapped at (its longest line up to ``_WRAP_WIDTH``),
    or 0 when they do not look wrapped (see ``unwrap_lines``).
    """
    sizes = [n for n in map(len, text.split("\n")) if n >= _WRAPPED_LINE]
    long = sum(n > _WRAP_WIDTH for n in sizes)
    if sum(n >= 40 for n in sizes) < _WRAPPED_LINES or long * 20 > len(sizes):
        return 0
    return max(n for n in sizes if n <= _WRAP_WIDTH)


def unwrap_lines(text: str) -> str:
    """
    ``text`` with each line break inside a sentence made a space: wire copy, cables
    and text taken from PDFs wrap their lines ("Hekou, already\na well-established
    port"). A break is a wrap when a small letter follows it and the line before it
    is at least ``_WRAPPED_LINE`` characters long and does not end as a sentence or a
    heading does, in a text whose lines are wrapped: at least
    ``_WRAPPED_LINES`` lines of 40 characters or more and hardly any line longer than
    ``_WRAP_WIDTH``, nor a hundred characters a line on average (a web page's
    paragraphs are one line each). Before a capital
    ("… số II Kim\nThành") the line must also fill the width, less a long word (a
    heading does not). Page furniture (a list of related stories, a menu) keeps its
    lines. Same length as ``text``: every offset stays.
    """
    breaks = text.count("\n")
    if breaks < _WRAPPED_LINES or len(text) > _WRAP_WIDTH * (breaks + 1):
        return text  # (cheap first: lines of a hundred characters on average or more)
    width = _wrap_width(text)
    if not width:
        return text
    lines = text.split("\n")
    joins = []
    for k in range(len(lines) - 1):
        line, after = lines[k].rstrip("\r"), lines[k + 1]
        if (
            line
            and after[:1].isalpha()
            and len(line) >= (_WRAPPED_LINE if after[0].islower() else width - _LONG_WORD)
            and line[-1] not in _LINE_ENDS
            and not line[-1].isspace()
        ):
            joins.append(k)
    if joins:
        furniture = furniture_lines(lines)
        joins = [k for k in joins if k not in furniture and k + 1 not in furniture]
    if not joins:
        return text
    seps = ["\n"] * (len(lines) - 1)
    for k in joins:
        seps[k] = " "
    return "".join(line + sep for line, sep in zip(lines, [*seps, ""], strict=True))


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page or fragment rather than plain text."""
    head = text[:5000]
    return "<" in head and bool(_HTML_RE.search(head))


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
#: A site's credits (masthead or footer, folded): its owner, publisher, licence, editor
#: and contact lines ("Cơ quan chủ quản: …", "Giấy phép số …", "Editor-in-chief: …",
#: "投稿邮箱:…", "ICP备…"), and a line of sponsors ending in 主管/主办/承办/协办 with no
#: sentence punctuation ("中共文山州委 文山州人民政府主管 …主办"; "…由老街省主办。" is a sentence).
_CREDITS_RE: Final = re.compile(
    r"\s*(?:co quan chu quan|giay phep (?:so|hoat dong|xuat ban)|tong bien tap\s*:"
    r"|chiu trach nhiem (?:xuat ban|noi dung)|editor-in-chief|licen[cs]e no\b|publisher\s*:"
    r"|投稿|联系电话|[^\n]*icp备)"
)
_SPONSORS_RE: Final = re.compile(r"[^。，,;；:：!?！？.由]{0,58}(?:主管|主办|承办|协办)\s*")
_SHARE_WORDS: Final = frozenset(
    _words(
        "fb yt zl tw in email mail print share chia se facebook zalo twitter x youtube "
        "linkedin tweet like gui bai luu copy link advertisement contact us rss "
        "subscribe login sign up search menu home english vietnamese"
    )
)


_MARKER_FIRSTS: Final = frozenset(m[0] for m in _MARKERS)
#: Whether a line's first character folds to the first of a marker's, by character.
_HEADS: dict[str, bool] = {}


#: The longest line (with its line break) that may be a marker: a short heading.
_MARKER_LINE: Final = 60


def _is_marker(line: str) -> bool:
    if len(line) > _MARKER_LINE:  # markers are short headings; skip folding long lines
        return False
    head = line.lstrip()[:1]
    if not head:
        return False
    first = _HEADS.get(head)
    if first is None:  # cheap: fold one character, once
        first = _HEADS[head] = fold(head) in _MARKER_FIRSTS
    if not first:
        return False
    return _marker_key(line) in _MARKERS


def _is_furniture(line: str, *, folded: bool = False) -> bool:
    """A URL, copyright, credits or share-button line ("fb yt zl tw", "© 2024 …")."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) > 60 and " " in stripped:  # a sentence: only a copyright or credits line
        if len(stripped) >= 300:
            return False
        head = stripped[:16] if folded else fold(stripped[:16])
        credits = stripped[:40] if folded else fold(stripped[:40])
        return bool(_COPYRIGHT_RE.match(head) or _CREDITS_RE.match(credits))
    key = stripped if folded else fold(stripped)
    if _COPYRIGHT_RE.match(key) or _CREDITS_RE.match(key) or _SPONSORS_RE.fullmatch(key):
        return True
    if _URL_LINE_RE.fullmatch(stripped):
        return True
    words = re.findall(r"\w+", key)
    return bool(words) and all(w in _SHARE_WORDS for w in words)


#: A link list: this many consecutive lines opening with the same words, not all alike.
_LINK_RUN: Final = 3
_LINK_PREFIX_WORDS: Final = 3

#: What stands between the items of a menu or breadcrumb written on one line:
#: "Hoa Binh - Mai Chau - … - Ha Giang Province", "Home | News | Provinces".
_CHAIN_SEP_RE: Final = re.compile(r"\s+[-–—|»›·•/]\s+")
#: A line of this many short items or more is a menu. A route named in the news (the
#: corridor's five cities) stands in a sentence, or has fewer items.
_CHAIN_ITEMS: Final = 7
#: A menu's item: a name of a few words, no sentence in it.
_ITEM_WORDS: Final = 4
_SENTENCE_MARKS_RE: Final = re.compile(r"[.,;:!?。，；：！？、]")
#: A bulleted menu: this many short bulleted lines in a row ("• Ha Noi", "• Lao Cai", …)
#: not introduced by a line ending in ":" (an article's own list of places).
_BULLET_RUN: Final = 10
#: The longest bulleted line that may be a menu's item.
_BULLET_LINE: Final = 60
_BULLET_RE: Final = re.compile(r"\s*[•·▪►▸‣◦*]\s*(?=\S)")


def _menu_item(text: str) -> bool:
    return 0 < len(text.split()) <= _ITEM_WORDS and not _SENTENCE_MARKS_RE.search(text)


def _menu_lines(lines: list[str]) -> set[int]:
    """
    Indices of the lines that are a site's menus, not the article: a line of
    :data:`_CHAIN_ITEMS` or more short items between separators, none twice (a tour's
    route there and back names its stops twice), or a run of
    :data:`_BULLET_RUN` or more short bulleted lines. A menu of destinations or
    provinces names many mapped places that the article does not speak of.
    """
    out: set[int] = set()
    run: list[int] = []
    for k, line in enumerate([*lines, ""]):
        bullet = _BULLET_RE.match(line)
        if bullet and len(line) <= _BULLET_LINE and _menu_item(line[bullet.end() :]):
            run.append(k)
            continue
        if len(run) >= _BULLET_RUN:
            intro = lines[run[0] - 1].rstrip() if run[0] > 0 else ""
            if not intro.endswith((":", "：")):
                out.update(run)
        run = []
        # (cheap tests first: a paragraph has a full stop or a comma, a menu none)
        if (
            len(line) <= 400
            and "." not in line
            and "," not in line
            and "。" not in line
            and "，" not in line
            and line.count(" ") >= 2 * (_CHAIN_ITEMS - 1)
        ):
            items = _CHAIN_SEP_RE.split(line.strip())
            if (
                len(items) >= _CHAIN_ITEMS
                and all(_menu_item(i) for i in items)
                # an item named twice is a route there and back (a tour's), not a menu
                and len({i.casefold() for i in items}) == len(items)
            ):
                out.add(k)
    return out


def furniture_lines(lines: list[str], *, folded: bool = False) -> set[int]:
    """
    Indices of the lines that are page furniture, not the article.

    A line is furniture when it is only a URL, share-button residue or a copyright
    notice, when it is a menu (:func:`_menu_lines`), or when it belongs to a link
    list: at least three consecutive lines that open with the same three or more words
    and are not all the same line (a related-stories widget repeating its heading
    before each headline).

    Parameters
    ----------
    lines
        The article's lines.
    folded
        Whether the lines are already folded (``geo.ingest.fold``), as the matcher's are.

    Returns
    -------
    set[int]
        Indices into ``lines``.
    """
    out = {k for k, line in enumerate(lines) if _is_furniture(line, folded=folded)}
    out |= _menu_lines(lines)
    keys = lines if folded else [fold(line) for line in lines]
    heads = [tuple(key.split(maxsplit=_LINK_PREFIX_WORDS)[:_LINK_PREFIX_WORDS]) for key in keys]
    if not any(map(eq, heads, heads[1:])):
        return out  # no two lines in a row open alike: no link list (compared in C)
    k = 0
    while k < len(lines):
        end = k + 1
        # (a head of words: lines opening alike with marks, "? ? ? ?" where a page lost
        # its indentation, or bullets, are paragraphs)
        if len(heads[k]) == _LINK_PREFIX_WORDS and any(map(_has_word, heads[k])):
            while end < len(lines) and heads[end] == heads[k]:
                end += 1
        run = range(k, end)
        if len(run) >= _LINK_RUN and len({lines[r].strip() for r in run}) > 1:
            out.update(run)
        k = end
    return out


def _has_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


#: A sentence's end at the end of a line: a line of prose has it.
_SENTENCE_END: Final = re.compile(r"[.!?。！？…][\"”’)\]]*\s*$")


def _prose(line: str) -> bool:
    """
    A line of the body's prose: a sentence of five words or more (Chinese, without
    spaces: ten characters or more), ending as one ("Năm 2022, tỉnh Lào Cai đạt 2,32 tỷ
    USD.").
    """
    words = line.split()
    long_enough = len(words) >= 5 or len(line.strip()) >= 10
    return long_enough and _SENTENCE_END.search(line) is not None


def body_end(text: str) -> int:
    """
    Index in plain ``text`` where the article body ends: the first sidebar marker
    after a line of prose. One before any ends nothing: it heads furniture above
    the body (a forum's stats, a box of offers, "Có thể bạn quan tâm" over a list of
    tours), and the body comes after it.
    """
    lines = text.splitlines(keepends=True)
    # Only the short lines are looked at (chosen in C: most lines are paragraphs).
    for k in compress(range(len(lines)), map(_MARKER_LINE.__ge__, map(len, lines))):
        if _is_marker(lines[k]):
            if not any(map(_prose, lines[:k])):
                continue
            return sum(map(len, lines[:k]))
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
