"""The matching rules: names in context, pairs, the corridor, candidates."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, compress
from typing import Any, Final

import numpy as np

from geo.ingest.figures import _figures, _Sentences, detect_language
from geo.ingest.fold import (
    _CJK,
    _CJK_RE,
    _char_class,
    _fold_mapped,
    _Folded,
    _lowered,
    _words,
    fold,
)
from geo.ingest.gazetteer import _LAYER_ORDER, _LEVEL_RANK, _RANK, Gazetteer, Sense
from geo.ingest.results import Candidate, Figure, IngestResult, Mention
from geo.ingest.text import (
    body_end,
    furniture_lines,
    html_to_text,
    looks_like_html,
    unwrap_lines,
)

# --- matching ---------------------------------------------------------------------

#: Words between a gate cue and a gate's name that keep the gate context ("cửa khẩu
#: quốc gia X", "Border Gate No. 2 X"); a "(" does not: a name in a gloss is a place.
_GATE_QUALIFIERS: Final = frozenset(
    _words(
        "quoc te gia song phuong chinh phu duong bo sat so ii iii i iv v cap va , - ; ) "
        "hang hoa no . international road border bilateral national main auxiliary "
        "land rail railway river sea air inland dry highway"
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
#: Words introducing the gates a gate word (singular or plural) names: "border gates
#: such as X", "các cửa khẩu như X", "口岸有X、Y", "口岸包括X和Y".
_GATE_LIST_INTROS: Final = (
    ("such", "as"),
    ("include",),
    ("includes",),
    ("including",),
    ("like",),
    (":",),
    ("nhu",),
    ("bao", "gom"),
    ("gom",),
    ("有",),
    ("包", "括"),
    ("如",),
    ("即",),
    ("la",),
    ("namely",),
    ("are",),
)
#: Of those, the ones that are a copula ("4 cửa khẩu chính là X, Y và Z", "the main
#: gates are X and Y", "two gates, namely X and Y"): they introduce a list only right
#: after the gate word and its qualifiers, never over another name ("cửa khẩu Kim
#: Thành là Lào Cai …" does not make Lào Cai a gate).
_GATE_LIST_COPULAS: Final = frozenset({("la",), ("namely",), ("are",)})
#: Words of a count before a gate word: "bốn cửa khẩu", "four main border gates", 四个口岸.
_COUNT_WORDS: Final = frozenset(
    _words(
        "two three four five six seven eight nine ten several hai ba bon nam sau bay tam chin "
        "muoi cac nhung 个 两 二 三 四 五 六 七 八 九 十"
    )
)
#: Joiners of a list of gates, passed going back only right after one of them.
_LIST_JOINERS_BEFORE: Final = frozenset(_words("、 and 和 与 及"))
_GATE_LIST_INTRO_LASTS: Final = frozenset(seq[-1] for seq in _GATE_LIST_INTROS)
#: Gate words before a name that need such an introduction: "the border gates X" is no list.
_GATE_CUES_PLURAL: Final = (("gates",), ("crossings",), ("checkpoints",), ("口", "岸"))
#: Gate words after a name, singular and plural ("the X and Y border gates").
_GATE_AFTER: Final = (
    ("border", "post"),
    ("gate",),
    ("crossing",),
    ("checkpoint",),
    ("port",),
    ("cua", "khau"),
    ("口", "岸"),
    ("关", "口"),  # 关口, a pass: "金城二号陆路国际关口"
)
_GATE_AFTER_PLURAL: Final = (("gates",), ("crossings",), ("checkpoints",), ("ports",))
#: Joiners of a list of gates before its last name ("X, Y and Z border gates").
_LIST_JOIN_AFTER: Final = frozenset(_words(", 、 and va 和 与 及"))
#: Words between a gate's name and the gate word after it.
_GATE_AFTER_QUALIFIERS: Final = frozenset(
    _words(
        "international road rail railway border bilateral national main auxiliary secondary "
        "no . ( ) - ii i iii iv v vietnam china prc viet nam trung quoc te song phuong chinh phu "
        "duong bo sat so gia and va , 、 和 与 及 两 个 三 四 五 等 dry inland land river sea air "
        "highway"
    )
)
#: "Hekou is the largest port city": a port city is no gate.
_PORTS: Final = frozenset({"port", "ports"})
#: A border-gate economic zone is named after its locality, not the gate: "Khu kinh tế
#: cửa khẩu Lào Cai", "Lao Cai Border Gate Economic Zone" are the province's.
_ZONE: Final = (("economic", "zone"), ("economic", "zones"))
_ZONE_VI: Final = ("khu", "kinh", "te")
#: The zone's names: "khu kinh tế cửa khẩu", "khu vực kinh tế cửa khẩu".
_ZONES_VI: Final = (_ZONE_VI, ("khu", "vuc", "kinh", "te"))
_NOT_AFTER_PORT: Final = frozenset({"city", "cities", "town", "towns"})
#: 口岸 as a modifier: "口岸型城镇" (a port town), 口岸城市, 口岸经济: no gate's name.
_NOT_AFTER_PORT_ZH: Final = (("型",), ("城",), ("经", "济"))
_BRIDGE_CUES: Final = (("cau",), ("bridge",))
#: Words between "cầu" and a bridge's name: "cầu qua biên giới Nà La – Hoa Long".
_BRIDGE_QUALIFIERS: Final = frozenset(_words("- qua bien gioi border over"))
_BRIDGE_AFTER: Final = (("bridge",), ("bridges",), ("桥",), ("橋",))
_BRIDGE_AFTER_QUALIFIERS: Final = frozenset(
    _words("- ( ) vietnam china viet nam trung quoc international border road river railway and")
)
_COPULAS: Final = frozenset(_words("is was are were la become becomes became"))
#: "has (officially) become": a copula after "has"/"have"/"had" and up to one word.
_HAVE: Final = frozenset(_words("has have had"))
_BECOME: Final = frozenset(_words("become became"))
#: Countries a possessive may follow in a gate's list: "Vietnam's X and China's Y".
_COUNTRY_WORDS: Final = frozenset(_words("vietnam china nam quoc prc laos"))
#: Singular gate words before "of" and a gate's name.
_GATE_OF: Final = frozenset(_words("port gate crossing checkpoint"))
#: What may open a description of a name after its comma ("Hekou, the largest port").
_APPOSITION_STARTS: Final = [[w] for w in _words("a an the already now still once today")]
#: Words that make a description (or a copula's) another kind of place, not the gate.
_APPOSITION_STOPS: Final = frozenset(
    _words(
        "province provinces city cities town towns district county village commune region "
        "capital prefecture home with of in near has have"
    )
)
#: Chinese characters before a name that make it part of a longer word (长江河口: a
#: river mouth), and words after it that make it something else (马关条约: a treaty).
_CJK_BAD_BEFORE: Final = frozenset("江河湖海溪")
_CJK_BAD_AFTER: Final = (("条", "约"), ("條", "約"), ("岸",))
_CJK_ADMIN: Final = frozenset("省市县縣州区區镇鎮乡鄉村")
#: A county and a county-level city are one place under either suffix (蒙自县 became
#: 蒙自市 in 2010; 沙巴县 is Sa Pa, a town now).
_COUNTY_SUFFIXES: Final = frozenset("县縣市")
_COUNTY_LEVELS: Final = frozenset({"city", "district", "town"})
#: A natural area named after a place is not the place: "Dong Van Karst Plateau
#: (Global) Geopark" (also run together: "KarstPlateau"), "Cao nguyên đá Đồng Văn",
#: "Công viên địa chất … X", 同文喀斯特.
_AREA_AFTER: Final = (
    ("karst",),
    ("geopark",),
    ("global", "geopark"),
    ("喀", "斯", "特"),
    ("地", "质", "公", "园"),
)
_AREA_BEFORE: Final = (
    ("cao", "nguyen", "da"),
    ("cong", "vien", "dia", "chat"),
    ("dia", "chat", "toan", "cau"),
)
_AREA_LAYERS: Final = frozenset({"localities", "border_gates"})
_AREA_AFTER_FIRSTS: Final = frozenset(seq[0] for seq in _AREA_AFTER)
_AREA_BEFORE_LASTS: Final = frozenset(seq[-1] for seq in _AREA_BEFORE)
#: Level words below those the layers map (none maps a commune, a ward or a village):
#: next to a locality's or gate's name they make it another place ("xã Đồng Văn",
#: "Dong Van commune", 同文社, "phường Lào Cai"); "thị xã" is a town, "xã hội" no cue
#: before a name. (A town, "thị trấn Hà Khẩu", names the district it is the seat of; a
#: gate's Chinese side before 镇 is already no gate: 天保镇, see ``_CJK_ADMIN``.)
_VI_COMMUNE: Final = frozenset(_words("xa phuong thon"))
_EN_COMMUNE: Final = frozenset(_words("commune communes ward wards village villages"))
_ZH_COMMUNE: Final = frozenset("社乡村")
_ZH_NOT_COMMUNE: Final = (("社", "会"), ("社", "区"), ("村", "民"))
_LEVEL_AFTER: Final = _EN_COMMUNE | _ZH_COMMUNE
#: 边境 ("border") after a gate's name, but not before the words of an area or a line:
#: 边境经济合作区 (a zone), 边境贸易区, 边境线, 边境管理, 边境派出所.
_ZH_BORDER: Final = ("边", "境")
_ZH_BORDER_AREA: Final = frozenset("经贸合线管派地")
#: A possessive after a gate's place name makes it the place: "Lao Cai's", "Lao Cai’s".
_APOSTROPHES: Final = frozenset("'’")
_DASH_AFTER: Final = frozenset("-(")  # a gate pair's dash, or a gloss before it
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
#: Words of a station named after a place ("ga Hà Khẩu", "Hekou North Station", 河口北站):
#: a railway's name with stations names their places too.
_STATIONS: Final = frozenset(_words("ga station 站"))
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
#: Characters that with 河 name a river, so that 河口 after them is its mouth: 北仑河口
#: (the Beilun, on the border at Móng Cái), 黄河口 (the Yellow River's), 辽河口, 淮河口….
_RIVER_NAME_ENDS: Final = frozenset("仑黄淮渭洛泾汾沁滦辽嫩")
_EN_NOT_NAME: Final = frozenset(_words("the a an of and in at to from for with by"))


#: A token and the spaces before it. Folded text has no whitespace but " " and "\n", so
#: one character that is not a space is exactly what ``_TOKEN_RE`` makes a token of
#: besides a word (a Chinese character, "\n", punctuation, "_").
_PIECE_RE: Final = re.compile(rf" *(?:[^\W_{_CJK}]+|[^ ])")
#: The same for text folded the fast way (no letter but ASCII ones): what
#: ``_tokenize_fast`` cuts in numpy, as the tests check.
_ASCII_PIECE_RE: Final = re.compile(r" *(?:[a-z0-9]+|[^ ])", re.ASCII)


@dataclass
class _Tokens:
    text: list[str]
    end: list[int]  # folded index after each token
    #: Whether each token is a word whose first letter is a capital in the original
    #: (``_Matcher.capital``), when cut from text folded the fast way; else None.
    caps: list[bool] | None = None

    def start(self, i: int) -> int:
        return self.end[i] - len(self.text[i])


def _tokenize(folded: str, *, ascii_words: bool = False, glued: list[int] | None = None) -> _Tokens:
    """
    The tokens of ``folded``; with ``glued`` (folded indices of words run together,
    ``_glued_at``), each word cut there too.
    """
    # Spaces (all folded to " ") ride along with the token after them, so that the
    # token ends are a running sum of piece lengths: one scan in C, no match objects.
    # A piece without its spaces is the token.
    pieces = (_ASCII_PIECE_RE if ascii_words else _PIECE_RE).findall(folded)
    toks = _Tokens([piece.lstrip(" ") for piece in pieces], list(accumulate(map(len, pieces))))
    for at in reversed(glued or ()):
        k = bisect_right(toks.end, at)
        if k < len(toks.end) and toks.start(k) < at:
            cut = at - toks.start(k)
            word = toks.text[k]
            toks.text[k : k + 1] = [word[:cut], word[cut:]]
            toks.end[k:k] = [at]
    return toks


def _letters(test: Callable[[str], bool]) -> str:
    """A character class of the letters of the Latin, Greek and Cyrillic scripts that pass."""
    codes = [c for c in (*range(0x41, 0x530), *range(0x1E00, 0x2000)) if test(chr(c))]
    return _char_class(codes)


#: A capital right after a small letter: two words run together where a page's
#: elements met without a space ("Trung QuốcTỉnh Lào Cai", "Lao CaiVOV"). No name of
#: the layers has one (a test checks), so a token ends there.
_GLUED_RE: Final = re.compile(
    f"(?<=[{_letters(lambda c: c.islower() and c.isalpha())}])"
    f"[{_letters(lambda c: c.isupper() and c.isalpha())}]"
)


def _glued_at(original: str, fmap: _Folded) -> list[int]:
    """Folded indices where ``_GLUED_RE`` finds two words run together in ``original``."""
    at = [m.start() for m in _GLUED_RE.finditer(original)]
    if fmap.offsets is None or not at:
        return at
    return [bisect_left(fmap.offsets, a) for a in at]


#: The fast way's ASCII bytes (``_Folded.cased``, capitals kept) that are a word's.
_WORD_BYTE: Final = np.array(
    [chr(c).isascii() and chr(c).isalnum() for c in range(256)], dtype=np.bool_
)


def _token_ends(cased: bytes) -> np.ndarray:
    """
    Whether a token of text folded the fast way ends after each character: a word's
    last letter or digit, or any other character but a space (it is a token of its
    own). From the ASCII bytes, one byte a character, all in numpy.
    """
    codes = np.frombuffer(cased, dtype=np.uint8)
    word = _WORD_BYTE.take(codes)
    ends = ~word & (codes != ord(" "))
    ends[:-1] |= word[:-1] & ~word[1:]
    # A small letter before a capital: two words run together (``_GLUED_RE``).
    ends[:-1] |= (codes[:-1] - ord("a") < 26) & (codes[1:] - ord("A") < 26)
    if word.size:
        ends[-1] |= word[-1]
    return ends


def _tokenize_fast(fmap: _Folded, kept: np.ndarray | None = None) -> _Tokens:
    """
    The tokens of a text folded the fast way: what ``_tokenize(..., ascii_words=True)``
    cuts, without a regular expression. Its ASCII bytes are copied without their
    spaces and with one space after each token's end (found by ``_token_ends``), all
    in numpy, and split at those spaces in C: no match object, no strip and no length
    a token. With ``kept`` (whether each character is in a line to cut, a whole line
    with its line break each), only the tokens of those lines.
    """
    assert fmap.cased is not None
    codes = np.frombuffer(fmap.cased.lower(), dtype=np.uint8)
    ends = _token_ends(fmap.cased)
    chars = codes != ord(" ")  # every other character is in one token
    if kept is not None:
        chars &= kept
        ends &= kept
    where = np.flatnonzero(chars)
    last = ends.take(where)
    # Each character moves left over the spaces dropped and right over the spaces
    # put after the tokens before it.
    before = np.cumsum(last) - last
    out = np.full(where.size + int(last.sum()), ord(" "), dtype=np.uint8)
    out[np.arange(where.size) + before] = codes.take(where)
    text = _lowered(out.tobytes())  # (quotes and "…" back from control characters)
    toks = text.split(" ")
    toks.pop()  # after the last token's space
    # A token's first character follows the last of the token before; its ASCII byte
    # is a capital exactly when the original character is one (tests: every character
    # the fast way takes), and then the token is a word.
    firsts = where.compress(np.concatenate(([True], last[:-1]))) if where.size else where
    upper = np.frombuffer(fmap.cased, dtype=np.uint8).take(firsts) - ord("A") < 26
    return _Tokens(toks, (np.flatnonzero(ends) + 1).tolist(), upper.tolist())


def _where(toks: list[str], lo: int, hi: int, words: Container[str]) -> list[int]:
    """Indices in [lo, hi) of the tokens that are among ``words`` (one pass in C)."""
    return list(compress(range(lo, hi), map(words.__contains__, toks[lo:hi])))


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
        self.gate_of: dict[int, str] = {}  # token of a found gate's name → the gate
        #: The tokens right after the names found: a bare name may follow one, its
        #: capital then no sign of a longer name ("the Lao Cai Hanoi Haiphong railway").
        self.after_names: set[int] = set()
        self.candidate_words: list[int] | None = None
        self._hits: list[int] | None = None
        # (Text folded the fast way has no Chinese character: no scan needed.)
        if not fmap.ascii_words and _CJK_RE.search(fmap.text):
            self.cjk = [bool(_CJK_RE.match(t)) for t in toks.text]
        else:  # most articles: no Chinese character at all
            self.cjk = [False] * len(toks.text)

    def first_char(self, i: int) -> str:
        pos = self.toks.end[i] - len(self.toks.text[i])
        offsets = self.fmap.offsets
        return self.original[pos if offsets is None else offsets[pos]]

    def hits(self) -> list[int]:
        """
        The tokens that start a name or are a place cue or level word: one pass in C
        over all tokens for the names and the candidates both.
        """
        if self._hits is None:
            words = self.gaz.trie.keys() | _CANDIDATE_WORDS
            self._hits = _where(self.toks.text, 0, len(self.toks.text), words)
        return self._hits

    def capital(self, i: int) -> bool:
        """Whether token ``i`` is a word whose first letter is a capital."""
        if self.toks.caps is not None:  # found in numpy when the text was cut
            return self.toks.caps[i]
        tok = self.toks.text[i]
        if not tok[0].isalnum():
            return False
        pos = self.toks.end[i] - len(tok)
        offsets = self.fmap.offsets
        return self.original[offsets[pos] if offsets is not None else pos].isupper()

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
        # The last of a list whose first names were this kind's: "the X, Y and Z border
        # gates" (a plural gate word then fits Z as it fits X and Y).
        done = self.kind_tokens[kind]
        last = i - 3 if i > 2 and toks[i - 2] == "," else i - 2  # ", and": Oxford comma
        listed = i > 1 and toks[i - 1] in _LIST_JOIN_AFTER and (i - 2 in done or last in done)
        # Chinese characters of a list or a gate's kind may come between a name and 口岸,
        # after a Latin name in Chinese text too: "Kim Thanh公路口岸".
        chinese = self.cjk[i] or (j < n and self.cjk[j])
        k, filler, copula = j, 12 if chinese else 0, -1
        while k < n and k - j <= 20:
            size = self._at(k, words) or (listed and self._at(k, plural))
            if (
                size
                and not (k + 1 < n and toks[k] in _PORTS and toks[k + 1] in _NOT_AFTER_PORT)
                and not self._at(k + size, _ZONE)
                and not (chinese and self._at(k + size, _NOT_AFTER_PORT_ZH))
                and not (chinese and toks[k + size : k + size + 2][-1:] == ["个"])
            ):
                return True
            tok = toks[k]
            if chinese and tok == "," and k > j:
                # "以河口为例，…口岸": a comma past the name ends the clause (right
                # after it, an apposition: "河口，中越边境最大的口岸" is the gate)
                return False
            # A name in a gloss ends its phrase at the ")": "Bac Son (Ha Khau, China)
            # border gate" makes Bac Son the gate's side and Ha Khau the place.
            if tok == "\n" or (tok == ")" and self._in_gloss(i)):
                return False
            if (
                k == j
                and tok == ","
                and kind == "gate"
                and toks[k + 1 : k + 2] in _APPOSITION_STARTS
            ):
                # "Hekou, already a well-established and moderately busy port": the
                # gate, described; "Hekou, a town with a busy port" is the town
                k, copula = k + 1, 7
            elif tok in quals or tok.isdigit():
                k += 1
            elif (
                tok in _APOSTROPHES
                and toks[k + 1 : k + 2] == ["s"]
                and toks[k - 1] in _COUNTRY_WORDS
            ):
                k += 2  # "Thanh Thuy and China's Tianbao … border gates"
            elif (
                copula < 0
                and tok in _HAVE
                and not self.cjk[i]
                and not _BECOME.isdisjoint(toks[k + 1 : k + 3])
            ):
                # "have (officially) become international border gates"
                k = next(m for m in range(k + 1, k + 3) if toks[m] in _BECOME) + 1
                copula = 3
            elif (named := self._name_end(k, layer))[0]:
                if named[1]:
                    return True  # "田蓬和都龙口岸": the list ends with a whole gate name
                k, listed = named[0], True
            elif kind == "gate" and (end := self._unmapped_member(k)):
                # an unmapped gate of the list: "the Hekou and Youyiguan border ports"
                # (then only a plural gate word ends it: listed)
                k, listed = end, True
            elif copula < 0 and tok in _COPULAS and not self.cjk[i]:
                k, copula = k + 1, 3
            elif copula > 0 and self.is_word(k) and tok not in _APPOSITION_STOPS:
                k, copula = k + 1, copula - 1
            elif filler > 0 and self.cjk[k]:
                k, filler = k + 1, filler - 1
            else:
                return False
        return False

    def _unmapped_member(self, k: int) -> int:
        """
        End of one to three capitalised words at token ``k`` where no name of the
        layers begins, right after a list's "and" or "," (Latin text): an unmapped member of a
        list ("Youyiguan" in "the Hekou and Youyiguan border ports"); else 0.
        """
        toks = self.toks.text
        if k == 0 or toks[k - 1] not in _LIST_JOIN_AFTER or self.cjk[k]:
            return 0
        m, n = k, len(toks)
        trie = self.gaz.trie
        while (
            m < min(n, k + 3)
            and self.capital(m)
            and (toks[m] not in trie or not _walk(trie, toks, m, n))
        ):
            m += 1
        return m if m > k else 0

    def _in_gloss(self, i: int) -> bool:
        """Whether token ``i`` is inside an open "(" of its line (within 8 tokens)."""
        toks = self.toks.text
        for k in range(i - 1, max(-1, i - 9), -1):
            if toks[k] in {")", "\n"}:
                return False
            if toks[k] == "(":
                return True
        return False

    def context_before(self, i: int, kind: str) -> bool:
        """
        A gate (bridge) cue leads the name, over qualifiers, other gates' names and, for
        gates, a word introducing a list ("border gates such as X", "口岸有X、Y"), which
        a plural cue or 口岸 needs.
        """
        toks = self.toks.text
        cues, quals = (
            (_GATE_CUES, _GATE_QUALIFIERS) if kind == "gate" else (_BRIDGE_CUES, _BRIDGE_QUALIFIERS)
        )
        done = self.kind_tokens[kind]
        # listed: a word introducing a list was passed; strict: that word was a copula
        # or a "(" (only the gate word, its count and qualifiers may come before it);
        # opened: a "(" or a dash opened the list, which a count before the gate word
        # must then announce ("4 cửa khẩu (X, Y)", "four border gates – X, Y –").
        k, listed, strict, opened, dashed = i - 1, False, False, False, False
        while k >= 0 and i - k <= 30:
            for cue in cues:
                if tuple(toks[k - len(cue) + 1 : k + 1]) == cue:
                    if (opened and not self._counted(k - len(cue))) or toks[k + 1] == ",":
                        # "cửa khẩu Kim Thành (Lào Cai)": a gloss; "kinh tế cửa khẩu, Lào
                        # Cai còn có": the gate word's clause ends at the comma
                        return False
                    # "khu kinh tế cửa khẩu X": the zone is the locality's, not the gate's
                    return not self._ends_with(k - len(cue), _ZONES_VI)
            if (listed or dashed) and (
                size := next(
                    (len(c) for c in _GATE_CUES_PLURAL if tuple(toks[k - len(c) + 1 : k + 1]) == c),
                    0,
                )
            ):
                return (listed and not opened) or self._counted(k - size)
            if kind == "gate" and toks[k] == "-" and not listed:
                dashed = True
            if toks[k] in quals or toks[k].isdigit() or (k in done and not strict):
                k -= 1
                continue
            if strict:
                return False  # a copula not right after the gate word
            if toks[k] in _LIST_JOINERS_BEFORE and k - 1 in done:  # "X, Y and Z", "X、Y和Z"
                k -= 1
                continue
            if kind == "gate" and toks[k] == "(" and not listed:
                k, listed, strict, opened = k - 1, True, True, True
                continue
            if (
                kind == "gate"
                and toks[k] in _GATE_LIST_INTRO_LASTS
                and (size := self._ends_with(k, _GATE_LIST_INTROS))
            ):
                strict = tuple(toks[k - size + 1 : k + 1]) in _GATE_LIST_COPULAS
                k, listed = k - size, True
                continue
            return False
        return False

    def _counted(self, k: int) -> bool:
        """A count ends at token ``k``, over up to three qualifiers: "4", "four main", 四个."""
        toks = self.toks.text
        for e in range(k, max(-1, k - 4), -1):
            if toks[e].isdigit() or toks[e] in _COUNT_WORDS:
                return True
            if toks[e] not in _GATE_QUALIFIERS:
                return False
        return False

    def _ends_with(self, k: int, seqs: tuple[tuple[str, ...], ...]) -> int:
        """Length of the first of ``seqs`` that ends at token ``k``, or 0."""
        toks = self.toks.text
        for seq in seqs:
            if k + 1 >= len(seq) and tuple(toks[k - len(seq) + 1 : k + 1]) == seq:
                return len(seq)
        return 0

    def in_context(self, i: int, j: int, kind: str) -> bool:
        """Whether the name at tokens [i, j) is in a gate (or bridge) phrase."""
        return (
            self.context_before(i, kind)
            or self.context_after(i, j, kind)
            or (kind == "gate" and self._gate_of(i))
        )

    def _gate_of(self, i: int) -> bool:
        """A singular gate word and "of" lead the name: "the port of Hekou"."""
        toks = self.toks.text
        return i > 1 and toks[i - 1] == "of" and toks[i - 2] in _GATE_OF

    def cjk_bounded(self, i: int, j: int) -> bool:
        """A Chinese name not glued into a longer word (长江河口, 马关条约, 南溪河口岸)."""
        toks = self.toks.text
        if i > 0 and toks[i - 1] in _CJK_BAD_BEFORE:
            return False
        if i > 0 and toks[i - 1] in _RIVER_NAME_ENDS and toks[i : i + 2] == ["河", "口"]:
            return False  # 北仑河口, 黄河口: a river's mouth (…河 + 口), not Hekou
        return not (j < len(toks) and self._at(j, _CJK_BAD_AFTER))

    def _marks_of(self, i: int, j: int) -> list[frozenset[str]]:
        """
        The diacritics of each word of tokens [i, j) as written (``_word_marks``; a
        word a page ran into the next is two).
        """
        orig, start, end = self.fmap.orig, self.toks.start, self.toks.end
        return [
            _marks(self.original[orig(start(k)) : orig(end[k])])
            for k in range(i, j)
            if self.is_word(k)
        ]

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
        if i in self.after_names or (prev_orig.isupper() and len(prev_orig) > 1):
            return True  # after another name; after an all-capitals headline or acronym
        return (
            not self.is_word(i - 2)
            or prev in _ALLOWED_BEFORE
            or (prev == "quoc" and self.toks.text[i - 2] == "trung")  # "Trung Quốc Hà Khẩu"
        )

    def _other_side(self, k: int, step: int) -> int:
        """
        The token past a side's name that starts (``step`` 1) or ends (-1) at token
        ``k``: up to three capitalised words or four Chinese characters; ``k`` if none.
        """
        toks, e = self.toks.text, k
        limit = 4 if 0 <= k < len(toks) and self.cjk[k] else 3
        while 0 <= e < len(toks) and abs(e - k) < limit and e not in self.gate_of:
            if not (self.capital(e) or (self.cjk[e] and toks[e] not in _ZH_NOT_NAME)):
                break
            if self._at(e, (("口", "岸"),)):
                break
            e += step
        return e

    def unmapped_gate_side(self, i: int, j: int) -> bool:
        """
        Whether the locality's name at tokens [i, j) is one side of a gate pair the
        layers do not map: after a gate cue or before a gate word, joined by a dash to
        a name that is no mapped gate's ("cửa khẩu Mường Khương - Kiều Đầu (Vân Nam)",
        "the Kieu Dau - Muong Khuong border gate", "桥头—猛康口岸"). The sides inside a
        gate's name are not its localities (a gloss after a side still is).
        """
        toks, n = self.toks.text, len(self.toks.text)
        k = j
        if k < n and toks[k] == "(":
            k = _close_paren(toks, k, n)
        trie = self.gaz.trie
        if 0 < k < n - 1 and toks[k] == "-":  # the first side
            if toks[k + 1] in trie:
                return False  # a mapped name on the other side: a pair of places
            e = self._other_side(k + 1, 1)
            if e == k + 1:
                return False
            if e < n and toks[e] == "(":
                e = max(_close_paren(toks, e, n), e)
            return self.context_before(i, "gate") or self.context_after(i, e, "gate")
        if i > 1 and toks[i - 1] == "-":  # the second side
            b = self._other_side(i - 2, -1)
            return b < i - 2 and toks[b + 1] not in trie and self.context_after(i, j, "gate")
        return False

    def where_gate_lies(self, i: int, j: int, senses: tuple[Sense, ...]) -> bool:
        """
        Whether the name at tokens [i, j), after a ",", names the province a gate just
        named lies in, and no other gate of a list follows: "cửa khẩu Kim Thành, Lào
        Cai", "the Thanh Thuy border gate, Ha Giang" (not "Kim Thành, Lào Cai và Thanh
        Thủy": a list of gates).
        """
        toks = self.toks.text
        k = i - 2
        while k >= 0 and i - k < 10 and k not in self.gate_of:
            if not (toks[k] in _GATE_AFTER_QUALIFIERS or self._ends_with(k, _GATE_AFTER)):
                return False
            k -= 1
        gate = self.gaz.features.get(self.gate_of.get(k, ""))
        if gate is None or gate.parent not in {s.feature for s in senses}:
            return False
        return not (
            j + 1 < len(toks)
            and toks[j] in _LIST_JOIN_AFTER
            and self._name_end(j + 1, "border_gates")[0]
        )

    def gate_elsewhere(self, i: int, j: int, senses: tuple[Sense, ...]) -> bool:
        """Whether a gate's place name at tokens [i, j) names the place, not the gate."""
        toks = self.toks.text
        before, after = toks[i - 1] if i > 0 else "", toks[j] if j < len(toks) else ""
        if after in _APOSTROPHES and toks[j + 1 : j + 2] == ["s"]:
            return True  # "the main gates are Lao Cai's engine": a possessive is the place's
        # "cửa khẩu Kim Thành, Lào Cai": the province the gate lies in
        return before == "," and self.where_gate_lies(i, j, senses)

    def commune(self, i: int, j: int) -> bool:
        """
        Whether a commune's, ward's or village's level word stands next to the name at
        tokens [i, j): "xã Đồng Văn", "phường Lào Cai", "Thanh Thuy commune", 同文社.
        """
        toks = self.toks.text
        before, after = toks[i - 1] if i > 0 else "", toks[j] if j < len(toks) else ""
        two = toks[i - 2] if i > 1 else ""
        if self.cjk[i]:
            return after in _ZH_COMMUNE and not self._at(j, _ZH_NOT_COMMUNE)
        return after in _EN_COMMUNE or (
            before in _VI_COMMUNE and two != "thi" and (two, before) not in _NOT_CUES
        )

    def choose(self, i: int, j: int, senses: tuple[Sense, ...]) -> Sense | None:
        best: tuple[tuple[int, int, int, str], Sense] | None = None
        ctx: dict[str, bool] = {}
        toks = self.toks.text
        if self.cjk[i] and not self.cjk_bounded(i, j):
            return None
        # (A Latin name too: "Lao Cai省" is the province, not the gate's side.)
        other_suffix = j < len(toks) and toks[j] in _CJK_ADMIN
        after, before = toks[j] if j < len(toks) else "", toks[i - 1] if i > 0 else ""
        # (Looked at only when the word next to the name may begin or end one of them.)
        area = (
            (after in _AREA_AFTER_FIRSTS and self._at(j, _AREA_AFTER))
            or after.startswith("karst")
            or (before in _AREA_BEFORE_LASTS and self._ends_with(i - 1, _AREA_BEFORE))
        )
        zone = before == _ZONE_VI[-1] and self._ends_with(i - 1, _ZONES_VI)
        # The words next to the name that may make it another place: a commune's level
        # word; a dash or "(" of a gate pair; a possessive or a ", " after a gate.
        commune = (before in _VI_COMMUNE or after in _LEVEL_AFTER) and self.commune(i, j)
        dash = before == "-" or after in _DASH_AFTER
        dash_after = after == "-"
        gate_odd = before == "," or after in _APOSTROPHES
        # "Kim Thanh边境", "天保边境": 边境 after a name that is only a gate's is that gate
        # (after a locality's name, 老街边境, it is the locality's border area).
        border = (
            after == _ZH_BORDER[0]
            and self._at(j, (_ZH_BORDER,)) > 0
            and (j + 2 >= len(toks) or toks[j + 2] not in _ZH_BORDER_AREA)
            and all(s.layer != "localities" for s in senses)
        )
        written = ""  # as written, lower case, once a sense asks for diacritics
        marks: list[frozenset[str]] | None = None
        for sense in senses:
            if sense.spelled and not self.cjk[i]:
                if not written:
                    orig = self.fmap.orig
                    span = self.original[orig(self.toks.start(i)) : orig(self.toks.end[j - 1])]
                    written = span.lower()
                if written != sense.spelled and not written.isascii():
                    if marks is None:
                        marks = self._marks_of(i, j)
                    if not _same_marks(marks, sense.spelled):
                        continue  # "huyện Phù Ninh" (Phú Thọ) is not Phú Ninh (Funing)
            if area and sense.layer in _AREA_LAYERS:
                continue  # "Dong Van Karst Plateau", "Cao nguyên đá Đồng Văn": the area
            if zone and sense.layer == "border_gates":
                continue  # "khu kinh tế cửa khẩu Lào Cai": the zone of the province
            if commune and sense.layer in _AREA_LAYERS:
                continue  # "xã Đồng Văn", "Dong Van commune", 同文社: a commune
            if dash and sense.layer == "localities" and self.unmapped_gate_side(i, j):
                continue  # "cửa khẩu Mường Khương - Kiều Đầu": a side of an unmapped gate
            if gate_odd and sense.context == "gate" and self.gate_elsewhere(i, j, senses):
                continue
            if sense.bare and not self.bare_ok(i):
                continue
            if dash_after and sense.layer == "crossings" and sense.rank <= _RANK["generated"]:
                continue  # "cao tốc Nội Bài - Hạ Long": another road from one of its ends
            if sense.bare and (
                (j < len(toks) and toks[j] in _NOT_AFTER_BARE)
                or (i > 0 and toks[i - 1] in _NOT_BEFORE_BARE)
            ):
                continue
            if (
                other_suffix
                and sense.rank <= _RANK["generated"]
                and not (
                    after in _COUNTY_SUFFIXES
                    and self.gaz.levels.get(sense.feature) in _COUNTY_LEVELS
                )
            ):
                continue  # 莱州市 is Lai Châu city, not 莱州(省); 蒙自县 is 蒙自市, once a county
            context = 0
            if sense.context:
                if sense.context not in ctx:
                    ctx[sense.context] = (border and sense.context == "gate") or self.in_context(
                        i, j, sense.context
                    )
                if not ctx[sense.context]:
                    continue
                context = 1
            key = (context, sense.rank, -_LAYER_ORDER.get(sense.layer, 99), sense.feature)
            if best is None or key[:3] > best[0][:3] or (key[:3] == best[0][:3] and key < best[0]):
                best = (key, sense)
        if best and best[1].layer == "localities" and best[1].bare and self._unmapped_gate(i):
            return None  # "cửa khẩu Mường Khương": a gate the layers do not map, not the district
        return best[1] if best else None

    def _unmapped_gate(self, i: int) -> bool:
        """
        A Vietnamese gate cue right before the name, over qualifier words only ("cửa
        khẩu (quốc tế) Mường Khương"; not a border-gate economic zone's, "khu kinh tế
        cửa khẩu X"): a gate's name, which no gate of the layers has.
        """
        toks = self.toks.text
        k = i - 1
        while k >= 0 and toks[k] in _GATE_QUALIFIERS and toks[k].isalnum():
            k -= 1
        return (
            k >= 1
            and toks[k - 1 : k + 1] == ["cua", "khau"]
            and not self._ends_with(k - 2, _ZONES_VI)
        )

    def overlapped(self, i: int, j: int, hi: int) -> bool:
        """
        A Chinese name with its administrative suffix starts inside the short name at
        tokens [i, j) and ends after it: "同文山州" is 同 + 文山州, not 同文 + 山州.
        """
        toks = self.toks.text
        for k in range(i + 1, j):
            if toks[k] not in self.gaz.trie:
                continue
            for end, senses in _walk(self.gaz.trie, toks, k, hi):
                if end > j and toks[end - 1] in _CJK_ADMIN and self.choose(k, end, senses):
                    return True
        return False

    def _glossed_places(
        self, i: int, j: int, feature: str
    ) -> list[tuple[int, int, Sense, str | None]]:
        """
        The places named in the glosses a name at tokens [i, j) spans: "Kim Thanh (Lao
        Cai) - Bac Son" names Lào Cai too, as a mention within the gate's name.
        """
        toks = self.toks.text
        out: list[tuple[int, int, Sense, str | None]] = []
        for a in [k for k in range(i, j) if toks[k] == "("]:
            b = _close_paren(toks, a, j)
            if b > 0:
                out += [
                    (c, d, inner, feature)
                    for c, d, inner, _ in self.scan(a + 1, b - 1, nested=False)
                    if inner.layer == "localities"
                ]
        return out

    def _station_places(
        self, i: int, j: int, feature: str
    ) -> list[tuple[int, int, Sense, str | None]]:
        """
        The places the stations in a railway's name at tokens [i, j) are named after,
        one a part between dashes: "ga Hà Khẩu", "Lao Cai Station - Hekou North Station",
        "老街站—河口北站" are the railway, and Lào Cai and Hekou within it (the name is
        the railway's, so its places need no capital or cue of their own).
        """
        toks = self.toks.text
        out: list[tuple[int, int, Sense, str | None]] = []
        dashes = [k for k in range(i, j) if toks[k] == "-"]
        for a, b in zip([i, *(k + 1 for k in dashes)], [*dashes, j], strict=True):
            for k in [k for k in range(a, b) if toks[k] in self.gaz.trie]:
                places = [
                    (end, s)
                    for end, senses in _walk(self.gaz.trie, toks, k, b)
                    for s in senses
                    if s.layer == "localities"
                ]
                if places:
                    end, place = max(places, key=lambda p: (p[0], p[1].rank, p[1].feature))
                    out.append((k, end, place, feature))
                    break
        return out

    def scan(
        self, lo: int, hi: int, *, nested: bool = True, prefer: frozenset[str] = frozenset()
    ) -> list[tuple[int, int, Sense, str | None]]:
        """Matches in tokens [lo, hi): (first token, end token, sense, within)."""
        out: list[tuple[int, int, Sense, str | None]] = []
        toks = self.toks.text
        trie = self.gaz.trie
        lone: list[tuple[int, int, Sense, tuple[int, int, Sense, str | None]]] = []
        i = lo
        if lo == 0 and hi == len(toks):  # the whole text: its hits are found once
            starts = [k for k in self.hits() if toks[k] in trie]
        else:
            starts = _where(toks, lo, hi, trie)
        for start in starts:
            if start < i:
                continue
            i = start
            node = trie[toks[i]]
            if "" not in node and (i + 1 >= hi or (toks[i + 1] not in node and toks[i + 1] != "(")):
                continue  # a word that only starts longer names ("tỉnh" of "tỉnh Lào Cai")
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
            if self.cjk[i] and sense.rank <= _RANK["generated"] and self.overlapped(i, j, hi):
                continue  # "河江省同文山州": not 同文 (Đồng Văn), 文山州
            if nested and sense.layer == "crossings" and not _STATIONS.isdisjoint(toks[i:j]):
                places = self._station_places(i, j, sense.feature)
                if len(places) == 1 and "-" not in toks[i:j]:
                    # one station: its place, and the railway only with its other end
                    lone.append((i, j, sense, places[0]))
                    i = j
                    continue
                out.append((i, j, sense, None))
                out += places
            else:
                out.append((i, j, sense, None))
            self.after_names.add(j)
            if nested and "(" in toks[i:j]:
                out += self._glossed_places(i, j, sense.feature)
            if sense.layer == "border_gates":
                self.kind_tokens["gate"].update(range(i, j))
                self.gate_of.update(dict.fromkeys(range(i, j), sense.feature))
            elif sense.layer == "crossings":
                self.kind_tokens["bridge"].update(range(i, j))
            members = self.gaz.features[sense.feature].members
            if nested and members:
                for a, b, inner, _ in self.scan(i, j, nested=False, prefer=frozenset(members)):
                    out.append((a, b, inner, sense.feature))
            i = j
        return out + self._stations_joined(lone) if lone else out

    def _stations_joined(
        self, lone: list[tuple[int, int, Sense, tuple[int, int, Sense, str | None]]]
    ) -> list[tuple[int, int, Sense, str | None]]:
        """
        Railways' stations named alone ("ga Lào Cai", "Ga Hà Khẩu"): the station's place;
        and the railway, with the places within it, where its two ends' stations are
        named in one sentence ("nối ga Lào Cai với ga Hà Khẩu"). A station is not a
        railway that runs from it: Lào Cai station serves the line to Hà Nội today, not
        the planned link to Hekou.
        """
        toks = self.toks.text
        out: list[tuple[int, int, Sense, str | None]] = []
        joined: set[int] = set()
        for p, (i, _j, sense, place) in enumerate(lone):
            for q in range(p + 1, len(lone)):
                start, j, other, second = lone[q]
                gap = toks[lone[p][1] : start]
                if other.feature != sense.feature or second[2].feature == place[2].feature:
                    continue
                if len(gap) <= 12 and not {"\n", ".", ";", "。"} & set(gap):
                    out.append((i, j, sense, None))
                    out += [(a, b, s, sense.feature) for a, b, s, _ in (place, second)]
                    joined.update((p, q))
                    self.kind_tokens["bridge"].update(range(i, j))
                    break
        out += [(a, b, s, None) for k, (*_, (a, b, s, _w)) in enumerate(lone) if k not in joined]
        return out


