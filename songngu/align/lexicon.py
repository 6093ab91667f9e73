"""A hand-written Vietnamese–English lexicon of news words used as anchors.

Each entry names a concept, the Vietnamese phrases that express it (with
diacritics; lower case, or capitalised where only the capitalised form is the
name, as "Pháp" for France) and the English word forms that do (base forms:
"cities" and "stopped" are read as "city" and "stop"). Only words whose
translation is stable in news text are listed: countries and places whose names
differ between the languages, weekdays, scale words, and the general vocabulary
of news (verbs of saying and acting, people, places, things, qualities). Function
words and most Vietnamese syllables that are also common in personal names are left
out. A concept found on both sides of a candidate link is evidence for it; one
found on a single side, evidence against it.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from songngu.align.normalize import canonical_tones

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
middle_east: trung đông, phía đông, miền đông, phương đông | middle, east, eastern
un: liên hợp quốc, liên hiệp quốc | un, united, nations
monday: thứ hai | monday
tuesday: thứ ba | tuesday
wednesday: thứ tư | wednesday
thursday: thứ năm | thursday
friday: thứ sáu | friday
saturday: thứ bảy | saturday
sunday: chủ nhật | sunday
president: tổng thống, chủ tịch | president, presidents, presidential, chairman
prime_minister: thủ tướng | premier, prime
government: chính phủ | government, governments, administration
parliament: quốc hội, nghị viện | parliament, congress, assembly, lawmakers
minister: bộ trưởng, thư ký, tổng thư ký | minister, ministers, secretary, ministry
police: cảnh sát, công an | police, policeman, officers
military: quân đội, binh sĩ, quân sự, lính, binh lính | army, military, troops, soldiers, soldier
war: chiến tranh, nội chiến | war, wars, wartime
hospital: bệnh viện, nhập viện | hospital, hospitals, hospitalized, hospitalised
doctor: bác sĩ | doctor, doctors, physician, dr
school: trường học, nhà trường | school, schools
university: đại học | university, universities, college
student: học sinh, sinh viên | student, students, pupils
company: công ty, doanh nghiệp, tập đoàn | company, companies, firm, firms, business, corporation
bank: ngân hàng | bank, banks
plane: máy bay | plane, planes, aircraft, airplane, jet
airport: sân bay | airport, airports
ship: tàu thủy, con tàu, tàu, thuyền | ship, ships, boat, boats, vessel
car: xe hơi, ô tô, xe | car, cars, vehicle, vehicles, truck
train: tàu hỏa, đoàn tàu, tàu điện, đường sắt | train, trains, railway, railways, rail
earthquake: động đất | earthquake, earthquakes, quake
storm: bão | storm, storms, hurricane, typhoon, cyclone
flood: lũ lụt, lũ quét, mưa lũ, trận lũ | flood, floods, flooding
fire: hỏa hoạn, đám cháy, cháy, lửa | fire, fires, blaze, burning, flames
explosion: vụ nổ, nổ | explosion, explosions, blast, exploded
election: bầu cử, lá phiếu, bỏ phiếu, cử tri | election, elections, vote, voters, ballot, elect
money: tiền | money, cash
oil: dầu | oil
gold: vàng | gold, golden
electricity: điện năng, dòng điện, mất điện, nhà máy điện | electricity, electric
house: ngôi nhà, nhà ở | house, houses, home, homes
children: trẻ em, trẻ con, con cái | children, child, kids
women: phụ nữ | women, woman
died: tử vong, thiệt mạng, chết, qua đời, giết, sát hại | died, dead, death, deaths, killed, kill, die
injured: bị thương | injured, wounded, injuries, hurt
accident: tai nạn | accident, accidents, crash
virus: virus, vi-rút | virus, viruses, viral
disease: dịch bệnh, bệnh, lây nhiễm, nhiễm bệnh, mắc bệnh, căn bệnh | disease, diseases, illness, infection, infect, infected, sick, ill
vaccine: vắc-xin, vaccine, vắc xin, tiêm chủng, tiêm phòng | vaccine, vaccines, vaccinate, vaccination, jab
drug: thuốc, ma túy, ma tuý | drug, drugs, medicine, medication
research: nghiên cứu | research, researchers, study, studies
scientist: nhà khoa học, khoa học | scientist, scientists, science, scientific
earth: trái đất | earth
moon: mặt trăng | moon
sun: mặt trời | sun, solar
space: không gian, vũ trụ, tàu vũ trụ | space, universe, spacecraft
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
law: luật, pháp luật, dự luật | law, laws, legal, legislation
arrest: bắt giữ, bị bắt, giam giữ, tạm giam | arrested, arrest, detained, detain, custody
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

# General news vocabulary: verbs of saying and acting, people, places, things, qualities.
_COMMON_ENTRIES = """
say: cho biết, nói, nói rằng, phát biểu | say, said, says, tell, told, speak, spoke, spoken, added
announce: thông báo, công bố, loan báo | announce, announcement, notify, notification, publish, unveil
declare: tuyên bố | declare, declaration, statement
confirm: xác nhận, khẳng định | confirm, confirmation, affirm, insist, verify
deny: phủ nhận, bác bỏ, bác | deny, denial, reject, rejection, dismiss
stress: nhấn mạnh | stress, emphasise, emphasize, underline
urge: kêu gọi | urge, appeal, call
request: yêu cầu, đề nghị, đòi hỏi | request, ask, asked, demand, require, requirement
propose: đề xuất, kiến nghị, gợi ý | propose, proposal, recommend, recommendation, suggest, suggestion
warn: cảnh báo, cảnh cáo | warn, warning, alert, caution
comment: bình luận | comment, remark
respond: phản hồi, trả lời, đáp lại, phản ứng, hồi đáp | respond, response, reply, answer, react, reaction
refuse: từ chối, khước từ | refuse, refusal, decline
explain: giải thích, lý giải | explain, explanation
report: đưa tin, tường thuật, báo cáo | report, reporting, coverage
reporter: phóng viên, nhà báo | reporter, journalist, correspondent
media: báo chí, truyền thông, tờ báo, cơ quan báo chí | media, press, newspaper
news: tin tức, bản tin | news, bulletin
information: thông tin | information, info
detail: chi tiết, cụ thể | detail, specific, specifically
question: câu hỏi, thắc mắc | question, query
discuss: thảo luận, bàn bạc, bàn về, trao đổi | discuss, discussion, exchange
negotiate: đàm phán, thương lượng, hội đàm | negotiate, negotiation, talks
meet: gặp, gặp gỡ, hội kiến, tiếp kiến, gặp mặt | meet, met
meeting: cuộc họp, hội nghị, phiên họp, hội thảo, cuộc gặp | meeting, conference, summit, session, seminar
agree: đồng ý, nhất trí, tán thành, thỏa thuận, thoả thuận | agree, agreement, accord, deal, consent
sign: ký, kí, ký kết | sign, signing, signature
decide: quyết định | decide, decision
plan: kế hoạch, dự định, lên kế hoạch | plan, planning, scheme
expect: dự kiến, kỳ vọng, mong đợi, dự báo | expect, expectation, forecast, predict, prediction
begin: bắt đầu, khởi động, khởi công, mở đầu, phóng | begin, began, begun, start, launch
end: kết thúc, chấm dứt, hoàn thành | end, ending, finish, complete, conclude, conclusion
continue: tiếp tục, vẫn tiếp tục | continue, resume, ongoing
stop: dừng, ngừng, dừng lại, tạm dừng, đình chỉ, tạm ngừng | stop, halt, suspend, suspension, pause
open: mở cửa, khai trương, khai mạc, mở lại, mở | open, opening, reopen, reopened
close: đóng cửa | closure, shut, shutdown, closed
build: xây dựng, xây, thi công | build, built, construct, construction
establish: thành lập, lập ra, thiết lập | establish, establishment, founded, founder, founding
create: tạo ra, sáng tạo, tạo nên | create, creation, creative
develop: phát triển | develop, development, developer
growth: tăng trưởng | growth, grow, grew, grown
increase: tăng, gia tăng, tăng lên, tăng thêm, nâng | increase, rise, rose, risen, raise, surge, higher
decrease: giảm, giảm xuống, sụt giảm, cắt giảm, hạ xuống | decrease, fall, fell, fallen, drop, reduce, reduction, lower, cut
help: giúp, giúp đỡ, hỗ trợ, viện trợ | help, assist, assistance, support, aid
protect: bảo vệ, che chở | protect, protection, defend, defense, defence
attack: tấn công, tập kích, vụ tấn công, đột kích | attack, assault, raid
fight: chiến đấu, giao tranh, đánh nhau, xung đột, giao chiến | fight, fought, fighting, battle, combat, clash, conflict
rescue: cứu hộ, cứu nạn, giải cứu, cứu sống, cứu | rescue, rescuer, save, saved
evacuate: sơ tán, di tản, di dời | evacuate, evacuation, relocate
investigate: điều tra, thanh tra, làm rõ | investigate, investigation, investigator, probe, inquiry, clarify
accuse: cáo buộc, buộc tội, tố cáo | accuse, accusation, allege, allegation, allegedly
sentence: tuyên án, kết án, án tù, bản án, xét xử | sentence, sentenced, convict, conviction, verdict
crime: tội phạm, phạm tội, tội ác, vi phạm | crime, criminal, violate, violation, offence, offense
victim: nạn nhân | victim
suspect: nghi phạm, nghi can, kẻ tình nghi | suspect
lawyer: luật sư | lawyer, attorney
judge: thẩm phán, quan tòa, quan toà | judge, justice
case: vụ án, vụ việc, trường hợp, ca nhiễm, ca bệnh | case
lawsuit: vụ kiện, khởi kiện, kiện tụng | lawsuit, sue, sued, litigation
incident: sự cố, sự việc, sự kiện, biến cố | incident, event
cause: nguyên nhân, gây ra, dẫn đến | cause, caused
reason: lý do, lí do | reason
result: kết quả | result, outcome
effect: ảnh hưởng, tác động, hậu quả | effect, impact, affect, influence, consequence
problem: vấn đề, rắc rối | problem, issue, trouble
risk: rủi ro, nguy cơ, đe dọa, đe doạ, uy hiếp | risk, threat, threaten
danger: nguy hiểm | danger, dangerous
safe: an toàn | safe, safety, safely
security: an ninh | security, secure
health: sức khỏe, sức khoẻ | health, healthy
medical: y tế, y khoa, y học | medical, healthcare
patient: bệnh nhân, người bệnh | patient
treat: điều trị, chữa, chữa trị, chữa bệnh | treat, treatment, cure
test: xét nghiệm, thử nghiệm | test, testing, experiment
check: kiểm tra, giám sát, theo dõi | check, inspect, inspection, examine, monitor, monitoring
pandemic: đại dịch, dịch | pandemic, epidemic, outbreak
people: người dân, nhân dân, dân chúng, cư dân, công dân | people, residents, citizens, public, citizen, resident
population: dân số | population, inhabitants
official: quan chức, giới chức, chính quyền, nhà chức trách, cơ quan chức năng, giới chức trách | official, officials, authorities, authority
leader: lãnh đạo, nhà lãnh đạo, người đứng đầu | leader, leadership
expert: chuyên gia, giới chuyên môn, nhà phân tích | expert, specialist, analyst
spokesperson: người phát ngôn, phát ngôn viên | spokesperson, spokesman, spokeswoman
representative: đại diện, đại biểu, phái đoàn | representative, represent, delegate, delegation
member: thành viên, hội viên | member, membership
worker: công nhân, người lao động, nhân viên, lao động, cán bộ | worker, employee, staff, labor, labour
farmer: nông dân | farmer
farm: nông trại, trang trại, nông nghiệp | farm, agriculture, agricultural
teacher: giáo viên, thầy giáo, cô giáo, giảng viên | teacher, lecturer
family: gia đình, người thân | family, relatives
wife: vợ | wife
husband: chồng | husband
son: con trai | son, boy
daughter: con gái | daughter, girl
mother: mẹ, người mẹ | mother, mom, mum
father: người cha, cha | father, dad
friend: bạn bè, người bạn | friend
man: đàn ông, nam giới | man, men, male
female: nữ giới, nữ | female
elderly: người già, cao tuổi, người cao tuổi | elderly, old
young: giới trẻ, thanh niên, trẻ tuổi | young, youth
baby: em bé, trẻ sơ sinh | baby, infant, newborn
tourist: du khách, khách du lịch | tourist, visitor
tourism: du lịch | tourism, travel, trip, tour
fan: người hâm mộ, cổ động viên | fan, supporter
king: vua, nhà vua | king
queen: nữ hoàng | queen
royal: hoàng gia | royal
religion: tôn giáo | religion, religious
church: nhà thờ, giáo hội | church
temple: ngôi đền, đền thờ, chùa | temple, pagoda, shrine
country: quốc gia, đất nước | country, countries, nation, national
province: tỉnh, tỉnh thành | province, provincial
district: quận, huyện | district
capital: thủ đô | capital
region: khu vực, vùng, vùng miền | region, area, zone, regional
border: biên giới | border, frontier
road: con đường, tuyến đường, đường phố, đường cao tốc, quốc lộ | road, street, highway, route
bridge: cây cầu | bridge
building: tòa nhà, toà nhà, công trình | building, tower
factory: nhà máy, xí nghiệp, xưởng | factory, plant, mill
market: thị trường, chợ | market
shop: cửa hàng, siêu thị | shop, store, supermarket
hotel: khách sạn | hotel
restaurant: nhà hàng, quán ăn | restaurant
office: văn phòng, trụ sở | office, headquarters
stadium: sân vận động | stadium, arena
port: bến cảng | port, harbour, harbor
park: công viên | park
museum: bảo tàng | museum
land: đất đai, mặt đất, đất | land, ground, soil
world: thế giới, toàn cầu | world, global, worldwide
international: quốc tế | international
environment: môi trường | environment, environmental
climate: khí hậu | climate
weather: thời tiết | weather
heat: nắng nóng, nóng | heat, hot, heatwave
cold: lạnh, rét, giá rét | cold, freezing
pollution: ô nhiễm | pollution, polluted, pollute
energy: năng lượng | energy
gas: khí đốt | gas
coal: than đá | coal
nuclear: hạt nhân | nuclear
weapon: vũ khí | weapon, arms
missile: tên lửa | missile, rocket
bomb: bom, quả bom | bomb, bombing
gun: súng | gun, rifle, firearm
shoot: nổ súng, bắn | shoot, shot, shooting
navy: hải quân | navy, naval
base: căn cứ | base
enemy: kẻ thù, đối phương, quân địch, địch | enemy, hostile
protest: biểu tình | protest, protester, demonstration, demonstrator
oppose: phản đối, chống lại | oppose, opposition, against
strike: đình công | strike
party: đảng, chính đảng | party
policy: chính sách | policy
economy: kinh tế, nền kinh tế | economy, economic
trade: thương mại, buôn bán, giao thương | trade, commerce, commercial
export: xuất khẩu | export
import: nhập khẩu | import
tax: thuế | tax, tariff
price: giá, giá cả | price, cost
assess: đánh giá | assess, assessment, evaluate, evaluation
value: giá trị | value, worth, valuable
expense: chi phí | expense, expenditure, spending, spend, spent
budget: ngân sách | budget
invest: đầu tư | invest, investment, investor
profit: lợi nhuận, lãi | profit
revenue: doanh thu | revenue, sales
debt: nợ, khoản nợ | debt
loan: khoản vay, cho vay, vay | loan, lend, borrow
fund: quỹ | fund, funding
salary: lương, tiền lương | salary, wage, pay
job: việc làm | job, employment
unemployment: thất nghiệp | unemployment, unemployed, jobless
poor: nghèo, nghèo đói, đói nghèo | poor, poverty
rich: giàu, giàu có | rich, wealthy, wealth
food: thực phẩm, lương thực, đồ ăn, món ăn, thức ăn | food, meal
rice: gạo, lúa, cơm | rice
eat: ăn | eat, ate, eaten
drink: uống | drink, drank, drunk
sleep: ngủ | sleep, slept
walk: đi bộ | walk
run: chạy | run, ran, running
fly: bay, chuyến bay | fly, flew, flown, flight
transport: giao thông, vận tải, vận chuyển, đi lại | transport, transportation, traffic
passenger: hành khách | passenger
driver: tài xế, lái xe, người lái | driver, drive, drove, driven
ticket: vé | ticket
penalty: xử phạt, tiền phạt, phạt | penalty, punish, punishment, fined
regulation: quy định, quy tắc | regulation, rule
allow: cho phép | allow, permit, permission
ban: cấm, lệnh cấm | ban, prohibit, forbid, forbidden
order: ra lệnh, chỉ đạo, mệnh lệnh, lệnh | ordered, command, instruct, instruction
document: tài liệu, văn bản, hồ sơ | document, file
letter: bức thư, lá thư, thư | letter
internet: internet, trực tuyến, mạng internet | internet, online, website, web
social: xã hội, mạng xã hội | social, society
technology: công nghệ, kỹ thuật, kĩ thuật | technology, technical, tech, engineering
software: ứng dụng, phần mềm | app, application, software
data: dữ liệu, số liệu, thống kê | data, statistics, figures
system: hệ thống | system
network: mạng lưới | network
product: sản phẩm, hàng hóa, hàng hoá, mặt hàng | product, goods
produce: sản xuất | produce, production, manufacture, manufacturing, producer
sell: bán, bán ra | sell, sold, sale
buy: mua, mua sắm | buy, bought, purchase, shopping
customer: khách hàng | customer, client
consumer: người tiêu dùng, tiêu dùng | consumer, consumption
service: dịch vụ | service
quality: chất lượng | quality
level: mức độ, mức | level, rate
half: một nửa, nửa | half
double: gấp đôi | double, twice
first: đầu tiên, lần đầu, thứ nhất | first
last: cuối cùng | last, final, finally
new: mới | new, newly
former: cựu | former
big: lớn, to lớn, khổng lồ | big, large, major, huge, giant
small: nhỏ, nhỏ bé | small, little, tiny, minor
high: cao | high, tall, height
low: thấp | low
long: dài, lâu | long, length
short: ngắn | short, brief
fast: nhanh, nhanh chóng | fast, quick, quickly, rapid, rapidly
delay: chậm trễ, trì hoãn, hoãn | delay, postpone
important: quan trọng | important, importance, crucial, significant
difficult: khó khăn, khó | difficult, difficulty, hardship
easy: dễ dàng, dễ | easy, easily
good: tốt | good, better, best
bad: xấu, tồi tệ, tệ | bad, worse, worst
improve: cải thiện, nâng cao, cải tiến | improve, improvement, enhance
happy: vui mừng, hạnh phúc, vui vẻ, vui | happy, happiness, glad, delighted, joy
sad: buồn, đau buồn | sad, sadness, grief
worry: lo ngại, lo lắng, lo sợ, quan ngại, sợ | fear, afraid, worry, worried, concern, concerned, anxious
surprise: bất ngờ, ngạc nhiên | surprise, surprised, surprising, unexpected
hope: hy vọng, hi vọng, mong muốn | hope, wish
believe: tin rằng, tin tưởng, niềm tin | believe, belief, trust
think: cho rằng, nghĩ, suy nghĩ | think, thought
consider: xem xét, cân nhắc | consider, consideration, review
know: biết, hiểu, hiểu biết | know, knew, known, understand, understood, knowledge
want: muốn | want
need: cần, cần thiết, nhu cầu | need, necessary
try: cố gắng, nỗ lực | try, tried, effort, attempt
use: sử dụng, dùng | use, usage
change: thay đổi, đổi, biến đổi | change, shift
keep: giữ, duy trì, giữ nguyên | keep, kept, maintain, retain, remain
lose: thua, thất bại, thua cuộc | lose, lost, loss, fail, failure
win: chiến thắng, giành chiến thắng, thắng lợi, đánh bại | win, won, victory, winner, defeat, beat
score: ghi bàn, bàn thắng | score, scored, scoring
match: trận đấu | match
season: mùa giải, mùa | season
coach: huấn luyện viên | coach
club: câu lạc bộ | club
tournament: giải đấu | tournament, league
sport: thể thao | sport, sports
music: âm nhạc, nhạc | music, musical
song: bài hát, ca khúc | song
singer: ca sĩ | singer
film: bộ phim, phim, điện ảnh | film, movie, cinema
actor: diễn viên | actor, actress
book: cuốn sách, sách | book
art: nghệ thuật | art, arts
artist: nghệ sĩ, họa sĩ, hoạ sĩ | artist, painter
culture: văn hóa, văn hoá | culture, cultural
history: lịch sử | history, historical, historic
tradition: truyền thống | tradition, traditional
festival: lễ hội | festival
ceremony: buổi lễ, nghi lễ | ceremony
language: ngôn ngữ | language
education: giáo dục | education, educational
learn: học tập, học hỏi | learn, learning
exam: kỳ thi, kì thi | exam
contest: cuộc thi, thi đấu, cạnh tranh | contest, competition, compete
age: độ tuổi, tuổi | age, aged
birth: ra đời, chào đời, sinh ra | born, birth
body: cơ thể, thi thể, thân thể | body, corpse
blood: máu | blood
heart: trái tim, tim | heart
brain: bộ não, não | brain
cancer: ung thư | cancer
animal: động vật, con vật, thú cưng | animal, wildlife, pet
fish: cá | fish
individual: cá nhân | individual, personal
tree: cây cối, cây | tree, trees
flower: bông hoa, hoa tươi | flower
hometown: quê hương, quê nhà, quê | hometown, homeland
future: tương lai | future
past: quá khứ | past
today: hôm nay | today
yesterday: hôm qua | yesterday
tomorrow: ngày mai | tomorrow
week: tuần, tuần lễ | week, weekly
morning: buổi sáng, sáng nay, sáng qua | morning
evening: buổi tối, tối qua, tối nay | evening, tonight
night: ban đêm, đêm | night, overnight
hour: tiếng đồng hồ, giờ đồng hồ | hour
minute: phút | minute
century: thế kỷ, thế kỉ | century
time: thời gian | time
moment: thời điểm | moment
recently: gần đây, mới đây | recently, recent, lately
soon: sớm | soon, early
late: muộn, trễ | late
false: sai | false, wrong, fake
free: miễn phí | free
private: tư nhân | private
secret: bí mật | secret
open_air: ngoài trời | outdoor, outdoors
inside: bên trong, trong nhà | inside, indoor
firefighter: lính cứu hỏa, cứu hỏa, chữa cháy | firefighter
ambulance: xe cứu thương | ambulance
damage: thiệt hại, hư hỏng, tàn phá, phá hủy, phá huỷ | damage, destroy, destruction, destroyed
collapse: sập, đổ sập, sụp đổ | collapse
missing: mất tích | missing
search: tìm kiếm, tìm, truy tìm | search, seek, hunt
discover: phát hiện, khám phá | discover, discovery, detect, find, found
show: cho thấy, thể hiện | show, showed, shown, indicate, reveal
see: nhìn thấy, thấy, chứng kiến | see, saw, seen, witness
hear: nghe, nghe thấy | hear, heard, listen
write: viết, nhà văn | write, wrote, written, writer
read: đọc | read, reader
photo: bức ảnh, tấm ảnh, hình ảnh, chụp ảnh | photo, photograph, image, picture
video: đoạn video, video, clip | video, footage
camera: máy ảnh, máy quay, camera | camera
map: bản đồ | map
color: màu sắc, màu | color, colour
red: màu đỏ, đỏ | red
white: màu trắng, trắng | white
black: màu đen, đen | black
green: xanh lá, xanh | green
light: ánh sáng | light
dark: bóng tối, tối tăm | dark, darkness
sound: âm thanh, tiếng động | sound, noise
voice: giọng nói, giọng | voice
hand: bàn tay, cánh tay, đôi tay | hand, arm
eye: đôi mắt, con mắt | eye
wound: vết thương | wound
surgery: phẫu thuật, giải phẫu | surgery
recover: hồi phục, bình phục, phục hồi | recover, recovery
smoke: khói | smoke
dust: bụi | dust
dry: khô hạn, hạn hán, khô | dry, drought
wave: sóng | wave
wildfire: cháy rừng | wildfire
landslide: sạt lở, lở đất | landslide
volcano: núi lửa | volcano, volcanic, eruption
tsunami: sóng thần | tsunami
disaster: thảm họa, thảm hoạ, thiên tai | disaster, catastrophe
crisis: khủng hoảng | crisis
peace: hòa bình, hoà bình | peace, peaceful
freedom: tự do | freedom, liberty
right: quyền, quyền lợi | right, rights
power: quyền lực | power, powerful
independence: độc lập | independence, independent
democracy: dân chủ | democracy, democratic
control: kiểm soát | control, controlled
manage: quản lý, quản lí, điều hành | manage, management, manager, administer
organise: tổ chức | organise, organize, organization, organisation, organiser, organizer, hold, held
join: tham gia, tham dự, gia nhập | join, participate, participation, attend, attendance
visit: thăm, chuyến thăm, viếng thăm, đến thăm | visit, visited
travel_abroad: nước ngoài, ở nước ngoài | abroad, foreign, overseas
return: trở lại, quay lại, trở về, quay về, về nước | return, back
leave: rời, rời khỏi, ra đi | leave, left, depart, departure
arrive: đặt chân, có mặt | arrive, arrival, reach
live: sống, sinh sống | live, lived, living, life
die_out: tuyệt chủng | extinct, extinction
oil_price: xăng, xăng dầu | petrol, gasoline, fuel
motorbike: xe máy | motorbike, motorcycle, scooter
bicycle: xe đạp | bicycle, bike
bus: xe buýt | bus
fishing: đánh bắt, ngư dân | fishing, fishermen, fisherman
sea_area: vùng biển | waters
territory: lãnh thổ, chủ quyền | territory, sovereignty, territorial
diplomacy: ngoại giao, quan hệ ngoại giao | diplomacy, diplomatic, diplomat, relations
ambassador: đại sứ, đại sứ quán | ambassador, embassy
cooperation: hợp tác | cooperation, cooperate, partnership, partner
relationship: mối quan hệ, quan hệ | relationship, relation
alliance: liên minh, đồng minh | alliance, ally, allies
sanction: trừng phạt, lệnh trừng phạt | sanction, sanctions
terrorism: khủng bố | terrorism, terrorist, terror
intelligence: tình báo | intelligence, spy
refugee: người tị nạn, tị nạn, người di cư, di cư | refugee, asylum, migrant, migration, immigrant
hostage: con tin | hostage
project: dự án | project
program: chương trình | program, programme
activity: hoạt động | activity, active, operate, operation
opportunity: cơ hội | opportunity, chance
challenge: thách thức | challenge
measure: biện pháp, giải pháp | measure, solution, step
target: mục tiêu | target, goal, aim
strategy: chiến lược | strategy, strategic
mission: nhiệm vụ | mission, task, duty
responsibility: trách nhiệm | responsibility, responsible
opinion: ý kiến, quan điểm | opinion, view
condition: điều kiện | condition
list: danh sách | list
literature: văn học | literature, literary
semifinal: bán kết | semifinal, semi
peninsula: bán đảo | peninsula
compensation: đền bù, bồi thường | compensation, compensate
maximum: tối đa | maximum
minimum: tối thiểu | minimum
library: thư viện | library
complain: than phiền, phàn nàn, khiếu nại | complain, complaint
interest: quan tâm, lãi suất | interest
success: thành công | success, successful, succeed
mistake: sai lầm, lỗi, sai sót | mistake, error, fault
apologise: xin lỗi | apologise, apologize, apology, sorry
thanks: cảm ơn, cám ơn | thank, thanks, grateful
congratulate: chúc mừng | congratulate, congratulations
celebrate: ăn mừng, kỷ niệm, kỉ niệm | celebrate, celebration, anniversary, commemorate
honour: vinh danh, tôn vinh | honour, honor
award: giải thưởng, trao giải | award, prize
record: kỷ lục, kỉ lục | record
average: trung bình | average
total: tổng cộng, tổng số | total
dollar: đô la, USD, đồng đô la | dollar
community: cộng đồng | community
council: hội đồng | council, board
committee: ủy ban, uỷ ban | committee, commission
agency: cơ quan | agency
union: công đoàn | union
brand: thương hiệu | brand
industry: ngành, công nghiệp | industry, industrial, sector
speed: tốc độ | speed
distance: khoảng cách | distance
size: kích thước, quy mô | size, scale
weight: cân nặng, trọng lượng | weight, weigh
north: miền bắc, phía bắc, phương bắc | north, northern
south: miền nam, phía nam, phương nam | south, southern
west: miền tây, phía tây, phương tây | west, western
centre: trung tâm | center, centre, central
local: địa phương | local
rural: nông thôn | rural, countryside
urban: đô thị | urban
neighbour: hàng xóm, láng giềng | neighbour, neighbor, neighbouring, neighboring
guest: khách mời, vị khách | guest
audience: khán giả | audience, spectator, viewer
crowd: đám đông | crowd
owner: chủ sở hữu, chủ nhân | owner
director: giám đốc | director, ceo, executive
mayor: thị trưởng | mayor
governor: thống đốc | governor
nurse: y tá, điều dưỡng | nurse
engineer: kỹ sư, kĩ sư | engineer
pilot: phi công | pilot
astronaut: phi hành gia | astronaut
priest: linh mục, mục sư | priest, pastor
monk: nhà sư, thầy tu | monk
poet: nhà thơ | poet
professor: giáo sư | professor
expand: mở rộng | expand, expansion, extend
contribute: đóng góp | contribute, contribution
prepare: chuẩn bị | prepare, preparation, ready
implement: thực hiện, triển khai, tiến hành | implement, implementation, conduct, perform, carry, deploy, deployment
include: bao gồm | include, including
achieve: đạt được | achieve, achievement, attain
receive: nhận được, tiếp nhận | receive
send: gửi | send, sent
give: trao tặng, tặng, trao | give, gave, given, donate, donation, grant
invite: mời | invite, invitation
welcome: chào đón, đón tiếp, đón | welcome, greet
choose: lựa chọn, chọn | choose, chose, chosen, select, selection, choice, option
connect: kết nối | connect, connection
ensure: bảo đảm, đảm bảo | ensure, guarantee
promote: thúc đẩy, khuyến khích | promote, boost, encourage
prevent: ngăn chặn, ngăn ngừa, phòng ngừa, phòng chống | prevent, prevention, curb
cope: đối phó, ứng phó | cope, tackle, handle
solve: giải quyết | solve, resolve, settle
resolution: nghị quyết | resolution
accept: chấp nhận | accept, acceptance
commit: cam kết, hứa | commit, commitment, pledge, promise
work: làm việc | work, worked, working
retire: nghỉ hưu | retire, retirement
candidate: ứng cử viên, ứng viên | candidate
campaign: chiến dịch | campaign
reform: cải cách | reform
constitution: hiến pháp | constitution, constitutional
license: giấy phép | license, licence
contract: hợp đồng | contract
stock: cổ phiếu, chứng khoán | shares, stock
share: chia sẻ | share
inflation: lạm phát | inflation
symptom: triệu chứng | symptom
tobacco: thuốc lá, hút thuốc | cigarette, tobacco, smoking, smoker
alcohol: rượu, bia, rượu bia | alcohol, beer, wine, liquor
waste: rác, rác thải, chất thải | waste, garbage, trash, rubbish
plastic: nhựa | plastic
emission: khí thải, phát thải | emission, emit
carbon: các-bon, cacbon, carbon | carbon
coast: bờ biển, ven biển | coast, coastal, shore
beach: bãi biển | beach
sand: cát | sand
steel: thép, sắt | steel, iron
tennis: quần vợt | tennis
basketball: bóng rổ | basketball
swim: bơi, bơi lội | swim, swimming, swimmer
race: cuộc đua, đua | race, racing
point: điểm | point
location: địa điểm, vị trí | location, site, venue, position
planet: hành tinh | planet
star: ngôi sao | star
species: loài | species
insect: côn trùng | insect
monkey: khỉ | monkey, ape, primate
shark: cá mập | shark
lion: sư tử | lion
tiger: hổ, cọp | tiger
mouse: chuột | mouse, mice, rat
cow: bò | cow, cattle, beef
pig: lợn, heo | pig, pork, swine
chicken: gà | chicken, poultry
egg: trứng | egg
milk: sữa | milk, dairy
meat: thịt | meat
vegetable: rau | vegetable
fruit: trái cây, hoa quả | fruit
salt: muối | salt
rob: cướp | rob, robbery, robber
steal: trộm, ăn cắp, đánh cắp | steal, stole, stolen, theft, thief
fraud: lừa đảo | fraud, scam
corruption: tham nhũng, hối lộ | corruption, corrupt, bribe, bribery
smuggle: buôn lậu | smuggle, smuggling, trafficking
violence: bạo lực | violence, violent
sexual: tình dục | sexual, sex
execute: tử hình, án tử hình | execute, execution
state: nhà nước | state
communist: cộng sản | communist, communism
regime: chế độ | regime
revolution: cách mạng | revolution, revolutionary
class: lớp học, lớp | class, classroom
lesson: bài học | lesson
robot: robot, rô-bốt | robot
airline: hãng hàng không, hàng không | airline, aviation
station: nhà ga, bến xe | station
symbol: biểu tượng | symbol, icon
supply: cung cấp, cung ứng | supply, provide, provision
"""


def _parse_entries() -> tuple[dict[str, str], dict[str, str]]:
    vietnamese: dict[str, str] = {}
    english: dict[str, str] = {}
    for line in (_ENTRIES.strip() + "\n" + _COMMON_ENTRIES.strip()).splitlines():
        concept, rest = line.split(":", 1)
        vi_side, en_side = rest.split("|")
        for phrase in vi_side.split(","):
            vietnamese[unicodedata.normalize("NFC", phrase.strip())] = concept.strip()
        for form in en_side.split(","):
            english[form.strip()] = concept.strip()
    return vietnamese, english


VIETNAMESE_PHRASES, ENGLISH_FORMS = _parse_entries()

_SYLLABLE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HONORIFICS = frozenset({"Vua", "Giáo", "Phật", "Mẹ", "Chúa", "Đạt", "Thánh"})


@dataclass(frozen=True)
class _PhraseTable:
    """Phrases (tone marks made canonical, syllables joined by spaces) with their concepts and leading parts."""

    concepts: dict[str, str]
    prefixes: frozenset[str]

    @classmethod
    def of(cls, capitalised: bool) -> _PhraseTable:
        """The lexicon's phrases written with a capital (``capitalised``) or in lower case."""
        concepts = {
            " ".join(canonical_tones(syllable) for syllable in phrase.split()): concept
            for phrase, concept in VIETNAMESE_PHRASES.items()
            if (phrase != phrase.lower()) == capitalised
        }
        prefixes = {" ".join(key.split()[:size]) for key in concepts for size in range(1, len(key.split()) + 1)}
        return cls(concepts, frozenset(prefixes))

    def longest(self, keys: Sequence[str], position: int, syllables: Sequence[str]) -> tuple[int, str]:
        """The longest phrase whose syllables are ``keys[position:]``: its size and concept, or ``(0, "")``.

        A phrase followed by a title (``syllables``: the text as written) does not count.
        """
        best = (0, "")
        phrase = ""
        for end in range(position, len(keys)):
            phrase = f"{phrase} {keys[end]}" if phrase else keys[end]
            if phrase not in self.prefixes:
                break
            following = syllables[end + 1] if end + 1 < len(syllables) else ""
            if phrase in self.concepts and following not in _HONORIFICS:
                best = (end + 1 - position, self.concepts[phrase])
        return best


