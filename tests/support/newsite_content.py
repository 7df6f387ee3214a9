"""Articles served by the local news site (tests/support/newsite.py).

Everything here is invented for testing: the site "Tianshan Daily", its reporters, the
officials, workers, researchers, companies, counties such as Kokterek, Qumbagh and
Yeshilkol, and every figure. Prefectures (Kashgar, Hotan, Aksu) and provinces are real
place names so that the stories read like the coverage the seed articles come from.

The content is deterministic: the same ArticleSpec list, in the same order, with the same
text, on every run. newsite.py renders each spec into one of several CMS markups (see
STYLES there) and fills in ``expected``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

SITE_NAME = "Tianshan Daily"

# Discovery sources an article can be listed in (besides the sitemaps, which list every
# /news/ article): "rss", "atom", "gdelt", "urls" (/lists/urls.txt), "hostile"
# (/lists/hostile.txt; chain-end.html is reached through /hostile/chain.html).
SOURCES = ("rss", "atom", "gdelt", "urls", "hostile")


@dataclass
class ArticleSpec:
    """One article page and what a good extractor must find on it.

    ``published`` is ISO-8601 with the offset the newsroom uses (+08:00 for Beijing time,
    Z or -05:00 for foreign desks). ``expected`` is filled by ``finalize()``:

    - title: headline without site branding
    - authors: list of person names (no agency, no "By")
    - date: publication date as YYYY-MM-DD in the page's own time zone
    - published: ISO datetime as the page states it (naive when the page gives no offset)
    - site_name, origin_credit (wire credit such as "Xinhua", or None), language ("en")
    - canonical: the path that identifies the article (tracking parameters stripped)
    - on_topic: same as the field
    - status: the final status the URL should get: "stored" (on topic), "off-topic",
      "duplicate" (the verbatim wire copy: its extracted text equals the original's, so
      whichever of the two is processed second is the duplicate; a pipeline that handles
      the earlier publication first marks the copy), "robots-disallowed" (/private/)
    - text_contains: phrases the extracted text must contain
    - text_excludes: boilerplate phrases (cookie banner, comments, related stories,
      share buttons) the extracted text must not contain
    - duplicate_of / near_duplicate_of: path of the original when this is a copy
    """

    slug: str
    title: str
    published: str
    authors: list[str]
    section: str
    on_topic: bool
    paragraphs: list[str]
    style: str = "jsonld"  # markup variant, see newsite.STYLES
    credit: str | None = None  # wire credit shown on the page ("Xinhua")
    description: str = ""
    updated: str | None = None  # dateModified; defaults to published + a few hours
    tags: list[str] = field(default_factory=list)
    path: str = ""  # defaults to /news/YYYY/MM/DD/<slug>.html
    canonical: str = "absolute"  # absolute | relative | none | external
    listed_in: set[str] = field(default_factory=set)  # see SOURCES
    gdelt_seen: str | None = None  # GDELT seendate YYYYMMDDTHHMMSSZ (None: not in GDELT)
    duplicate_of: str | None = None  # slug of the original for a verbatim copy
    near_duplicate_of: str | None = None  # slug of the original for an edited copy
    image_caption: str | None = None
    expected: dict = field(default_factory=dict)

    @property
    def published_dt(self) -> datetime:
        return datetime.fromisoformat(self.published.replace("Z", "+00:00"))

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    def finalize(self) -> ArticleSpec:
        """Fill the derived fields: path, updated, description, expected."""
        dt = self.published_dt
        if not self.path:
            self.path = f"/news/{dt:%Y/%m/%d}/{self.slug}.html"
        if self.updated is None:
            self.updated = (dt + timedelta(hours=3, minutes=17)).isoformat()
        if not self.description:
            self.description = _first_sentence(_DATELINE.sub("", self.paragraphs[0]))
        mids = [p for p in self.paragraphs[1:-1] if len(p) > 60] or self.paragraphs
        contains = [
            _lead(self.paragraphs[0]),
            _lead(mids[len(mids) // 2]),
            _lead(self.paragraphs[-1]),
        ]
        exp = {
            "title": self.title,
            "authors": list(self.authors),
            "date": dt.strftime("%Y-%m-%d"),
            "published": self.published
            if self.style != "infobar"
            else dt.strftime("%Y-%m-%dT%H:%M:%S"),
            # only the styles that declare it (og:site_name, JSON-LD publisher)
            "site_name": SITE_NAME if self.style in ("jsonld", "graph", "opengraph") else None,
            "origin_credit": self.credit,
            "language": "en",
            "canonical": self.path,
            "on_topic": self.on_topic,
            "status": "stored" if self.on_topic else "off-topic",
            "text_contains": contains,
            "text_excludes": list(BOILERPLATE_PHRASES),
            "duplicate_of": None,
            "near_duplicate_of": None,
        }
        exp.update({k: v for k, v in self.expected.items()})
        self.expected = exp
        return self


_DATELINE = re.compile(r"^[A-Z]{3,}[A-Z ,]*,[^-]{0,30}-- ")  # "KASHGAR, Jan. 8 (Xinhua) -- "
_ABBREV = re.compile(r"(?:\b(?:Jan|Feb|Aug|Sept|Oct|Nov|Dec|Mr|Ms|Dr|St|No)|\b[A-Z]\.[A-Z])\.$")


def _first_sentence(p: str) -> str:
    for m in re.finditer(r"[.!?][\"”]?(?=\s+[A-Z\"“]|$)", p):
        if not _ABBREV.search(p[: m.start() + 1]):
            return p[: m.end()].strip()
    return p.strip()


def _lead(p: str, n: int = 80) -> str:
    """The first n characters of a paragraph, cut at a word boundary."""
    return p if len(p) <= n else p[:n].rsplit(" ", 1)[0]


# Phrases that appear only in page chrome; a good extractor leaves them out.
COOKIE_TEXT = (
    "We use cookies to improve your experience and to measure our audience. "
    "By continuing to browse this site you accept our use of cookies."
)
SHARE_TEXT = "Share this story with your friends"
NEWSLETTER_TEXT = "Sign up for the Morning Briefing newsletter and get the day's top stories"
COMMENTS = [
    (
        "Aziz_K",
        "My cousin took the sewing course last spring, she says the dormitory food is good.",
    ),
    ("reader2024", "Would like to know how these figures are counted. Person-times or people?"),
    ("M. Hoffmann", "Thanks for the detailed report, very informative as always."),
    ("Lao Chen", "The photos in this series are beautiful, please publish more of them."),
    ("nightowl", "Who checks these numbers? Every year the same story with new totals."),
    ("Dilnur A.", "Proud of my hometown, the new roads changed everything for us."),
    ("sportsfan88", "Refereeing was a joke in the second half, nobody wants to say it."),
    ("KitchenQueen", "Made this on Sunday with extra star anise and the whole family loved it."),
    ("G. Ortega", "Interesting read, but the headline oversells it a little."),
    ("wei_w", "Bookmarked. Waiting for the follow-up piece you promised last month."),
]
BOILERPLATE_PHRASES = (
    "We use cookies to improve your experience",
    SHARE_TEXT,
    NEWSLETTER_TEXT,
    "All rights reserved",
    "Related stories",
)


def _paras(block: str) -> list[str]:
    return [" ".join(p.split()) for p in block.strip().split("\n\n") if p.strip()]


# ---------------------------------------------------------------------------------------
# On-topic articles
# ---------------------------------------------------------------------------------------

WIRE_KASHGAR = _paras("""
KASHGAR, Jan. 8 (Xinhua) -- Kashgar prefecture in northwest China's Xinjiang Uygur
Autonomous Region moved 12,000 surplus rural laborers into factory jobs in the last quarter
of 2023, local authorities said Monday, as the region steps up efforts to consolidate its
poverty alleviation gains.

Most of the workers come from farming households in Kokterek County, where small plots of
cotton and wheat once provided the only income for many families. They now work in
garment, electronics and food-processing plants at the Kokterek industrial park and in
satellite workshops set up in their villages.

"A stable job for one person can lift a whole family out of poverty," said Memet Ablikim,
director of the human resources and social security bureau of Kashgar prefecture. "Our
task is to make sure that every household with surplus labor has at least one member in
stable employment."

Workers at the industrial park earn between 2,800 and 3,600 yuan (about 394 to 507 U.S.
dollars) a month, according to the bureau, several times what a household could earn from
a small plot of land.

Ablikim said more than 120,000 people in Kashgar prefecture had received pre-job training
over the past two years, in courses covering standard spoken and written Chinese, work
safety, sewing, electronics assembly and food hygiene.

