"""The words the figure finder reads around a number, per language: what a number before
them is not a count of (durations, fractions, ranks), the words that end a counted phrase,
and the plurals and determiners of the counted noun."""

from __future__ import annotations

import re

__all__ = ["CYR_STOP", "EN_NOT_PLURAL", "EN_PLURAL", "EN_STOP", "NOT_COUNTED",
           "PARTITIVE_DETERMINERS", "PL_ADJECTIVE", "PL_NOUN", "PL_STOP"]

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