def _in_a_smaller_place(
    gaz: Gazetteer, cjk: list[bool], found: list[tuple[int, int, Sense, str | None]]
) -> list[tuple[int, int, Sense, str | None]]:
    """
    Without the Chinese names that follow, with nothing between, a place of their
    level or a smaller one they do not lie in: "蒙自老街" is Mengzi's old street (老街,
    also "old street"), not Lào Cai province; "云南河口" (Hekou, in Yunnan) and
    "老街河口" stay.
    """
    ends = {f[1]: f[2].feature for f in found if f[3] is None and f[2].layer == "localities"}
    if not ends:
        return found
    rank = _LEVEL_RANK

    def inside(f: tuple[int, int, Sense, str | None]) -> bool:
        before = ends.get(f[0])
        if before is None or f[3] is not None or f[2].layer != "localities" or not cjk[f[0]]:
            return False
        if not cjk[f[0] - 1] or _within(gaz, before, f[2].feature):
            return False
        mine = rank.get(gaz.levels.get(f[2].feature, ""), 0)
        return rank.get(gaz.levels.get(before, ""), 0) <= mine

    return [f for f in found if not inside(f)]


#: Chinese names that another country's place bears too, and the words that put a
#: mention there: 老街 is also Laukkai (果敢老街), the capital of Myanmar's Kokang.
_ELSEWHERE: Final = {"老街": ("缅甸", "缅北", "果敢", "掸邦")}
#: How many characters before the name such a word may stand ("缅甸果敢老街").
_ELSEWHERE_REACH: Final = 6