Rehangul Tursun, 27, from Bostan village, joined a garment factory in the park in October
after a 45-day training course. "Before, I stayed at home and helped in the fields. Now I
earn 3,100 yuan a month and I can pay for my son's kindergarten," she said.

The park currently hosts 46 enterprises, 19 of which moved from the eastern provinces of
Guangdong, Zhejiang and Jiangsu under a paired-assistance program that links wealthier
provinces with counties in southern Xinjiang.

Li Jianping, general manager of a Guangdong-based electronics company that opened a plant
in the park in 2022, said labor costs and local tax incentives had made the move
worthwhile. "We receive orders from all over the country. Our plant here employs 1,150
people, and we plan to add another production line this spring," Li said.

Local officials said free shuttle buses carry workers between their villages and the park
every day, and that factories provide canteens and dormitories for those who live farther
away.

In 2023, Xinjiang transferred 2.8 million surplus rural laborers to stable employment,
according to the regional department of human resources and social security, exceeding
its annual target by 8 percent.

The per capita disposable income of rural residents in the region rose 8.2 percent year on
year to 17,948 yuan in 2023, official data showed.

Kashgar plans to create another 40,000 jobs in 2024 by expanding industrial parks and
county-level workshops, Ablikim said.
""")


def _drift(paragraphs: list[str]) -> list[str]:
    """The wire story as re-run in February with its figures quietly changed."""
    out = []
    for p in paragraphs:
        p = p.replace("KASHGAR, Jan. 8 (Xinhua)", "KASHGAR, Feb. 19 (Xinhua)")
        p = p.replace("moved 12,000 surplus rural laborers", "moved 15,000 surplus rural laborers")
        p = p.replace("local authorities said Monday", "local authorities said")
        p = p.replace(
            "between 2,800 and 3,600 yuan (about 394 to 507 U.S. dollars)",
            "between 3,000 and 3,800 yuan (about 422 to 535 U.S. dollars)",
        )
        p = p.replace("more than 120,000 people", "more than 130,000 people")
        out.append(p)
    return out


HOTAN_TRAINING = _paras("""
HOTAN, Jan. 15 (Xinhua) -- In a bright classroom on the second floor of the Qumbagh County
vocational skills training center, 40 young women bend over sewing machines as instructor
Gulbahar Emet walks between the rows, checking seams and correcting the angle of a collar.

The women are in the fourth week of a 60-day pre-job training course that the county
offers free of charge to residents of registered low-income households. Besides sewing,
the course covers standard spoken and written Chinese, labor law, work safety and basic
computer skills.

"Most of them had never used an electric machine before they came here," Gulbahar said.
"After two months they can work on a production line and keep up with the pace."

The center has trained 8,600 people since it opened in 2021, and 92 percent of its
graduates found jobs within three months, said Abdukerim Niyaz, head of the center.
Trainees receive a stipend of 600 yuan a month and free meals while they study.

"We design our courses around the needs of the factories," Niyaz said. "Before a new
company arrives in the industrial park, we sit down with its managers and agree how many
workers they need and which skills."

Mihray Kadir, 22, said she joined the course after her family's apricot harvest failed two
years in a row. "My father said we could not depend on the orchard alone. A textile
company has already promised me a place after graduation. The starting wage is 2,900
yuan," she said.

Besides sewing, the center runs courses in electric welding, hairdressing, cooking,
livestock veterinary care and e-commerce. Men make up about 45 percent of the trainees,
most of them in the welding and construction classes.

Hotan prefecture plans to provide pre-job training to 50,000 rural residents in 2024,
according to the prefectural human resources and social security bureau, and to help at
least 35,000 of them find stable jobs in factories, in county workshops or in other
provinces.

Local officials describe the training as the first step of the region's labor transfer
program, which moves surplus rural workers from agriculture into wage employment. In
2023, more than 9,400 people from Qumbagh County alone were placed in jobs after
finishing courses at the center.

In the evening, the classroom empties and the trainees walk back to the dormitory across
the courtyard. On the noticeboard by the door, a sheet lists the companies recruiting this
month and the wages they offer, from 2,700 to 3,400 yuan.
""")

KOKTEREK_PARK = _paras("""
The production hall of Huaxin Precision Electronics in the Kokterek industrial park hums
with the sound of conveyor belts. Along six assembly lines, about 400 workers in blue
uniforms fit circuit boards into phone chargers that will be shipped to customers in
Shenzhen, Dubai and Jakarta.

The company, headquartered in Dongguan in Guangdong province, opened the plant in 2022 as
part of the paired-assistance program under which Guangdong supports counties in Kashgar
prefecture. It now employs 1,150 people, almost all of them from villages within an hour's
drive.

"When we arrived, nobody here had ever worked in electronics. We brought 30 technicians
from Dongguan to train the first group," said Li Jianping, the plant's general manager.
"Today most of our line leaders are local."

Ordinary workers at the plant earn about 3,000 yuan a month, while line leaders can make
up to 4,200 yuan, Li said. The company pays social insurance and provides lunch, and
workers who live far away can stay in a dormitory for 50 yuan a month.

The Kokterek industrial park was built in 2018 on desert land east of the county seat. It
employs 6,400 workers, who earn between 2,800 and 3,600 yuan a month, according to the
county government, and it has become the county's largest source of wage income.

"Every factory that comes here brings hundreds of jobs. For a county like ours, that is
the most direct way to raise incomes," said Yusup Hoshur, deputy head of Kokterek County.
"Farming alone cannot support a family of six on a few mu of land."

Hoshur said the county offers new investors three years of free rent for factory
buildings, subsidies for training and a bonus of 1,000 yuan for every local worker who
stays in a job for more than a year.

Abla Memtimin, 31, has worked on the assembly line for two years. She now supervises 24
people. "At first my husband did not want me to leave the house. Now he is the one who
takes our daughter to school in the morning," she said, laughing.

Huaxin plans to open a second plant in the park this year, which would add another 600
jobs. Li said the main challenge was keeping workers during the cotton harvest, when many
go back to help their families in the fields.

The county aims to bring the total number of industrial park jobs to 8,000 by the end of
2025.
""")

PRESS_CONFERENCE = _paras("""
URUMQI, Jan. 29 (Xinhua) -- Xinjiang Uygur Autonomous Region transferred 2.8 million
surplus rural laborers to stable employment in 2023, exceeding its annual target, regional
officials said at a press conference on Monday.

Erkin Tursun, deputy director of the regional department of human resources and social
security, said the region had provided pre-job and on-the-job training to 1.3 million
person-times during the year, and that the employment rate of graduates of vocational
courses had reached 89 percent.

"Employment is the most basic guarantee of people's livelihoods," Tursun said. "Stable
jobs have become the main source of income growth for rural families in southern
Xinjiang."

The per capita disposable income of rural residents in the region rose 8.2 percent year on
year to 17,948 yuan in 2023, faster than the growth of urban incomes, said Xu Guoliang, a
spokesman for the regional government.

Xu said the income of people lifted out of poverty in the region had grown faster than
the regional average for four consecutive years, and that no large-scale return to
poverty had occurred in any of the 32 counties that were removed from the national
poverty list.

The four prefectures of southern Xinjiang -- Kashgar, Hotan, Aksu and Kizilsu Kirgiz --
accounted for more than 60 percent of the jobs created through labor transfer programs,
Tursun said. About 190,000 workers were placed in jobs in other provinces, most of them in
Guangdong, Fujian and Zhejiang.

The region will continue to attract labor-intensive industries such as textiles,
garments, electronics assembly and food processing to southern Xinjiang, and plans to
build 500 more village workshops in 2024, Tursun said.

The regional government set a target of transferring 2.7 million rural laborers in 2024
and of keeping the number of people who fall back into poverty at zero, Xu said.

Asked about criticism from abroad, Xu said that all workers signed labor contracts
voluntarily and were free to choose their jobs. "The claims of so-called forced labor are
groundless. They ignore the wishes of the people of Xinjiang to live a better life," he
said.
""")

RESEARCHERS = _paras("""
A new study of government documents from Xinjiang argues that the region's labor transfer
programs, which Beijing presents as poverty relief, rely on quotas and political pressure
that make it difficult for rural workers to refuse a job.

The report, published on Monday by the Nordic Institute for Labour Studies, examines more
than 300 notices, work reports and recruitment plans posted by county and township
governments in Kashgar and Hotan prefectures between 2019 and 2023.

"What we see is a system of targets that cascades from the prefecture down to the village,"
said Hannah Lindqvist, a senior researcher at the institute and the report's lead author.
"When a village committee is told it must place 150 people in factories by the end of the
quarter, the line between persuasion and coercion becomes very thin."

