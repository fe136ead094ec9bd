"""Names this kind of archive keeps meeting, in the spellings it meets them in.

The models are weak where the archive is strong (Belarusian has no packaged NER model;
English has none that ships its weights in a pip package we may use), so organisations and
places of the domain are listed here, each with a display name and the variants that fold
to different keys (``Вясна``/``Весна``/``Viasna``, ``OHCHR``/``УВКПЧ``). Variants that
differ only in case or script need no entry: the key folds them together
(``poshuk.core.names``). Given names start the person rule in ``entities``.
"""

from __future__ import annotations

from typing import Literal

Kind = Literal["person", "organisation", "location"]

# (kind, display name, other names …)
KNOWN: tuple[tuple[Kind, str, tuple[str, ...]], ...] = (
    ("person", "Aliaksandr Lukashenka", ("Lukashenka", "Lukashenko", "Лукашенко", "Лукашэнка")),
    ("organisation", "Viasna", ("Вясна", "Весна", "Viasna Human Rights Centre",
                                "Правозащитный центр «Весна»", "Human Rights Centre Viasna")),
    ("organisation", "UN Human Rights Office", (
        "OHCHR", "Office of the High Commissioner for Human Rights", "УВКПЧ",
        "UN Human Rights Office", "Управление ООН по правам человека",
        "Офис Верховного комиссара ООН по правам человека", "Упраўленне ААН па правах чалавека")),
    ("organisation", "Human Rights Council", (
        "Human Rights Council", "Совет ООН по правам человека", "Совет по правам человека",
        "Савет ААН па правах чалавека")),
    ("organisation", "Human Rights Committee", ("Human Rights Committee",
                                                "Комитет по правам человека",
                                                "Камітэт па правах чалавека")),
    ("organisation", "United Nations", ("UN", "United Nations", "ООН", "ААН",
                                        "Организация Объединённых Наций")),
    ("organisation", "Cyber Partisans", ("Cyber Partisans", "Belarusian Cyber Partisans",
                                         "Киберпартизаны", "Кіберпартызаны")),
    ("organisation", "Amnesty International", ("Amnesty International", "Amnesty",
                                               "Международная амнистия")),
    ("organisation", "Human Rights Watch", ("Human Rights Watch",)),
    ("organisation", "Belarusian Association of Journalists", (
        "BAJ", "БАЖ", "Belarusian Association of Journalists",
        "Белорусская ассоциация журналистов", "Беларуская асацыяцыя журналістаў")),
    ("organisation", "Belarusian Helsinki Committee", (
        "BHC", "БХК", "Belarusian Helsinki Committee", "Белорусский Хельсинкский комитет",
        "Беларускі Хельсінкскі камітэт")),
    ("organisation", "KGB", ("KGB", "КГБ", "КДБ")),
    ("organisation", "GUBOPiK", ("GUBOPiK", "ГУБОПиК", "ГУБАЗіК")),
    ("organisation", "Ministry of Internal Affairs", ("Ministry of Internal Affairs", "МВД",
                                                      "МУС", "Министерство внутренних дел")),
    ("organisation", "Supreme Court", ("Supreme Court", "Верховный суд", "Вярхоўны суд")),
    ("organisation", "European Court of Human Rights", (
        "European Court of Human Rights", "ECtHR", "ЕСПЧ", "Европейский суд по правам человека")),
    ("organisation", "OSCE", ("OSCE", "ОБСЕ", "АБСЕ")),
    ("organisation", "European Union", ("European Union", "EU", "Евросоюз", "Европейский союз",
                                        "Еўрасаюз")),
    ("organisation", "Working Group on Arbitrary Detention", (
        "Working Group on Arbitrary Detention", "WGAD",
        "Рабочая группа по произвольным задержаниям",
        "Рабочая група па адвольных затрыманнях")),
    ("location", "Belarus", ("Belarus", "Беларусь", "Белоруссия", "Republic of Belarus")),
    ("location", "Russia", ("Russia", "Россия", "Расія", "Russian Federation")),
    ("location", "Ukraine", ("Ukraine", "Украина", "Украіна")),
    ("location", "Lithuania", ("Lithuania", "Литва", "Літва")),
    ("location", "Poland", ("Poland", "Польша", "Польшча")),
    ("location", "Latvia", ("Latvia", "Латвия", "Латвія")),
    ("location", "Minsk", ("Minsk", "Минск", "Мінск")),
    ("location", "Homiel", ("Homiel", "Gomel", "Гомель", "Homel")),
    ("location", "Hrodna", ("Hrodna", "Grodno", "Гродно", "Гродна")),
    ("location", "Brest", ("Brest", "Брест", "Брэст")),
    ("location", "Viciebsk", ("Vitebsk", "Viciebsk", "Vitsebsk", "Витебск", "Віцебск")),
    ("location", "Mahiliou", ("Mogilev", "Mahilyow", "Mahiliou", "Могилёв", "Магілёў")),
    ("location", "Navapolatsk", ("Novopolotsk", "Navapolatsk", "Новополоцк", "Наваполацк")),
    ("location", "Babruisk", ("Bobruisk", "Babruisk", "Бобруйск", "Бабруйск")),
    ("location", "Vilnius", ("Vilnius", "Вильнюс", "Вільнюс")),
    ("location", "Warsaw", ("Warsaw", "Варшава")),
    ("location", "Moscow", ("Moscow", "Москва", "Масква")),
    ("location", "Kyiv", ("Kyiv", "Kiev", "Киев", "Кіеў", "Київ")),
    ("location", "Geneva", ("Geneva", "Женева", "Жэнева")),
    ("location", "Europe", ("Europe", "Европа", "Еўропа")),
)

