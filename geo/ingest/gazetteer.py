"""The gazetteer: every matchable name of the mapped features."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Final

from geo.ingest.fold import _CJK, _CJK_RE, _tokens, _words, fold
from geo.load import Dataset
from geo.schema import LAYERS

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
    # (a city by its former status too: Hà Giang and Lào Cai were "thị xã" until 2010
    # and 2004, and older news names them so)
    # (and as a "thị trấn", a township, as travel writing still calls Lào Cai and Sa Pa)
    "city": ("thành phố", "TP", "TP.", "TP .", "thị xã", "TX", "TX.", "thị trấn"),
    "town": ("thị xã", "TX", "TX.", "thị trấn"),
    "district": ("huyện",),
    "prefecture": ("châu",),
}
_CROSSING_NAME_RE: Final = re.compile(r"(Cầu|Cao tốc|Đường sắt) (.+?) [–-] (.+)")
_STATION_PAIR_RE: Final = re.compile(r"\s*[-–—]\s*")
_STATION_RE: Final = re.compile(r"(?:^|\s)(?:ga|Ga)\s|\b[Ss]tation\b|站$")

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
#: A Chinese autonomous unit's name: its place, its peoples, 自治 and its level.
_ZH_AUTONOMOUS_RE: Final = re.compile(
    rf"^(?P<short>[{_CJK}]{{2,}}?)(?:[{_CJK}]{{1,3}}族)+(?P<unit>自治(?:州|县|区))$"
)
#: Short forms that are also common words, so only the full name counts: 红河 is the Red
#: River as often as Honghe, 巴沙 the basa fish (巴沙鱼) as often as Bát Xát (巴沙县), 巴刹 a
#: market in Singapore and Malaysia, 沙巴 Sabah in Malaysia as often as Sa Pa (沙巴县).
_AMBIGUOUS_SHORT: Final = frozenset({"红河", "巴沙", "巴刹", "沙巴"})
#: English level words of a locality's name ("Hekou County"), and those the press uses.
_EN_LEVEL_RE: Final = re.compile(
    r"^(?P<short>.+?) (?:Zhuang Autonomous Region|Province|Prefecture|City|County|District|"
    r"Town|Region|Oblast)$"
)
_EN_LEVEL_WORDS: Final = {
    "province": ("province", "region", "oblast"),
    "prefecture": ("prefecture",),
    # The English-language press often calls a Vietnamese city a town ("the border town
    # of Lao Cai", "Ha Giang town").
    "city": ("city", "town"),
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
    #: The name with its diacritics, where ``form`` is written without them ("Phu Ninh"
    #: → "Phú Ninh"): text written with diacritics must have these (geo.ingest.match).
    accented: str = ""

    @cached_property
    def spelled(self) -> str:
        """The name as text with diacritics must spell it, lower case ("" if none)."""
        name = self.accented or self.form
        return "" if name.isascii() else name.lower()


@dataclass(frozen=True)
class FeatureInfo:
    """What ingest needs to know of a feature."""

    id: str
    layer: str
    name_vi: str
    members: tuple[str, ...] = ()  # localities a partnership or corridor joins
    same_as_members: tuple[str, ...] = ()  # localities named like a member (老街: the province)
    parent: str | None = None  # the locality it belongs to (a gate: its province), if mapped


@dataclass
class Gazetteer:
    """Every matchable name of the mapped features, folded into a token trie."""

    features: dict[str, FeatureInfo]
    trie: dict[str, Any]
    pairs: dict[frozenset[str], str] = field(default_factory=dict)  # ends → partnership
    #: The localities a gate joins (one named like each side) → the gate.
    joined: dict[frozenset[str], str] = field(default_factory=dict)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, reason)
    #: A locality whose short name a city or town shares → (that city, the folded short
    #: names): lao-cai-province → (lao-cai-city, {"lao cai", "老街"}).
    towns: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    #: A Chinese short name left out as a common word (``_AMBIGUOUS_SHORT``) → its
    #: locality: 红河 → honghe-prefecture, a place only as an item of a list of places.
    listed: dict[str, str] = field(default_factory=dict)
    #: Each locality's level ("province", "prefecture", …).
    levels: dict[str, str] = field(default_factory=dict)
    #: Each locality's country ("VN", "CN", …).
    countries: dict[str, str] = field(default_factory=dict)
    #: Each railway across the border → the provinces its two ends' stations lie in
    #: (lao-cai-hekou-railway → Lào Cai, Yunnan).
    rail_across: dict[str, frozenset[str]] = field(default_factory=dict)

    @cached_property
    def province_of(self) -> dict[str, str]:
        """Each locality → the top locality it lies in (itself, if none holds it)."""
        return {
            fid: _top(self.features, fid)
            for fid, info in self.features.items()
            if info.layer == "localities"
        }

    @cached_property
    def sides_of(self) -> dict[str, frozenset[str]]:
        """Each gate → the localities named like its sides (from :attr:`joined`)."""
        out: dict[str, set[str]] = {}
        for ends, gate in self.joined.items():
            out.setdefault(gate, set()).update(ends)
        return {gate: frozenset(ends) for gate, ends in out.items()}

    @cached_property
    def town_ids(self) -> frozenset[str]:
        """The cities and towns of :attr:`towns`."""
        return frozenset(town for town, _names in self.towns.values())

    def senses(self, name: str) -> tuple[Sense, ...]:
        """The senses a name (any spelling) has, or an empty tuple."""
        node: Any = self.trie
        for tok in _tokens(name):
            node = node.get(tok)
            if node is None:
                return ()
        return tuple(node.get("", ()))


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
        cues = _LEVEL_CUES.get(str(props.get("level")), ())
        if short:
            yield short, "generated"
            for cue in cues:
                yield f"{cue} {short}", "generated"
        # A short alias after the level's cue too: "huyện Malypho" as "huyện Ma Lật Pha".
        for alias in map(str, props.get("aliases") or ()):
            if (
                alias[:1].isupper()
                and not _CJK_RE.search(alias)
                and _strip_admin(alias) is None
                and not _EN_LEVEL_RE.match(alias)
                and fold(alias) != fold(short or "")
            ):
                for cue in cues:
                    yield f"{cue} {alias}", "generated"
        for name in (str(props.get("name_en") or ""), *(props.get("aliases") or ())):
            if m := _EN_LEVEL_RE.match(str(name)):
                yield m.group("short"), "generated"
                for word in _EN_LEVEL_WORDS.get(str(props.get("level")), ()):
                    yield f"{m.group('short')} {word}", "generated"
                    # "the city of Lao Cai", "the town of Sa Pa": lower-case, so no
                    # capital is asked of it (and "Lao Cai" alone stays the province)
                    yield f"{word} of {m.group('short')}", "generated"
        for name, _origin in _own_names(props):
            if _CJK_RE.search(name) and (zh := _zh_short(name)):
                yield zh, "generated"
            # an autonomous unit without its peoples: 红河自治州, 河口自治县, 广西自治区
            if m := _ZH_AUTONOMOUS_RE.match(name):
                yield m.group("short") + m.group("unit"), "generated"
    elif layer == "crossings" and (m := _CROSSING_NAME_RE.fullmatch(name_vi)):
        kind, a, b = m.groups()
        yield f"{kind} {b} – {a}", "generated"
        yield f"{kind} {a}", "generated"
        yield f"{kind} {b}", "generated"
    if layer == "crossings":
        # A railway's two stations named as one alias ("Lao Cai Station - Hekou North
        # Station", 老街站—河口北站): each station on its own, which names its place
        # (and the railway only beside the other end's station: geo.ingest.match).
        for name in props.get("aliases") or ():
            parts = _STATION_PAIR_RE.split(str(name))
            if len(parts) == 2 and all(_STATION_RE.search(part) for part in parts):
                yield from ((part, "generated") for part in parts)
    elif layer == "border_gates" and sides is not None:
        for vn in sides["vn"]:
            yield vn, "generated"
            # (a side's town named for it in a pair: "Kim Thanh-Hekou" for Bắc Sơn (Hà Khẩu))
            for cn in sides["cn"] | sides["cn_town"]:
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
    out: dict[str, set[str]] = {"vn": set(), "cn": set(), "cn_town": set()}
    for key, side in (("side_vn", "vn"), ("side_cn", "cn")):
        value = re.sub(r"\s*\(.*?\)", "", str(props.get(key) or "")).strip()
        if value:
            out[side].add(value)
            out[side].update(shorts.get(fold(value), ()))
    # The town a Chinese side lies in, glossed ("Bắc Sơn (Hà Khẩu)"), in every language:
    # only inside a pair, since the town alone is another gate's side or the county.
    town = re.search(r"\((.*?)\)", str(props.get("side_cn") or ""))
    if town:
        out["cn_town"] = {town.group(1), *shorts.get(fold(town.group(1)), ())}
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
    #: Each feature's names written with diacritics (tokens, name): for ``Sense.accented``.
    spellings: dict[str, list[tuple[tuple[str, ...], str]]] = {}
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
    # Each locality's level and (first) country.
    levels: dict[str, str] = {}
    countries: dict[str, str] = {}
    for feat in data.features.get("localities", []):
        props = feat.get("properties") or {}
        if props.get("id"):
            levels[str(props["id"])] = str(props.get("level"))
            countries[str(props["id"])] = str((props.get("country") or [""])[0])
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
            parent = str(props["parent"]) if props.get("parent") else None
            if layer_name == "border_gates" and props.get("province"):
                parent = str(props["province"])  # the province a gate lies in
            features[fid] = FeatureInfo(
                fid, layer_name, str(props.get("name_vi") or ""), members, parent=parent
            )
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
                if not name.isascii():
                    spellings.setdefault(fid, []).append((toks, name))
                old = best.get((toks, fid))
                if old is None or sense.rank > old.rank:
                    best[(toks, fid)] = sense
    # An unaccented name takes the diacritics of the feature's accented one it folds
    # like ("Phu Ninh" those of "Phú Ninh"), so that "Phù Ninh" fits neither.
    for (toks, fid), sense in list(best.items()):
        if sense.form.isascii() and fid in spellings:
            spelled = [form for full, form in spellings[fid] if full[-len(toks) :] == toks]
            if spelled:
                best[(toks, fid)] = replace(sense, accented=min(spelled, key=len))
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
    return Gazetteer(
        features=features,
        trie=trie,
        pairs=pairs,
        skipped=skipped,
        joined=_joined(data, loc_shorts),
        towns=_towns(levels, loc_shorts),
        listed=_listed(data),
        levels=levels,
        countries=countries,
        rail_across=_rail_across(data, trie, features),
    )


def _rail_across(
    data: Dataset, trie: dict[str, Any], features: dict[str, FeatureInfo]
) -> dict[str, frozenset[str]]:
    """
    Each railway that crosses the border (``crosses_border``, kind railway) → the
    provinces of the places its two stations are named after (in an alias that names
    both: "Lao Cai Station - Hekou North Station"); left out unless they are two.
    """
    out: dict[str, frozenset[str]] = {}
    for feat in data.features.get("crossings", []):
        props = feat.get("properties") or {}
        if props.get("kind") != "railway" or not props.get("crosses_border"):
            continue
        ends: set[str] = set()
        for name in props.get("aliases") or ():
            parts = _STATION_PAIR_RE.split(str(name))
            if len(parts) != 2 or not all(_STATION_RE.search(part) for part in parts):
                continue
            for part in parts:
                toks = _tokens(part)
                for k in range(len(toks)):
                    node: Any = trie
                    for tok in toks[k:]:
                        node = node.get(tok)
                        if node is None:
                            break
                        ends.update(s.feature for s in node.get("", ()) if s.layer == "localities")
        provinces = {_top(features, fid) for fid in ends}
        if len(provinces) == 2:
            out[str(props.get("id"))] = frozenset(provinces)
    return out


def _top(features: dict[str, FeatureInfo], fid: str) -> str:
    """The top locality ``fid`` lies in (itself, if none holds it)."""
    seen = {fid}
    while (info := features.get(fid)) and info.parent and info.parent not in seen:
        fid = info.parent
        seen.add(fid)
    return fid


def _listed(data: Dataset) -> dict[str, str]:
    """Each locality's Chinese short name that is also a common word → the locality."""
    out: dict[str, str] = {}
    for feat in data.features.get("localities", []):
        props = feat.get("properties") or {}
        for name, _origin in _own_names(props):
            m = _ZH_SUFFIX_RE.match(name) if _CJK_RE.search(name) else None
            if m and m.group("short") in _AMBIGUOUS_SHORT:
                out.setdefault(fold(m.group("short")), str(props.get("id")))
    return out