Several of the documents instruct officials to ensure that "at least one member of every
household with surplus labor" is in wage employment, a goal that officials in Kashgar have
repeated in state media interviews. One township work report from Kokterek County records
that cadres made repeated home visits to families who "showed ideological resistance" to
sending daughters to factories.

Xinjiang authorities say the region transferred 2.8 million surplus rural laborers to
stable employment in 2023. The researchers say the figures count "person-times" and mix
seasonal work, local workshops and long-distance transfers, making it hard to know how many
people are involved.

Lindqvist said wages reported in the documents were often lower than those quoted in
official media. State reports describe factory wages of 2,800 to 3,600 yuan a month at the
Kokterek industrial park, while recruitment notices reviewed by the team offered trainees
1,800 yuan during probation.

"We are not saying that every worker is coerced or that nobody benefits," Lindqvist said.
"We are saying that a program run with quotas, in a place where people cannot speak
freely, makes genuine consent impossible to verify."

China's foreign ministry rejected the findings. "These so-called researchers fabricate
lies to smear Xinjiang's achievements in poverty alleviation," spokesperson Fang Jinlei
told a regular briefing. "The people of all ethnic groups in Xinjiang choose their jobs
freely and their rights are protected by law."

The study recommends that companies sourcing from the region treat labor transfer
programs as a red flag in their audits and calls on governments to fund independent
research on working conditions.
""")

BRANDS = _paras("""
Clothing and electronics companies are stepping up checks on suppliers with links to
Xinjiang's labor transfer programs, as new import rules in the United States and Europe
raise the cost of getting it wrong, industry consultants say.

At least a dozen shipments of cotton garments were held by customs authorities in the past
three months while importers tried to prove that no part of the supply chain involved
workers placed through the programs, according to Meridian Risk Advisory, a consultancy
that tracks detentions.

"Two years ago, a supplier questionnaire was enough. Now buyers want to trace cotton back
to the gin and see payroll records for the factories," said Daniel Okafor, a supply chain
analyst at Meridian. "For many brands the simplest answer is to leave the region
altogether."

The programs move rural workers, mostly Uyghurs from southern Xinjiang, into factories
within the region and in other provinces. Chinese officials say they are voluntary and
have lifted millions out of poverty; critics say quotas and surveillance make it
impossible for workers to say no.

Nordvik Apparel, a Swedish fashion retailer, said this month it had ended contracts with
two spinning mills after an audit found that they employed workers recruited through
government labor transfer programs. "We could not verify that these workers had freely
chosen their employment," said Petra Lang, a spokeswoman for the company.

The pressure is felt far from Xinjiang. Factories in Guangdong and Fujian that hired
workers transferred from the region under paired-assistance arrangements have been asked
by foreign buyers to document how they were recruited, Okafor said.

Chinese officials have urged companies to ignore what they call politically motivated
rules. At a business forum in Urumqi in January, a regional official said foreign firms
that cut ties with Xinjiang suppliers were "hurting the very workers they claim to
protect."

Xinjiang produces more than 80 percent of China's cotton. Industry groups estimate that
textile and garment companies in the region employ around 700,000 people, many of them
former farmers placed through the programs.

For suppliers, the result is a split market. "Some of our customers want Xinjiang cotton
and some will cancel an order if they hear the word," said a sales manager at a yarn
company in Jiangsu who asked not to be named. "We now run two production lines."
""")

OPINION_VOLUNTARY = _paras("""
Every spring, as the snow melts in the Pamir foothills, buses leave the villages of
Kashgar for the industrial parks, and every spring some foreign researchers discover a new
"system of coercion" in the same buses. It is time to look at what is actually happening.

In 2023, Xinjiang transferred 2.8 million surplus rural laborers to stable employment.
Behind that figure are families who, for the first time, have a monthly wage instead of
the uncertain income of a few mu of cotton. Ask them whether they were forced, and most
will tell you that they were looking for work long before the recruiters came.

The logic of the programs is simple. Southern Xinjiang has too many people working too
little land. Factories in the east need workers. Training bridges the gap: courses in
Chinese, sewing, welding or electronics assembly give young people the skills to take a
job and keep it.

"A stable job for one person can lift a whole family out of poverty," Memet Ablikim,
director of the human resources and social security bureau of Kashgar prefecture, said
this month. Anyone who has visited a village where a daughter sends home 3,000 yuan a
month understands what he means.

Critics point to targets and quotas in local documents. But every government that fights
unemployment sets targets. Ireland counts the jobs created by its investment agency;
American states compete for factories with subsidies. Nobody calls that forced labor.

Of course the programs can be run better. Workers should always have written contracts in
a language they read, and they should be able to change jobs without losing benefits.
Local officials who push too hard should be corrected. These are questions of management,
not evidence of a crime.

What the critics rarely mention is the alternative. Without wage jobs, young people in
Kashgar and Hotan would stay on small farms with little chance of escaping poverty. The
per capita disposable income of rural residents in Xinjiang rose 8.2 percent last year;
that did not happen by accident.

Foreign companies that boycott Xinjiang cotton do not help a single worker. They simply
move orders elsewhere, and the first people to lose their jobs are the ones the boycott
claims to protect.

The author is a commentator on economic affairs based in Urumqi.
""")

AKSU_PROFILE = _paras("""
AKSU, Feb. 15 (Xinhua) -- When Patigul Sadik moved into her new two-bedroom apartment in
the county seat of Wensu in December, she hung a wall calendar from the garment factory
where she works next to the family photographs in the living room.

"The factory changed our life, so it deserves a place on the wall," said the 34-year-old
mother of three, laughing.

Three years ago, Patigul lived with her husband, children and parents-in-law in a mud-brick
house in Yengiawat village, about 40 kilometers away. The family grew cotton and walnuts on
eight mu of land and earned less than 20,000 yuan a year.

In 2021 she joined a two-month sewing course organized by the county, and then a job at
Tianyu Garments, a company from Zhejiang that makes school uniforms and workwear. She now
earns 3,200 yuan a month as a quality inspector.

"At the beginning I was slow and my hands hurt every evening," she said. "The team leader
was patient with me. After half a year I was one of the fastest on the line."

Chen Hao, the factory's deputy manager, said the company employs 860 people, 85 percent of
them women from surrounding villages. "They are hardworking and they learn fast. We are
adding a night school so that workers can get vocational certificates," he said.

With her wage and her husband's income from driving a delivery van, the family saved enough
to buy the apartment for 180,000 yuan, helped by a housing subsidy of 30,000 yuan for
families who move from villages to towns.

Tursunay Ehmet, Party secretary of Yengiawat village, said 214 villagers had found jobs in
factories in Wensu since 2020. "In the past, the young people stayed home in winter. Now
there is almost nobody left in the village on weekdays except the old people and the
children," she said.

The village has set up a day-care center so that mothers can work full shifts, and the
county runs free shuttle buses between the villages and the industrial zone.

Patigul's eldest daughter, 14, wants to become a doctor. "I did not have the chance to
study," Patigul said. "If she wants to go to university, we will be able to pay for it."
""")

FUJIAN_TRANSFER = _paras("""
A charter train carrying 1,200 workers from Hotan prefecture arrived in the coastal
province of Fujian this week, the largest single group sent to the province under a
cross-regional labor transfer program this year.

The workers, aged 18 to 45, will take jobs in shoe and textile factories in Quanzhou and
Putian, where employers have struggled to find enough staff since the pandemic. Most of
them completed a 30-day pre-job training course in Hotan before departure.

"Our factories need workers and Hotan needs jobs. The program solves both problems," said
Ayshem Ghopur, deputy director of the Hotan prefecture labor transfer office, who
accompanied the group on the four-day journey.

Wages in the Fujian factories start at 4,500 yuan a month, well above what the workers
could earn at home, Ghopur said. Employers cover travel costs and provide dormitories with
halal canteens, and the prefecture pays each worker a one-off allowance of 1,000 yuan.

Memetjan Ablet, 24, from Lop County, said he signed up because he wanted to save money to
open a mobile phone shop. "My cousin worked in Putian last year and came back with 30,000
yuan. I want to do the same," he said before boarding the train.

Hu Weidong, head of the human resources department at a sports shoe manufacturer in
Quanzhou that is taking 300 of the workers, said the company had employed people from
Xinjiang since 2019. "They work well. We have a team leader who speaks Uygur and we
organize holiday celebrations for them," Hu said.

The program is part of a paired-assistance arrangement under which eastern provinces
support the development of counties in southern Xinjiang. About 190,000 workers from the
region were placed in jobs in other provinces last year, according to regional figures.

The transfers have drawn criticism from foreign governments and rights groups, who say
workers sent to other provinces live under close supervision and cannot easily return
home. Chinese officials reject the criticism and say the workers sign contracts
voluntarily and can leave at any time.