def _not_elsewhere(
    folded: str, toks: _Tokens, found: list[tuple[int, int, Sense, str | None]]
) -> list[tuple[int, int, Sense, str | None]]:
    """
    Without the mentions of a Chinese name that the text puts in another country
    ("缅甸果敢老街", "缅北老街" are Laukkai in Myanmar, not Lào Cai); where the text so
    names the other place and never names Vietnam (越南), without every mention of it.
    """
    drop: set[int] = set()
    for name, markers in _ELSEWHERE.items():
        if name not in folded or not any(m in folded for m in markers):
            continue
        named = [k for k, f in enumerate(found) if "".join(toks.text[f[0] : f[1]]).startswith(name)]
        there = []
        for k in named:
            start = toks.start(found[k][0])
            before = folded[max(0, start - _ELSEWHERE_REACH) : start]
            if any(m in before for m in markers):
                there.append(k)
        drop.update(named if there and "越南" not in folded else there)
    return [f for k, f in enumerate(found) if k not in drop] if drop else found


def _listed_places(
    gaz: Gazetteer, folded: str, toks: list[str], found: list[tuple[int, int, Sense, str | None]]
) -> list[tuple[int, int, Sense, str | None]]:
    """
    A Chinese short name that is also a common word (红河, the Red River; 沙巴, also
    Sabah) as an item of a list of places, next to a place of its country:
    "分赴红河、文山、西双版纳等州市", "红河、文山两州" name Honghe prefecture, "越南老街、
    沙巴一日游" Sa Pa; "红河水", "红河、澜沧江" and "老街、红河" (the river by Lào Cai) do not.
    """
    out: list[tuple[int, int, Sense, str | None]] = []
    places = [f for f in found if f[3] is None and f[2].layer == "localities"]
    starts = {f[0]: f[2].feature for f in places}
    ends = {f[1]: f[2].feature for f in places}
    covered = {k for f in found for k in range(f[0], f[1])}
    for short, fid in gaz.listed.items():
        if short not in folded:
            continue
        size, country = len(short), gaz.countries.get(fid)
        for k in _where(toks, 0, len(toks) - size + 1, {short[0]}):
            if "".join(toks[k : k + size]) != short or k in covered:
                continue
            after = starts.get(k + size + 1) if toks[k + size : k + size + 1] == ["、"] else None
            before = ends.get(k - 1) if k > 0 and toks[k - 1] == "、" else None
            if any(n is not None and gaz.countries.get(n) == country for n in (after, before)):
                info = gaz.features[fid]
                out.append((k, k + size, Sense(fid, info.layer, short, 0, None, False), None))
    return out


