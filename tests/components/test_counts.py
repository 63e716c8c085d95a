"""Counts per claims-spec 4: every count of the seed, then cases of our own; each filter alone
over hand-built Docs; the stage as a spaCy pipe."""
import pytest
import spacy
from spacy.tokens import Doc

from extractor.components.counts import (FILTERS, RUN_FILTERS, STEPS, CountRules, CountStage, candidate,
                                         default_rules, dropped_by, find_counts, is_address, is_age, is_copular_age, is_parts_of_a_whole,
                                         is_age_after_name, is_age_range_end,
                                         is_date_entity, is_day_of_month, is_duration, is_hyphenated_duration,
                                         is_in_name, is_label_number, is_name_number, is_not_a_numeral, is_ordinal,
                                         is_part_of_larger_vague, is_pronoun_one, is_time_of_day, is_word_compound,
                                         is_year_number, is_definite_reference, is_idiom_one,
                                         numeral_runs)
from extractor.errors import PipelineError
from extractor.pipeline import DEFAULT_MODEL
from tests.conftest import process_sentence

C = lambda low, high, q, kind="count", unit=None: (low, high, q, kind, unit)  # noqa: E731

SEED = [
    ("This announcement comes following the capture of Nicolás Maduro by U.S. forces on January 3 and a release "
     "process that has freed between 302 and more than 600 detainees, according to disputed figures between "
     "Chavismo and the NGO Foro Penal.", [C(302, 600, "range", unit="detainees")]),
    ("In contrast, the Cuban regime holds more than a thousand political prisoners without a date for their release.",
     [C(1000, None, "more_than", unit="political prisoners")]),
    ("According to Prisoners Defenders, Cuba ended December 2025 with 1,197 political and conscience prisoners, "
     "having added 134 new ones throughout the year.",
     [C(1197, 1197, "exact", unit="political and conscience prisoners"), C(134, 134, "exact", unit="new ones")]),
    ("This figure represents a recent record, with patterns of arbitrary detentions without due process, and a "
     "total of 1,935 since July 2021.", [C(1935, 1935, "exact")]),
    ("More than 300 Cubans, including former prisoners like José Daniel Ferrer, signed a petition.",
     [C(300, None, "more_than", unit="Cubans")]),
    ("The regime released 553 people in 2025 through an agreement with the U.S. mediated by the Vatican, but NGOs "
     "like Justicia 11J reported only 212-250 for political reasons.",
     [C(553, 553, "exact", unit="people"), C(212, 250, "range")]),
]

OWN = [
    ("Police arrested at least 37 people on the first night.", [C(37, None, "at_least", unit="people")]),
    ("Over 1,200 demonstrators marched through the capital.", [C(1200, None, "more_than", unit="demonstrators")]),
    ("Nearly 80 protesters were injured.", [C(80, 80, "approximate", unit="protesters")]),
    ("About a dozen journalists were held overnight.", [C(12, 12, "approximate", unit="journalists")]),
    ("Dozens of families fled the district.", [C(24, None, "approximate", unit="families")]),
    ("Hundreds of students joined the strike.", [C(200, None, "approximate", unit="students")]),
    ("Eleven were freed late in the evening.", [C(11, 11, "exact")]),
    ("Turnout reached 42 percent in the capital.", [C(42, 42, "exact", "percent", "%")]),
    ("The ruling party won 42% of the vote.", [C(42, 42, "exact", "percent", "%")]),
    ("The donors pledged $2.5 million for the camps.", [C(2_500_000, 2_500_000, "exact", "money", "USD")]),
    ("The budget sets aside 1.2 billion euros for hospitals.",
     [C(1_200_000_000, 1_200_000_000, "exact", "money", "EUR")]),
    ("Between 20 and 30 soldiers died in the ambush.", [C(20, 30, "range", unit="soldiers")]),
    ("Officials counted 150 to 200 tents in the camp.", [C(150, 200, "range", unit="tents")]),
    ("Between 2 and 3 million people fled.", [C(2_000_000, 3_000_000, "range", unit="people")]),
    # found by make fuzz: a scale that would make the range run downwards is not shared
    ("Officials said 2 to 1 thousand people waited.", [C(2, 1000, "range", unit="people")]),
    ("Fewer than 50 lawyers attended the hearing.", [C(None, 50, "less_than", unit="lawyers")]),
    ("Up to 400 workers could lose their jobs.", [C(None, 400, "at_most", unit="workers")]),
    ("Some 3,000 people were displaced by the floods.", [C(3000, 3000, "approximate", unit="people")]),
    ("Half of the detainees were minors.", [C(50, 50, "exact", "percent", "%")]),
    ("A few hundred supporters gathered outside the court.", [C(200, None, "approximate", unit="supporters")]),
    ("Tens of thousands of people fled the fighting.", [C(20000, None, "approximate", unit="people")]),
    ("The real number could exceed 3,500.", [C(3500, None, "more_than")]),
    ("The increase would add about $96 a year to the bill.", [C(96, 96, "approximate", "money", "USD")]),
    ("The city faced a $5 million to $7 million gap.", [C(5_000_000, 7_000_000, "range", "money", "USD")]),
    ("The ruling party took 70.67 percent of the vote.", [C(70.67, 70.67, "exact", "percent", "%")]),
    ("Some 1900 volunteers joined the search.", [C(1900, 1900, "approximate", unit="volunteers")]),
    ("Three of the five detainees were released.",
     [C(3, 3, "exact", unit="five detainees"), C(5, 5, "exact", unit="detainees")]),
]

