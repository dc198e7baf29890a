"""
Ingest stage: find which mapped features a new article mentions.

``geo ingest ARTICLE`` reads an article (plain text or HTML; Vietnamese, English or
Chinese), keeps its body, finds every name of a mapped feature in it, and reports each
mention with its character span, its sentence and the figures that sentence gives.
Names that look like places but match nothing are listed as candidates for new
features. With ``--add`` the article also becomes a row of ``sources.csv`` and its
candidate facts go to a review file; ``facts.csv`` is never touched. Archives (a
folder, a glob, JSON Lines) are read by ``geo.ingest.archive``. These are the rules;
``tests/test_ingest_*.py`` test each, in each language, with its traps.

The body
    The article is cut at the first line that is a sidebar marker after a line of
    prose (a sentence of five words or more; a marker above any, over a forum's stats
    or a box of offers, heads furniture and ends nothing)
    (``geo.schema.SIDEBAR_MARKERS`` and ``OTHER_MARKERS``, compared without case,
    diacritics, punctuation or counts: "Tin Liên Quan", "Có thể bạn quan tâm",
    "Related news", "Read more", "Reader's comments (0)", "相关新闻"): the outlet's
    related headlines are other stories. Page furniture is not searched: lines that are
    only a URL, share-button or menu residue ("fb yt zl tw", "Advertisement Contact us
    RSS"), copyright lines ("© 2024 …", "Copyright", "Bản quyền", "版权所有"), a site's
    credits ("Cơ quan chủ quản: …", "Giấy phép số …", "Tổng biên tập: …",
    "Editor-in-chief: …", "Licence No.", "投稿邮箱…", "…ICP备…", and a line of sponsors
    ending in 主管/主办/承办/协办 with no sentence punctuation and no 由: "中共文山州委
    文山州人民政府主管"; "交易会由老街省主办" is a sentence), and link
    lists — three or more consecutive lines opening with the same three words (words,
    not marks: "? ? ?" where a page lost its indentation opens paragraphs) and not
    all alike (a related-stories widget repeating its heading before each headline) —
    and a site's menus: a line of seven or more short items (four words at most, no
    sentence punctuation) between separators, none named twice ("Hoa Binh - Mai Chau -
    … - Ha Giang Province", "Trang chủ | Thời sự | …", "首页 › 河口 › …"; a tour's route
    there and back, "Lào Cai - Hà Khẩu - … - Hà Khẩu - Lào Cai", is the article's), or
    ten or more short bulleted lines in a row not introduced by a line ending in ":"
    (a menu of provinces; an article's own list of places follows a colon).
    Lines wrapped at a width inside a sentence (wire copy, diplomatic cables, text
    taken from PDFs: "Hekou, already⏎a well-established … port") are read as one line
    (``unwrap_lines``): in a text whose lines of 40 characters or more are three or
    more and hardly ever longer than 100 (a web page's paragraphs are single lines), a
    line break is a space when the line before it does not end as a sentence or a
    heading does and is 25 characters or more before a small letter, or fills the
    width but for a long word before a capital ("… số II Kim⏎Thành"); furniture lines
    keep their breaks. The text read is as long as the input, so spans still point at
    the input as given.
    Bylines and dates are kept. HTML is first turned into text (``html_to_text``):
    ``head``, ``script``, ``style``, ``nav``, ``aside``, ``footer`` and elements whose
    class or id says related/sidebar/share/comment are dropped.

Matching
    Names and text are *folded* the same way, one character for one character:
    Unicode compatibility forms (full-width "，" is ","), diacritics stripped (NFC or
    NFD alike), đ → d (and Ð, the eth old Vietnamese encodings put for Đ), case folded, dashes →
    "-", traditional Chinese characters to
    simplified ones (與 → 与, 紅河縣 → 红河县; a Unihan table, ``geo/ingest/traditional.py``,
    made by ``scripts/make_traditional.py``). Combining marks of NFD input are
    dropped with an offset map, so every span refers to the *original* input. (A text
    of ASCII, Vietnamese letters and common punctuation only is folded by a faster path
    with the same result: each character's byte looked up in a table, in one numpy
    ``take``; checked character by character in the tests.) Folded
    text is cut into tokens (Latin words, single Chinese characters, punctuation) and
    names are looked up in a token trie: Latin names match whole words only, and a
    small letter followed by a capital ends a word: two words a page's elements ran
    together ("Trung QuốcTỉnh Lào Cai", "Lao CaiVOV.VN"; no layer name has such a
    capital, a test checks). At each
    position the longest name wins ("Cửa khẩu Quốc tế đường bộ số II Kim Thành" is the
    gate, not "Kim Thành"); a name never spans a line break, and a parenthetical gloss
    inside a name is skipped ("Côn Minh (Trung Quốc) - Lào Cai"). No rule reads over a
    line break (a gloss, a cue, the ends of a pair or of the corridor, a candidate and
    its cue are on one line: "Lào Cai (hợp tác⏎kinh tế) và Vân Nam" is no pair), so
    the furniture lines are not cut into tokens at all (in text folded the fast way,
    cut in numpy: ``match._tokenize_fast``).

Which names
    Every feature of the non-context layers (``Layer.context`` is false), by its
    ``name_vi``, ``name_en``, ``name_zh`` and ``aliases``, plus generated forms:

    - localities: the name without its administrative word ("Tỉnh", "Huyện",
      "Thành phố", "Thị xã", "Châu", "Vùng", "Bang", "Khu tự trị dân tộc Choang"),
      and that short name after its level's cue ("tỉnh", "huyện", "thành phố",
      "TP", "TP.", "thị xã", "TX", "châu"; a city's by its former status too: "thị xã
      Hà Giang" is Hà Giang city, a thị xã until 2010; a city's or town's as a
      township, "thị trấn Lào Cai", as travel writing still says), and each short
      alias after that cue too ("huyện Malypho"); an autonomous unit without its
      peoples (红河自治州, 河口自治县); the English name without its level word
      ("Hekou County" → Hekou) and with the words the press uses for that level
      ("Hekou district", "Ha Giang province", "Lao Cai city"); the Chinese name
      without its suffix (老街省 → 老街, 文山壮族苗族自治州 → 文山), except a short
      form that is also a common word (红河, the Red River; 沙巴, also Sabah: Sa Pa by
      its aliases 沙巴县, 沙巴市), which names its locality only as an item of a list
      of places next to one of its country ("分赴红河、文山…等州市", "红河、文山两州",
      "越南老街、沙巴一日游"; not "红河、澜沧江", nor "老街、红河": the river by Lào Cai). A
      short name shared by two
      localities belongs to the higher level (老街, "Lao Cai": the province; the city's
      is used only inside a name that lists the city, such as the corridor's);
    - crossings named "Cầu/Cao tốc/Đường sắt A – B": "B – A", "<kind> A", "<kind> B"
      (not before a dash: "cao tốc Nội Bài - Hạ Long" is another road);
      a railway's alias of its two stations ("Lao Cai Station - Hekou North Station",
      老街站—河口北站): each station;
    - gates: the names of each side in every language — ``side_vn``/``side_cn``
      (without a gloss), the gate's own names without their gate word (北山口岸 → 北山,
      "Hekou port" → Hekou), its one-place aliases (Tianbao, Dulong), and the short
      names of the locality bearing a side's name (Lào Cai → Lao Cai, 老街; Hà Khẩu →
      Hekou, 河口) — and every pair "A - B" and "B - A" of them (the Chinese side also
      by the town its gloss names: "Kim Thanh-Hekou" for Kim Thành – Bắc Sơn (Hà
      Khẩu)), so "Lao Cai-Hekou", "Hekou – Lao Cai", "Ha Khau–Lao Cai", "Kim Thành –
      Beishan", "河口—老街" are the gate.

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
      same for Hà Giang. "The town/city of Lao Cai" and "Lao Cai town" are the city
      (the English-language press calls Vietnamese cities towns); and an article that
      calls the place a town so, or says "Lao Cai is a (small) town/city" ("Lao Cai, which is a
      transit city"), and never
      a province ("Lao Cai province", "tỉnh Lào Cai") is about the city: its bare "Lao
      Cai" is the city too (a travel page on Lao Cai town). Named by its title
      ("thành phố Lào Cai"), the city leaves the bare name the province's:
      Vietnamese news names both side by side.
    - A gate's place names without a gate word ("Thanh Thủy", "Kim Thành", "Hekou",
      "Xín Mần – Đô Long", 天保) are the gate only in a gate phrase (glosses of
      countries may follow a side: "the Hekou, PRC-Lao Cai, Viet Nam, border crossing";
      and a gate's other side after it and a dash, over a gloss, is part of its name,
      no place: "cặp cửa khẩu Lào Cai (Việt Nam) - Hà Khẩu (Trung Quốc)"):
      *before* the name a cue — "cửa khẩu", "chợ biên giới", "lối mở", "lối/điểm
      thông quan", "gate", "crossing", "checkpoint" — with nothing between but
      qualifiers ("quốc tế", "quốc gia", "phụ", "song phương", "đường bộ số II",
      "International Road Border Gate No. 2"; not a comma right after the cue: "kinh
      tế cửa khẩu, Lào Cai còn có …" is the province ("khu (vực) kinh tế cửa khẩu X" is
      X's zone, the locality's); a locality named in a gate phrase with no gate of that
      name ("cửa khẩu Mường Khương") is an unmapped gate, not the locality; "land", "rail(way)",
      "river", "sea",
      "air", "highway", "đường sắt" among them: "Kim Thanh International Land Border
      Gate No. 2", "the Hekou highway port")
      and other gates of the same list ("、", "and", 和 pass only right after one of
      them); or a gate word and a word that introduces a list ("border gates such as /
      include X", "các cửa khẩu như / bao gồm X", "口岸有X、Y", "口岸包括X和Y"; not 是/为:
      "口岸是河口经济…" is the county) — a plural cue or 口岸 before a name counts only
      so ("through border gates, Lao Cai …" is the province; "口岸城市河口" a port
      city, the county); a copula or "namely" introduces the list only right after the
      gate word, its count and qualifiers ("4 cửa khẩu chính là Thanh Thủy, Xín Mần,
      Săm Pun và Phó Bảng", "the main gates are X and Y", "two gates, namely X and Y":
      every item is a gate, Xín Mần not the district; "Cửa khẩu Kim Thành là … Lào
      Cai", "cửa khẩu lớn nhất là Lào Cai" and a possessive, "the main gates are Lao
      Cai's engine", leave Lào Cai the province); a "(" or a
      dash opens such a list only after a counted gate word ("4 cửa khẩu (X, Y)", "four
      border gates – X, Y –", 四个口岸（X、Y）; "cửa khẩu Kim Thành (Lào Cai)" and "the
      border gates (Lao Cai …)" are glosses); or
      *after* the name a gate word ("gate", "border post", "crossing", "checkpoint", "port",
      "cửa khẩu", 口岸) over qualifiers ("International Border Gate No. II", "(Vietnam)",
      "dry"/"inland": "the Hekou dry port" is the port people cross, "land", "river",
      "– Beishan (China)"), other gates of a list ("the X and Y border gates",
      "天保、都龙两个口岸", "田蓬和都龙口岸", "X và Y là hai cửa khẩu", "X and Y are
      the two border gates"; the last of a list whose first names are gates takes the
      plural too: "the X, Y and Z border gates", also when the others are gates the
      layers do not map, "the Hekou and Youyiguan border ports"; each side after its country's
      possessive: "Vietnam's Thanh Thuy and China's Thien Bao … border gates"), a
      copula and up to three words ("X is the western border gate", "became", "has
      (officially) become"; not "has": "Lao Cai has a border gate" is the province),
      a comma and a description of up to seven words
      opened by an article or "already/now/still" ("Hekou, already a well-established
      and moderately busy port", "Thanh Thuy, a national border gate"; not when a
      level word, "with", "of", "in" comes first: "Hekou, a town with a busy port" is
      the town) and, in Chinese, up to twelve other characters
      of a list of pairs or of the gate's kind ("田蓬—上蓬、都龙—箐门…等口岸"; after a
      Latin name in Chinese text too: "Kim Thanh公路口岸"; 关口 too: "金城二号陆路国际关口");
      or a singular gate word and "of" right before it ("the port of Hekou", "the
      border gate of Thanh Thuy"; "the port of Hai Phong" is the city: no gate's). A
      plural ("border gates") counts only after a list: "the Lào Cai border gates"
      are the province's. A "("
      ends the phrase: a name in a gloss is a place ("Kim Thành (Lào Cai) - Bắc Sơn
      (Hà Khẩu)" names the province and Hekou), and a gate word after the gloss's ")"
      is not the gloss's ("Bac Son (Ha Khau, China) border gate": Ha Khau is Hekou).
      A locality's name as one side of a gate pair the layers do not map (after a gate
      cue or before a gate word, joined by a dash to a name that is no mapped gate's)
      is not the locality: the sides inside a gate's name are not its localities
      ("cửa khẩu Mường Khương - Kiều Đầu", "the Kieu Dau - Muong Khuong border gate";
      a gloss after a side still names its place).
      A gate is also described by the two localities it joins, each named like one of
      its sides (``Gazetteer.joined``: Lào Cai, province or city, and Hà Khẩu for the
      Lào Cai gate; Kim Thành's sides name no locality), after a singular gate word and
      a word of joining: "cửa khẩu (biên giới) nối liền / giữa A và B", "the border
      gate connecting / between A and B", "连接A和B的口岸" (level words, a country and
      where A lies may stand between: "thành phố Lào Cai, tỉnh Lào Cai, Việt Nam và thị
      trấn Hà Khẩu"); the places stay mentioned. "Các cửa khẩu giữa …", "the border
      gates between …", a bridge, a road or a trip "Lào Cai – Hà Khẩu" are no gate.
      The province a gate lies in (the gate's ``province``) after it and a comma is the
      province ("cửa khẩu Kim Thành, Lào Cai", "the Kim Thanh border gate, Lao Cai"),
      unless another gate of a list follows ("Kim Thành, Lào Cai và Thanh Thủy").
      A place in a gloss that a longer name spans is a mention within that name ("Kim
      Thanh (Lao Cai) - Bac Son" is the gate, and Lào Cai within it). "Thanh Thủy
      border guard station" and a bare "Thanh Thủy" are nothing (a person's name as
      often as a place). In Chinese, 边境 ("border") after a name that is only a
      gate's (a Latin one too: Latin words end where Chinese characters begin) is that
      gate: "Kim Thanh边境", 天保边境, 金城边境; not before the words of a zone, trade
      area or line (边境经济合作区, 边境贸易区, 边境线), and not after a locality's name
      (老街边境 is the province's border area).
    - A bridge's place names without a bridge word (Bản Vược, Na La – Hoa Long, 坝洒)
      are the bridge only after "cầu"/"bridge" ("cầu qua biên giới Nà La – Hoa Long")
      or before "bridge"/桥 (in Chinese over up to twelve characters:
      "坝洒—越南巴刹红河界河公路大桥").
    - A border-gate economic zone is its locality's, not the gate: "(Ban quản lý) khu
      kinh tế cửa khẩu (quốc tế) Lào Cai", "Lao Cai Border Gate Economic Zone" name
      the province.
    - A natural area named after a place is not the place: a locality's or gate's
      name before "Karst"/"Geopark" (also run together, "KarstPlateau") or 喀斯特, or
      after "cao nguyên đá", "công viên địa chất" ("Dong Van Karst Plateau Global
      Geopark", "Cao nguyên đá Đồng Văn", 同文喀斯特…); "Dong Van district" still is.
    - A level word below those the layers map makes a locality's or gate's name
      another place: a commune, ward or village — "xã" (not "thị xã", a town),
      "phường" (not "song/địa phương"), "thôn" before the name, "commune", "ward",
      "village" after it, 社, 乡, 村 after a Chinese name (not 社会, 社区, 村民): "xã Đồng
      Văn", "Dong Van commune", 同文社 are not Đồng Văn district, "Thanh Thuy commune"
      not the gate. A town is not so: "thị trấn Hà Khẩu" names Hekou, the district it
      is the seat of (天保镇 is no gate already: a generated Chinese name before another
      suffix). No layer maps a commune; one that did would need its own level here.
    - "Hà Khẩu" is hekou, except inside a longer name: "ga Hà Khẩu"
      (lao-cai-hekou-railway), "cao tốc Hà Khẩu – Côn Minh"
      (hekou-kunming-expressway), "cửa khẩu Hà Khẩu" (lao-cai-gate).
    - A station is named after its place, and names it: a railway's name with stations
      ("Lao Cai Station - Hekou North Station", "老街站—河口北站", "ga Lào Cai - ga Hà
      Khẩu Bắc") has the place of each station (one a part between dashes) as a
      mention within it, as "Hekou station" and 河口站 outside a railway's name name
      Hekou. One station named alone ("ga Hà Khẩu", "Ga Lào Cai", "Hekou North
      Station") is its place, not the railway (Lào Cai station serves the line to Hà
      Nội; the 1,435 mm link is planned); the two ends' stations in one sentence, at
      most twelve tokens apart ("nối ga Lào Cai với ga Hà Khẩu", "from Lao Cai Station
      to Hekou North Station"), are the railway, with both places within it.
    - A railway across the border (``crosses_border``; its ends' provinces read from
      its stations' names: Lào Cai, Yunnan) is named, without its name, by a sentence
      with a railway word and a standard-gauge word ("standard-gauge", "1,435 mm",
      "khổ tiêu chuẩn", 标轨, 标准轨) that names a place in one end's province and a
      place of the other end's country, or a word of crossing ("cross-border", "liên
      vận", 跨境): "a standard-gauge rail link between Hekou and Lao Cai", "the Kunming
      – Lào Cai – Hà Nội – Hải Phòng standard-gauge railway". A railway from Yunnan into
      Vietnam crosses where that one does. The Vietnamese part alone ("the Lao Cai –
      Hanoi – Haiphong standard gauge railway"), a line from Nanning, and a sentence with
      a metre-gauge word (the line of today: "metre-gauge", "khổ mét", 米轨) are not it;
      its mention's span is the railway word.
    - A bare name (not led by a cue such as "tỉnh", "cầu", "cửa khẩu") must start
      with a capital letter and must not follow a person's name part ("Thị", "Văn",
      a common surname) or another capitalised word in mid-sentence: "Nguyễn Thị
      Hồng Hà" is not Honghe, "Lê Văn Sơn" not Wenshan; right after another name
      found, a capitalised word before it is no sign of a longer name ("the Lao Cai
      Hanoi Haiphong railway"), or after "Trung Quốc" ("Tour Trung Quốc Hà Khẩu").
    - Written with diacritics, a name must have the layer's, word for word (wherever
      a tone mark sits: "Thuỷ" is "Thủy"): "huyện Phù Ninh" (in Phú Thọ) is not Phú
      Ninh (Funing), "Hạ Giang" not Hà Giang; text without them ("Phu Ninh") fits, and
      an alias without them takes the diacritics of the feature's name it folds like.
      A bare name is not a place in a time zone either: "Hanoi time", "giờ Hà Nội".
    - A Chinese name is not matched inside a longer word: after a water character
      (长江河口 is a river mouth, 南溪河口岸 the Nanxi river port; so is 河口 after the
      name of a river ending in 河: 北仑河口, 黄河口), before 条约
      (马关条约, a treaty) or 岸 (…口 + 岸). A generated Chinese short name followed by
      another administrative suffix is another place (莱州市 is Lai Châu city, not
      莱州省); so is a Latin one ("Lao Cai省" is the province, not the gate's side) —
      but a county or county-level city's short name under 县 or 市 is that place
      either way (蒙自县, the county that became 蒙自市). A Chinese name right after a
      place of its level or a smaller one it does not lie in is that place's (蒙自老街
      is Mengzi's old street; 云南河口, 红河州河口县 stay Hekou). A Chinese name another
      country's place bears too is not the mapped one where the text puts it there:
      缅甸/缅北/果敢/掸邦 up to six characters before 老街 make it Laukkai in Myanmar,
      and a text that does so and never names 越南 has no Lào Cai at all.
    - A partnership or the corridor is matched by its full name; the localities its
      name contains (its ``from_id``/``to_id``, its ``via``) are reported too, as
      mentions ``within`` it. A partnership is also mentioned where its two ends are
      named side by side, joined by "-", ",", "với", "và", "and", "with", 与, 和, 同,
      及 — a parenthetical gloss and a country ("– Việt Nam", "China's", 越南) may
      come between, and so may the bodies speaking for each end ("Đoàn đại biểu",
      "UBND", "chính quyền nhân dân", "the delegation of", "people's committee of",
      人民委员会, 人民政府, 代表团) — but only in a sentence with a word of cooperation ("hợp tác",
      "kết nghĩa", "hữu nghị", "thỏa thuận", "quan hệ", "hội đàm", "cooperation",
      "agreement", "sister", "friendship", "relations", 合作, 友好, 缔结, 协议, 签署,
      交流, 会谈, 会晤, 联合, 关系, "signed", "memorandum", "ghi nhớ", 友城, 姐妹, 结为, 签订,
      备忘录…) — or next to one in the same paragraph, the sentence just before or
      after, when one of the two calls the ends "the two sides" ("… signed a
      cooperation agreement. The two localities, A and B, …", "A and B reopened
      roads. This shows cooperation between both sides.", "hai bên", "hai tỉnh",
      双方, 两省; not "hai nước", 两国, nor two sentences away) — and not when the
      first end closes a list ("Hà Giang, Lào Cai, Điện Biên và Vân Nam", also with an
      unmapped member: "Lai Chau, Lao Cai, Tuyen Quang, Dien Bien and Yunnan": a
      multilateral mechanism) or the two open one ("Vị Xuyên, Ma Lật Pha và Mèo Vạc
      hợp tác"), the second end opens a counted group
      ("云南省与河江、老街、莱州和奠边四省"), or the second end qualifies a smaller place
      ("老街省与云南省大理州": the partner is Dali). A cooperation verb may stand
      before "với"/"with" ("Mèo Vạc kết nghĩa huyện hữu nghị với Phú Ninh", "Lao Cai
      signed an agreement with Yunnan", "twinned with"); a list of dash pairs gives
      each pair ("Mèo Vạc – Funing, Xín Mần – Maguan"). Two lists set against each
      other by one "với", "with", 与 or 同 give every known pair of one end from each
      ("河口县、蒙自市、金平县等先后与越南老街市、莱州市缔结为友好城市", "Mường Khương,
      Xín Mần kết nghĩa với Mã Quan"): list words, "等", "先后", "đều", "lần lượt",
      glosses ("Phú Ninh (tỉnh Vân Nam)") and unmapped Chinese members ("、金平县") may
      stand in the lists; one end against three or more different ends is a
      multilateral mechanism, no pair (a list's joins include "cũng như", "as well as",
      以及: "Hà Giang với châu Văn Sơn cũng như tỉnh Vân Nam" gives two pairs); a place followed
      by the province it lies in is
      its apposition, not a list member ("châu Văn Sơn, tỉnh Vân Nam"). Party
      committees and their secretaries and people's governments speak for their ends
      too ("Bí thư Tỉnh ủy Hà Giang và Bí thư Châu ủy Văn Sơn", "Tỉnh ủy Lào Cai và
      Tỉnh ủy Vân Nam", "Chính phủ Nhân dân", "the Party Committee of", 省委, 委), and
      so do councils, congresses and a province's departments (HĐND, "Đại hội Đại biểu
      Nhân dân", "Sở Ngoại vụ", "Sở GTVT", "the People's Council/Congress of", 人大,
      外事办, 交通运输厅 …), with "phối hợp với", "hội đàm với", "held talks with" as
      their verbs; police and border guards do not (their meetings are no
      partnership). A short
      Chinese name gives way to a full name with its suffix starting inside it
      ("河江省同文山州" is 同 + 文山州, not 同文). A port word followed by "city"/"town"
      makes no gate ("Hekou is the largest port city"), nor does 口岸 as a modifier
      (口岸型城镇, 口岸城市, 口岸经济), with a count after it (一类口岸1个), or reached
      past a comma after the name's clause ("以河口为例，…口岸"; a comma right after
      the name is an apposition: "河口，中越边境最大的口岸" is the gate).
    - The corridor is also mentioned as a run of three or more of its cities joined
      by "-", ",", "、", "và", "and" (", and" too), 和 with "hành lang", "corridor" or 走廊 just
      before or after ("hành lang kinh tế Côn Minh - Lào Cai - Hà Nội - Hải Phòng",
      "昆明-广宁-海防-河内-老街经济走廊"); its cities are then mentions within it.
    - Any other longer name hides the names inside it (a project "… thành phố Lào
      Cai" is not also lao-cai-city).

Figures
    A sentence ends at ".", "!", "?" or "…" before a space and a capital (not after
    "TP." or an initial), or at a Chinese "。", "！", "？" with no space after it.
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

Modules
    ``fold`` (folding, tokens), ``text`` (HTML, the body, furniture), ``gazetteer``
    (names and their senses), ``figures`` (sentences, language, figures), ``match``
    (the rules above and ``find_mentions``), ``results`` (what is reported),
    ``review`` (the table and ``--add``), ``archive`` (folders, globs, JSON Lines, on
    all cores or a Dask cluster).
"""

from __future__ import annotations

from geo.ingest.figures import detect_language
from geo.ingest.fold import fold
from geo.ingest.gazetteer import INGEST_LAYERS, FeatureInfo, Gazetteer, Sense, build_gazetteer
from geo.ingest.match import find_mentions
from geo.ingest.results import Candidate, Figure, IngestResult, Mention
from geo.ingest.review import REVIEW_COLUMNS, AddedSource, add_source, format_table
from geo.ingest.text import (
    OTHER_MARKERS,
    body_end,
    extract_body,
    furniture_lines,
    html_to_text,
    looks_like_html,
)

__all__ = [
    "INGEST_LAYERS",
    "OTHER_MARKERS",
    "REVIEW_COLUMNS",
    "AddedSource",
    "Candidate",
    "FeatureInfo",
    "Figure",
    "Gazetteer",
    "IngestResult",
    "Mention",
    "Sense",
    "add_source",
    "body_end",
    "build_gazetteer",
    "detect_language",
    "extract_body",
    "find_mentions",
    "fold",
    "format_table",
    "furniture_lines",
    "html_to_text",
    "looks_like_html",
]
