"""The curated part of the entity catalog: what no country library has.

Countries, their capitals, demonyms, alternative spellings and their names in
French, German, Spanish, Italian and Japanese come from ``countryinfo`` (see
``index/entities.py``). This table adds only what it lacks: organisations
with their long forms and seats, agreements, initiatives, seas and straits,
regions inside or across countries, and the short Japanese and French forms
people actually type ("北朝鮮" rather than the formal "朝鮮民主主義人民共和国").

Each row is ``(id, kind, English name, aliases, within)``. ``within`` names
the entities this one lies in or belongs to: a passage naming Xinjiang
addresses a question about China, not the other way round. Aliases written
in upper case of three letters or fewer ("EU", "UE") only match as written.
"""

from __future__ import annotations

# kinds whose absence from a statement settles a question: naming one that the
# statement never names means the question is about something it does not cover
SPECIFIC_KINDS = frozenset({"organisation", "agreement", "initiative", "event", "alliance"})

CURATED: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # organisations
    ("org:eu", "organisation", "European Union",
     ("European Union", "EU", "the Union", "Brussels", "Union européenne", "UE", "欧州連合", "EU諸国",
      "Europäische Union", "Unión Europea", "Unione europea"), ()),
    ("org:eu-council", "organisation", "Council of the European Union",
     ("EU Council", "Council of the EU", "Council of the European Union", "Conseil de l'UE",
      "Conseil de l'Union européenne", "EU理事会"), ("org:eu",)),
    ("org:european-parliament", "organisation", "European Parliament",
     ("European Parliament", "Parlement européen", "欧州議会"), ("org:eu",)),
    ("org:nato", "organisation", "NATO",
     ("NATO", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "Atlantic alliance",
      "transatlantic alliance", "OTAN", "Alliance atlantique", "北大西洋条約機構"), ()),
    ("org:un", "organisation", "United Nations",
     ("United Nations", "UN", "ONU", "Nations unies", "国連", "国際連合"), ()),
    ("org:unsc", "organisation", "United Nations Security Council",
     ("Security Council", "UN Security Council", "United Nations Security Council", "UNSC",
      "Conseil de sécurité", "安保理", "安全保障理事会"), ("org:un",)),
    ("org:asean", "organisation", "ASEAN",
     ("ASEAN", "Association of Southeast Asian Nations", "ANASE", "東南アジア諸国連合"), ("region:southeast-asia",)),
    ("org:african-union", "organisation", "African Union",
     ("African Union", "Union africaine", "アフリカ連合"), ()),
    ("org:pif", "organisation", "Pacific Islands Forum",
     ("Pacific Islands Forum", "Forum des îles du Pacifique", "太平洋諸島フォーラム"), ()),
    ("org:who", "organisation", "World Health Organization",
     ("World Health Organization", "World Health Organisation", "WHO", "OMS", "世界保健機関"), ("org:un",)),
    ("org:wto", "organisation", "World Trade Organization",
     ("World Trade Organization", "WTO", "OMC", "世界貿易機関"), ()),
    ("org:iaea", "organisation", "International Atomic Energy Agency",
     ("International Atomic Energy Agency", "IAEA", "AIEA", "国際原子力機関"), ("org:un",)),
    ("org:g7", "organisation", "G7", ("G7", "Group of Seven", "G7サミット"), ()),
    ("org:g20", "organisation", "G20", ("G20", "Group of Twenty"), ()),
    ("org:quad", "organisation", "Quad",
     ("Quad", "Quadrilateral Security Dialogue", "QUAD", "クアッド", "日米豪印"), ()),
    ("org:aukus", "alliance", "AUKUS", ("AUKUS",), ()),
    ("org:osce", "organisation", "OSCE", ("OSCE", "Organization for Security and Co-operation in Europe"), ()),
    ("alliance:us-japan", "alliance", "US-Japan alliance",
     ("US-Japan alliance", "Japan-US alliance", "U.S.-Japan alliance", "Japan-U.S. alliance",
      "alliance nippo-américaine", "日米同盟"), ()),
    # agreements and initiatives
    ("agreement:jcpoa", "agreement", "Joint Comprehensive Plan of Action (JCPOA)",
     ("JCPOA", "Joint Comprehensive Plan of Action", "Iran nuclear deal", "Iran nuclear agreement",
      "Iran deal", "nuclear deal with Iran", "accord sur le nucléaire iranien", "イラン核合意", "核合意",
      "Plan d'action global commun"), ("country:ir",)),
    ("agreement:npt", "agreement", "Treaty on the Non-Proliferation of Nuclear Weapons (NPT)",
     ("NPT", "Non-Proliferation Treaty", "Nonproliferation Treaty", "non-proliferation treaty",
      "Treaty on the Non-Proliferation of Nuclear Weapons", "TNP", "核拡散防止条約", "核兵器不拡散条約"), ()),
    ("agreement:paris-climate", "agreement", "Paris Agreement on climate change",
     ("Paris Agreement", "Paris climate agreement", "Paris climate accord", "accord de Paris", "パリ協定"), ()),
    ("initiative:bri", "initiative", "Belt and Road Initiative",
     ("Belt and Road", "Belt and Road Initiative", "BRI", "One Belt One Road", "routes de la soie",
      "nouvelles routes de la soie", "一帯一路"), ()),
    ("initiative:foip", "initiative", "Free and Open Indo-Pacific",
     ("Free and Open Indo-Pacific", "FOIP", "自由で開かれたインド太平洋", "Indo-Pacifique libre et ouvert"),
     ("region:indo-pacific",)),
    ("initiative:aoip", "initiative", "ASEAN Outlook on the Indo-Pacific",
     ("ASEAN Outlook on the Indo-Pacific", "AOIP"), ("org:asean", "region:indo-pacific")),
    ("event:olympics", "event", "Olympic Games",
     ("Olympic Games", "Olympics", "Olympic", "Jeux olympiques", "JO", "オリンピック", "五輪"), ()),
    # named issues
    ("issue:abductions", "issue", "abductions issue",
     ("abductions issue", "abduction issue", "abductions", "abduction", "abductees", "kidnapped Japanese",
      "kidnapping of Japanese", "拉致問題", "拉致", "拉致被害者", "enlèvements", "enlèvement", "personnes enlevées"),
     ("country:kp",)),
    # seas, straits and regions
    ("region:indo-pacific", "region", "Indo-Pacific",
     ("Indo-Pacific", "Indo Pacific", "Indo-Pacifique", "インド太平洋", "Indopazifik", "Indo-Pacífico"), ()),
    ("sea:south-china-sea", "sea", "South China Sea",
     ("South China Sea", "South China Seas", "East and South China Seas", "East and South China Sea",
      "mer de Chine méridionale", "南シナ海"), ("country:cn",)),
    ("sea:east-china-sea", "sea", "East China Sea",
     ("East China Sea", "East China Seas", "East and South China Seas", "East and South China Sea",
      "mer de Chine orientale", "東シナ海"),
     ("country:cn",)),
    ("sea:taiwan-strait", "sea", "Taiwan Strait",
     ("Taiwan Strait", "Strait of Taiwan", "cross-Strait", "cross-strait", "détroit de Taïwan", "台湾海峡", "両岸"),
     ("country:tw", "country:cn")),
    ("sea:hormuz", "sea", "Strait of Hormuz", ("Strait of Hormuz", "Hormuz", "détroit d'Ormuz", "ホルムズ海峡"), ()),
    ("region:xinjiang", "region", "Xinjiang",
     ("Xinjiang", "Xinjiang Uyghur Autonomous Region", "Uyghur", "Uighur", "Uyghurs", "Uighurs", "Ouïghour",
      "Ouïghours", "Ouighour", "Ouighours", "新疆", "ウイグル"), ("country:cn",)),
    ("region:crimea", "region", "Crimea", ("Crimea", "Crimée", "クリミア"), ("country:ua",)),
    ("region:senkaku", "region", "Senkaku Islands",
     ("Senkaku", "Senkaku Islands", "Diaoyu", "îles Senkaku", "尖閣諸島", "尖閣"), ()),
    ("region:kurils", "region", "Kuril Islands",
     ("Kuril Islands", "Kurils", "Kuriles", "Northern Territories", "îles Kouriles", "北方領土", "千島列島"), ()),
    ("region:sahel", "region", "Sahel", ("Sahel", "サヘル"), ("region:africa",)),
    ("region:horn-of-africa", "region", "Horn of Africa",
     ("Horn of Africa", "Corne de l'Afrique", "アフリカの角"), ("region:africa",)),
    ("region:middle-east", "region", "Middle East", ("Middle East", "Moyen-Orient", "中東"), ()),
    ("region:korean-peninsula", "region", "Korean Peninsula",
     ("Korean Peninsula", "Korea", "Korean", "péninsule coréenne", "朝鮮半島"), ()),
    ("region:east-asia", "region", "East Asia", ("East Asia", "Asie de l'Est", "東アジア"), ("region:asia",)),
    ("region:southeast-asia", "region", "Southeast Asia",
     ("Southeast Asia", "South-East Asia", "Southeast Asian", "South-East Asian", "Asie du Sud-Est", "東南アジア"),
     ("region:asia",)),
    ("region:pacific-islands", "region", "Pacific islands",
     ("Pacific islands", "Pacific island", "îles du Pacifique", "太平洋島嶼国"), ("region:oceania",)),
    ("region:eastern-europe", "region", "Eastern Europe", ("Eastern Europe", "Europe de l'Est", "東欧"), ("region:europe",)),
)

