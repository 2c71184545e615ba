"""Words that report speech in news: the cues around a direct quote.

News attributes quotes with far more verbs than "said": how something was
said (gushed, insisted, shouted), in what medium (tweeted, emailed, wrote,
posted), and reporting verbs of the press (reports, reported). Every verb is
listed in its base, third-person and past forms, so a cue's *form* (present
"says" in wire copy, past "said" elsewhere) is a feature of its own.
"""

from __future__ import annotations

_LEMMAS = """
say says said saying; tell tells told telling; add adds added adding; state states stated;
declare declares declared; announce announces announced; note notes noted noting; explain explains explained;
write writes wrote written writing; ask asks asked asking; reply replies replied; respond responds responded;
answer answers answered; insist insists insisted; warn warns warned warning; argue argues argued arguing;
acknowledge acknowledges acknowledged; admit admits admitted; claim claims claimed claiming;
comment comments commented; continue continues continued; recall recalls recalled; predict predicts predicted;
suggest suggests suggested; urge urges urged; vow vows vowed; pledge pledges pledged; promise promises promised;
complain complains complained; conclude concludes concluded; confirm confirms confirmed; observe observes observed;
remark remarks remarked; testify testifies testified; tweet tweets tweeted tweeting; quip quips quipped;
joke jokes joked; caution cautions cautioned; stress stresses stressed; emphasize emphasizes emphasized;
emphasise emphasises emphasised; shout shouts shouted; yell yells yelled; scream screams screamed; cry cries cried;
exclaim exclaims exclaimed; whisper whispers whispered; repeat repeats repeated; reiterate reiterates reiterated;
maintain maintains maintained; contend contends contended; assert asserts asserted; counter counters countered;
retort retorts retorted; boast boasts boasted; concede concedes conceded; lament laments lamented;
gush gushes gushed; rave raves raved; report reports reported reporting; email emails emailed e-mailed;
text texts texted; post posts posted; blog blogs blogged; post posted; tell told; mutter mutters muttered;
murmur murmurs murmured; snap snaps snapped; sneer sneers sneered; scoff scoffs scoffed; chuckle chuckles chuckled;
laugh laughs laughed; sigh sighs sighed; marvel marvels marveled marvelled; muse muses mused; wonder wonders wondered;
declare declared; proclaim proclaims proclaimed; charge charges charged; allege alleges alleged; accuse accuses accused;
blast blasts blasted; slam slams slammed; rip rips ripped; mock mocks mocked; taunt taunts taunted; tout touts touted;
praise praises praised; hail hails hailed; thunder thunders thundered; fume fumes fumed; rail rails railed;
plead pleads pleaded pled; beg begs begged; demand demands demanded; implore implores implored; advise advises advised;
offer offers offered; point points pointed; recount recounts recounted; describe describes described; quote quotes quoted;
add added; conclude concluded; opine opines opined; predict predicted; reason reasons reasoned; acknowledge acknowledged;
agree agrees agreed; disagree disagrees disagreed; object objects objected; protest protests protested;
threaten threatens threatened; begin begins began; interject interjects interjected; chime chimes chimed;
inform informs informed; assure assures assured; reassure reassures reassured; remind reminds reminded;
confide confides confided; confess confesses confessed; reveal reveals revealed; disclose discloses disclosed;
wrote; posted; captioned; read reads; tell telling; ask asked; added
"""

SPEECH_FORMS_LOWER: frozenset[str] = frozenset(w for w in _LEMMAS.replace(";", " ").split())

# Forms that read as a past tense (said, gushed, wrote) or a present (says,
# reports): the cue's form is a feature.
_IRREGULAR_PAST = frozenset("said told wrote written cried pled began read".split())


def cue_form(word: str) -> str:
    """"past", "present", "ing" or "base" for a cue verb form."""
    low = word.lower()
    if low in _IRREGULAR_PAST or low.endswith("ed"):
        return "past"
    if low.endswith("ing"):
        return "ing"
    if low.endswith("s"):
        return "present"
    return "base"


def is_cue(word: str) -> bool:
    return word.lower() in SPEECH_FORMS_LOWER


# Nouns that head a description of a speaker who is not named ("a senior
# official", "the newspaper", "officials", "the campaign").
DESCRIPTION_HEADS_LOWER: frozenset[str] = frozenset(
    """
    official officials spokesman spokeswoman spokesperson spokespeople source sources aide aides adviser advisers
    advisor advisors newspaper paper magazine campaign statement report reports memo letter ad ads video
    website site network station agency department ministry committee commission council court judge ruling
    lawsuit complaint filing document documents study survey poll analysis book article editorial story piece
    post tweet release government administration police officers officer critics critic analysts analyst experts
    expert economists economist observers residents resident witnesses witness protesters demonstrators voters
    supporters opponents leaders leader lawmakers lawmaker democrats republicans insiders diplomats diplomat
    executives executive staff team group groups organization organisation association union company firm
    researchers researcher scientists scientist investigators prosecutors prosecutor attorneys attorney lawyer
    lawyers doctor doctors nurse narrator announcer questioner woman man women men friend friends family relatives
    neighbor neighbour mother father wife husband daughter son sister brother voter person people veteran veterans
    candidate nominee president senator governor mayor congressman congresswoman businessman host anchor
    moderator reporter reporters journalist journalists columnist writer author authors someone anyone
    army military navy forces troops rebels guerrillas parliament cabinet embassy council ministry
    transcript transcripts board crowd email emails strategist strategists message messages member members user
    users account accounts supporter employee employees staffer staffers insider insiders audience caller callers
    questioner questioners commenter commenters organizer organizers spectator spectators activist activists owner
    owners investor investors column passage suit petition page tweets statements prince king queen pollster
    pollsters consultant consultants operative operatives confidant donor donors fans delegate delegates attendees
    participants students protester panel jury brief briefs filings motion
    """.split()
)

# Descriptions of institutions rather than people: shown as organisations.
INSTITUTION_HEADS_LOWER: frozenset[str] = frozenset(
    """
    newspaper paper magazine campaign statement report reports memo letter ad ads video website site network
    station agency department ministry committee commission council court ruling lawsuit complaint filing
    document documents study survey poll analysis book article editorial story piece post tweet release
    government administration police team group groups organization organisation association union company firm
    army military navy forces troops rebels guerrillas parliament cabinet embassy council
    transcript transcripts board email emails message messages account accounts column passage suit petition page
    tweets statements panel brief briefs filings motion
    """.split()
)

# Cues whose object is the one spoken to or about, not the speaker ("told
# CNN", "praised Clinton"): a name after them is no speaker.
LISTENER_CUES_LOWER: frozenset[str] = frozenset(
    """told tell tells telling asked ask asks urged urge urges warned warn warns thanked reminded remind reminds
    informed assured reassured accused accuse accuses praised praise praises blasted slammed mocked blast slam
    mock rip ripped hail hailed taunt taunted charge charged quote quoted quotes""".split()
)
