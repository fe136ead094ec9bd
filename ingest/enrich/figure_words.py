"""The words the figure finder reads, per language: number words and their values, what a
number before them is not a count of (durations, fractions, ranks), the words that end a
counted phrase, and the plurals and determiners of the counted noun."""

from __future__ import annotations

import re

__all__ = ["ADDITIVE", "CYR_STOP", "EN_NOT_PLURAL", "EN_PLURAL", "EN_STOP", "MULTIPLIERS",
           "NOT_COUNTED", "PARTITIVE_DETERMINERS", "PLURAL_SCALE", "PL_ADDITIVE", "PL_ADJECTIVE",
           "PL_NOUN", "PL_NUMBER_WORDS", "PL_PLURAL_I", "PL_SCALES", "PL_STOP", "SCALES"]

# durations, ages, multipliers, fractions, ranks ("10 место") and the day of a month
# ("20 числа"): a number before these is not a count
NOT_COUNTED = re.compile(
    r"(?:числа|чысла|место|месте|месца|thirds?|quarters?|halves|half|десятилет\w*"
    r"|дзесяцігодд\w*|мин|хв|хвіл|трет\w*|четверт\w*|половин\w*|трэц\w*|чвэрц\w*|палов\w*"
    r"|years?|yrs?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|decades?|times"
    r"|fold|гг?|мес|год\w*|лет"
    r"|месяц\w*|недел\w*|дн[еяию]\w*|день|сут\w*|час|часа|часов|минут\w*|секунд\w*|гад\w*"
    r"|тыдн\w*|тыдзен\w*|дзён|дзень|дня|гадзін\w*|хвілін\w*|раз|раза|разы|разоў"
    r"|рок\w*|рік|місяц\w*|тижн\w*|днів|годин\w*|хвилин\w*|разів"
    r"|lat|lata|roku|rok|miesi\w*|tygodn\w*|dni|dnia|godzin\w*|minut\w*|razy|raz)",
    re.IGNORECASE,
)
# Polish: a counted noun after a number is a genitive plural (więźniów, osób, dziennikarzy)
# or has Polish letters; adjectives before it end -ych/-ich; these words end the phrase
PL_NOUN = re.compile(r"(?:[ąćęłńóśźż]|ów$|zy$|ek$)", re.IGNORECASE)
# genitive plurals in -i/-y after a consonant (rubli, rewizji), for lower-case words
PL_PLURAL_I = re.compile(r"[^aeiouy][iy]$")
PL_ADJECTIVE = re.compile(r"(?:ych|ich)$", re.IGNORECASE)
PL_STOP = frozenset("w we i z ze na do od po o za a się że oraz lub ale przez dla jak".split())
EN_STOP = frozenset(
    "the a an of in on at to for from with without by as and or but than that which who whom "
    "whose are were is was be been being have has had will would could should may might must "
    "can do does did remain remained remains not no these those this them they their its his "
    "her our we it there here all each per such same so also still only out up down over under "
    "into about around since after before during until while when where what".split()
)
# Plurals without -s. Collective nouns that take no numeral (``police``, ``media``) are not
# among them: ``two police officers`` counts officers, and ``two police`` is no figure.
EN_PLURAL = frozenset("people men women children persons staff personnel others".split())
EN_NOT_PLURAL = re.compile(r"(?:ss|us|is|ous|'s|’s)$")
PARTITIVE_DETERMINERS = frozenset("the its their his her our these those".split())
CYR_STOP = frozenset(
    "и или а но в во на с со к ко по за о об обо от до для из изо у при про через над под без "
    "что как это эти этих тех те тот та их них им ним ими ними она они он оно мы вы был была "
    "было были будет будут есть не ни уже ещё еще также тоже лишь только всего ровно "
    "і ці або ды але ў з са да па аб ад пры праз пад што як гэта гэтыя ім імі яны ён яна "
    "быў былі будзе будуць ёсць ужо яшчэ таксама толькі усяго "
    # adverbs, comparatives and modals that follow a number ("3% ниже", "33 должны")
    "ниже выше больше меньше более менее слишком соответственно почти около примерно "
    "ежедневно ежегодно ежемесячно должны должен должна должно могут может можно нужно надо "
    "ніжэй вышэй больш менш адпаведна амаль каля штодня штогод павінны могуць можа трэба".split()
)

