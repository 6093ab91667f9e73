"""A small hand-written Vietnamese–English lexicon of news words used as anchors.

Each entry names a concept, the Vietnamese phrases that express it (with
diacritics; lower case, or capitalised where only the capitalised form is the
name, as "Pháp" for France) and the English word forms that do. Only words whose
translation is stable in news text are listed: countries and places whose names
differ between the languages, weekdays, scale words and frequent news nouns.
A concept found on both sides of a candidate link is evidence for it.
"""
from __future__ import annotations

import re
from functools import lru_cache

_ENTRIES = """
usa: Mỹ, Hoa Kỳ | us, usa, america, american, americans, washington
china: Trung Quốc | china, chinese, beijing
japan: Nhật Bản, Nhật | japan, japanese
korea: Hàn Quốc, Triều Tiên, Bình Nhưỡng, Seoul | korea, korean, koreans, pyongyang, seoul
russia: Nga, Liên Xô | russia, russian, russians, soviet, moscow, kremlin
france: Pháp | france, french
germany: nước Đức, người Đức, tiếng Đức, Đức quốc xã, Cộng hòa Liên bang Đức | germany, german, germans
britain: Vương quốc Anh, nước Anh, Anh Quốc, người Anh, tiếng Anh, Luân Đôn | britain, british, uk, england, english, london
italy: nước Ý, người Ý, tiếng Ý, Italia | italy, italian, italians, rome
spain: tây ban nha | spain, spanish
portugal: bồ đào nha | portugal, portuguese
netherlands: hà lan | netherlands, dutch, holland
sweden: thụy điển | sweden, swedish
norway: na uy | norway, norwegian
denmark: đan mạch | denmark, danish
finland: phần lan | finland, finnish
switzerland: thụy sĩ | switzerland, swiss
poland: ba lan | poland, polish
greece: hy lạp | greece, greek, greeks
turkey: thổ nhĩ kỳ | turkey, turkish
egypt: ai cập | egypt, egyptian, egyptians
india: ấn độ | india, indian, indians
australia: Úc, Australia | australia, australian, australians
vietnam: việt nam | vietnam, vietnamese
thailand: thái lan | thailand, thai
cambodia: campuchia | cambodia, cambodian
laos: Lào | laos, lao
taiwan: đài loan | taiwan, taiwanese
hongkong: hồng kông | hong, kong
philippines: philippines | philippines, philippine, filipino
singapore: singapore | singapore, singaporean
saudi: ả rập xê út, ả-rập xê-út | saudi
africa: châu phi, nam phi | africa, african
europe: châu âu, liên minh châu âu | europe, european, eu
asia: châu á, đông nam á | asia, asian
america_continent: châu mỹ, mỹ latinh | americas, latin
middle_east: trung đông | middle, east
un: liên hợp quốc, liên hiệp quốc | un, united, nations
monday: thứ hai | monday
tuesday: thứ ba | tuesday
wednesday: thứ tư | wednesday
thursday: thứ năm | thursday
friday: thứ sáu | friday
saturday: thứ bảy | saturday
sunday: chủ nhật | sunday
president: tổng thống, chủ tịch | president, presidents, presidential, chairman
prime_minister: thủ tướng | premier, minister, prime
government: chính phủ | government, governments, administration
parliament: quốc hội, nghị viện | parliament, congress, assembly, lawmakers
minister: bộ trưởng | minister, ministers, secretary
police: cảnh sát, công an | police, policeman, officers
military: quân đội, binh sĩ, quân sự, lính | army, military, troops, soldiers, soldier
war: chiến tranh | war, wars
hospital: bệnh viện | hospital, hospitals, hospitalized
doctor: bác sĩ | doctor, doctors, physician, dr
school: trường học, nhà trường | school, schools
university: đại học | university, universities, college
student: học sinh, sinh viên | student, students, pupils
company: công ty, doanh nghiệp | company, companies, firm, firms, business
bank: ngân hàng | bank, banks
plane: máy bay | plane, planes, aircraft, airplane, jet
airport: sân bay | airport, airports
ship: tàu thủy, con tàu, tàu | ship, ships, boat, boats, vessel
car: xe hơi, ô tô, xe | car, cars, vehicle, vehicles, truck
train: tàu hỏa, đoàn tàu, tàu điện, đường sắt | train, trains, railway, railways, rail
earthquake: động đất | earthquake, earthquakes, quake
storm: bão | storm, storms, hurricane, typhoon, cyclone
flood: lũ lụt, lũ quét, mưa lũ, trận lũ | flood, floods, flooding
fire: hỏa hoạn, đám cháy, cháy, lửa | fire, fires, blaze, burning, flames
explosion: vụ nổ, nổ | explosion, explosions, blast, exploded
election: bầu cử, lá phiếu | election, elections, vote, voters, ballot
money: tiền | money, cash
oil: dầu | oil
gold: vàng | gold, golden
electricity: điện năng, dòng điện, mất điện, nhà máy điện | electricity, electric
house: ngôi nhà, nhà ở | house, houses, home, homes
children: trẻ em, trẻ con, con cái | children, child, kids
women: phụ nữ | women, woman
died: tử vong, thiệt mạng, chết, qua đời | died, dead, death, deaths, killed, kill
injured: bị thương | injured, wounded, injuries, hurt
accident: tai nạn | accident, accidents, crash
virus: virus, vi-rút | virus, viruses, viral
disease: dịch bệnh, bệnh | disease, diseases, illness, infection
vaccine: vắc-xin, vaccine, vắc xin | vaccine, vaccines
drug: thuốc | drug, drugs, medicine, medication
research: nghiên cứu | research, researchers, study, studies
scientist: nhà khoa học, khoa học | scientist, scientists, science, scientific
earth: trái đất | earth
moon: mặt trăng | moon
sun: mặt trời | sun, solar
space: không gian, vũ trụ | space, universe
satellite: vệ tinh | satellite, satellites
phone: điện thoại | phone, phones, telephone, smartphone
computer: máy tính | computer, computers
game: trò chơi | game, games
football: bóng đá | football, soccer
team: đội tuyển, đội | team, teams, squad
player: cầu thủ, vận động viên | player, players, athlete, athletes
champion: vô địch | champion, champions, championship
medal: huy chương | medal, medals
olympics: thế vận hội, olympic | olympic, olympics
prison: nhà tù, tù | prison, jail, prisoners, prisoner
court: tòa án, phiên tòa | court, courts, trial
law: luật, pháp luật | law, laws, legal
arrest: bắt giữ, bị bắt | arrested, arrest, detained
mountain: núi | mountain, mountains, mount
river: sông | river, rivers
sea: biển, đại dương | sea, ocean, oceans, seas
island: hòn đảo, quần đảo, đảo quốc | island, islands
lake: hồ nước, mặt hồ | lake, lakes
forest: rừng | forest, forests, jungle
city: thành phố | city, cities
village: làng | village, villages
dog: chó | dog, dogs
cat: mèo | cat, cats
bird: chim | bird, birds
horse: ngựa | horse, horses
elephant: voi | elephant, elephants
dinosaur: khủng long | dinosaur, dinosaurs
temperature: nhiệt độ | temperature, temperatures
rain: mưa | rain, rains, rainfall
snow: tuyết | snow
wind: gió | wind, winds
water: nước uống, nguồn nước | water
year: năm | year, years, annual
million: triệu | million, millions
billion: tỷ, tỉ | billion, billions
thousand: nghìn, ngàn | thousand, thousands
"""