# Issue 13: measures glued to or spaced from a unit symbol (kind measure, the unit as written).
MEASURES = [
    ("The new coupe's engine makes 310hp at full throttle.", [C(310, 310, "exact", "measure", "hp")]),
    ("Each charger on the motorway delivers 22kW to waiting cars.", [C(22, 22, "exact", "measure", "kW")]),
    ("The operator now sells a 50Mbps plan to rural homes.", [C(50, 50, "exact", "measure", "Mbps")]),
    ("The phone has a 90Hz screen and a bigger battery.", [C(90, 90, "exact", "measure", "Hz")]),
    ("The offshore turbine can produce 3.6 MW in strong winds.", [C(3.6, 3.6, "exact", "measure", "MW")]),
    ("The plant will make chips on a 40 nm process.", [C(40, 40, "exact", "measure", "nm")]),
    ("Margins widened by 18pc over the quarter.", [C(18, 18, "exact", "percent", "%")]),
    ("The buyer paid for a 3,923sq m estate on the hill.", [C(3923, 3923, "exact", "measure", "sq m")]),
    ("The reconstructed skeleton is 37m long.", [C(37, 37, "exact", "measure", "m")]),
    ("The home battery stores 13.5kWh of energy.", [C(13.5, 13.5, "exact", "measure", "kWh")]),
    # A unit with a slash the tokenizer splits after a space; a currency word inside a hyphenated unit.
    ("Gusts reached 130 km/h on the coast.", [C(130, 130, "exact", "measure", "km/h")]),
    ("The pickup's engine produces 450 foot-pounds of torque.",
     [C(450, 450, "exact", "measure", "foot-pounds")]),
    ("The engine makes 300 pound-feet of torque.", [C(300, 300, "exact", "measure", "pound-feet")]),
]

# Issue 13: currencies with their own ISO code, and scale suffixes.
CURRENCIES = [
    ("The start-up raised S$3.2m from investors.", [C(3_200_000, 3_200_000, "exact", "money", "SGD")]),
    ("Tickets for the final cost NZ$15 each.", [C(15, 15, "exact", "money", "NZD")]),
    ("Hoteliers said cancellations had cost them about TT$45,000.", [C(45000, 45000, "approximate", "money", "TTD")]),
    ("The fine was raised to J$2 million.", [C(2_000_000, 2_000_000, "exact", "money", "JMD")]),
    ("A lunch in the city centre costs R$40.", [C(40, 40, "exact", "money", "BRL")]),
    ("A bus pass now costs Rs 450 a month.", [C(450, 450, "exact", "money", "INR")]),
    ("The treasury borrowed KES 2 billion from local banks.", [C(2_000_000_000, 2_000_000_000, "exact", "money", "KES")]),
    ("The lender lost £3.1 billion in the year to March.", [C(3_100_000_000, 3_100_000_000, "exact", "money", "GBP")]),
    ("The province will spend 8 million Canadian dollars on roads.",
     [C(8_000_000, 8_000_000, "exact", "money", "CAD")]),
    ("Revenue grew to HK $3.7 billion in the half.", [C(3_700_000_000, 3_700_000_000, "exact", "money", "HKD")]),
    ("Global debt reached about $US113 trillion.", [C(113e12, 113e12, "approximate", "money", "USD")]),
    ("The ministry needs Sh4.8 billion to pay the interns.",
     [C(4_800_000_000, 4_800_000_000, "exact", "money", "KES")]),
    ("The club paid £37m for the striker.", [C(37_000_000, 37_000_000, "exact", "money", "GBP")]),
    ("Shares in the brewer closed at RM23.50 on Friday.", [C(23.5, 23.5, "exact", "money", "MYR")]),
    # Indian scales: lakh 100,000, crore 10 million, "lakh crore" their product
    ("The cabinet cleared a Rs 1,200 crore relief package.", [C(12e9, 12e9, "exact", "money", "INR")]),
    ("The state recorded 4.5 lakh new voter registrations.",
     [C(450_000, 450_000, "exact", unit="new voter registrations")]),
    ("The crash wiped out about Rs 4 lakh crore of investor wealth.", [C(4e12, 4e12, "approximate", "money", "INR")]),
    # A currency word several countries use: the country the article names first decides.
    ("Tanzania's regulator said a litre of petrol costs 3,100 shillings.", [C(3100, 3100, "exact", "money", "TZS")]),
    ("In Chad, a sack of millet sells for 30,000 CFA francs.", [C(30000, 30000, "exact", "money", "XAF")]),
    ("Zambia's court fined him 5,000 kwacha.", [C(5000, 5000, "exact", "money", "ZMW")]),
    ("Tanzania paid 5,000 Ugandan shillings.", [C(5000, 5000, "exact", "money", "UGX")]),
    ("The fare is 3,000 shillings.", [C(3000, 3000, "exact", "money", "KES")]),
]