# value: space-separated forms (English, then Russian, then Belarusian)
ADDITIVE: dict[int, str] = {
    1: "one один одна одно одного одной одному одним одну адзін адна адно аднаго адной",
    2: "two два две двух двум двумя дзве дзвюх двума двое двоих дваіх",
    3: "three три трёх трех трём трем тремя тры трох тром трыма трое троих траіх",
    4: "four четыре четырёх четырех четырём четырем четырьмя чатыры чатырох чатыром чатырма "
       "четверо четверых чацвёра",
    5: "five пять пяти пятью пяць пяці пяццю пятеро пятерых пяцёра пяцярых",
    6: "six шесть шести шестью шэсць шасці шасцю шестеро шестерых шасцёра",
    7: "seven семь семи сем сямі семеро семерых сямёра",
    8: "eight восемь восьми восемью восем васьмі восьмеро васьмёра",
    9: "nine девять девяти девятью дзевяць дзевяці девятеро дзевяцёра",
    10: "ten десять десяти десятью дзесяць дзесяці десятеро дзесяцёра",
    11: "eleven одиннадцать одиннадцати адзінаццаць адзінаццаці",
    12: "twelve двенадцать двенадцати дванаццаць дванаццаці",
    13: "thirteen тринадцать тринадцати трынаццаць трынаццаці",
    14: "fourteen четырнадцать четырнадцати чатырнаццаць чатырнаццаці",
    15: "fifteen пятнадцать пятнадцати пятнаццаць пятнаццаці",
    16: "sixteen шестнадцать шестнадцати шаснаццаць шаснаццаці",
    17: "seventeen семнадцать семнадцати сямнаццаць сямнаццаці",
    18: "eighteen восемнадцать восемнадцати васямнаццаць васямнаццаці",
    19: "nineteen девятнадцать девятнадцати дзевятнаццаць дзевятнаццаці",
    20: "twenty двадцать двадцати дваццаць дваццаці",
    30: "thirty тридцать тридцати трыццаць трыццаці",
    40: "forty сорок сорока сорак сарака",
    50: "fifty пятьдесят пятидесяти пяцьдзясят пяцідзесяці",
    60: "sixty шестьдесят шестидесяти шэсцьдзясят шасцідзесяці",
    70: "seventy семьдесят семидесяти семдзесят сямідзесяці",
    80: "eighty восемьдесят восьмидесяти восемдзесят васьмідзесяці",
    90: "ninety девяносто девяноста дзевяноста",
    100: "сто ста",
    200: "двести двухсот дзвесце",
    300: "триста трёхсот трехсот трыста трохсот",
    400: "четыреста четырёхсот четырехсот чатырыста чатырохсот",
    500: "пятьсот пятисот пяцьсот пяцісот",
    600: "шестьсот шестисот шэсцьсот",
    700: "семьсот семисот семсот",
    800: "восемьсот восьмисот восемсот",
    900: "девятьсот девятисот дзевяцьсот",
}
# multiply what precedes (or stand alone as 1 ×): tens and hundreds ("два десятка" = 20),
# then thousands, millions and billions
MULTIPLIERS: dict[int, str] = {
    10: "десяток десятка десятков дзясятак дзясятка дзясяткаў",
    100: "hundred сотня сотни сотню сотней сотен соцень сотні",
}
SCALES: dict[int, str] = {
    1000: "thousand тысяча тысячи тысяч тысячу тысячей тысячы",
    1_000_000: "million millions миллион миллиона миллионов мільён мільёна мільёнаў",
    1_000_000_000: "billion billions миллиард миллиарда миллиардов мільярд мільярда мільярдаў",
}
# Bare, these forms are plurals as often as not ("сотни людей": hundreds of people): a
# number only after a qualifier ("около сотни человек") or a numeral ("две сотни").
PLURAL_SCALE = frozenset("десятков дзясяткаў сотни сотен соцень сотні тысячи тысяч тысячы "
                         "tysiące tysięcy miliony milionów miliardy miliardów "
                         "millions миллионов мільёнаў billions миллиардов мільярдаў".split())

# Polish, in the nominative and the oblique case that counts people (trzech, pięciu)
PL_ADDITIVE: dict[int, str] = {
    2: "dwa dwie dwóch dwu dwaj dwoje dwojga dwoma", 3: "trzy trzech trzej troje trojga trzema",
    4: "cztery czterech czterej czworo czterema", 5: "pięć pięciu pięcioro",
    6: "sześć sześciu sześcioro", 7: "siedem siedmiu siedmioro", 8: "osiem ośmiu ośmioro",
    9: "dziewięć dziewięciu", 10: "dziesięć dziesięciu", 11: "jedenaście jedenastu",
    12: "dwanaście dwunastu", 13: "trzynaście trzynastu", 14: "czternaście czternastu",
    15: "piętnaście piętnastu", 16: "szesnaście szesnastu", 17: "siedemnaście siedemnastu",
    18: "osiemnaście osiemnastu", 19: "dziewiętnaście dziewiętnastu",
    20: "dwadzieścia dwudziestu", 30: "trzydzieści trzydziestu",
    40: "czterdzieści czterdziestu", 50: "pięćdziesiąt pięćdziesięciu",
    60: "sześćdziesiąt sześćdziesięciu", 70: "siedemdziesiąt siedemdziesięciu",
    80: "osiemdziesiąt osiemdziesięciu", 90: "dziewięćdziesiąt dziewięćdziesięciu",
    100: "sto stu", 200: "dwieście dwustu", 300: "trzysta trzystu", 400: "czterysta czterystu",
    500: "pięćset pięciuset", 600: "sześćset sześciuset", 700: "siedemset siedmiuset",
    800: "osiemset ośmiuset", 900: "dziewięćset dziewięciuset",
}
PL_SCALES: dict[int, str] = {
    1000: "tysiąc tysiące tysięcy", 1_000_000: "milion miliony milionów",
    1_000_000_000: "miliard miliardy miliardów",
}
PL_NUMBER_WORDS = frozenset(" ".join([*PL_ADDITIVE.values(), *PL_SCALES.values()]).split())