Ghopur said about 15 percent of the workers sent to Fujian last year had returned home
before their one-year contracts ended, most of them for family reasons. "Nobody is forced
to stay. But those who stay a full year usually come back with savings," she said.
""")

HOTAN_RABBITS = _paras("""
HOTAN, March 4 -- Row after row of rabbit hutches fill a long white shed at the Qumbagh
County breeding and processing park, where workers in rubber boots move between the cages
with buckets of feed.

The park, built in 2019 with investment from a food company in Shandong province, raises
rabbits, pigeons and ducks and processes the meat for supermarkets in Urumqi and eastern
China. It employs 3,200 people from five townships, most of them members of households
that were registered as poor until 2020.

"Many of our workers have never had a wage before. Here they learn how to care for the
animals, how to keep records, how to use the machines in the processing plant," said
Nurmemet Yasin, the park's manager.

Workers in the breeding sheds earn about 2,400 yuan a month, and those in the processing
plant up to 3,000 yuan, Yasin said. The park also buys fodder from local farmers, which
adds to village incomes.

Buhelchem Ablimit, 38, has worked in the pigeon lofts for three years. "I know every bird
here," she said. "When I started I only wanted a job near home. Now I am thinking of
raising pigeons in my own yard and selling them to the park."

The park is one of 14 agricultural industrial parks in Hotan prefecture that together
employ more than 21,000 people, according to the prefectural agriculture bureau. Officials
say such parks help people who cannot move far from home, such as mothers of young
children, to take up wage work.

The county government provides training in animal husbandry and pays part of the social
insurance contributions for workers in their first year. Workers who want to start their
own breeding business can apply for interest-free loans of up to 50,000 yuan.

Yasin said the park planned to add a new slaughterhouse line in the autumn, creating about
400 jobs. "The market for rabbit meat in the east is growing fast," he said. "If we get
the quality right, we can sell everything we produce."
""")

NUMBERS_ANALYSIS = _paras("""
Each January, Xinjiang's government announces how many rural workers it "transferred" to
employment the previous year. The latest figure, 2.8 million for 2023, was up from 2.6
million a year earlier and has been repeated in dozens of state media reports since. But
what does it measure?

Official documents define a transfer as any instance of a rural worker taking paid work
outside farming for more than a short period, whether in a local workshop, a factory in the
county seat or a plant in another province. A person who takes two seasonal jobs in a
year can be counted twice. Officials themselves often use the term "person-times".

"The number tells you about the size of the bureaucratic effort, not about how many people
have a stable job," said Hannah Lindqvist of the Nordic Institute for Labour Studies, who
has compared county-level reports with regional totals. She found that the sums of
county figures exceeded the regional total in two of the last four years.

Local figures can also change as they travel. In January, state media reported that
Kashgar had moved 12,000 rural workers from Kokterek County into factory jobs in the last
quarter of 2023, with wages of 2,800 to 3,600 yuan a month. A version of the same story
published in February put the number at 15,000 and the wages at 3,000 to 3,800 yuan,
without explaining the change.

Income data tell a more consistent story. The per capita disposable income of rural
residents rose 8.2 percent in 2023 to 17,948 yuan, according to the regional statistics
bureau, in line with the trend of the previous five years.

Economists say wage work is the main reason. "In southern Xinjiang, a single factory wage
of 3,000 yuan a month can double a household's cash income," said Zhou Ming, an economist
at a university in Shanghai who studies rural labor markets. "The question is not whether
jobs raise incomes. It is how those jobs are allocated and whether people can refuse
them."

The regional government has set a target of 2.7 million transfers for 2024, slightly
lower than last year's figure. Officials said the lower target reflected a shift towards
keeping workers in stable jobs rather than moving new people.
""")

KASHGAR_SPRING = _paras("""
Kashgar prefecture will expand pre-job training for rural residents this spring as
factories in its industrial parks begin their annual hiring season, local officials said
on Monday.

More than 120,000 people in Kashgar prefecture have received pre-job training over the
past two years, said Memet Ablikim, director of the human resources and social security
bureau of Kashgar prefecture. The prefecture plans to train another 70,000 this year, with
new courses in logistics, elderly care and livestreaming sales.

"A stable job for one person can lift a whole family out of poverty," Ablikim said. "The
better the training, the more stable the job."

Ablikim said factories in the prefecture's 12 industrial parks had posted about 26,000
vacancies for March and April, mostly in garments, electronics and food processing. Job
fairs will be held in every township by the end of March.

Training centers in Kokterek and Shufu counties have added evening classes so that
farmers can study without missing spring sowing, according to the bureau. Trainees
receive a daily allowance of 20 yuan and free transport.

Ablikim said the prefecture would also step up follow-up visits to workers in their first
six months on the job. "Some young people leave after a few weeks because they miss home or
find the work hard. We want to help them adapt instead of giving up," he said.

Local officials said the average monthly wage of workers placed through the training
programs last year was 2,950 yuan, and that 87 percent of them were still in the same job
after six months.

The prefecture aims to create 40,000 new jobs in 2024, in line with a regional plan to
keep rural incomes growing faster than urban ones.
""")

HOTAN_LIVESTREAM = _paras("""
In a small studio above the post office in Qumbagh County, 25-year-old Aygul Memet holds a
handful of walnuts up to a smartphone camera and cracks one open with her bare hands.
"Thin shell, full kernel, grown in the sunshine of Hotan," she tells the 1,400 people
watching her livestream.

Aygul is one of 600 villagers who have taken a free e-commerce course run by the county
since last summer, part of a push to help rural households earn more from local produce
now that the region's poverty alleviation campaign has moved into what officials call a
period of consolidation.

"Before, traders came to the village and paid whatever price they wanted. Now we can sell
directly to customers in Shanghai or Beijing," she said. On a good evening, she sells 200
kilograms of walnuts and dried apricots, earning a commission of about 300 yuan.

The course lasts 20 days and covers filming, packaging, online payments and customer
service, said Ismail Tohti, the county official in charge of the program. Graduates can
use the studio for free and get help with shipping through a logistics center set up with
funding from Beijing under the paired-assistance program.

According to the county commerce bureau, online sales of agricultural products from
Qumbagh reached 86 million yuan last year, up 40 percent from 2022. About 2,300 households
sell through livestreaming or online shops, and the average extra income per household is
about 5,000 yuan a year.

Not every attempt succeeds. Tohti said about a third of the graduates stopped selling
within six months because they could not attract enough viewers. "It is a competitive
market. We teach them to build trust with customers, to answer questions honestly and to
ship on time," he said.

For Aygul, who studied accounting at a vocational college, the studio has become a full-time
job. She now trains newcomers and plans to open her own online shop selling walnut oil and
jujube paste.

"My parents still do not really understand what I do," she said. "But when they see the
money arrive on my phone, they believe it."
""")

# ---------------------------------------------------------------------------------------
# Off-topic articles
# ---------------------------------------------------------------------------------------

BASKETBALL = _paras("""
The Shenzhen Aviators needed overtime and a late three-pointer from guard Lin Haoran to beat
the Beijing Royal Falcons 112-108 on Sunday night and move into second place in the
league standings.

Lin, who had missed four of his five attempts from long range before the final minute of
regulation, tied the game at 98-98 with 4.2 seconds left and then scored seven of his team's
14 points in the extra period.

"I just kept shooting. The coach told me at halftime that the next one would go in, and
eventually he was right," Lin said with a grin after the game.

Beijing led by 11 points at the end of the third quarter thanks to forward Marcus Bell, who
finished with 31 points and 12 rebounds. But the visitors went cold in the fourth quarter,
scoring only 15 points as the Aviators switched to a zone defense.

Shenzhen coach Zhao Peng praised his bench. "Our second unit changed the energy. When the
starters were tired, they held the line and kept us within reach," he said.

Center Wang Yifan added 18 points and 14 rebounds for the Aviators, who have won seven of
their last eight games. The crowd of 16,500 at the Bay Arena was the largest of the season.

The Royal Falcons, who had won their previous four games, fall to fourth place. Their coach,
Stefan Novak, was fined after the game for arguing with the referees during a timeout in the
second quarter.

"We gave them too many second chances. You cannot give a team like Shenzhen 18 offensive
rebounds and expect to win," Novak said.

The two teams meet again in Beijing on March 2. Before that, Shenzhen travels to Guangzhou on
Wednesday, while Beijing hosts Shanghai on Thursday night.
""")

COLD_WAVE = _paras("""
A strong cold wave will sweep across northern and central China from Thursday, bringing
temperature drops of 8 to 12 degrees Celsius, gales and heavy snow to many areas, the
National Meteorological Center said on Tuesday.