# Fractions of a currency, as money in the main unit, in the currency the sentence names
MINOR_UNITS = [
    ("Brent crude gained 62 cents to $78.71 a barrel.", [C(0.62, 0.62, "exact", "money", "USD"),
                                                        C(78.71, 78.71, "exact", "money", "USD")]),
    ("The brewer raised its dividend by 2 pence to 44.5 pence a share.",
     [C(0.02, 0.02, "exact", "money", "GBP"), C(0.445, 0.445, "exact", "money", "GBP")]),
    ("The euro rose 3 cents to 1.12 dollars.", [C(0.03, 0.03, "exact", "money", "USD"),
                                               C(1.12, 1.12, "exact", "money", "USD")]),
]

# Issue 13: qualifiers and percents of real copy; a four-digit number before a plural noun counts it
QUALIFIED = [
    ("Just under 3,000 runners finished the marathon.", [C(None, 3000, "less_than", unit="runners")]),
    ("Just over 40% of voters backed the plan.", [C(40, None, "more_than", "percent", "%")]),
    ("The approval rating slipped 3 percentage points to 41% in the poll.",
     [C(3, 3, "exact", "percent", "%"), C(41, 41, "exact", "percent", "%")]),
    ("Organisers said 1900 volunteers had signed up.", [C(1900, 1900, "exact", unit="volunteers")]),
    ("The government will send 2000 troops to the border.", [C(2000, 2000, "exact", unit="troops")]),
    ("Health officials reported 2021 new infections on Saturday.", [C(2021, 2021, "exact", unit="new infections")]),
    ("The 2019 elections were disputed.", []),
]

# Issue 13: ranges, with the sign, currency or scale where each stands.
RANGES = [
    ("Analysts expect the shares to trade between $40 and $45 a share.", [C(40, 45, "range", "money", "USD")]),
    ("Forecasts put inflation at 2% to 2.5% next year.", [C(2, 2.5, "range", "percent", "%")]),
    # After a verb of change, "from A to B" is the same quantity at two times (as "rose from 2.1% in
    # September to 2.6% in October" in the notes), and "A to B" far apart a change and its level.
    ("The bank expects inflation to climb from 2% to 2.5% next year.",
     [C(2, 2, "exact", "percent", "%"), C(2.5, 2.5, "exact", "percent", "%")]),
    ("Shares in the insurer rose 12p to 1,140p.", [C(0.12, 0.12, "exact", "money", "GBP"),
                                                     C(11.4, 11.4, "exact", "money", "GBP")]),
    ("Prices in the two suburbs fell 3% to 4%.", [C(3, 4, "range", "percent", "%")]),
    ("The deal would raise pay by 20 to 25 percent.", [C(20, 25, "range", "percent", "%")]),
    ("Analysts see the economy growing anywhere from 2% to 2.5%.", [C(2, 2.5, "range", "percent", "%")]),
    ("Rooftop kits deliver 3-5kW each.", [C(3, 5, "range", "measure", "kW")]),
    ("Homes in the district sell from $500 to $3 million.", [C(500, 3_000_000, "range", "money", "USD")]),
    ("Rescuers said 310 or 312 people were aboard the ferry.", [C(310, 312, "range", unit="people")]),
    ("Management fees range from 1 per cent to 1.5 per cent.", [C(1, 1.5, "range", "percent", "%")]),
    ("Fruit prices are expected to rise between 5% and 6% this year.", [C(5, 6, "range", "percent", "%")]),
    ("Officials expect 5% to 10% fewer visitors.", [C(5, 10, "range", "percent", "%")]),
    # the percent is one figure and the money another: no range across the two
    ("Earnings rose 136 per cent to $28.8 million.",
     [C(136, 136, "exact", "percent", "%"), C(28_800_000, 28_800_000, "exact", "money", "USD")]),
    # a range runs upwards: a fall from one level to another is two figures
    ("Growth slowed from 4.8 percent to 4.7 percent.",
     [C(4.8, 4.8, "exact", "percent", "%"), C(4.7, 4.7, "exact", "percent", "%")]),
]

