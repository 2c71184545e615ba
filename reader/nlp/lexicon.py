"""Word lists the figure and attribution rules read.

Kept in one module so the rules stay short and the vocabulary can grow
without touching them. All sets are exact-case unless named ``*_LOWER``
(then compare ``word.lower()``).
"""

from __future__ import annotations

import re

# Words a title before a name is made of ("U.S. Secretary of State",
# "Army General", "Iraqi Foreign Minister"). Scanning back from a name stops
# at the first word not listed, so nationalities and countries ("U.S.",
# "Iraqi") are left out of the role.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    President Vice Prime Minister Secretary General Gen. Lieutenant Lt. Colonel Col. Major Maj.
    Captain Capt. Sergeant Sgt. Admiral Adm. Commander Cmdr. Marshal Field Brigadier Brig.
    Corporal Cpl. Private Pvt. Army Navy Air Force Marine Marines Corps Guard Chief Deputy Assistant
    Acting Senior Foreign Defense Defence Interior Finance Treasury Justice Health Trade Commerce
    Economy Economic Energy Labor Labour Education Transport Transportation Agriculture Home Affairs
    Environment Information Culture Sports Oil Industry Planning Development Security National
    Homeland Intelligence Attorney Solicitor Senator Sen. Representative Rep. Congressman
    Congresswoman Assemblyman Governor Gov. Mayor Ambassador Envoy Special Judge Chairman
    Chairwoman Chair Director Executive Officer Spokesman Spokeswoman Spokesperson Speaker Leader
    Majority Minority Premier Chancellor King Queen Prince Princess Crown Emperor Empress Pope
    Cardinal Archbishop Bishop Reverend Rev. Father Sheikh Imam Rabbi Commissioner Coach Manager
    Inspector Detective Sheriff Police Superintendent Undersecretary Under Secretary-General
    Adviser Advisor Counsel Central Bank Board Party Opposition State of the
    CEO Chief-Executive Founder Co-founder Treasurer Controller Comptroller Auditor Registrar
    Archduke Duke Duchess Lord Lady Baron Baroness Countess Provost Professor Prof.
    Magistrate Prosecutor Public Federal Regional Provincial Deputy-General Mufti Ayatollah
    Grand President-elect Chief-of-Staff Staff Joint Chiefs Minister-President MP
    striker midfielder defender goalkeeper captain coach manager leader spokesman spokeswoman
    chairman chief president minister secretary director analyst economist official envoy
    Financial Operating Technology Marketing Commercial Investment Operations Legal Medical
    Scientific Science Strategy Product Digital Risk Compliance Conservation Climate Immigration
    Housing Employment Tourism Fisheries Infrastructure Veterans Communications Welfare Research
    chairwoman spokesperson executive officer financial operating operations transport finance
    marketing communications sales policy press programme program country regional deputy senior
    assistant vice acting interim union party opposition campaign project research legal
    technical managing general lawmaker legislator ranger chancellor shadow home health business
    foreign defence defense interior justice trade treasury energy education environment culture
    housing science work pensions culture transport chief
    """.split()
)

# A role must contain one of these heads; otherwise the words before the name
# were just capitalised context ("State Department ...").
ROLE_HEADS: frozenset[str] = frozenset(
    """
    President Minister Secretary General Gen. Lieutenant Lt. Colonel Col. Major Maj. Captain Capt.
    Sergeant Sgt. Admiral Adm. Commander Cmdr. Marshal Brigadier Brig. Corporal Cpl. Private Pvt.
    Chief Attorney Solicitor Senator Sen. Representative Rep. Congressman Congresswoman Assemblyman
    Governor Gov. Mayor Ambassador Envoy Judge Chairman Chairwoman Chair Director Officer
    Spokesman Spokeswoman Spokesperson Speaker Leader Premier Chancellor King Queen Prince Princess
    Emperor Empress Pope Cardinal Archbishop Bishop Reverend Rev. Father Sheikh Imam Rabbi
    Commissioner Coach Manager Inspector Detective Sheriff Superintendent Undersecretary
    Secretary-General Adviser Advisor Counsel CEO Founder Co-founder Treasurer Controller
    Comptroller Auditor Registrar Archduke Duke Duchess Lord Lady Baron Baroness Countess
    Provost Professor Prof. Magistrate Prosecutor Mufti Ayatollah President-elect
    Chief-of-Staff Minister-President MP Justice Justices
    striker midfielder defender goalkeeper captain coach manager leader spokesman spokeswoman
    chairman chief president minister secretary director analyst economist official envoy
    chairwoman spokesperson executive officer lawmaker legislator ranger
    """.split()
)

# Head words of an appositive that gives a role: "Joseph Votel, head of ...".
APPOSITIVE_HEADS_LOWER: frozenset[str] = frozenset(
    """
    head chief leader director president chairman chairwoman spokesman spokeswoman spokesperson
    minister secretary commander founder co-founder owner editor ceo executive governor mayor
    ambassador envoy adviser advisor analyst economist professor author captain coach manager
    general officer official member deputy architect inventor publisher producer
    scientist researcher geneticist climatologist biologist ecologist epidemiologist virologist
    physician doctor surgeon nurse lawyer attorney engineer historian professor lecturer
    strategist consultant lawmaker legislator diplomat negotiator activist campaigner organiser
    organizer coordinator administrator correspondent reporter farmer herder fisherman ranger
    teacher principal fellow novelist painter singer composer designer
    skipper master harbourmaster crofter shopkeeper landlord landlady driver chef baker midwife
    paramedic firefighter coastguard lifeboatman vet pharmacist councillor
    """.split()
)

# Nouns for people by what they do or who they are to someone: "the
# saxophonist LeRoi Moore", "his son Edsel Ford", "the businessman Herman
# Miller". A name right after one is a person, whatever the tagger said.
PERSON_NOUNS_LOWER: frozenset[str] = APPOSITIVE_HEADS_LOWER | frozenset(
    """
    saxophonist drummer violinist guitarist bassist pianist singer songwriter rapper composer
    conductor soprano mezzo-soprano tenor baritone cellist trumpeter keyboardist vocalist musician
    harpist artist painter sculptor photographer designer novelist writer poet playwright
    screenwriter columnist critic philosopher physicist chemist mathematician astronomer
    ornithologist botanist naturalist businessman businesswoman entrepreneur banker industrialist
    financier investor philanthropist heiress heir actor actress comedian filmmaker dancer
    choreographer pilot aviator astronaut explorer navigator sailor soldier priest missionary monk
    nun politician player forward striker midfielder defender goalkeeper pitcher outfielder
    infielder catcher quarterback batsman bowler jockey cyclist sprinter swimmer boxer wrestler
    golfer teammate apprentice pupil student grandmaster airman
    wife husband son daughter father mother brother sister nephew niece uncle aunt cousin
    grandson granddaughter grandfather grandmother widow widower stepsister stepbrother
    half-brother half-sister father-in-law mother-in-law son-in-law daughter-in-law
    merchant agriculturist flautist bluesman bluesmen councillor
    dissident labourer laborer worker resident refugee migrant victim survivor suspect defendant
    witness prisoner detainee hostage protester demonstrator rebel militant insurgent opponent
    challenger incumbent nominee candidate voter supporter prosecutor judge magistrate scholar
    academic commentator pundit blogger presenter commissioner trustee premier cleric imam rabbi
    pastor bishop archbishop preacher miner trader broker vendor tourist passenger climber
    teenager schoolboy schoolgirl
    """.split()
)
_NOT_PERSON_IST = frozenset("assist exist resist insist persist consist desist twist wrist schist".split())


def is_person_noun(word: str) -> bool:
    """A noun for a person, listed or by its ending ("agriculturist",
    "musician", "businessman"), lowercase."""
    if word in PERSON_NOUNS_LOWER:
        return True
    if len(word) > 6 and word.endswith(("ist", "ists")) and word.rstrip("s") not in _NOT_PERSON_IST:
        return True
    return len(word) > 7 and word.endswith(("man", "woman", "men", "women", "ician", "icians"))

# What a name is said to be when it names no person: "Herman Miller is an
# American company", "Novo Nordisk, maker of Wegovy", "the musical Hamilton".
THING_HEADS_LOWER: frozenset[str] = frozenset(
    """
    company firm maker manufacturer retailer brand band group park museum airport aircraft
    fighter bomber plane airliner jet ship warship carrier destroyer submarine liner magazine
    newspaper label chain corporation conglomerate restaurant hotel store supermarket school
    university college charity foundation bank airline team club stadium arena building bridge
    street road town city village river mountain lake island album song novel film movie musical
    opera drug car rocket telescope satellite franchise studio publisher broadcaster network
    website orchestra choir ensemble quartet trio festival prize award automaker carmaker
    drugmaker chipmaker insurer lender startup subsidiary brokerage exchange agency fund
    """.split()
)

# Capitalised words that, right after a person's name, make the whole a
# place, organisation or event named after them ("Cal Anderson Park",
# "Dave Matthews Band", "Jackie Robinson Day"), with the label it gets.
NAMED_AFTER_HEADS: dict[str, str] = {
    **dict.fromkeys(
        """
        Park Playfield Field Fields Square Street Avenue Boulevard Road Bridge Airport Station
        Stadium Arena Center Centre Hall Library Museum Memorial Tower Building Dam Lake River
        Island Bay Pavilion Gardens Garden Plaza Highway Tunnel Reservoir County Valley Beach
        Forest Trail Terminal Hospital Observatory Theatre Theater House Palace
        """.split(),
        "LOCATION",
    ),
    **dict.fromkeys(
        """
        Band Orchestra Quartet Quintet Trio Ensemble Foundation Institute University College
        School Academy Company Group Trust Fund Society Experience Corporation Inc Inc. Corp
        Corp. Ltd Ltd. Museum Prize Commission
        """.split(),
        "ORGANIZATION",
    ),
    **dict.fromkeys("Day Award Medal Trophy Cup Lectures Lecture Doctrine".split(), "MISC"),
}
NAMED_AFTER_HEADS["Museum"] = "ORGANIZATION"
NAMED_AFTER_HEADS["Prize"] = "MISC"

# Words before a name that make it a work or a vehicle ("the musical
# Hamilton", "the aircraft carrier Carl Vinson").
THING_DESCRIPTORS_LOWER: frozenset[str] = frozenset(
    """
    magazine newspaper musical album song novel film movie opera ship carrier aircraft destroyer
    yacht warship band
    """.split()
)

HONORIFICS: frozenset[str] = frozenset(
    "Mr Mr. Mrs Mrs. Ms Ms. Miss Mx Mx. Dr Dr. Sir Dame Messrs Messrs. Mme Mme. Mlle Mlle. Herr Frau Monsieur Madame Senor Senora".split()
)
MALE_MARKERS: frozenset[str] = frozenset(
    "Mr Mr. Sir Herr Monsieur Senor King Prince Emperor Duke Baron Count Lord Father Congressman "
    "Chairman Spokesman Assemblyman Archduke Sheikh Rabbi Pope Cardinal".split()
)
FEMALE_MARKERS: frozenset[str] = frozenset(
    "Mrs Mrs. Ms Ms. Miss Dame Frau Madame Senora Mme Mme. Mlle Mlle. Queen Princess Empress Duchess "
    "Baroness Countess Lady Congresswoman Chairwoman Spokeswoman".split()
)

# A single initial ("J."), as in "Michael J. Fox", "Lawrence B. Cummings".
ONE_INITIAL_RE = re.compile(r"^[A-Z]\.$")

# Lowercase particles inside names ("Dorothea von Schlegel", "F. W. de Klerk").
NAME_PARTICLES_LOWER: frozenset[str] = frozenset(
    "van von der den de del della degli di da das dos do du la le ter ten zu bin ibn al el wa y".split()
)

# Name particles that a surname may be written with or without
# ("Mohamed al-Hakim" ... "Hakim").
NAME_PARTICLE_RE = re.compile(r"^(?:al|el|Al|El|ad|ar|as|at|az|ash|an|bin|ibn|abu|Abu|ben|d|D|l|L)[-\u2019']", re.UNICODE)

# Tokens that make a would-be person mention an organisation, place or thing.
NON_PERSON_WORDS: frozenset[str] = frozenset(
    """
    Department Ministry Committee Council University College Party Bank Inc Inc. Corp Corp. Co Co.
    Ltd Ltd. Plc PLC Group Agency Office Association Union League Club FC Court Commission Institute
    Foundation Fund Company Corporation Reuters AP AFP Army Navy Force Forces Organization
    Organisation Parliament Congress Senate House Assembly Government Administration Board Bureau
    Service Services Authority Airlines Airways Motors Systems Holdings International Street Avenue
    Road River Mountains Islands Province County City State States Republic Kingdom Empire Airport
    Station Stadium Hospital Church Mosque Square Park Center Centre Times Post Journal News Daily
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July
    August September October November December God Allah Islamic Muslim Christian Jewish
    Prison Jail Hotel Bridge Hall Palace Castle Tower Museum Theatre Theater Cathedral Temple Port
    Harbour Harbor Lake Sea Ocean Bay Valley Island Beach Cup Open Championship Championships
    Games Prize Award Festival Conference Summit Treaty Accord Agreement Act Plan Index Exchange
    Market Markets Securities Capital Partners Bancorp Trust Insurance Energy Oil Petroleum
    Telecom Communications Media Network Television Radio Channel Studios Records Press Magazine
    Gazette Herald Tribune Telegraph Mirror Observer Zeitung Prensa
    Semiconductor Semiconductors Technologies Technology Pharmaceuticals Pharma Electronics
    Industries Software Labs Laboratories Networks Solutions Therapeutics Biosciences Ventures
    Robotics Foods Brands Logistics Microsystems Dynamics Aerospace Automotive Chemicals
    Enterprises Entertainment Pictures Motor Airline Aviation Shipping Petrochemicals Mining
    Resources Investments Financial Bancshares Realty Properties Retail Stores Apparel
    Easter Christmas Ramadan Eid Diwali Passover Hanukkah Thanksgiving Halloween Lent Advent
    Pentecost Hajj Kippur Hashanah Nowruz
    Twitter Facebook Instagram Google YouTube Snapchat TikTok WhatsApp Reddit LinkedIn Netflix
    Amazon Microsoft Uber Airbnb Spotify MSNBC Msnbc CNN Fox Band Orchestra Quartet Trio Playfield
    Caucus Survey Poll Muslims Christians Jews Hindus Sikhs Buddhists Catholics Protestants
    Evangelicals Latinos Latinas Hispanics
    """.split()
)

# Words of NON_PERSON_WORDS that end people's names as often as things'
# ("Michael J. Fox", "Liam Fox", "Shirley Temple", "Charlotte Church",
# "Arsenio Hall"): after a first name and nothing but initials
# they are a surname (see figures._looks_like_non_person).
SURNAMES_AMONG_NON_PERSON_WORDS: frozenset[str] = frozenset(
    "Fox Church Temple Castle Tower Court Post Hall".split()
)

# Company descriptors before a name: "Chipmaker Veridian Semiconductor",
# "carmaker Tesla", "retailer Walmart" name an organisation, never a person.
COMPANY_DESCRIPTORS_LOWER: frozenset[str] = frozenset(
    """
    company firm chipmaker carmaker automaker retailer lender insurer bank airline conglomerate
    startup start-up manufacturer drugmaker broadcaster group brand subsidiary utility telecom
    telco shipper outfit chain label studio e-commerce
    """.split()
)

# Party and movement words: "Christian Democrat transport spokesman X",
# "Republican Senator X", "Labour MP X" — an affiliation before a name,
# never a person by itself.
AFFILIATION_WORDS: frozenset[str] = frozenset(
    """
    Democrat Democrats Democratic Republican Republicans Socialist Socialists Social Conservative
    Conservatives Tory Tories Labour Labor Liberal Liberals Communist Communists Nationalist
    Nationalists Unionist Unionists Christian Gaullist Peronist Centrist Centrists Populist
    Progressive Libertarian Federalist Greens Maoist Marxist Leftist Rightist Islamist Free
    """.split()
)

# Words of a would-be single-word person that are really common words or
# titles the tagger sometimes takes for a name.
NOT_A_NAME: frozenset[str] = frozenset(
    """
    President Secretary Minister General Senator Governor Mayor Chairman Spokesman Chief Premier
    Chancellor King Queen Prince Pope Coach Manager Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Lord Lady
    State States Department Ministry Congress Senate House Parliament Government Reuters Photo File
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June
    July August September October November December Today Yesterday Tomorrow God The A An He She It
    They We I You His Her Their Our Its This That These Those There Here But And Or If When While
    Earlier Later However Meanwhile Still Also Then Now Yes No
    Before After During Under With Without For From According Among Between Despite Since Until
    Unlike Like As At By In On Of Off Over Through To Toward Towards Upon Via Amid Against Although
    Though Because Unless Whether Where Who Whom Whose Which What Why How Once Even Only Just
    Asked Told Said Says Dear Thanks Thank Hello Please Sorry Okay OK
    Another Instead Perhaps Maybe Indeed Besides Moreover Furthermore Nevertheless Nonetheless
    Otherwise Anyway Finally Eventually Initially Recently Currently Already Again Almost Rather
    Some Many Several Each Every Both Either Neither Other Such Most Few Any Nor Yet Thus Hence
    Every Whatever Whoever Wherever However Nobody Everybody Somebody Anybody Nothing Everything
    Latino Latina Latinos Latinas Hispanic Hispanics Muslim Muslims Christians Jews Hindus Sikhs
    Buddhists Catholics Protestants Evangelicals Arabs Blacks Whites Asians Americans
    Universe World Earth Strait Gulf Cape Mount Fort Lake Bay Port Isle
    """.split()
)

# Photo agencies whose credit line "AGENCY/Photographer Name" names a person.
PHOTO_AGENCIES = (
    "REUTERS",
    "Reuters",
    "AP Photo",
    "AP",
    "AFP",
    "AFP Photo",
    "Getty Images",
    "EPA",
    "EPA-EFE",
    "Bloomberg",
    "ANP",
    "DPA",
    "dpa",
    "Xinhua",
    "Pool",
)

# News agencies: always an organisation ("MELBOURNE (AP) -", "told Interfax").
NEWS_AGENCIES: frozenset[str] = frozenset(
    """
    AP AFP Reuters REUTERS UPI dpa DPA Xinhua Interfax TASS Tass RIA ANSA EFE Kyodo Yonhap Bernama
    Anadolu IRNA ANP Belga APA PAP CTK BTA MTI
    """.split()
)

PRONOUNS_MALE_LOWER = frozenset({"he"})
PRONOUNS_FEMALE_LOWER = frozenset({"she"})

# Speech and reporting verbs, all inflections spelled out so one compiled
# alternation finds them (longest first so "added" is not read as "add").
_SPEECH_LEMMAS = """
say says said saying
tell tells told telling
add adds added adding
state states stated
declare declares declared
announce announces announced
note notes noted
explain explains explained
write writes wrote
ask asks asked
reply replies replied
respond responds responded responding
answer answers answered
insist insists insisted
warn warns warned warning
argue argues argued arguing
acknowledge acknowledges acknowledged
admit admits admitted
claim claims claimed
comment comments commented
continue continues continued
recall recalls recalled
predict predicts predicted
suggest suggests suggested
urge urges urged urging
vow vows vowed
pledge pledges pledged
promise promises promised
complain complains complained
conclude concludes concluded
confirm confirms confirmed
deny denies denied
estimate estimates estimated
observe observes observed
remark remarks remarked
report reports reported
testify testifies testified
tweet tweets tweeted
post posts posted
quip quips quipped
joke jokes joked
caution cautions cautioned
stress stresses stressed
emphasise emphasises emphasised emphasize emphasizes emphasized
underline underlines underlined
call calls called calling
describe describes described describing
reassure reassures reassured
assure assures assured
agree agrees agreed
disagree disagrees disagreed
accuse accuses accused
charge charges charged
demand demands demanded
criticise criticises criticised criticize criticizes criticized
praise praises praised
hail hails hailed
dismiss dismisses dismissed
brand brands branded
label labels labelled labeled
term terms termed
dub dubs dubbed
describe describes
mention mentions mentioned
point points pointed
shout shouts shouted
yell yells yelled
scream screams screamed
shriek shrieks shrieked
cry cries cried
exclaim exclaims exclaimed
whisper whispers whispered
speak speaks spoke speaking
address addresses addressed addressing
repeat repeats repeated
reiterate reiterates reiterated
maintain maintains maintained
contend contends contended
allege alleges alleged
assert asserts asserted
believe believes believed
think thinks thought
feel feels felt
hope hopes hoped
expect expects expected
fear fears feared
signal signals signalled signaled
indicate indicates indicated
affirm affirms affirmed
counter counters countered
retort retorts retorted
boast boasts boasted
concede concedes conceded
lament laments lamented
protest protests protested
threaten threatens threatened
""".split()

SPEECH_VERBS_LOWER: frozenset[str] = frozenset(_SPEECH_LEMMAS)
# Verbs that can stand after a closing quote with the speaker ("," Pompeo said):
# the reporting verbs proper, not the ones that only introduce reported speech.
TRAILING_VERBS_LOWER: frozenset[str] = frozenset(
    """
    say says said tell tells told add adds added state states stated declare declares declared
    announce announces announced note notes noted explain explains explained write writes wrote
    ask asks asked reply replies replied respond responds responded answer answers answered
    insist insists insisted warn warns warned argue argues argued acknowledge acknowledges
    acknowledged admit admits admitted claim claims claimed comment comments commented continue
    continues continued recall recalls recalled predict predicts predicted suggest suggests
    suggested urge urges urged vow vows vowed pledge pledges pledged promise promises promised
    complain complains complained conclude concludes concluded confirm confirms confirmed observe
    observes observed remark remarks remarked testify testifies testified tweet tweets tweeted
    quip quips quipped joke jokes joked caution cautions cautioned stress stresses stressed
    emphasised emphasized underlined shouted yelled screamed shrieked cried exclaimed whispered repeated reiterated
    maintained contended asserted countered retorted boasted conceded lamented wrote posted
    """.split()
)

PREPOSITIONS_LOWER: frozenset[str] = frozenset(
    """
    to with by for from of at on about against after before than like between among toward towards
    into onto upon under over behind beside near without within via including whom
    """.split()
)

DETERMINERS_LOWER: frozenset[str] = frozenset(
    """
    the a an his her its their our my your this that these those one another some many several
    two three four each every both either neither no other such
    """.split()
)

# Verbs whose following name is their object, not a subject: "he told Hakim"
# (unlike "said Pompeo", where the name after the verb is the speaker).
OBJECT_VERBS_LOWER: frozenset[str] = frozenset(
    """
    told tell tells telling asked ask asks urged urge thanked thank accused accuse warned warn
    reassured assured met meet meets meeting visited visit called calls criticised criticized
    praised blamed blame replace replaced succeed succeeded defeated beat beats join joined
    named appointed fired sacked backed back support supported endorsed quoted quoting quotes
    """.split()
)

# "Interfax quoted Chernomyrdin as saying": the speaker sits between these.
QUOTING_VERBS_LOWER: frozenset[str] = frozenset({"quoted", "quotes", "quoting", "cited", "cites", "citing"})

# Verbs that name or describe someone ("dubbed", "called"): in the passive
# they say nothing about who speaks.
NAMING_VERBS_LOWER: frozenset[str] = frozenset(
    "dubbed called labelled labeled branded termed nicknamed described hailed known".split()
)


def is_title_word(word: str) -> bool:
    """A title word, hyphenated compounds included ("Lieutenant-Colonel",
    "Vice-President")."""
    if word in TITLE_WORDS or word in HONORIFICS:
        return True
    return "-" in word and all(p in TITLE_WORDS for p in word.split("-"))


def is_role_head(word: str) -> bool:
    return word in ROLE_HEADS or ("-" in word and any(p in ROLE_HEADS for p in word.split("-")))