The center issued a blue alert, the lowest in its four-tier warning system, and said the
cold air would first reach northern Xinjiang and Inner Mongolia before moving east and
south over the weekend.

Temperatures in Beijing are expected to fall from 6 degrees on Wednesday to minus 11 on
Saturday morning, the coldest so far this winter. Harbin could see lows of minus 32.

Heavy snow is forecast for parts of Heilongjiang, Jilin and eastern Inner Mongolia, with
up to 15 centimeters in some places. Freezing rain may affect Hunan and Guizhou early next
week, the center said.

Forecasters urged residents to dress warmly, farmers to protect greenhouses and livestock,
and drivers to watch for icy roads. Several highways in the northeast may be closed
temporarily.

Power grid operators in Heilongjiang and Inner Mongolia said they had checked
transmission lines and stocked extra coal at heating plants, and that they expected
electricity demand to reach a winter peak over the weekend. Schools in several cities of
the northeast may shorten classes if temperatures fall below minus 30.

"This is a typical cold wave for the season, but it comes after a mild period, so people
will feel the difference more," said chief forecaster Fang Xiang.

Railway authorities said they had prepared snow-clearing equipment along the main lines,
and airports in Harbin, Changchun and Hohhot were told to prepare for de-icing delays.

The cold is expected to ease from Tuesday next week, when temperatures in most of northern
China will start to recover.
""")

SMARTPHONE = _paras("""
Chinese phone maker Lumio unveiled its new flagship smartphone on Tuesday, betting that a
larger battery, a brighter screen and on-device artificial intelligence will help it win
customers in a crowded market.

The Lumio X9 has a 6.8-inch display, a 5,600 milliamp-hour battery that the company says
lasts two days, and a camera system with a 1-inch main sensor. It goes on sale on Friday
with a starting price of 4,999 yuan.

The phone runs a new version of the company's operating system with a built-in AI assistant
that can summarize messages, translate calls in real time and edit photos without sending
data to the cloud.

"Privacy is the next battlefield. People want smart features, but they do not want their
photos and calls to leave the phone," said Lumio president Karen Xu at the launch event in
Hangzhou.

Analysts said the model would compete directly with flagship phones from larger rivals.
"The hardware is strong, but the real question is whether developers will build apps for
its AI features," said Tom Becker, a technology analyst at a research firm in Singapore.

Smartphone shipments in China rose 4 percent last year after two years of decline, helped
by demand for premium models, according to industry data.

Lumio also introduced a smartwatch and wireless earbuds, and said it would open 200 new
retail stores this year, mostly in smaller cities.

Early reviewers praised the battery life and the display but said the phone was heavy at
225 grams. The company said a lighter compact version would follow in the summer.
""")

NOODLE_RECIPE = _paras("""
Few dishes warm a winter evening like a bowl of braised beef noodle soup. This version
takes about three hours, most of it hands-off, and the broth tastes even better the next
day.

Ingredients for four: 1 kilogram of beef shank cut into large chunks, 2 tablespoons of
vegetable oil, 5 slices of ginger, 4 spring onions, 3 cloves of garlic, 2 star anise, 1
cinnamon stick, 1 tablespoon of Sichuan peppercorns, 2 tablespoons of chili bean paste, 3
tablespoons of light soy sauce, 1 tablespoon of dark soy sauce, 2 tablespoons of Shaoxing
wine, 1 teaspoon of sugar, 2 tomatoes, 400 grams of fresh wheat noodles and a handful of bok
choy.

Start by blanching the beef in boiling water for five minutes to remove impurities. Drain
and rinse the pieces under cold water.

Heat the oil in a heavy pot over medium heat. Fry the ginger, spring onions and garlic until
fragrant, then add the star anise, cinnamon and peppercorns. Stir in the chili bean paste
and cook for a minute until the oil turns red.

Add the beef, soy sauces, wine and sugar and stir well. Pour in enough water to cover the
meat by about five centimeters, bring to a boil and then reduce the heat. Cover and simmer
for two and a half hours.

Cut the tomatoes into wedges and add them for the last 30 minutes. Taste the broth and
adjust the seasoning with salt or more soy sauce.

Cook the noodles according to the package, adding the bok choy for the final minute. Divide
between four bowls, ladle over the broth and beef, and finish with chopped coriander and a
spoonful of chili oil.

Tip: If you have time, let the braised beef cool overnight in the fridge. The fat will set on
top and can be lifted off easily, and the flavors will deepen.
""")

FOOTBALL = _paras("""
A stoppage-time header from defender Jonas Brenner gave Rotterdam Harbour a 2-1 win over
Lisbon Atlético on Wednesday and a narrow advantage to take into the second leg of their
European quarterfinal.

The visitors had taken the lead in the 23rd minute through Rafael Costa, who curled a free
kick over the wall and into the top corner after a foul on the edge of the penalty area.

Harbour, roared on by a sold-out crowd of 47,000, struggled to break down a compact Lisbon
defense until the 68th minute, when substitute Milan Kovac equalized with a low shot from
the edge of the box.

The winner came in the fourth minute of added time. Brenner rose above two defenders to meet
a corner from captain Daan Visser and head the ball past goalkeeper Nuno Pires.

"I have not scored a header since I was 19. My teammates will not let me forget this one,"
Brenner said.

Lisbon coach Ricardo Almeida complained that the corner should not have been given. "The
ball went off their player. Everyone in the stadium saw it except the referee," he said.

Harbour coach Erik de Groot said the tie was far from over. "A one-goal lead is nothing in
Lisbon. We will need to suffer there," he said.

The second leg is played in Lisbon next Thursday.

Lisbon will be without Costa for the return match after he picked up his third yellow
card of the competition for a late challenge on Visser in the 81st minute. Almeida said he
would appeal the booking but admitted the chances of success were slim.

Harbour also have injury worries. Midfielder Sander Bakker limped off in the second half
with a hamstring problem and will have a scan on Thursday. "It does not look good, but we
will know more tomorrow," de Groot said.
""")

LUNAR_PROBE = _paras("""
China's Chang'e mission team said on Friday that a new lunar orbiter had successfully
entered its working orbit around the moon, beginning a two-year survey of the far side's
polar regions.

The orbiter will relay signals from future landers and map water ice in permanently
shadowed craters near the south pole, using a radar instrument and a neutron spectrometer,
according to the China National Space Administration.

"Knowing where the ice is and how much there is will decide where we build a research
station," said deputy chief designer Liu Xiaoyun at a briefing in Beijing.

The spacecraft was launched three weeks ago from the Wenchang space center in Hainan and
carried out two braking maneuvers before settling into an elliptical orbit that brings it
within 200 kilometers of the surface.

Scientists from several countries will have access to the data. A team from a European
university contributed a small camera that will photograph the lunar surface under low
light.

Engineers said the orbiter carries enough propellant for at least four years of
operation, and that its orbit could be adjusted later to support landers at different
latitudes. The relay antenna will also be tested with a small rover that is still on the
surface from an earlier mission.

The mission is part of a program that aims to land astronauts on the moon before 2030 and
to build an international research station in the following decade.

The first images are expected next month, once the instruments have been calibrated.

A public website will publish a selection of the pictures and a map of the survey's progress.
""")

EV_BATTERY = _paras("""
Battery maker Voltaris broke ground on Monday on a 12-billion-yuan factory in Changzhou,
Jiangsu province, that will produce cells for electric cars and energy storage systems and
employ about 3,000 workers when it reaches full capacity in 2026.

The plant will have an annual capacity of 30 gigawatt-hours, enough for about 400,000
electric cars, the company said. Production is scheduled to start at the end of next year.

"Demand for energy storage is growing faster than we expected. This factory gives us the
flexibility to serve both markets," said Voltaris chairman Peng Dawei at the ceremony.

The company will recruit engineers and technicians from universities in the Yangtze River
Delta and train production workers at a new center on the site. Starting wages for line
technicians will be about 7,500 yuan a month, the company said.

Changzhou has become one of China's main battery manufacturing hubs, with more than a dozen
large plants. Local officials say the industry accounts for a fifth of the city's industrial
output.

Analysts warned that the sector faces overcapacity as prices for battery cells fell by more
than 40 percent last year. "Not every new factory will run at full speed," said Grace Li, an
analyst at a brokerage in Shanghai.

Voltaris shares rose 2.3 percent in Shenzhen after the announcement.

The company said the plant would run largely on solar and wind power bought through
long-term contracts, and that a recycling line on the site would recover lithium, nickel
and cobalt from used cells. Construction of the first two production halls will begin in
April, with equipment installation planned for the autumn of next year.
""")

SILK_EXHIBITION = _paras("""
More than 120 silk textiles, some of them over 2,000 years old, went on display on Saturday
at the provincial museum in Hangzhou in an exhibition tracing the history of weaving along
the ancient trade routes between China and Central Asia.