# Issue 13: multiples and fractions of a base, and thresholds.
MULTIPLES = [
    ("Exports almost doubled last year.", [C(200, 200, "approximate", "percent", "%")]),
    # a multiple of a period's figure; "N times this year" is a frequency; "half a" a share, "half a million" a number
    ("Losses could reach $60 million, more than double last year's.",
     [C(60_000_000, 60_000_000, "exact", "money", "USD"), C(200, None, "more_than", "percent", "%")]),
    ("They had written to the mayor at least four times this year.", [C(4, None, "at_least", "count", "times")]),
    ("Each family received half a sack of maize.", [C(50, 50, "exact", "percent", "%")]),
    ("Half a million people live in the valley.", [C(500_000, 500_000, "exact", "count", "people")]),
    # a "one" the name finder missed still counts the noun after it, but not "no one" or "to one side"
    ("Guards from one cell block were moved to the annex.", [C(1, 1, "exact", "count", "cell block")]),
    ("The dead included three children under the age of five.", [C(3, 3, "exact", "count", "children")]),
    ("Profits more than quadrupled in the quarter.", [C(400, None, "more_than", "percent", "%")]),
    ("Roughly one in five adults in the region smoke.", [C(20, 20, "approximate", "percent", "%")]),
    ("Two out of three voters backed the plan.", [C(66.7, 66.7, "exact", "percent", "%")]),
    ("The index crossed the 50,000 mark on Friday.", [C(50000, None, "more_than")]),
    ("Nearly two-thirds of the sales came from CDs.", [C(66.7, 66.7, "approximate", "percent", "%")]),
    ("One fourth of the population is vaccinated.", [C(25, 25, "exact", "percent", "%")]),
    ("Revenue from the mainland grew more than sixfold.", [C(600, None, "more_than", "percent", "%")]),
    ("The council halved the grant.", [C(50, 50, "exact", "percent", "%")]),
    ("The storm brought twice the usual rainfall.", [C(200, 200, "exact", "percent", "%")]),
    # A fraction after "by" is a share whatever follows; "a third more than" is one too.
    ("The agency will cut rations by half for most refugees.", [C(50, 50, "exact", "percent", "%")]),
    ("The plan would reduce emissions by a third.", [C(33.3, 33.3, "exact", "percent", "%")]),
    ("The city had nearly a third more rain than usual.", [C(33.3, 33.3, "approximate", "percent", "%")]),
]

# Issue 13: a four-digit number before a plural noun with a word of quantity before it is a count.
NOT_YEARS = [
    ("Around 1970 students graduated from the college in 2024.", [C(1970, 1970, "approximate", unit="students")]),
    ("The toll rose to 88, up from 61 a day earlier.", [C(88, 88, "exact"), C(61, 61, "exact")]),
    ("Gold broke through $4,000 an ounce.", [C(4000, None, "more_than", "money", "USD")]),
    # "the four ports" restates a count the article made; "the two sides" names the parties.
    ("The strike shut the country's four biggest ports. Ships waited off the four ports.",
     [C(4, 4, "exact", unit="biggest ports"), C(4, 4, "exact", unit="ports")]),
    ("Some 1990 families have registered for the scheme.", [C(1990, 1990, "approximate", unit="families")]),
    ("A total of 2010 candidates are standing.", [C(2010, 2010, "exact", unit="candidates")]),
]