@cache
def _word_marks(text: str) -> list[frozenset[str]]:
    """
    The diacritics of each word of ``text``: its combining marks after NFD (a tone, a
    vowel's hat or horn) and "đ", wherever they sit ("Thủy" and "Thuỷ" alike).
    """
    return [_marks(w) for w in _LETTERS_RE.findall(unicodedata.normalize("NFD", text))]


@lru_cache(maxsize=8192)
def _marks(word: str) -> frozenset[str]:
    """A word's diacritics: its combining marks after NFD, and "đ"."""
    nfd = unicodedata.normalize("NFD", word.lower()).replace("ð", "đ")  # (Ð for Đ: fold.py)
    return frozenset(ch for ch in nfd if unicodedata.combining(ch) or ch == "đ")


_LETTERS_RE: Final = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")  # a word, marks too


def _same_marks(marks: list[frozenset[str]], form: str) -> bool:
    """
    Whether a name written with ``marks`` may be ``form``: word for word, the same
    diacritics where both are written with some. Vietnamese names that differ only in a
    tone are other places (Phù Ninh, Phú Ninh); text or a name without diacritics
    ("Phu Ninh") fits either.
    """
    if form.isascii():
        return True
    theirs = _word_marks(form)
    if len(theirs) > len(marks):
        theirs = theirs[-len(marks) :]  # "Phu Ninh" spelled as in "Huyện Phú Ninh"
    elif len(theirs) < len(marks):
        return True  # a gloss or a mark between: the words do not line up
    return all(not a or not b or a == b for a, b in zip(marks, theirs, strict=True))