The highlight of the show is a brocade fragment woven with the characters for good fortune
and long life, found in a tomb near Dunhuang. Curators say it is one of the best preserved
examples of its kind.

"Silk was not only a luxury good. It was a currency, a diplomatic gift and a way of sending
ideas across thousands of kilometers," said curator Shen Yiwen.

The exhibition also shows looms, dyes and pattern books, and a workshop where visitors can
try weaving on a small reconstructed loom. A digital gallery lets them zoom in on threads
finer than a human hair.

Several pieces are on loan from museums in Uzbekistan and Kazakhstan, and one from a
collection in London. It is the first time some of them have been shown in China.

Restorers spent two years preparing the fragile pieces, some of which had to be mounted on
silk crepe to stop the threads from breaking under their own weight. The lighting in the
galleries is kept low and changed every three months to protect the natural dyes, which
fade when exposed to strong light.

Guided tours in English and Chinese run twice a day at weekends.

The show runs until June 30. Tickets are free but must be booked online, and the museum
expects more than 300,000 visitors.
""")

YUAN_MARKETS = _paras("""
China's yuan steadied against the dollar on Thursday after the central bank left its key
lending rates unchanged and set a stronger-than-expected midpoint for the currency.

The onshore yuan traded at 7.18 per dollar in the afternoon, little changed from the
previous close. The People's Bank of China set the midpoint at 7.1043, the strongest in two
weeks.

The one-year loan prime rate was kept at 3.45 percent and the five-year rate at 4.20
percent, in line with forecasts by most economists surveyed before the decision.

"The central bank is in no hurry. It wants to support growth without putting more pressure
on the currency or on bank margins," said Helen Wu, chief economist at a Hong Kong
investment bank.

Stocks in Shanghai rose 0.6 percent, led by property developers and banks, while the
benchmark ten-year government bond yield edged up to 2.48 percent.

Exporters have been converting more of their dollar earnings into yuan in recent weeks,
which has helped support the currency, traders said. The offshore yuan, which trades more
freely in Hong Kong, was slightly weaker at 7.19 per dollar.

Gold prices in Shanghai were flat, while copper futures fell 0.4 percent on concerns about
demand from the construction sector.

Traders said the market was waiting for data on industrial output and retail sales due next
week, which would show whether the economy kept its momentum at the start of the year.

Analysts expect the central bank to cut the reserve requirement ratio for banks before the
end of the quarter, freeing up more money for lending.
""")

# ---------------------------------------------------------------------------------------
# Pages served at hostile paths that end up stored (on topic, distinct texts)
# ---------------------------------------------------------------------------------------

FLAKY_SOCKS = _paras("""
KASHGAR, Feb. 22 (Xinhua) -- A sock factory opened in Yeshilkol County of Kashgar
prefecture on Thursday, hiring 800 villagers in its first phase, local officials said.

The factory, invested by a hosiery company from Zhuji in Zhejiang province, has 420
knitting machines and will produce 60 million pairs of socks a year for domestic and
overseas buyers.

"Most of the new workers are women from nearby villages who received pre-job training in
January. They earn 2,600 yuan a month during the first three months and more once they
reach the production quota," said Rozigul Hashim, head of the Yeshilkol County labor
transfer office.

Zhu Lifeng, the factory's general manager, said the company chose Yeshilkol for its
available labor, low rent and support from the county government, which built the factory
halls and pays part of the training costs. A second phase next year will add 700 jobs.

Qurbannisa Ablet, 29, who used to grow corn on four mu of land with her husband, said the
job meant a regular income for the first time. "The machines are loud, but the work is
clean and the bus takes me home every evening," she said.

Yeshilkol County placed 11,300 rural laborers in jobs last year through local factories,
village workshops and transfers to other provinces, according to the county government.
Officials said the new factory would help the county meet its target of one job for every
household with surplus labor.

The county plans to train 6,000 more rural residents this year, mainly in knitting, sewing
and food processing.
""")

RATELIMITED_AKSU = _paras("""
AKSU, March 11 (Xinhua) -- More than 1,700 graduates of pre-job training courses in Aksu
prefecture signed labor contracts with textile companies at a job fair on Monday, as
factories in the prefecture's industrial parks raise output ahead of the export season.

Thirty-eight companies offered positions at the fair in Aksu city, most of them spinning
mills and garment factories that moved to the region from Jiangsu, Zhejiang and Shandong
in recent years. Monthly wages on offer ranged from 2,800 to 4,000 yuan.

"We trained these young people for exactly this moment. They already know how to run the
machines, so companies can put them on the line from the first day," said Erkinjan Kurban,
deputy director of the Aksu prefecture human resources and social security bureau.

The prefecture provided pre-job training to 42,000 rural residents last year, and 88
percent of them were employed within three months, Kurban said.

Gulzire Tohti, 20, from Onsu County, signed a contract with a yarn company after a 50-day
course. "I want to save money and help my parents rebuild their house," she said. "My
younger brother can stay in school now."

Zhang Rui, recruitment manager of a Jiangsu-owned spinning mill that hired 160 people at
the fair, said the company offers dormitories, free meals and a bonus for workers who stay
for a full year. "Our turnover has fallen a lot since we started working with the training
centers," he said.

Aksu plans to create 30,000 jobs in industrial parks and county workshops this year,
according to the bureau.
""")

CHAIN_WORKSHOPS = _paras("""
In a courtyard at the edge of Tograk village in Kashgar's Kokterek County, 60 women sit at
sewing machines in a converted warehouse, stitching pockets onto school trousers. The
workshop is one of 320 "poverty relief workshops" the county has set up since 2018 to bring
factory work to the villages.

The workshops are branches of larger companies in the Kokterek industrial park. The parent
factory supplies cut fabric and collects the finished pieces, while the county pays the rent
and the electricity bills for the first three years.

"Women with small children or old parents cannot travel to the park every day. The workshop
brings the job to their doorstep," said Hasiyet Yunus, the village official who manages the
Tograk workshop. Workers here earn between 1,800 and 2,500 yuan a month, paid by the
piece.

Roshengul Memet, 35, walks to the workshop after taking her two sons to school. "I can
finish at six and cook dinner at home. My husband works in the park and together we earn
more than 5,000 yuan a month," she said.

According to the county government, village workshops employ about 9,800 people in
Kokterek, alongside 6,400 workers in the industrial park. Officials say the workshops are a
stepping stone: after a year or two, many workers move to better-paid jobs in the park.

Critics of the labor programs say workshops in villages also make it easier for officials
to monitor attendance and pressure families to participate, a charge local officials deny.
"Everyone here comes because they want the money," Hasiyet said.

The county plans to open 40 more workshops this year, mostly for garment and handicraft
production.
""")

LATIN1_CARPETS = _paras("""
HOTAN, March 14 -- In the weaving hall of the Qumbagh carpet cooperative, the rhythm of
wooden combs pressing wool knots into place fills the room. Aynur Tursun (阿依努尔·吐尔逊),
43, has been weaving since she was a girl; since last year she is also on a payroll.

The cooperative employs 260 weavers who earn ¥2,600 a month on average — up from about
¥1,500 three years ago, when most of them wove at home and sold to traders. A large silk
carpet takes two weavers four months and sells for ¥38,000 or more.

“The old patterns are our treasure, but we had no way to sell them at a fair price,” said
Abdurehim Qasim (阿卜杜热依木·卡斯木), director of the cooperative. “Now buyers from Shanghai
and Guangzhou order through our online shop, and we pay the weavers every month.”

The county government paid for the new hall and for a six-week course on dyeing and quality
control, as part of its plan to create jobs for 5,000 rural residents in handicrafts by
2025. Officials say weaving suits women who want to work close to home.

Aynur said the steady wage changed how her family plans. “Before, money came when a carpet
was sold — sometimes twice a year. Now I know what I will earn,” she said. Her daughter
studies nursing in Urumqi, and the family has bought a small tractor.

The cooperative plans to train 120 more weavers this year and to open a showroom in Hotan
city — its first shop outside the county.
""")

LEAKED_MEMO = _paras("""
An internal work plan from Kokterek County, marked "for internal circulation only", sets
monthly targets for each township to place rural laborers in factories and to report the
names of families who refuse.

The document, dated December 2023, assigns Kokterek's nine townships a combined quota of
4,500 new labor transfers for the first quarter of 2024, and asks village cadres to "do
thorough ideological work" with households that have not sent a member to the industrial
park or to other provinces.

It instructs township officials to submit weekly lists of "key households" that have
surplus labor but no member in wage employment, and says cadres who miss their targets
will be criticized in the county's year-end assessment.