NOT_COUNTS = [
    "A 29-year-old teacher was detained in 2019.",
    '"My daughter was 19," her father said.',
    "Everyone stood up on one side of the deck.",
    "He said the fee rise and the job losses were two halves of the same problem.",
    "Nobody wants to be the one left holding the stock, a trader said.",
    "Not one witness in the hall was willing to speak.",
    "There was no one home when the fire started.",
    "He was looking for his brother, who was 31 and worked at the mill.",
    "The authorities imposed a nine-hour curfew on the city.",
    "She spent six years in prison before her third trial.",
    "The hearing resumed at 10:30 a.m. in the capital.",
    "Members of Justicia 11J met in the capital.",
    "He made no provision for the arrears in his June 12 budget statement.",
    "Besigye, 68, was seized in Nairobi.",
    "The money for phase two has already been sent.",
    "The budget keeps Fire Station 12 open.",
    # Issue 13: numbers in names, products and addresses; not shares; ages in a range
    "The FTSE 100 fell sharply on Monday.",
    "Traders sold the S&P 500 after the data.",
    "Samsung unveiled the Galaxy S24 in Seoul.",
    "The airline grounded an Airbus A320 after the incident.",
    "Leaders of the G20 met in Rio.",
    "Protesters gathered outside 10 Downing Street.",
    "The bakery at 575 Wilbraham Road closed.",
    "Apple unveiled the iPhone 16 in California.",
    "Inflation fell to single digits in the second half of 2024.",
    "The striker scored twice before the break.",
    "The team posted double-digit wins.",
    "The survey covered men aged 25 to 40.",
    "The victims, aged between 19 and 62, were fishermen.",
    "Vaccines are free for children under five and adults over 65.",
    "He bought a one-way ticket to the coast.",
    "The two sides will meet again in Geneva.",
    "Families went from one police station to the next.",
    "The company walked out at two in the morning.",
    "The club made a one-off payment to the agency.",
]


def _counts(nlp, text):
    doc = process_sentence(nlp, text)
    found = []
    for claim in doc._.claims:
        for c in claim._.counts:
            assert doc.text[c["start"]:c["end"]] == c["text"]
            found.append((c["low"], c["high"], c["qualifier"], c["kind"], c["unit"]))
    return found


# The counted noun: adjectives standing for people, partitives, coordinated and hyphenated nouns.
UNITS = [
    ("The toll stood at 16 dead on Monday.", [C(16, 16, "exact", unit="dead")]),
    ("Six of the injured remained in hospital.", [C(6, 6, "exact", unit="injured")]),
    ("The clinic saw 85 people, 30 of them children.", [C(85, 85, "exact", unit="people"),
                                                         C(30, 30, "exact", unit="children")]),
    ("Two more of the men were found alive.", [C(2, 2, "exact", unit="men")]),
    ("The fire destroyed 14 shops, kiosks and stalls.", [C(14, 14, "exact", unit="shops, kiosks and stalls")]),
    ("Four co-defendants were jailed.", [C(4, 4, "exact", unit="co-defendants")]),
    ("Investors sold Rp 21.4 trillion of bonds.", [C(21_400_000_000_000, 21_400_000_000_000, "exact", "money", "IDR")]),
    ("The cedi traded at 10.45 to the dollar.", [C(10.45, 10.45, "exact", "money", "GHS")]),
    ("A sack sells for 32,000 CFA francs in Chad, up from about 20,000 in March.",
     [C(32000, 32000, "exact", "money", "XAF"), C(20000, 20000, "approximate", "money", "XAF")]),
]


# Issue 13, copy nobody tuned to: the kinds of the numdates2 session.
UNSEEN = [
    ("The repairs will cost about £2.3m.", [C(2300000, 2300000, "approximate", "money", "GBP")]),
    ("The cut could cost the fleet about ISK 14bn.", [C(14000000000, 14000000000, "approximate", "money", "ISK")]),
    ("Rents rose from €1,610 in 2021, an increase of almost a third.",
     [C(1610, 1610, "exact", "money", "EUR"), C(33.3, 33.3, "approximate", "percent", "%")]),
    ("She loaded four six-packs of water into the car.", [C(4, 4, "exact", unit="six-packs")]),
    ("Temperatures fell below minus 40 degrees Celsius.", [C(None, -40, "less_than", "measure", "degrees Celsius")]),
    ("The target is 8%, plus or minus two percentage points.",
     [C(8, 8, "exact", "percent", "%"), C(2, 2, "exact", "percent", "%")]),
    ("About 900 people live within 10 kilometres of the dam.",
     [C(900, 900, "approximate", unit="people"), C(None, 10, "at_most", "measure", "kilometres")]),
    ("Lead in the river was 40 times the legal limit.", [C(4000, 4000, "exact", "percent", "%")]),
    ("Inspectors visited the site twice in February.", []),
    ("At half past seven the queue was already long.", []),
    ("The rent went from €1,650 a month to €1,820.", [C(1650, 1820, "range", "money", "EUR")]),
    ("It comes at an estimated cost of $38 million.", [C(38000000, 38000000, "approximate", "money", "USD")]),
    ("When that one nurse is away the ward closes.", []),
]