_PAIR_JOINERS: Final = frozenset(_words("- voi va and with , 与 和 同 及"))
#: Words that may stand between a pair's ends besides the joiner: countries glossing
#: the ends ("Hà Giang – Việt Nam và châu Văn Sơn", "文山与越南河江省", "China's").
_PAIR_FILLERS: Final = frozenset(
    _words("viet nam vietnam china trung quoc 越 南 中 国 的 the ’ ' s")
)
#: The bodies that speak for a place may stand between a pair's ends ("UBND tỉnh Lào Cai
#: với chính quyền nhân dân tỉnh Vân Nam", "Đoàn đại biểu tỉnh Hà Giang và Đoàn đại biểu
#: châu Văn Sơn", "the delegation of", "老街省人民委员会与…").
_PAIR_BODIES: Final = tuple(
    tuple(phrase) if _CJK_RE.search(phrase) else tuple(_words(phrase))
    for phrase in (
        "doan dai bieu",
        "doan cong tac",
        "uy ban nhan dan",
        "chinh quyen nhan dan",
        "chinh quyen",
        "lanh dao",
        "ubnd",
        "delegation of",
        "delegations of",
        "authorities of",
        "government of",
        "leaders of",
        "people committee of",  # "People's Committee of", as the gap has it: no filler
        "party committee of",
        "party secretary of",
        "secretary of",
        "bi thu tinh uy",
        "bi thu chau uy",
        "bi thu huyen uy",
        "bi thu thanh uy",
        "bi thu khu uy",
        "tinh uy",
        "chau uy",
        "huyen uy",
        "thanh uy",
        "khu uy",
        "chinh phu nhan dan",
        "chinh phu",
        # councils and congresses, and the departments of a province's government
        # (not its border guard or police: their meetings are no partnership)
        "thuong truc hdnd",
        "thuong truc hoi dong nhan dan",
        "hdnd",
        "hoi dong nhan dan",
        "thuong vu dai hoi dai bieu nhan dan",
        "dai hoi dai bieu nhan dan",
        "so ngoai vu",
        "so gtvt",
        "so giao thong van tai",
        "so cong thuong",
        "so du lich",
        "so van hoa the thao va du lich",
        "so ke hoach va dau tu",
        "so y te",
        "so giao duc va dao tao",
        "so nong nghiep va phat trien nong thon",
        "so tai chinh",
        "so lao dong thuong binh va xa hoi",
        "people council of",
        "people congress of",
        "department of foreign affairs of",
        "foreign affairs department of",
        "standing committee of",
        "人大常委会",
        "人大",
        "外事办公室",
        "外事办",
        "交通运输厅",
        "交通运输局",
        "商务厅",
        "商务局",
        "文化和旅游厅",
        "省委书记",
        "州委书记",
        "县委书记",
        "省委",
        "州委",
        "县委",
        "市委",
        "委",
        "代表团",
        "人民政府",
        "人民委员会",
        "政府",
    )
)


_BODIES_BY_FIRST: Final = {
    first: tuple(b for b in _PAIR_BODIES if b[0] == first) for first, *_ in _PAIR_BODIES
}
_ONE_TOKEN_BODIES: Final = frozenset(b[0] for b in _PAIR_BODIES if len(b) == 1)
#: At most two bodies and two joiners between a pair's ends.
_MAX_BETWEEN: Final = 2 * max(map(len, _PAIR_BODIES)) + 2


#: Tokens between two names beyond which they are never joined (two bodies, two
#: glosses, a cooperation verb and the joiner fit well within it).
_FAR: Final = 2 * _MAX_BETWEEN


def _without_bodies(words: list[str]) -> list[str]:
    """``words`` without the phrases of ``_PAIR_BODIES``."""
    out: list[str] = []
    k = 0
    while k < len(words):
        bodies = _BODIES_BY_FIRST.get(words[k], ())
        body = next((b for b in bodies if tuple(words[k : k + len(b)]) == b), None)
        if body is None:
            out.append(words[k])
            k += 1
        else:
            k += len(body)
    return out


#: Words of cooperation: a partnership is named only in a sentence that has one.
_COOPERATION_RE: Final = re.compile(
    r"\b(?:hop tac|ket nghia|huu nghi|thoa thuan|ky ket|quan he|giao luu|hoi dam|ghi nho|phoi hop|"
    r"cooperat\w*|collaborat\w*|agreements?|sister|twin\w*|friendship|partners?\w*|ties|"
    r"relations?|signed|signing|memorand\w*|mou)\b"
    r"|合作|友好|友城|姐妹|结好|结为|结对|缔结|协议|协定|签署|签订|签约|备忘录|交流|会谈|会晤|联合|关系"
)


#: The two ends referred to as such, in a sentence next to the one naming them: "The two
#: localities, A and B, …", "… cooperation between both sides", "Hai bên …", 双方.
_TWO_SIDES_RE: Final = re.compile(
    r"\b(?:both|the two) (?:sides|localities|provinces|cities|districts|counties|parties)\b"
    r"|\bhai (?:ben|dia phuong|tinh|huyen|thanh pho|phia)\b|双方|两地|两省|两县|两市|两州"
)
_LIST_JOINS: Final = ([","], ["、"], ["和"], ["及"], ["va"], ["and"])
_LIST_JOIN_WORDS: Final = frozenset(w for (w,) in _LIST_JOINS)
#: Joins of a list of more than one token: ", and" (Oxford comma), "cũng như", "as well
#: as", 以及.
_LIST_JOINS_LONG: Final = (
    *(_words(j) for j in (", va", ", and", "cung nhu", ", cung nhu", "as well as", ", as well as")),
    ["以", "及"],
)


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
        if not _CJK_RE.fullmatch(toks[k]):
            return False
        if k > j and toks[k] in "州市县区":
            return True
    return False