# Short Japanese and French forms and demonyms that the country library lacks,
# keyed by ISO 3166 alpha-2 code.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "kp": ("北朝鮮", "DPRK", "Corée du Nord", "nord-coréen", "nord-coréenne", "nord-coréens", "Pyongyang", "平壌"),
    "kr": ("韓国", "ROK", "sud-coréen", "sud-coréenne", "ソウル", "Séoul"),
    "us": ("US", "USA", "米国", "アメリカ", "U.S.", "U.S.A.", "Etats-Unis", "États-Unis", "américain", "américaine", "ワシントン"),
    "cn": ("中国", "PRC", "chinois", "chinoise", "Pékin", "北京"),
    "tw": ("台湾", "Taïwan", "taïwanais", "台北"),
    "ir": ("イラン", "iranien", "iranienne", "Téhéran", "テヘラン"),
    "ru": ("ロシア", "russe", "Moscou", "モスクワ"),
    "gb": ("UK", "英国", "イギリス", "britannique"),
    "jp": ("japonais", "japonaise", "japonaises", "Tokyo", "東京", "日本政府"),
    "fr": ("français", "française", "françaises", "フランス政府", "仏"),
    "af": ("afghan", "アフガン", "Kaboul", "カブール"),
    "ua": ("ukrainien", "ukrainienne", "Kyiv", "Kiev", "キーウ", "キエフ"),
    "de": ("allemand", "allemande", "ドイツ"),
    "in": ("印度", "indien", "indienne", "New Delhi", "ニューデリー"),
    "ph": ("philippin", "philippine", "マニラ"),
    "to": ("tongien", "tongienne"),
    "hk": ("Hongkong", "香港", "홍콩", "ฮ่องกง", "هونغ كونغ", "هونج كونج"),
    "dj": ("djiboutien", "ジブチ"),
    "kh": ("cambodgien", "カンボジア"),
    "ml": ("malien", "マリ共和国"),
    "br": ("brésilien", "ブラジル"),
    "iq": ("irakien", "イラク"),
}