@pytest.mark.parametrize("text,expected", SEED + OWN + MEASURES + CURRENCIES + MINOR_UNITS + QUALIFIED
                         + RANGES + MULTIPLES + NOT_YEARS + UNITS + UNSEEN)
def test_counts(nlp, text, expected):
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_not_counts(nlp, text):
    assert _counts(nlp, text) == []


# Tokens no numeral run starts at ("10:30", "11J"): there is nothing to drop.
NO_NUMERAL = ("The hearing resumed at 10:30 a.m. in the capital.", "Members of Justicia 11J met in the capital.",
              "Samsung unveiled the Galaxy S24 in Seoul.", "The airline grounded an Airbus A320 after the incident.",
              "Leaders of the G20 met in Rio.", "The striker scored twice before the break.",
              "The team posted double-digit wins.")


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_what_is_dropped_is_a_decision_with_exact_offsets(nlp, text):
    doc = process_sentence(nlp, text)
    dropped = [d for claim in doc._.claims for d in claim._.decisions or [] if d["field"] == "counts"]
    runs = [run for claim in doc._.claims for run in numeral_runs(claim, rules=RULES)]
    assert len(dropped) == len(runs) and (bool(runs) is (text not in NO_NUMERAL)), text
    names = {f.__name__ for f in RUN_FILTERS}
    for d in dropped:
        assert d["action"] == "dropped" and d["by"] in names
        assert doc.text[d["start"]:d["end"]] == d["text"]


# -- each filter alone, over hand-built Docs ----------------------------------------------------------------

RULES = default_rules()
VOCAB = spacy.blank("en").vocab  # its lexical attributes (lower_, like_num); no model


def _doc(words, *, pos=None, tags=None, ents=None, heads=None, deps=None):
    return Doc(VOCAB, words=words, spaces=[True] * len(words), pos=pos, tags=tags, ents=ents, heads=heads, deps=deps)