Another section lists the factories that have agreed to take new workers, with the
number of places each will offer and the date by which townships must deliver them. A
garment company in the industrial park is down for 600 workers by the end of February, and
an electronics plant for 350.

The plan also sets wages for new workers at 1,900 yuan a month during a three-month
probation period, lower than the 2,800 to 3,600 yuan cited by officials in public
statements about the industrial park.

Officials in Kokterek did not respond to requests for comment. In public, county leaders
have described the programs as voluntary and said every worker signs a contract.

Researchers who study the programs said the document was consistent with other county
plans they had seen. "Quotas at township level, lists of families who resist, penalties
for cadres who fall short: this is how the system works on the ground," one researcher
said.
""")

EMPTY_NOTE = "This page intentionally has navigation only."


# ---------------------------------------------------------------------------------------
# The article list
# ---------------------------------------------------------------------------------------


def build_articles() -> list[ArticleSpec]:
    """The /news/ articles, in a fixed order (the first 16 on topic, then 9 off topic)."""
    wire_slug = "kashgar-moves-12000-rural-workers-into-factory-jobs"
    wire_path = "/news/2024/01/08/" + wire_slug + ".html"
    arts = [
        ArticleSpec(
            slug=wire_slug,
            title="Xinjiang's Kashgar moves 12,000 rural workers into factory jobs",
            published="2024-01-08T10:30:00+08:00",
            authors=["Gulnar Tohti", "Wang Jian"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=WIRE_KASHGAR,
            style="jsonld",
            credit="Xinhua",
            tags=["Xinjiang", "employment", "poverty alleviation", "Kashgar"],
            listed_in={"rss", "atom", "gdelt"},
            gdelt_seen="20240108T031500Z",
            image_caption="Workers at a garment factory in the Kokterek industrial park. [Photo/Xinhua]",
        ),
        ArticleSpec(
            # The same wire story republished verbatim a day later by the site's portal
            # desk: identical body, "Source: Xinhua" info bar, canonical to the agency.
            slug="kashgar-factory-jobs-xinhua",
            title="Xinjiang's Kashgar moves 12,000 rural workers into factory jobs",
            published="2024-01-09T08:15:00+08:00",
            authors=[],
            section="China",
            on_topic=True,
            paragraphs=list(WIRE_KASHGAR),
            style="infobar",
            credit="Xinhua",
            canonical="external",
            listed_in={"urls", "gdelt"},
            gdelt_seen="20240109T004500Z",
            duplicate_of=wire_slug,
            expected={"duplicate_of": wire_path, "status": "duplicate"},
        ),
        ArticleSpec(
            # Trimmed copy with a new headline: first six paragraphs plus the last one.
            slug="factory-jobs-draw-thousands-of-kashgar-farmers",
            title="Factory jobs draw thousands of Kashgar farmers off the land",
            published="2024-01-11T16:40:00+08:00",
            authors=[],
            section="Business",
            on_topic=True,
            paragraphs=WIRE_KASHGAR[:6] + WIRE_KASHGAR[-1:],
            style="opengraph",
            credit="Xinhua",
            canonical="relative",
            listed_in={"rss"},
            near_duplicate_of=wire_slug,
            expected={"near_duplicate_of": wire_path},
        ),
        ArticleSpec(
            # The same story re-run in February with changed figures (number drift).
            slug="kashgar-job-drive-15000-rural-workers",
            title="Kashgar job drive puts 15,000 rural workers in factories",
            published="2024-02-19T09:00:00+08:00",
            authors=["Gulnar Tohti"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=_drift(WIRE_KASHGAR),
            style="graph",
            credit="Xinhua",
            listed_in={"urls", "gdelt"},
            gdelt_seen="20240219T013000Z",
            near_duplicate_of=wire_slug,
            expected={"near_duplicate_of": wire_path},
        ),
        ArticleSpec(
            slug="hotan-pre-job-training-center-sewing-classes",
            title="In Hotan, a pre-job training center prepares villagers for factory lines",
            published="2024-01-15T11:20:00+08:00",
            authors=["Adil Kurban", "Zhou Lan"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=HOTAN_TRAINING,
            style="timeonly",
            credit="Xinhua",
            listed_in={"rss"},
        ),
        ArticleSpec(
            slug="kokterek-industrial-park-electronics-plant",
            title="Guangdong electronics maker finds its workforce in a Kashgar county",
            published="2024-01-22T08:05:00+08:00",
            authors=["Li Qiong"],
            section="Business",
            on_topic=True,
            paragraphs=KOKTEREK_PARK,
            style="graph",
            listed_in={"atom", "gdelt"},
            gdelt_seen="20240122T020000Z",
            image_caption="An assembly line at Huaxin Precision Electronics in Kokterek County.",
        ),
        ArticleSpec(
            slug="xinjiang-transferred-2-8-million-rural-laborers-2023",
            title="Xinjiang says 2.8 million rural laborers found stable jobs in 2023",
            published="2024-01-29T19:45:00+08:00",
            authors=[],
            section="China",
            on_topic=True,
            paragraphs=PRESS_CONFERENCE,
            style="jsonld",
            credit="Xinhua",
            listed_in={"rss", "gdelt"},
            gdelt_seen="20240129T120000Z",
        ),
        ArticleSpec(
            # Published late in the evening in New York: 2024-02-06 in UTC and Beijing.
            slug="researchers-say-xinjiang-labor-transfers-rely-on-quotas",
            title="Researchers say Xinjiang labor transfers rely on quotas and pressure",
            published="2024-02-05T23:45:00-05:00",
            authors=["Claire Donovan"],
            section="World",
            on_topic=True,
            paragraphs=RESEARCHERS,
            style="opengraph",
            listed_in={"rss", "atom", "gdelt"},
            gdelt_seen="20240206T051500Z",
        ),
        ArticleSpec(
            slug="brands-audit-suppliers-over-xinjiang-labor-programs",
            title="Brands step up supplier audits over Xinjiang labor programs",
            published="2024-02-12T14:00:00Z",
            authors=["Daniel Reyes", "Anna Sorensen"],
            section="Business",
            on_topic=True,
            paragraphs=BRANDS,
            style="jsonld",
            listed_in={"atom", "gdelt"},
            gdelt_seen="20240212T143000Z",
        ),
        ArticleSpec(
            slug="jobs-programs-in-xinjiang-are-about-choice",
            title="Opinion: Xinjiang's jobs programs are about choice, not coercion",
            published="2024-02-08T07:30:00+08:00",
            authors=["Ma Lin"],
            section="Opinion",
            on_topic=True,
            paragraphs=OPINION_VOLUNTARY,
            style="timeonly",
            canonical="none",
            listed_in={"rss"},
        ),
        ArticleSpec(
            slug="aksu-garment-worker-buys-new-home",
            title="From cotton fields to sewing lines: an Aksu mother's new home",
            published="2024-02-15T10:10:00+08:00",
            authors=["Zhou Lan"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=AKSU_PROFILE,
            style="jsonld",
            credit="Xinhua",
            listed_in={"rss", "gdelt"},
            gdelt_seen="20240215T030000Z",
        ),
        ArticleSpec(
            slug="hotan-workers-head-to-fujian-shoe-factories",
            title="Charter train takes 1,200 Hotan workers to Fujian factories",
            published="2024-02-26T17:20:00+08:00",
            authors=["Wang Jian"],
            section="China",
            on_topic=True,
            paragraphs=FUJIAN_TRANSFER,
            style="graph",
            listed_in={"atom"},
        ),
        ArticleSpec(
            slug="hotan-breeding-park-puts-villagers-on-payroll",
            title="Rabbit farms and pigeon lofts: Hotan's breeding park puts villagers on the payroll",
            published="2024-03-04T12:00:00+08:00",
            authors=["Adil Kurban"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=HOTAN_RABBITS,
            style="opengraph",
            listed_in={"atom"},
        ),
        ArticleSpec(
            slug="the-numbers-behind-xinjiangs-job-drive",
            title="Analysis: The numbers behind Xinjiang's job drive",
            published="2024-03-07T09:00:00+00:00",
            authors=["Martin Hale"],
            section="World",
            on_topic=True,
            paragraphs=NUMBERS_ANALYSIS,
            style="jsonld",
            listed_in={"urls", "gdelt"},
            gdelt_seen="20240307T093000Z",
        ),
        ArticleSpec(
            # Restates the training figure and the Ablikim quote after weeks of silence.
            slug="kashgar-expands-pre-job-training-spring-hiring",
            title="Kashgar to expand pre-job training as spring hiring season begins",
            published="2024-03-18T15:30:00+08:00",
            authors=[],
            section="Xinjiang",
            on_topic=True,
            paragraphs=KASHGAR_SPRING,
            style="infobar",
            credit="Xinhua",
            listed_in={"rss"},
        ),
        ArticleSpec(
            # Published just after midnight Beijing time: 2024-03-24 in UTC.
            slug="livestreaming-classes-help-hotan-villagers-sell-walnuts",
            title="Livestreaming classes help Hotan villagers sell walnuts online",
            published="2024-03-25T00:40:00+08:00",
            authors=["Zhou Lan"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=HOTAN_LIVESTREAM,
            style="timeonly",
            listed_in={"atom"},
        ),
        # ---- off topic ----
        ArticleSpec(
            slug="aviators-beat-royal-falcons-in-overtime",
            title="Lin's late three sends Aviators past Royal Falcons in overtime",
            published="2024-01-14T23:10:00+08:00",
            authors=["Guo Tao"],
            section="Sports",
            on_topic=False,
            paragraphs=BASKETBALL,
            style="opengraph",
            listed_in={"rss"},
        ),
        ArticleSpec(
            slug="cold-wave-to-sweep-northern-china",
            title="Cold wave to bring snow and gales to northern China",
            published="2024-01-16T16:00:00+08:00",
            authors=[],
            section="Weather",
            on_topic=False,
            paragraphs=COLD_WAVE,
            style="infobar",
            credit="Xinhua",
            listed_in={"rss"},
        ),
        ArticleSpec(
            slug="lumio-x9-flagship-phone-on-device-ai",
            title="Lumio bets on battery life and on-device AI with X9 flagship",
            published="2024-01-23T14:30:00+08:00",
            authors=["Sun Yue"],
            section="Tech",
            on_topic=False,
            paragraphs=SMARTPHONE,
            style="graph",
            listed_in={"atom"},
        ),
        ArticleSpec(
            slug="recipe-braised-beef-noodle-soup",
            title="Recipe: Braised beef noodle soup for cold evenings",
            published="2024-01-27T09:00:00+08:00",
            authors=["Helen Qiao"],
            section="Food",
            on_topic=False,
            paragraphs=NOODLE_RECIPE,
            style="timeonly",
            listed_in={"atom"},
        ),
        ArticleSpec(
            slug="brenner-header-gives-rotterdam-edge",
            title="Late Brenner header gives Rotterdam the edge over Lisbon",
            published="2024-02-07T22:55:00+01:00",
            authors=["Peter Vos"],
            section="Sports",
            on_topic=False,
            paragraphs=FOOTBALL,
            style="jsonld",
            listed_in={"urls"},
        ),
        ArticleSpec(
            slug="lunar-orbiter-enters-working-orbit",
            title="Lunar orbiter enters working orbit to map polar ice",
            published="2024-02-23T18:20:00+08:00",
            authors=[],
            section="Science",
            on_topic=False,
            paragraphs=LUNAR_PROBE,
            style="opengraph",
            credit="Xinhua",
            listed_in={"urls"},
        ),
        ArticleSpec(
            slug="voltaris-breaks-ground-on-changzhou-battery-plant",
            title="Voltaris breaks ground on 12-billion-yuan battery plant in Changzhou",
            published="2024-03-04T10:00:00+08:00",
            authors=["Grace Wen"],
            section="Business",
            on_topic=False,
            paragraphs=EV_BATTERY,
            style="jsonld",
            listed_in={"gdelt", "urls"},
            gdelt_seen="20240304T040000Z",
        ),
        ArticleSpec(
            slug="ancient-silk-textiles-exhibition-hangzhou",
            title="Ancient silk textiles go on show in Hangzhou",
            published="2024-03-09T11:00:00+08:00",
            authors=["Shen Ke"],
            section="Culture",
            on_topic=False,
            paragraphs=SILK_EXHIBITION,
            style="graph",
            listed_in={"urls"},
        ),
        ArticleSpec(
            slug="yuan-steadies-as-central-bank-holds-rates",
            title="Yuan steadies as central bank holds lending rates",
            published="2024-03-21T16:45:00+08:00",
            authors=[],
            section="Business",
            on_topic=False,
            paragraphs=YUAN_MARKETS,
            style="timeonly",
            canonical="none",
            listed_in={"rss", "atom"},
        ),
    ]
    return [a.finalize() for a in arts]


def hostile_articles() -> dict[str, ArticleSpec]:
    """Good on-topic pages served at hostile paths (keyed by the path they end up at)."""
    specs = {
        "/hostile/flaky.html": ArticleSpec(
            slug="flaky",
            path="/hostile/flaky.html",
            listed_in={"hostile"},
            title="Sock factory opens in Yeshilkol County, hiring 800 villagers",
            published="2024-02-22T18:00:00+08:00",
            authors=["Gulnar Tohti"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=FLAKY_SOCKS,
            style="jsonld",
            credit="Xinhua",
        ),
        "/hostile/ratelimited.html": ArticleSpec(
            slug="ratelimited",
            path="/hostile/ratelimited.html",
            listed_in={"hostile"},
            title="Aksu training graduates sign contracts with textile firms",
            published="2024-03-11T20:10:00+08:00",
            authors=["Adil Kurban"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=RATELIMITED_AKSU,
            style="opengraph",
            credit="Xinhua",
        ),
        "/hostile/chain-end.html": ArticleSpec(
            slug="chain-end",
            path="/hostile/chain-end.html",
            listed_in={"hostile"},
            title="Village workshops bring factory work to Kokterek doorsteps",
            published="2024-03-13T09:40:00+08:00",
            authors=["Li Qiong"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=CHAIN_WORKSHOPS,
            style="graph",
        ),
        "/hostile/latin1.html": ArticleSpec(
            slug="latin1",
            path="/hostile/latin1.html",
            listed_in={"hostile"},
            title="Hotan carpet weavers trade the loom at home for a monthly wage",
            published="2024-03-14T13:25:00+08:00",
            authors=["Zhou Lan"],
            section="Xinjiang",
            on_topic=True,
            paragraphs=LATIN1_CARPETS,
            style="jsonld",
            expected={
                "text_contains": [
                    "Aynur Tursun (阿依努尔·吐尔逊)",
                    "earn ¥2,600 a month on average — up from about",
                    "“The old patterns are our treasure",
                ]
            },
        ),
        "/private/leaked.html": ArticleSpec(
            slug="leaked",
            path="/private/leaked.html",
            listed_in={"rss", "hostile"},
            title="Internal plan sets labor transfer quotas for Kokterek townships",
            published="2024-03-01T08:00:00+00:00",
            authors=["Claire Donovan"],
            section="World",
            on_topic=True,
            paragraphs=LEAKED_MEMO,
            style="opengraph",
            expected={"status": "robots-disallowed"},
        ),
    }
    return {k: v.finalize() for k, v in specs.items()}


# ---------------------------------------------------------------------------------------
# Bulk pages (fetch benchmark): cheap, varied, deterministic
# ---------------------------------------------------------------------------------------

BULK_PLACES = [
    "Kashgar",
    "Hotan",
    "Aksu",
    "Kokterek",
    "Qumbagh",
    "Yeshilkol",
    "Urumqi",
    "Changzhou",
    "Quanzhou",
    "Hangzhou",
    "Shenzhen",
    "Lisbon",
]
BULK_SUBJECTS = [
    "a garment factory",
    "a training center",
    "an industrial park",
    "a village workshop",
    "a football club",
    "a weather station",
    "a battery plant",
    "a museum",
    "a breeding park",
    "a logistics hub",
]
BULK_VERBS = [
    "hired",
    "trained",
    "welcomed",
    "moved",
    "recorded",
    "celebrated",
    "announced",
    "opened",
    "expanded",
    "reported",
]
BULK_OBJECTS = [
    "hundreds of new workers",
    "a record season",
    "a new production line",
    "its first export order",
    "a job fair for rural residents",
    "wages of 3,000 yuan a month",
    "heavy snow and strong winds",
    "a new exhibition hall",
    "a pre-job training course",
    "a late winner",
]
BULK_SENTENCES = [
    "Officials said the figures would be updated at the end of the quarter.",
    "The local government paid part of the training costs and the rent.",
    "Workers said the bus service had made the daily journey much easier.",
    "Analysts cautioned that demand could weaken later in the year.",
    "The company plans to add another 200 jobs before the summer.",
    "Residents were advised to stay indoors during the worst of the storm.",
    "A spokesman declined to give details about the new contracts.",
    "Visitors can book tickets online from Monday.",
    "The program is part of a wider plan to raise rural incomes.",
    "Critics said the numbers were difficult to verify independently.",
    "The coach praised his players for their discipline in defense.",
    "Prices rose slightly compared with the same period last year.",
]