# Places the library lists as countries of their own, within another.
WITHIN: dict[str, tuple[str, ...]] = {
    "hk": ("country:cn",),
    "mo": ("country:cn",),
    "kp": ("region:korean-peninsula",),
    "kr": ("region:korean-peninsula",),
    **{code: ("region:horn-of-africa",) for code in ("dj", "er", "et", "so")},
    **{code: ("region:sahel",) for code in ("ml", "ne", "bf", "td", "mr")},
}

# Aliases from the library that are ordinary English words or names more often
# than places: they match only when written with a capital letter, or not at all.
CASE_SENSITIVE = frozenset({
    "chad", "turkey", "jordan", "georgia", "guinea", "polish", "china", "victoria", "hamilton", "stanley",
    "plymouth", "kingston", "georgetown", "jamestown", "the valley", "male", "avarua", "nice", "split",
    "mobile", "reading", "bath", "normal", "quad", "union", "the union", "who", "korean", "korea",
    "olympic", "jo", "bri", "hormuz",
    # "meeting" in French, Spanish, Portuguese and Italian
    "reunion", "la reunion", "reuniao", "riunione",
})
NEVER = frozenset({"victoria", "the valley", "male", "hamilton", "stanley", "plymouth", "pest", "jos", "aba", "kota",
                   "bannu", "puxi", "putuo", "malingao", "budta", "guankou", "camayenne", "pikine", "minhang",
                   "jiading", "pudong", "kowloon", "new territories", "hong kong island", "luohu district"})