# (filter, Doc, numeral tokens [i, j), actor-name tokens, whether the filter drops the number)
FILTER_CASES = [
    (is_in_name, _doc(["Members", "of", "Justicia", "11J", "met"]), (3, 4), {2, 3}, True),
    (is_in_name, _doc(["Members", "of", "Justicia", "11J", "met"]), (3, 4), set(), False),
    (is_time_of_day, _doc(["at", "10", "a.m."]), (1, 2), set(), True),
    (is_time_of_day, _doc(["at", "10", "stations"]), (1, 2), set(), False),
    (is_day_of_month, _doc(["his", "June", "12", "budget"]), (2, 3), set(), True),
    (is_day_of_month, _doc(["on", "Mar.", "12", "they"]), (2, 3), set(), True),
    (is_day_of_month, _doc(["the", "Mar", "12", "they"]), (2, 3), set(), False),  # "Mar" alone is a word
    (is_day_of_month, _doc(["in", "june", "12", "boats"]), (2, 3), set(), False),
    (is_year_number, _doc(["in", "2019", "."]), (1, 2), set(), True),
    (is_year_number, _doc(["2000", "soldiers", "died"], pos=["NUM", "NOUN", "VERB"], tags=["CD", "NNS", "VBD"]),
     (0, 1), set(), False),
    (is_ordinal, _doc(["the", "third", "trial"], ents=["O", "B-ORDINAL", "O"]), (1, 2), set(), True),
    (is_ordinal, _doc(["the", "three", "trials"], ents=["O", "B-CARDINAL", "O"]), (1, 2), set(), False),
    (is_date_entity, _doc(["on", "12", "June", "."], ents=["O", "B-DATE", "I-DATE", "O"]), (1, 2), set(), True),
    (is_date_entity, _doc(["two", "weeks", "ago"], ents=["B-DATE", "I-DATE", "I-DATE"]), (0, 1), set(), True),
    (is_date_entity, _doc(["Between", "20", "and", "30", "soldiers"], pos=["ADP", "NUM", "CCONJ", "NUM", "NOUN"],
                          ents=["B-DATE", "I-DATE", "I-DATE", "I-DATE", "O"]), (1, 2), set(), False),
    (is_pronoun_one, _doc(["one", "of", "them"], ents=["B-CARDINAL", "O", "O"]), (0, 1), set(), True),
    (is_pronoun_one, _doc(["one", "man", "died"]), (0, 1), set(), True),
    (is_pronoun_one, _doc(["one", "man", "died"], ents=["B-CARDINAL", "O", "O"]), (0, 1), set(), False),
    (is_hyphenated_duration, _doc(["a", "nine", "-", "hour", "curfew"]), (1, 2), set(), True),
    (is_hyphenated_duration, _doc(["a", "nine", "-", "member", "panel"]), (1, 2), set(), False),
    (is_word_compound, Doc(VOCAB, words=["a", "one", "-", "way", "ticket"], spaces=[True, False, False, True, False]),
     (1, 2), set(), True),
    (is_word_compound, Doc(VOCAB, words=["a", "five", "-", "kilometre", "march"],
                           spaces=[True, False, False, True, False]), (1, 2), set(), False),
    (is_word_compound, _doc(["one", "-", "way"]), (0, 1), set(), False),  # spaced: a dash, not a compound
    (is_definite_reference, _doc(["the", "two", "sides", "met"], pos=["DET", "NUM", "NOUN", "VERB"],
                                 tags=["DT", "CD", "NNS", "VBD"], heads=[2, 2, 3, 3],
                                 deps=["det", "nummod", "nsubj", "ROOT"]), (1, 2), set(), True),
    (is_definite_reference, _doc(["of", "the", "seven", "justices"], pos=["ADP", "DET", "NUM", "NOUN"],
                                 tags=["IN", "DT", "CD", "NNS"], heads=[0, 3, 3, 0],
                                 deps=["ROOT", "det", "nummod", "pobj"]), (2, 3), set(), False),
    (is_idiom_one, _doc(["from", "one", "police", "station", "to", "the", "next"]), (1, 2), set(), True),
    (is_idiom_one, _doc(["one", "after", "another"]), (0, 1), set(), True),
    (is_idiom_one, _doc(["one", "police", "station", "closed"]), (0, 1), set(), False),
    (is_time_of_day, _doc(["at", "two", "in", "the", "morning"]), (1, 2), set(), True),
    (is_time_of_day, _doc(["arrested", "30", "in", "the", "morning", "raids"]), (1, 2), set(), False),
    (is_age, _doc(["a", "29", "-", "year", "-", "old", "teacher"]), (1, 2), set(), True),
    (is_age, _doc(["aged", "between", "19", "and", "62"]), (2, 3), set(), True),
    (is_age, _doc(["children", "under", "five", "."], pos=["NOUN", "ADP", "NUM", "PUNCT"]), (2, 3), set(), True),
    (is_age, _doc(["children", "under", "500", "grams"], pos=["NOUN", "ADP", "NUM", "NOUN"]), (2, 3), set(), False),
    (is_age, _doc(["aged", "57", ","]), (1, 2), set(), True),
    (is_age, _doc(["57", "people", "fled"]), (0, 1), set(), False),
    (is_parts_of_a_whole, _doc(["two", "halves", "of", "it"], pos=["NUM", "NOUN", "ADP", "PRON"],
                               tags=["CD", "NNS", "IN", "PRP"], heads=[1, 1, 1, 2],
                               deps=["nummod", "ROOT", "prep", "pobj"]), (0, 1), set(), True),
    (is_parts_of_a_whole, _doc(["two", "houses", "of", "it"], pos=["NUM", "NOUN", "ADP", "PRON"],
                               tags=["CD", "NNS", "IN", "PRP"], heads=[1, 1, 1, 2],
                               deps=["nummod", "ROOT", "prep", "pobj"]), (0, 1), set(), False),
    (is_copular_age, Doc(VOCAB, words=["My", "son", "was", "24", "."], heads=[1, 2, 2, 2, 2],
                         deps=["poss", "nsubj", "ROOT", "attr", "punct"], lemmas=["my", "son", "be", "24", "."],
                         pos=["PRON", "NOUN", "AUX", "NUM", "PUNCT"]), (3, 4), set(), True),
    (is_copular_age, Doc(VOCAB, words=["The", "toll", "was", "24", "."], heads=[1, 2, 2, 2, 2],
                         deps=["det", "nsubj", "ROOT", "attr", "punct"], lemmas=["the", "toll", "be", "24", "."],
                         pos=["DET", "NOUN", "AUX", "NUM", "PUNCT"]), (3, 4), set(), False),
    (is_duration, _doc(["six", "years", "in", "prison"]), (0, 1), set(), True),
    (is_duration, _doc(["six", "prisoners", "fled"]), (0, 1), set(), False),
    (is_label_number, _doc(["under", "Article", "19", "of"], pos=["ADP", "PROPN", "NUM", "ADP"]), (2, 3), set(), True),
    (is_label_number, _doc(["under", "Article", "19", "prisoners"], pos=["ADP", "PROPN", "NUM", "NOUN"]),
     (2, 3), set(), False),
    (is_name_number, _doc(["for", "phase", "two", "has"]), (2, 3), set(), True),
    (is_name_number, _doc(["for", "two", "phases"]), (1, 2), set(), False),
    (is_age_after_name, _doc(["Besigye", ",", "68", ",", "was"], pos=["PROPN", "PUNCT", "NUM", "PUNCT", "AUX"]),
     (2, 3), set(), True),
    (is_age_after_name, _doc(["Besigye", ",", "168", ",", "was"], pos=["PROPN", "PUNCT", "NUM", "PUNCT", "AUX"]),
     (2, 3), set(), False),
    (is_part_of_larger_vague, _doc(["hundreds", "of", "thousands", "of", "people"]), (0, 1), set(), True),
    (is_part_of_larger_vague, _doc(["hundreds", "of", "people"]), (0, 1), set(), False),
    (is_age_range_end, _doc(["men", "aged", "25", "to", "40", "."]), (4, 5), set(), True),
    (is_age_range_end, _doc(["from", "25", "to", "40", "people"]), (3, 4), set(), False),
    (is_address, _doc(["at", "10", "Downing", "Street", "."]), (1, 2), set(), True),
    (is_address, _doc(["at", "10", "Downing", "houses"]), (1, 2), set(), False),
    (is_not_a_numeral, _doc(["a", "man"]), (0, 1), set(), True),
    (is_not_a_numeral, _doc(["three", "men"]), (0, 1), set(), False),
]