# Phrases written with a capital (country names) match only as written, the others in any case.
_CAPITALISED = _PhraseTable.of(capitalised=True)
_LOWER = _PhraseTable.of(capitalised=False)


def vietnamese_concepts(text: str) -> list[tuple[int, int, str]]:
    """Concepts named in Vietnamese ``text`` as ``(start, end, concept)``, longest phrase first.

    Text is read syllable by syllable (a hyphenated word counts as one); at each
    position the longest listed phrase wins. Country names count only when
    capitalised ("Pháp" is France, "biện pháp" a measure), and not before a title
    ("Đức Phật" is not Germany). Old and new tone-mark placement ("hoà", "hòa") match alike.
    """
    spans = [(match.start(), match.end()) for match in _SYLLABLE.finditer(text)]
    syllables = [text[start:end] for start, end in spans]
    as_written = [canonical_tones(syllable) for syllable in syllables]
    lowered = [canonical_tones(syllable.lower()) for syllable in syllables]
    found = []
    position = 0
    while position < len(spans):
        size, concept = max(
            _CAPITALISED.longest(as_written, position, syllables), _LOWER.longest(lowered, position, syllables)
        )
        if size == 0:
            position += 1
            continue
        found.append((spans[position][0], spans[position + size - 1][1], concept))
        position += size
    return found