# The curated entities' names in the other languages of the multilingual
# model (German, Spanish, Italian, Dutch, Polish, Portuguese, Russian,
# Turkish, Arabic, Korean, Thai, Chinese simplified and traditional), as
# newspapers in those languages write them. Countries, continents, the EU and
# the UN need none: CLDR (``babel``) names them.
TRANSLATIONS: dict[str, tuple[str, ...]] = {
    "org:nato": ("NAVO", "НАТО", "الناتو", "ناتو", "حلف شمال الأطلسي", "나토", "북대서양조약기구", "นาโต้", "เนโท",
                 "北约", "北大西洋公约组织", "北約", "北大西洋公約組織", "Nordatlantikpakt", "Sojusz Północnoatlantycki"),
    "org:asean": ("ANSEA", "АСЕАН", "آسيان", "الآسيان", "رابطة دول جنوب شرق آسيا", "아세안", "동남아시아국가연합",
                  "อาเซียน", "东盟", "东南亚国家联盟", "東協", "東盟", "東南亞國家協會"),
    "org:unsc": ("Sicherheitsrat", "UN-Sicherheitsrat", "Consejo de Seguridad", "Consiglio di sicurezza",
                 "Veiligheidsraad", "Rada Bezpieczeństwa", "Conselho de Segurança", "Совет Безопасности", "СБ ООН",
                 "Güvenlik Konseyi", "مجلس الأمن", "안보리", "안전보장이사회", "คณะมนตรีความมั่นคง", "安理会",
                 "安全理事会", "安理會", "安全理事會"),
    "org:african-union": ("Afrikanische Union", "Unión Africana", "Unione africana", "Afrikaanse Unie",
                          "Unia Afrykańska", "União Africana", "Африканский союз", "Afrika Birliği", "الاتحاد الأفريقي",
                          "아프리카연합", "สหภาพแอฟริกา", "非洲联盟", "非盟", "非洲聯盟"),
    "agreement:jcpoa": ("PAIC", "СВПД", "이란 핵합의", "伊核协议", "伊朗核协议", "伊朗核協議", "伊核協議"),
    "agreement:npt": ("Atomwaffensperrvertrag", "Nichtverbreitungsvertrag", "NVV", "Tratado de No Proliferación",
                      "Trattato di non proliferazione", "Non-proliferatieverdrag", "Nonproliferatieverdrag",
                      "Układ o nierozprzestrzenianiu broni jądrowej", "Tratado de Não Proliferação", "ДНЯО",
                      "Договор о нераспространении ядерного оружия", "Nükleer Silahların Yayılmasını Önleme Antlaşması",
                      "معاهدة عدم الانتشار", "معاهدة عدم انتشار الأسلحة النووية", "핵확산금지조약", "핵비확산조약",
                      "สนธิสัญญาไม่แพร่ขยายอาวุธนิวเคลียร์", "不扩散核武器条约", "核不扩散条约", "不擴散核武器條約",
                      "核不擴散條約"),
    "initiative:bri": ("Neue Seidenstraße", "Franja y la Ruta", "Nueva Ruta de la Seda", "Nuova via della seta",
                       "Nieuwe Zijderoute", "Nowy Jedwabny Szlak", "Nova Rota da Seda", "Cinturão e Rota",
                       "Один пояс, один путь", "Новый шёлковый путь", "Kuşak ve Yol", "الحزام والطريق", "일대일로",
                       "หนึ่งแถบหนึ่งเส้นทาง", "一带一路", "一帶一路"),
    "event:olympics": ("Olympische Spiele", "Juegos Olímpicos", "Olimpiadi", "Giochi olimpici", "Olympische Spelen",
                       "igrzyska olimpijskie", "Jogos Olímpicos", "Olimpíadas", "Олимпийские игры", "Олимпиада",
                       "Olimpiyat Oyunları", "الألعاب الأولمبية", "الأولمبياد", "올림픽", "โอลิมปิก", "奥运会",
                       "奥林匹克", "奧運", "奧林匹克"),
    "issue:abductions": ("Entführungen", "Entführungsfrage", "secuestros", "secuestro", "rapimenti", "rapimento",
                         "ontvoeringen", "ontvoering", "uprowadzenia", "uprowadzenie", "porwania", "sequestros",
                         "sequestro", "raptos", "похищения", "похищение", "kaçırılma", "kaçırılanlar", "الاختطاف",
                         "المختطفين", "납치", "ลักพาตัว", "绑架", "綁架"),
    "region:indo-pacific": ("Indo-Pacifico", "Indo-Pacyfik", "Индо-Тихоокеанский", "Hint-Pasifik",
                            "المحيطين الهندي والهادئ", "인도태평양", "인도-태평양", "อินโด-แปซิฟิก", "อินโดแปซิฟิก", "印太"),
    "sea:south-china-sea": ("Südchinesisches Meer", "Südchinesischen Meer", "mar de China Meridional",
                            "Mar Cinese Meridionale", "Zuid-Chinese Zee", "Morze Południowochińskie",
                            "mar do Sul da China", "Южно-Китайское море", "Güney Çin Denizi", "بحر الصين الجنوبي",
                            "남중국해", "ทะเลจีนใต้", "南中国海", "南中國海"),
    "sea:east-china-sea": ("Ostchinesisches Meer", "Ostchinesischen Meer", "mar de China Oriental",
                           "Mar Cinese Orientale", "Oost-Chinese Zee", "Morze Wschodniochińskie", "mar da China Oriental",
                           "Восточно-Китайское море", "Doğu Çin Denizi", "بحر الصين الشرقي", "동중국해",
                           "ทะเลจีนตะวันออก", "东中国海", "東中國海"),
    "sea:taiwan-strait": ("Taiwanstraße", "Straße von Taiwan", "estrecho de Taiwán", "stretto di Taiwan",
                          "Straat Taiwan", "Cieśnina Tajwańska", "estreito de Taiwan", "Тайваньский пролив",
                          "Tayvan Boğazı", "مضيق تايوان", "대만해협", "대만 해협", "타이완 해협", "ช่องแคบไต้หวัน", "台灣海峽",
                          "臺灣海峽"),
    "region:xinjiang": ("Uiguren", "uigures", "uiguri", "Oeigoeren", "Sinciang", "Ujgurowie", "Ujgurów", "Синьцзян",
                        "уйгуры", "уйгуров", "Sincan", "Uygur", "Uygurlar", "شينجيانغ", "الإيغور", "الأويغور",
                        "신장 위구르", "위구르", "ซินเจียง", "อุยกูร์", "维吾尔", "維吾爾"),
    "region:crimea": ("Krim", "Crimea", "Krym", "Crimeia", "Крым", "Kırım", "القرم", "크림반도", "ไครเมีย", "克里米亚",
                      "克里米亞"),
    "region:middle-east": ("Naher Osten", "Nahost", "Oriente Medio", "Medio Oriente", "Midden-Oosten",
                           "Bliski Wschód", "Médio Oriente", "Oriente Médio", "Ближний Восток", "Orta Doğu",
                           "الشرق الأوسط", "중동", "ตะวันออกกลาง", "中东", "中東"),
}