#: Words around a run of a corridor's cities that make the run the corridor.
_CORRIDOR_BEFORE_RE: Final = re.compile(r"(?:hanh lang|corridor)\b[^.\n]{0,30}$")
_CORRIDOR_AFTER_RE: Final = re.compile(r"^[^.\n。]{0,14}?(?:走廊|corridor|hanh lang)")
_CORRIDOR_JOINS: Final = (
    [",", "-"],
    ["-"],
    [","],
    ["、"],
    ["和"],
    ["va"],
    ["and"],
    [",", "and"],
    [",", "va"],
)


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
        if sum(f[2].feature in cities for f in top) < 3:
            continue  # no run of three of its cities
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


#: "The border gate connecting/between A and B", "cửa khẩu (biên giới) nối liền A và
#: B", "连接A和B的口岸": a gate described by the two places it joins.
_JOINING: Final = frozenset(_words("ket noi lien giua connecting connects linking links between"))
_JOINING_ZH: Final = frozenset({("连", "接"), ("连", "通")})
#: Any of those words in a text (one scan in C before looking at its names).
_JOINING_RE: Final = re.compile(r"\b(?:noi|giua|connect\w*|link\w*|between)\b|连接|连通")
_JOINING_QUALS: Final = frozenset(_words("bien gioi border international road land quoc te"))
_JOINING_LEVELS: Final = frozenset(
    _words("thanh pho tinh thi tran xa huyen tp city town province county district of the")
)
_JOINING_GAP: Final = frozenset(_words("va and - 和 与 、 , with voi"))
_PLURAL_MARKS: Final = frozenset(_words("cac nhung"))


def _names_joined(gaz: Gazetteer, found: list[tuple[int, int, Sense, str | None]]) -> bool:
    """Whether two places one gate joins (``Gazetteer.joined``) are both named."""
    named = {f[2].feature for f in found if f[3] is None}
    return any(ends <= named for ends in gaz.joined)


def _gates_joining(
    gaz: Gazetteer, toks: list[str], found: list[tuple[int, int, Sense, str | None]]
) -> list[tuple[int, int, Sense, str | None]]:
    """
    A gate described by the two localities it joins, each named like one of its sides,
    after a singular gate word and a word of joining ("cửa khẩu biên giới nối liền
    thành phố Lào Cai, tỉnh Lào Cai và thị trấn Hà Khẩu", "the border gate connecting
    Lao Cai and Hekou", "连接老街和河口的口岸"): the gate, besides the two places.
    """
    if not _names_joined(gaz, found):
        return []  # no two places one gate joins: nothing to look for
    top = sorted(
        (f for f in found if f[3] is None and f[2].layer == "localities"), key=lambda f: f[0]
    )
    out: list[tuple[int, int, Sense, str | None]] = []
    for p, first in enumerate(top):
        for q in (p + 1, p + 2):
            if q >= len(top):
                break
            second, start = top[q], first[1]
            if q == p + 2:  # "thành phố Lào Cai, tỉnh Lào Cai và …": where the first lies
                mid = top[p + 1]
                if not _within(gaz, first[2].feature, mid[2].feature):
                    continue
                start = mid[1]
            gate = gaz.joined.get(frozenset({first[2].feature, second[2].feature}))
            gap = [t for t in _between(toks, start, second[0]) if t not in _PAIR_FILLERS]
            if (
                gate is None
                or len(gap) > 6
                or not any(t in _JOINING_GAP for t in gap)
                or not all(t in _JOINING_GAP or t in _JOINING_LEVELS for t in gap)
            ):
                continue
            cue = _joining_cue(toks, first[0], second[1])
            if cue >= 0:
                info = gaz.features[gate]
                sense = Sense(gate, info.layer, info.name_vi, 0, None, False)
                out.append((cue, second[1], sense, None))
    return out


def _joining_cue(toks: list[str], a: int, b: int) -> int:
    """
    The first token of the singular gate word and the word of joining before token
    ``a`` (or, in Chinese, 连接 before and 口岸 after ``b``), or -1.
    """
    k = a - 1
    while k >= 0 and a - k <= 4 and toks[k] in _JOINING_LEVELS:
        k -= 1
    if k >= 1 and tuple(toks[k - 1 : k + 1]) in _JOINING_ZH:
        e = b
        while e < len(toks) and e - b < 3 and toks[e] in {"之", "间", "的"}:
            e += 1
        return k - 1 if toks[e : e + 2] == ["口", "岸"] else -1
    if k < 0 or toks[k] not in _JOINING:
        return -1
    while k >= 0 and toks[k] in _JOINING:
        k -= 1
    while k >= 0 and toks[k] in _JOINING_QUALS:
        k -= 1
    for cue in (("cua", "khau"), ("gate",), ("crossing",), ("checkpoint",)):
        c = k - len(cue) + 1
        if c >= 0 and tuple(toks[c : k + 1]) == cue:
            return -1 if c > 0 and toks[c - 1] in _PLURAL_MARKS else c
    return -1


def _between(toks: list[str], a: int, b: int) -> list[str]:
    """
    Tokens [a, b) without parenthetical glosses. A line break is always kept (a gloss
    ends there): no two names on different lines are ever joined, so the furniture
    lines need not be cut into tokens at all (``_tokenize_lines``).
    """
    if "(" not in toks[a:b]:
        return toks[a:b]
    out: list[str] = []
    depth = 0
    for tok in toks[a:b]:
        if tok == "\n":  # a gloss never spans a line: the break stays, and ends it
            out.append(tok)
            depth = 0
        elif tok == "(":
            depth += 1
        elif tok == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(tok)
    return out


def _within(gaz: Gazetteer, inner: str, outer: str) -> bool:
    """Whether locality ``inner`` lies in ``outer`` (its parent, or that one's…)."""
    info = gaz.features.get(inner)
    for _ in range(4):
        if info is None or info.parent is None:
            return False
        if info.parent == outer:
            return True
        info = gaz.features.get(info.parent)
    return False


def _gap(toks: list[str], a: int, b: int) -> list[str]:
    """The words between two names [a, b) but glosses, countries and bodies."""
    if b - a > _FAR:
        return ["…"]  # too far apart to be joined: no need to read what is between
    if b - a == 1:  # most often: one word or mark between
        tok = toks[a]
        return [] if tok == "(" or tok in _PAIR_FILLERS or tok in _ONE_TOKEN_BODIES else [tok]
    between = [t for t in _between(toks, a, b) if t not in _PAIR_FILLERS]
    if len(between) <= _MAX_BETWEEN and not _BODIES_BY_FIRST.keys().isdisjoint(between):
        between = _without_bodies(between)
    if "、" in between:
        between = _without_unmapped(between)
    return between


def _without_unmapped(words: list[str]) -> list[str]:
    """
    ``words`` without the unmapped Chinese places of a list ("、金平县" in "河口县、蒙自市、
    金平县等先后与…"): a "、" then up to five characters and an administrative suffix.
    """
    out: list[str] = []
    k = 0
    while k < len(words):
        if words[k] == "、":
            e = k + 1
            while e < len(words) and e - k <= 5 and _CJK_RE.fullmatch(words[e]):
                if words[e] in _CJK_ADMIN:
                    break
                e += 1
            if e < len(words) and e - k >= 2 and words[e] in _CJK_ADMIN:
                k = e + 1
                continue
        out.append(words[k])
        k += 1
    return out


#: Joiners that set one end (or a list of ends) against the other: "A với B", "A
#: with B", "A 与 B", "A 同 B".
_STRONG_JOINERS: Final = frozenset(_words("voi with 与 同"))
#: Words that may stand between a list and its joiner: "…金平县等先后与…", "đều",
#: "lần lượt", "respectively".
_LIST_SOFT: Final = frozenset(
    _words("等 先 后 分 别 均 已 都 也 lan luot deu da cung cac etc . respectively")
)
#: Words of a cooperation verb that may stand before a strong joiner: "A kết nghĩa
#: với B", "A signed an agreement with B", "A is twinned with B".
_PAIR_VERBS: Final = frozenset(
    _words(
        "ket nghia hop tac huu nghi ky thoa thuan giao luu quan he da dang se tiep tuc "
        "phoi hop hoi dam lam viec held talks met "
        "twinned partnered cooperates cooperated cooperating signed an a agreement "
        "agreements deal memorandum ties relations has have established is are was were "
        "sister friendship cooperation partnership of huyen tinh thanh pho xa"
    )
)


def _pivot(gap: list[str]) -> bool:
    """A gap of a strong joiner, with list words or a cooperation verb before it."""
    if not gap or gap[-1] not in _STRONG_JOINERS or len(gap) > 8:
        return False
    before = gap[1:-1] if gap[0] == "," else gap[:-1]  # "UBND tỉnh Hà Giang, Việt Nam với…"
    return all(t in _LIST_SOFT or t in _PAIR_VERBS for t in before)


def _listed(gap: list[str]) -> bool:
    """A gap inside a list: ",", "、", "và", "and", "和", "及", "cũng như", "as well as"…"""
    if len(gap) == 1:  # most often
        return gap[0] in _LIST_JOIN_WORDS
    if gap in _LIST_JOINS_LONG:
        return True
    words = [t for t in gap if t not in _LIST_SOFT]
    return words in _LIST_JOINS or words in _LIST_JOINS_LONG


#: What may join an end to the place it lies in: "Mèo Vạc, tỉnh Hà Giang", "Meo Vac
#: district of Ha Giang province", "huyện Mèo Vạc thuộc tỉnh Hà Giang".
_WHERE_JOINS: Final = frozenset(_words(", of in thuoc"))
_WHERE_GAPS: Final = ([","], ["of"], ["in"], ["thuoc"], [",", "thuoc"])