@pytest.mark.parametrize("predicate,doc,run,names,expected", FILTER_CASES,
                         ids=[f"{c[0].__name__}-{c[1].text}" for c in FILTER_CASES])
def test_filter(predicate, doc, run, names, expected):
    c = candidate(doc[:], *run, rules=RULES, names=frozenset(names))
    assert bool(predicate(c)) is expected


def test_every_filter_has_a_case_each_way():
    tried = {(f.__name__, expected) for f, *_, expected in FILTER_CASES}
    assert {(f.__name__, e) for f in RUN_FILTERS for e in (True, False)} <= tried


@pytest.mark.parametrize("words,by", [
    (["She", "spent", "six", "years", "in", "prison"], "is_duration"),
    (["phase", "two", "began"], "is_name_number"),
    (["at", "10", "a.m.", "today"], "is_time_of_day"),
])
def test_find_counts_records_what_it_drops(words, by):
    doc = _doc(words)
    decisions = []
    assert find_counts(doc[:], rules=RULES, decisions=decisions) == []
    assert [d["by"] for d in decisions] == [by]
    d, = decisions
    assert d["field"] == "counts" and d["action"] == "dropped" and doc.text[d["start"]:d["end"]] == d["text"]


def test_first_filter_names_the_drop():
    doc = _doc(["aged", "57", ","])
    assert dropped_by(candidate(doc[:], 1, 2, rules=RULES)) == "is_age"
    assert dropped_by(candidate(_doc(["57", "people"])[:], 0, 1, rules=RULES)) is None


def test_the_spine_is_listed_in_order():
    assert [s.__name__ for s in STEPS][:3] == ["read_value", "left_qualifier", "widen_range"]
    assert FILTERS == RUN_FILTERS[:len(FILTERS)]


def test_rules_are_compiled_from_the_pack():
    rules = default_rules()
    assert isinstance(rules, CountRules)
    # Month words come from calendar.json; "Mar" needs its full stop (it is also a word).
    assert {"march", "mar.", "sept", "sept.", "may"} <= rules.months and "mar" not in rules.months
    with pytest.raises(AttributeError):
        rules.months = frozenset()


# -- the stage as a pipe --------------------------------------------------------------------------------------

@pytest.mark.parametrize("before,missing", [((), "claims_sentences"), (("claims_sentences",), "claims_actors")])
def test_counts_without_its_prerequisites_is_an_error(before, missing):
    nlp = spacy.load(DEFAULT_MODEL)
    for name in before:
        nlp.add_pipe(name)
    with pytest.raises(PipelineError, match=r"\[E010\].*" + missing):
        nlp.add_pipe("claims_counts")


def test_counts_as_a_pipe_after_spacy_load():
    from extractor.pipeline import make_doc
    nlp = spacy.load(DEFAULT_MODEL)
    for name in ("claims_sentences", "claims_actors", "claims_counts"):
        nlp.add_pipe(name)
    assert isinstance(nlp.get_pipe("claims_counts"), CountStage)
    text = "Police arrested at least 37 people on the first night."
    doc = nlp(make_doc(nlp, text, doc_id="t", doc_date=None))
    counts = [c for claim in doc._.claims for c in claim._.counts]
    assert [(c["low"], c["high"], c["qualifier"], c["unit"]) for c in counts] == [(37, None, "at_least", "people")]
    assert all(text[c["start"]:c["end"]] == c["text"] for c in counts)