_UPPER_CASE_ONLY = frozenset({"us", "uk", "un", "eu"})
_ENGLISH_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("ves", "f"), ("ves", "fe"), ("ing", ""), ("ing", "e"), ("es", ""),
    ("ed", ""), ("ed", "e"), ("s", ""), ("ers", ""), ("er", ""), ("er", "e"), ("est", ""), ("est", "e"),
    ("ily", "y"), ("ly", ""),
)


def _english_lemmas(lowered: str) -> list[str]:
    """Candidate base forms of an inflected English word: "cities" -> "city", "stopped" -> "stop"."""
    lemmas = []
    for suffix, replacement in _ENGLISH_SUFFIXES:
        stem = lowered[: len(lowered) - len(suffix)]
        if lowered.endswith(suffix) and len(stem) >= 2:
            lemmas.append(stem + replacement)
            if not replacement and len(stem) > 2 and stem[-1] == stem[-2] and suffix in ("ing", "ed", "er", "est"):
                lemmas.append(stem[:-1])
    return lemmas


@lru_cache(maxsize=65536)
def english_concept(word: str) -> str | None:
    """The concept an English word form expresses, if the lexicon lists it or its base form.

    Abbreviations that are also common words ("US" and "us") count only in capitals.
    """
    lowered = re.sub(r"['’]s$", "", word.lower())
    if lowered in _UPPER_CASE_ONLY and not word.isupper():
        return None
    if lowered in ENGLISH_FORMS:
        return ENGLISH_FORMS[lowered]
    return next((ENGLISH_FORMS[lemma] for lemma in _english_lemmas(lowered) if lemma in ENGLISH_FORMS), None)