# Words that end an English organisation's name (``Human Rights House Foundation``) and
# Russian/Belarusian words that introduce one in quotes (``центр «Весна»``).
ORG_HEADS: tuple[str, ...] = tuple(
    """Foundation Centre Center Committee Association Union Party Commission Council Office
    Ministry Agency Organisation Organization Institute University Network Watch Group
    Partisans""".split()
)
ORG_CUES: tuple[str, ...] = tuple(
    """центр цэнтр издание издания изданию выданне выдання выданню ООО ОАО ЗАО фонд фонда
    фонду организация организации арганізацыя арганізацыі объединение аб'яднанне
    инициатива инициативы ініцыятыва ініцыятывы газета газеты газеты портал партия
    партыя""".split()
)

# Given names (Belarusian, Russian, Ukrainian, Polish, English, in any one spelling: the
# rule compares folded stems, so Аляксандр/Александр/Aliaksandr/Alexander need one entry).
GIVEN_NAMES: tuple[str, ...] = tuple(
    """
    Aliaksandr Aleksandr Alexander Alaksandr Andrei Andrej Andrew Anatol Anatoli Anton
    Arciom Artem Artsiom Barys Boris Bogdan Dzianis Denis Dzmitry Dmitry Dmitri Mitry
    Eduard Fiodar Fedor Henadz Gennady Hienadz Ihar Igor Ilya Illia Ivan Jan Jauhen Yevgeny
    Evgeny Eugene Kanstantsin Konstantin Kiryl Kirill Leanid Leonid Maksim Maxim Mikalai
    Nikolai Nikolay Mikhail Mikhal Mikita Nikita Mikola Nils Oleg Aleh Oleh Pavel Paval Paul
    Petr Piotr Peter Raman Roman Ryhor Grigory Siarhei Sergei Sergey Serhiy Stanislau
    Stanislav Stepan Sciapan Uladzimir Vladimir Volodymyr Uladzislau Vladislav Vadzim Vadim
    Valiancin Valentin Valery Viktar Viktor Victor Vital Vitaly Viachaslau Vyacheslav Yury
    Yuri Juryj Zmitser Ales Ales Alesia Alena Elena Alla Anastasia Nastassia Hanna Anna
    Darya Daria Iryna Irina Katsiaryna Ekaterina Kateryna Katerina Kseniya Ksenia Liudmila
    Lyudmila Maryia Maria Mariya Marina Maryna Nadzeya Nadezhda Natallia Natalia Natalya
    Nina Olga Volha Palina Polina Raisa Sviatlana Svetlana Tatsiana Tatiana Tatyana
    Valiantsina Valentina Veranika Veronika Viktoryia Victoria Viktoria Yulia Julia
    Yuliya Zinaida Larysa Larisa Galina Halina Lidia Michelle Volker Antonio Michael John
    David James Robert Richard Thomas Mary Elizabeth Sarah Anne Marie Jean Pierre Miklos
    Tomas Gabrielius Jaroslav Yaroslav Taras Oksana Olena Olha Andriy Oleksandr Mykola
    """.split()
)