def _pairs(
    gaz: Gazetteer,
    toks: list[str],
    found: list[tuple[int, int, Sense, str | None]],
    cooperation: Any,
) -> list[tuple[int, int, Sense, str | None]]:
    """
    Partnerships in a sentence that speaks of cooperation, whose ends are named:

    - side by side ("A - B", "A với B", "A 与 B", "A kết nghĩa với B"), also as one
      of a list of pairs ("A – B, C – D"); not the first or last two of a longer
      list ("Hà Giang, Lào Cai, Lai Châu, Điện Biên và Vân Nam" is no pair);
    - as two lists set against each other by one strong joiner ("河口县、蒙自市等先后与
      越南老街市、莱州市缔结为友好城市", "Mường Khương, Bát Xát kết nghĩa với Mã Quan,
      Hà Khẩu"): every known pair of one end from each list. One end against three or
      more (a multilateral mechanism: "Vân Nam với Hà Giang, Lào Cai, Lai Châu, Điện
      Biên") or a list with a count after it ("…和奠边四省") is no pair.
    """
    named = {f[2].feature for f in found if f[3] is None}
    if not any(ends <= named for ends in gaz.pairs):
        return []  # no two ends of one partnership: nothing to look for
    top: list[tuple[int, int, Sense, str | None]] = []
    for f in found:
        if f[3] is not None:
            continue
        i, j = f[0], f[1]
        if top and top[-1][1] == i - 1 and toks[i - 1] == "(" and j < len(toks) and toks[j] == ")":
            continue  # a gloss: "huyện Phú Ninh (tỉnh Vân Nam) và huyện Nà Pô"
        if (
            top
            and (toks[i - 1] in _WHERE_JOINS or toks[i - 1] in _PAIR_FILLERS)
            and _within(gaz, top[-1][2].feature, f[2].feature)
            and _gap(toks, top[-1][1], i) in _WHERE_GAPS
        ):
            # where the last one is: "châu Văn Sơn, tỉnh Vân Nam", "Meo Vac district of
            # Ha Giang province": the last end now reaches over it, so that the words
            # between it and the next end are the joiner's alone
            top[-1] = (top[-1][0], j, top[-1][2], top[-1][3])
            continue
        if top and top[-1][1] == i and _within(gaz, f[2].feature, top[-1][2].feature):
            # the place then the end within it: "云南省富宁县", "河江省苗旺县"
            top[-1] = (top[-1][0], j, f[2], f[3])
            continue
        top.append(f)
    gaps = [_gap(toks, top[p][1], top[p + 1][0]) for p in range(len(top) - 1)]
    out: list[tuple[int, int, Sense, str | None]] = []
    seen: set[tuple[int, int, str]] = set()

    def add(
        first: tuple[int, int, Sense, str | None], second: tuple[int, int, Sense, str | None]
    ) -> None:
        pid = gaz.pairs.get(frozenset({first[2].feature, second[2].feature}))
        if not pid or (first[0], second[1], pid) in seen:
            return
        if _cjk_subunit_after(toks, second[1]) or not cooperation(first[0]):
            return  # "老街省与中国云南省大理州": the partner is Dali, in Yunnan
        seen.add((first[0], second[1], pid))
        info = gaz.features[pid]
        out.append(
            (first[0], second[1], Sense(pid, info.layer, info.name_vi, 0, None, False), None)
        )

    # Lists set against lists: runs of names joined by list words and one pivot.
    blocked: set[int] = set()
    p = 0
    while p < len(gaps):
        q, pivots = p, []
        while q < len(gaps) and (_listed(gaps[q]) or _pivot(gaps[q])):
            if not _listed(gaps[q]):
                pivots.append(q)
            q += 1
        # top[p..q] is a run of q - p + 1 names
        if len(pivots) == 1 and q - p >= 2:
            k = pivots[0]
            left, right = top[p : k + 1], top[k + 1 : q + 1]
            ends = len({f[2].feature for f in left}), len({f[2].feature for f in right})
            if min(ends) == 1 and max(ends) >= 3:
                blocked.update(range(p, q))  # the gaps of one end against a group
            elif not _group_after(toks, top[q][1]):
                for first in left:
                    for second in right:
                        add(first, second)
        p = q + 1 if q > p else p + 1

    for p, between in enumerate(gaps):
        if p in blocked or frozenset({top[p][2].feature, top[p + 1][2].feature}) not in gaz.pairs:
            continue  # (the rest only decides whether a known pair is added)
        pivot = _pivot(between)
        if not pivot and (
            not between
            or len(between) > 2
            or not all(t in _PAIR_JOINERS for t in between)
            or (len(between) == 2 and between[0] != "-")
        ):
            continue
        if p > 0 and _list_gap(gaps[p - 1]) and between != ["-"]:
            continue  # the last two of a list: "A, B, C và D", "A, B, X, C và D"
        if _list_gap(between) and p + 1 < len(gaps) and gaps[p + 1] in _LIST_JOINS:
            continue  # the first two of a list: "A, B và C hợp tác"
        more, q = 0, p + 1
        while q < len(gaps) and gaps[q] in _LIST_JOINS:
            more, q = more + 1, q + 1
        if more >= 1 and _group_after(toks, top[q][1]):
            continue  # one end and a group: "云南省与河江、老街、莱州和奠边四省"
        add(top[p], top[p + 1])
    return out


#: A railway; one of standard gauge (the planned links across the border: the line of
#: today is metre gauge); one of metre gauge.
_RAIL_RE: Final = re.compile(r"\b(?:rail(?:way|road)?s?|duong sat)\b|铁路|铁道")
_STANDARD_GAUGE_RE: Final = re.compile(
    r"\bstandard[ -]?gauge\b|\b1[.,]?435 ?mm\b|\bkho (?:tieu chuan|1[.,]?435)\b|标轨|标准轨|准轨"
)
#: Substrings one of which each match of _STANDARD_GAUGE_RE has.
_STANDARD_GAUGE_WORDS: Final = ("gauge", "435", "tieu chuan", "标轨", "准轨")
#: Across a border: "cross-border", "xuyên biên giới", "liên vận", 跨境.
_ACROSS_RE: Final = re.compile(r"\bcross[ -]?border\b|\bxuyen bien gioi\b|\blien van\b|跨境|跨国")
_METRE_GAUGE_RE: Final = re.compile(
    r"\b(?:met(?:re|er)|narrow)[ -]?gauge\b|\bkho (?:1[.,]?000|met|hep)\b|米轨|窄轨"
)


def _railways_across(
    gaz: Gazetteer,
    toks: _Tokens,
    folded: str,
    sentence_of: Callable[[int], tuple[int, int]],
    found: list[tuple[int, int, Sense, str | None]],
) -> list[tuple[int, int, Sense, str | None]]:
    """
    A standard-gauge railway (the planned links; the line of today is metre gauge) in a
    sentence that names a place in the province one end of a mapped railway across the
    border lies in and either a place of the other end's country or a word of crossing
    the border: "a standard-gauge railway connecting Hekou with Lao Cai", "the Kunming –
    Lào Cai – Hà Nội standard-gauge railway", "中越跨境标准轨铁路 … 老街—河内—海防".
    A railway from that province into that country crosses where the layers' railway
    does. The mention's span is the railway word's. Without places of both sides or a
    crossing ("the Lào Cai – Hà Nội – Hải Phòng standard-gauge railway": the Vietnamese
    part), or beside a metre-gauge word, nothing.
    """
    if not gaz.rail_across or not any(word in folded for word in _STANDARD_GAUGE_WORDS):
        return []  # most articles: no standard gauge (substring tests: a pattern's scan
        # of the whole text cost a tenth of the time of an article that names many places)
    # The sentences with a standard-gauge and a railway word (and no metre-gauge one),
    # found from the gauge words' places in the text, not from every name's sentence.
    spans: set[tuple[int, int]] = set()
    for word in _STANDARD_GAUGE_WORDS:
        at = folded.find(word)
        while at >= 0:
            lo, hi = sentence_of(at)
            if (
                _STANDARD_GAUGE_RE.search(folded, lo, hi) is not None
                and _RAIL_RE.search(folded, lo, hi) is not None
                and _METRE_GAUGE_RE.search(folded, lo, hi) is None
            ):
                spans.add((lo, hi))
            at = folded.find(word, max(hi, at + 1))
    if not spans:
        return []
    starts = sorted(spans)
    los = [lo for lo, _hi in starts]
    places: dict[tuple[int, int], set[str]] = {}
    named: set[tuple[tuple[int, int], str]] = set()
    for i, _j, sense, _within in found:
        if sense.layer != "localities" and sense.feature not in gaz.rail_across:
            continue
        at = toks.start(i)
        k = bisect_right(los, at) - 1
        if k < 0 or at >= starts[k][1]:
            continue
        if sense.feature in gaz.rail_across:
            named.add((starts[k], sense.feature))
        else:
            places.setdefault(starts[k], set()).add(sense.feature)
    out: list[tuple[int, int, Sense, str | None]] = []
    for (lo, hi), ids in places.items():
        rail = _RAIL_RE.search(folded, lo, hi)
        if rail is None:
            continue
        provinces = {gaz.province_of.get(fid, fid) for fid in ids}
        countries = {gaz.countries.get(fid) for fid in ids}
        crossing = _ACROSS_RE.search(folded, lo, hi) is not None
        for rid, ends in gaz.rail_across.items():
            if ((lo, hi), rid) in named:
                continue
            a, b = sorted(ends)
            if any(
                end in provinces and (crossing or gaz.countries.get(other) in countries)
                for end, other in ((a, b), (b, a))
            ):
                i = bisect_right(toks.end, rail.start())
                j = bisect_left(toks.end, rail.end()) + 1
                info = gaz.features[rid]
                out.append((i, j, Sense(rid, info.layer, info.name_vi, 0, None, False), None))
    return out


def _list_gap(gap: list[str]) -> bool:
    """
    Whether the words between two names are a list's: a comma, or an unmapped item
    between commas ("Lai Chau, Lao Cai, Tuyen Quang, Dien Bien and Yunnan").
    """
    return (
        bool(gap)
        and gap[0] in _LIST_MARKS
        and gap[-1] in _LIST_MARKS
        and len(gap) <= _LIST_ITEM_WORDS + 2
    )


_LIST_MARKS: Final = frozenset({",", "、"})
#: The most words an unmapped item of a list of places has.
_LIST_ITEM_WORDS: Final = 4


_CALLED_A_TOWN_RE: Final = re.compile(r"^(?:town|city) of |\btown$")


def _called_a_town(toks: list[str], j: int) -> bool:
    """
    Whether "is a (…) town/city" follows token ``j``: "Lao Cai is a town in …", "Lao
    Cai, which is a transit city".
    """
    if toks[j : j + 1] == [","]:
        j += 1
    if toks[j : j + 1] in (["which"], ["that"]):
        j += 1
    if toks[j : j + 1] not in (["is"], ["was"]) or toks[j + 1 : j + 2] not in (["a"], ["an"]):
        return False
    for tok in toks[j + 2 : j + 5]:  # "a small border town", "an important city"
        if tok in _TOWN_WORDS:
            return True
        if not tok.isalpha():
            return False
    return False


_TOWN_WORDS: Final = frozenset(("town", "city"))


def _glossed_sides(
    gaz: Gazetteer, toks: list[str], found: list[tuple[int, int, Sense, str | None]]
) -> list[tuple[int, int, Sense, str | None]]:
    """
    Without the other side of a gate named right after it, over a gloss and a dash
    ("cặp cửa khẩu Lào Cai (Việt Nam) - Hà Khẩu (Trung Quốc)"): a side of the gate's
    name, no place of its own, as inside the one name "Lào Cai - Hà Khẩu".
    """
    gates = {f[1]: f[2].feature for f in found if f[3] is None and f[2].layer == "border_gates"}
    if not gates:
        return found

    def side(f: tuple[int, int, Sense, str | None]) -> bool:
        i = f[0]
        if f[3] is not None or f[2].layer != "localities" or i < 2 or toks[i - 1] != "-":
            return False
        k = i - 2
        if toks[k] == ")":  # over the gloss of the gate's side: "(Việt Nam)"
            k = next((e for e in range(k - 1, max(-1, k - 6), -1) if toks[e] == "("), -1)
        gate = gates.get(k) if k > 0 else None
        return gate is not None and f[2].feature in gaz.sides_of.get(gate, ())

    return [f for f in found if not side(f)]