def _parse_entries() -> tuple[dict[str, str], dict[str, str]]:
    vietnamese: dict[str, str] = {}
    english: dict[str, str] = {}
    for line in _ENTRIES.strip().splitlines():
        concept, rest = line.split(":", 1)
        vi_side, en_side = rest.split("|")
        for phrase in vi_side.split(","):
            vietnamese[phrase.strip()] = concept.strip()
        for form in en_side.split(","):
            english[form.strip()] = concept.strip()
    return vietnamese, english


VIETNAMESE_PHRASES, ENGLISH_FORMS = _parse_entries()


_HONORIFIC_AFTER = r"(?! (?:Vua|Giáo|Phật|Mẹ|Chúa|Đạt|Thánh))"


@lru_cache(maxsize=2)
def _vietnamese_pattern(capitalised: bool) -> re.Pattern[str]:
    """Phrases written with a capital (country names) match as written, the others in any case."""
    phrases = sorted((p for p in VIETNAMESE_PHRASES if (p != p.lower()) == capitalised), key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in phrases)
    return re.compile(
        r"(?<![\w-])(?:" + alternatives + r")(?![\w-])" + _HONORIFIC_AFTER, 0 if capitalised else re.IGNORECASE
    )


def vietnamese_concepts(text: str) -> list[tuple[int, int, str]]:
    """Concepts named in Vietnamese ``text`` as ``(start, end, concept)``, longest phrase first.

    Country names count only when capitalised ("Pháp" is France, "biện pháp" a measure).
    """
    found = []
    for capitalised in (True, False):
        for match in _vietnamese_pattern(capitalised).finditer(text):
            phrase = match.group() if capitalised else match.group().lower()
            found.append((match.start(), match.end(), VIETNAMESE_PHRASES[phrase]))
    return found


_UPPER_CASE_ONLY = frozenset({"us", "uk", "un", "eu"})


def english_concept(word: str) -> str | None:
    """The concept an English word form expresses, if the lexicon lists it.

    Abbreviations that are also common words ("US" and "us") count only in capitals.
    """
    lowered = re.sub(r"['’]s$", "", word.lower())
    if lowered in _UPPER_CASE_ONLY and not word.isupper():
        return None
    return ENGLISH_FORMS.get(lowered)