def _towns(
    level: dict[str, str], loc_shorts: dict[str, set[str]]
) -> dict[str, tuple[str, frozenset[str]]]:
    """Each locality that shares a short name with a city or town → that city or town."""
    folded = {fid: {fold(n) for n in names} for fid, names in loc_shorts.items()}
    towns = [fid for fid in folded if level.get(fid) in {"city", "town"}]
    out: dict[str, tuple[str, frozenset[str]]] = {}
    for other, names in folded.items():
        if other in towns:
            continue
        for town in towns:
            if common := folded[town] & names:
                out[other] = (town, frozenset(common))
    return out


def _joined(data: Dataset, loc_shorts: dict[str, set[str]]) -> dict[frozenset[str], str]:
    """
    Every two localities named like the two sides of one gate → that gate: Lào Cai
    (the province or the city) and Hà Khẩu → lao-cai-gate. A side named like no
    locality (Kim Thành, Bắc Sơn) joins nothing.
    """
    named = {
        fold(name): {fid for fid, names in loc_shorts.items() if name in names}
        for names in loc_shorts.values()
        for name in names
    }
    out: dict[frozenset[str], str] = {}
    for feat in data.features.get("border_gates", []):
        props = feat.get("properties") or {}
        vn, cn = (
            named.get(fold(re.sub(r"\s*\(.*?\)", "", str(props.get(key) or "")).strip()), set())
            for key in ("side_vn", "side_cn")
        )
        for a in vn:
            for b in cn:
                out.setdefault(frozenset({a, b}), str(props.get("id")))
    return out