def _the_town_meant(
    gaz: Gazetteer, toks: list[str], found: list[tuple[int, int, Sense, str | None]]
) -> list[tuple[int, int, Sense, str | None]]:
    """
    A bare name a province shares with its city ("Lao Cai", 老街) is the province,
    unless the article calls the place a town ("the town of Lao Cai", "the city of
    Lao Cai", "Lao Cai town", "Lao Cai is a town") and never a province ("Lao Cai
    province", "tỉnh Lào Cai"): then the article is about the city (a travel page on
    Lao Cai town), and so is every bare name of it.
    """
    cities = gaz.town_ids
    # (Named as a town or city in passing, as the English-language press and travel
    # writing do, not by its title: "thành phố Lào Cai" and the province's bare name
    # stand side by side in Vietnamese news.)
    named = {
        f[2].feature
        for f in found
        if f[2].feature in cities and _CALLED_A_TOWN_RE.search(fold(f[2].form))
    } | {
        gaz.towns[f[2].feature][0]
        for f in found
        if f[2].feature in gaz.towns and f[3] is None and _called_a_town(toks, f[1])
    }
    if not named:
        return found  # most articles: no town called so
    explicit = {
        f[2].feature
        for f in found
        if f[2].feature in gaz.towns and fold(f[2].form) not in gaz.towns[f[2].feature][1]
    }
    out: list[tuple[int, int, Sense, str | None]] = []
    for i, j, sense, within in found:
        town = gaz.towns.get(sense.feature)
        if (
            town is not None
            and within is None
            and town[0] in named
            and sense.feature not in explicit
            and fold(sense.form) in town[1]
        ):
            info = gaz.features[town[0]]
            meant = Sense(town[0], info.layer, info.name_vi, sense.rank, None, sense.bare)
            out.append((i, j, meant, within))
        else:
            out.append((i, j, sense, within))
    return out


_CUES_BY_FIRST: Final = {
    first: tuple(c for c in _PLACE_CUES if c[0] == first) for first, *_ in _PLACE_CUES
}


def _candidate_words(m: _Matcher, n: int) -> list[int]:
    """Tokens in [0, n) that are a place cue or a level word: one pass for both kinds."""
    if m.candidate_words is None:
        if n == len(m.toks.text):
            m.candidate_words = [k for k in m.hits() if m.toks.text[k] in _CANDIDATE_WORDS]
        else:
            m.candidate_words = _where(m.toks.text, 0, n, _CANDIDATE_WORDS)
    return m.candidate_words


def _candidates(m: _Matcher, covered: set[int], n: int) -> Iterator[tuple[int, int, int]]:
    toks = m.toks.text
    seen: set[str] = set()
    after = 0
    original, offsets, ends = m.original, m.fmap.offsets, m.toks.end
    capital: Callable[[int], bool] = m.capital
    if m.toks.caps is not None:  # (a list look-up in C, not a method call: a hot loop)
        capital = m.toks.caps.__getitem__
    for i in [k for k in _candidate_words(m, n) if toks[k] in _CUES_BY_FIRST]:
        if i < after or i + 1 >= n:
            continue
        cue = None
        for c in _CUES_BY_FIRST[toks[i]]:
            if len(c) == 1 or tuple(toks[i : i + len(c)]) == c:
                cue = c
                break
        if cue is None or (i > 0 and (toks[i - 1], *cue) in _NOT_CUES):
            continue
        k = i + len(cue)
        if cue in {("tp",), ("tx",)} and k < n and toks[k] == ".":
            k += 1
        while cue == ("cua", "khau") and k < n and toks[k] in _GATE_NAME_QUALIFIERS:
            k += 1
        # Most cues ("xã hội", "tỉnh") have no capitalised word after them: no name.
        # (A cue word inside a longer cue, "xã" of "thị xã", then meets the same word.)
        if k >= n or not capital(k):
            continue
        # And a capital within the six words after the cue.
        last = n - 1 if i + 7 > n else i + 6
        if k > last:
            a, b = ends[i], ends[last]  # from the cue's end: the spaces have no case
            if offsets is not None:
                a, b = offsets[a], offsets[b]
            if original[a:b].islower() or not any(capital(j) for j in range(i + 1, last + 1)):
                continue
        name_start, words = k, 0
        while k < n and words < 4 and capital(k):
            if k in covered or m.cjk[k]:
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
    for k in [k for k in _candidate_words(m, n) if k > 0 and toks[k] in firsts]:
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


_CANDIDATE_WORDS: Final = frozenset(_CUES_BY_FIRST) | _CANDIDATE_FIRSTS


def _tokenize_lines(fmap: _Folded, lines: list[str], keep: list[bool]) -> _Tokens:
    """
    The tokens of the kept ``lines`` of text folded the fast way (each with its line
    break); the others have none.
    """
    if all(keep):
        return _tokenize_fast(fmap)
    # Whether each character is in a kept line (a line's break is its own).
    sizes = [len(line) + 1 for line in lines]
    kept = np.repeat(np.array(keep, dtype=np.bool_), sizes)[: len(fmap.text)]
    return _tokenize_fast(fmap, kept)


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
    source = html_to_text(text) if is_html else text
    # Read with its wrapped lines joined (same length: spans are the source's).
    original = unwrap_lines(source)
    end = body_end(original)
    fmap = _fold_mapped(original[:end])
    folded = fmap.text
    lines = folded.split("\n")
    # Furniture lines (URLs, share buttons) inside the body are not searched.
    furniture = furniture_lines(lines, folded=True)
    if fmap.cased is not None:  # most articles: cut in numpy, without the furniture lines
        toks = _tokenize_lines(fmap, lines, [k not in furniture for k in range(len(lines))])
    else:
        toks = _tokenize(folded, glued=_glued_at(original[:end], fmap))
        skip: set[int] = set()
        line_start = 0
        for k, line in enumerate(lines):
            if k in furniture:
                lo = bisect_right(toks.end, line_start)
                hi = bisect_right(toks.end, line_start + len(line))
                skip.update(range(lo, hi))
            line_start += len(line) + 1
        for k in skip:
            toks.text[k] = "\n"  # a barrier no name crosses
    n = len(toks.text)

    language = detect_language(original[:end])
    matcher = _Matcher(gazetteer, original, fmap, toks)
    found = matcher.scan(0, n)
    if fmap.cased is None:  # (Chinese text is folded the slow way)
        found = _in_a_smaller_place(gazetteer, matcher.cjk, found)
        found = _not_elsewhere(folded, toks, found)
    if "、" in folded and gazetteer.listed:
        found += _listed_places(gazetteer, folded, toks.text, found)
    sentence_of = _Sentences(original, fmap).bounds

    def cooperation(tok: int) -> bool:
        lo, hi = sentence_of(toks.start(tok))
        if _COOPERATION_RE.search(folded, lo, hi):
            return True
        # Or the sentence before or after it, in the same paragraph, speaks of
        # cooperation, and one of the two refers to the ends as "the two sides".
        two = _TWO_SIDES_RE.search(folded, lo, hi) is not None
        line_start = folded.rfind("\n", 0, lo) + 1
        line_end = folded.find("\n", hi)
        line_end = len(folded) if line_end < 0 else line_end
        neighbours = ([sentence_of(lo - 1)] if lo > line_start else []) + (
            [sentence_of(hi)] if hi < line_end else []
        )
        return any(
            _COOPERATION_RE.search(folded, a, b) and (two or _TWO_SIDES_RE.search(folded, a, b))
            for a, b in neighbours
        )

    found += _pairs(gazetteer, toks.text, found, cooperation)
    found = _corridors(gazetteer, matcher, folded, found)
    found += _railways_across(gazetteer, toks, folded, sentence_of, found)
    # The cheap test first: two places one gate joins are named (a set test) before
    # a word of joining is looked for in the whole text (a scan).
    if _names_joined(gazetteer, found) and _JOINING_RE.search(folded):
        found += _gates_joining(gazetteer, toks.text, found)
    figures_cache: dict[int, tuple[Figure, ...]] = {}

    sentence_cache: dict[int, tuple[str, int, int]] = {}

    def orig_sentence(fpos: int) -> tuple[str, int, int]:
        """The sentence at folded position ``fpos``: its original text and span."""
        return sentence_text(*sentence_of(fpos))

    def sentence_text(lo: int, hi: int) -> tuple[str, int, int]:
        if lo not in sentence_cache:
            a, b = fmap.orig(lo), fmap.orig(hi)
            raw = original[a:b]
            a += len(raw) - len(raw.lstrip())
            b -= len(raw) - len(raw.rstrip())
            sentence_cache[lo] = (source[a:b], a, b)
        return sentence_cache[lo]

    found = _glossed_sides(gazetteer, toks.text, found)
    found = _the_town_meant(gazetteer, toks.text, found)
    mentions = []
    offsets, tok_text, tok_end = fmap.offsets, toks.text, toks.end
    for i, j, sense, within in found:
        fstart, fend = tok_end[i] - len(tok_text[i]), tok_end[j - 1]
        a, b = (fstart, fend) if offsets is None else (offsets[fstart], offsets[fend])
        lo, hi = sentence_of(fstart)
        sentence, sa, sb = sentence_text(lo, hi)
        if lo not in figures_cache:
            figures_cache[lo] = _figures(fmap, original, lo, hi, language=language)
        mentions.append(
            Mention(
                sense.feature,
                sense.layer,
                source[a:b],
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
        cue = source[fmap.orig(toks.start(cue_at)) : fmap.orig(toks.end[a_tok - 1])]
        seen.add(" ".join(toks.text[a_tok:b_tok]))
        sentence = orig_sentence(toks.start(a_tok))[0]
        candidates.append(Candidate(source[a:b], cue.strip(), a, b, sentence))
    for cue_at, a_tok, b_tok in _candidates_en_zh(matcher, covered, n, seen):
        a, b = fmap.orig(toks.start(a_tok)), fmap.orig(toks.end[b_tok - 1])
        size = matcher._at(cue_at, (*_EN_PLACE_AFTER, *_ZH_PLACE_SUFFIXES))
        cue = source[fmap.orig(toks.start(cue_at)) : fmap.orig(toks.end[cue_at + size - 1])]
        sentence = orig_sentence(toks.start(a_tok))[0]
        candidates.append(Candidate(source[a:b], cue.strip(), a, b, sentence))
    candidates.sort(key=lambda c: c.start)
    mentions.sort(key=lambda m: (m.start, m.within is not None, m.end))
    return IngestResult(source, is_html, end, tuple(mentions), tuple(candidates), language)
