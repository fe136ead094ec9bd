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
                                "Правозащитный центр «Весна»", "Human Rights Centre Viasna",
                                "Праваабарончы цэнтр «Вясна»", "Centrum Praw Człowieka Wiasna")),
    ("organisation", "UN Human Rights Office", (
        "OHCHR", "Office of the High Commissioner for Human Rights", "УВКПЧ",
        "United Nations Human Rights Office of the High Commissioner",
        "UN Human Rights Office", "Управление ООН по правам человека",
        "Офис Верховного комиссара ООН по правам человека", "Упраўленне ААН па правах чалавека")),
    ("organisation", "Human Rights Council", (
        "Human Rights Council", "Совет ООН по правам человека", "Совет по правам человека",
        "Савет ААН па правах чалавека", "Рада з прав людини", "Rada Praw Człowieka")),
    ("organisation", "Human Rights Committee", ("Human Rights Committee",
                                                "Комитет по правам человека",
                                                "Камітэт па правах чалавека",
                                                "Комітет з прав людини", "Komitet Praw Człowieka")),
    ("organisation", "United Nations", ("UN", "United Nations", "ООН", "ААН",
                                        "Организация Объединённых Наций", "ONZ",
                                        "Організація Об'єднаних Націй",
                                        "Organizacja Narodów Zjednoczonych")),
    ("organisation", "Cyber Partisans", ("Cyber Partisans", "Belarusian Cyber Partisans",
                                         "Киберпартизаны", "Кіберпартызаны")),
    ("organisation", "Amnesty International", ("Amnesty International", "Amnesty",
                                               "Международная амнистия", "Міжнародна амністія")),
    ("organisation", "Human Rights Watch", ("Human Rights Watch",)),
    ("organisation", "Belarusian Association of Journalists", (
        "BAJ", "БАЖ", "Belarusian Association of Journalists",
        "Белорусская ассоциация журналистов", "Беларуская асацыяцыя журналістаў",
        "Білоруська асоціація журналістів", "Stowarzyszenie Dziennikarzy Białoruskich",
        "Białoruskie Stowarzyszenie Dziennikarzy")),
    ("organisation", "Belarusian Helsinki Committee", (
        "BHC", "БХК", "Belarusian Helsinki Committee", "Белорусский Хельсинкский комитет",
        "Беларускі Хельсінкскі камітэт",
        "Білоруський гельсінський комітет", "Białoruski Komitet Helsiński")),
    ("organisation", "KGB", ("KGB", "КГБ", "КДБ")),
    ("organisation", "GUBOPiK", ("GUBOPiK", "ГУБОПиК", "ГУБАЗіК")),
    ("organisation", "Ministry of Internal Affairs", ("Ministry of Internal Affairs", "МВД",
                                                      "МУС", "Министерство внутренних дел")),
    ("organisation", "Supreme Court", ("Supreme Court", "Верховный суд", "Вярхоўны суд")),
    ("organisation", "European Court of Human Rights", (
        "European Court of Human Rights", "ECtHR", "ЕСПЧ", "Европейский суд по правам человека")),
    ("organisation", "OSCE", ("OSCE", "ОБСЕ", "АБСЕ", "ОБСЄ", "OBWE")),
    ("organisation", "European Union", ("European Union", "EU", "Евросоюз", "Европейский союз",
                                        "Еўрасаюз", "Європейський Союз", "Євросоюз", "ЄС",
                                        "Unia Europejska", "UE")),
    ("organisation", "Working Group on Arbitrary Detention", (
        "Working Group on Arbitrary Detention", "WGAD",
        "Рабочая группа по произвольным задержаниям",
        "Рабочая група па адвольных затрыманнях")),
    ("location", "Belarus", ("Belarus", "Беларусь", "Белоруссия", "Republic of Belarus",
                            "Республика Беларусь", "Рэспубліка Беларусь", "Білорусь",
                            "Республіка Білорусь", "Białoruś", "Republika Białoruś")),
    ("location", "Russia", ("Russia", "Россия", "Расія", "Russian Federation", "Росія", "Rosja")),
    ("location", "Ukraine", ("Ukraine", "Украина", "Украіна", "Україна", "Ukraina")),
    ("location", "Lithuania", ("Lithuania", "Литва", "Літва", "Litwa")),
    ("location", "Poland", ("Poland", "Польша", "Польшча", "Польща", "Polska")),
    ("location", "Latvia", ("Latvia", "Латвия", "Латвія", "Łotwa")),
    ("location", "Minsk", ("Minsk", "Минск", "Мінск")),
    ("location", "Homiel", ("Homiel", "Gomel", "Гомель", "Homel")),
    ("location", "Hrodna", ("Hrodna", "Grodno", "Гродно", "Гродна")),
    ("location", "Brest", ("Brest", "Брест", "Брэст", "Brześć")),
    ("location", "Viciebsk", ("Vitebsk", "Viciebsk", "Vitsebsk", "Витебск", "Віцебск")),
    ("location", "Mahiliou", ("Mogilev", "Mahilyow", "Mahiliou", "Могилёв", "Магілёў")),
    ("location", "Navapolatsk", ("Novopolotsk", "Navapolatsk", "Новополоцк", "Наваполацк")),
    ("location", "Babruisk", ("Bobruisk", "Babruisk", "Бобруйск", "Бабруйск")),
    ("location", "Vilnius", ("Vilnius", "Вильнюс", "Вільнюс", "Wilno")),
    ("location", "Warsaw", ("Warsaw", "Варшава")),
    ("location", "Moscow", ("Moscow", "Москва", "Масква", "Moskwa")),
    ("location", "Kyiv", ("Kyiv", "Kiev", "Киев", "Кіеў", "Київ", "Kijów")),
    ("location", "Geneva", ("Geneva", "Женева", "Жэнева", "Genewa")),
    ("location", "Europe", ("Europe", "Европа", "Еўропа", "Європа", "Europa")),
    # the larger cities of the neighbours an exile archive reports from
    ("location", "Kharkiv", ("Kharkiv", "Kharkov", "Харків", "Харьков", "Charków")),
    ("location", "Lviv", ("Lviv", "Lvov", "Львів", "Львов", "Lwów")),
    ("location", "Odesa", ("Odesa", "Odessa", "Одеса", "Одесса")),
    ("location", "Dnipro", ("Dnipro", "Дніпро", "Днепр")),
    ("location", "Bialystok", ("Białystok", "Bialystok", "Белосток", "Беласток")),
    ("location", "Krakow", ("Kraków", "Krakow", "Краков", "Кракаў")),
    ("location", "Gdansk", ("Gdańsk", "Гданьск", "Гданьск")),
    ("location", "Wroclaw", ("Wrocław", "Вроцлав")),
    ("location", "Riga", ("Riga", "Рига", "Рыга", "Ryga")),
    ("location", "Berlin", ("Berlin", "Берлин", "Берлін")),
    ("location", "Tbilisi", ("Tbilisi", "Тбилиси", "Тбілісі")),
)

# Words that end an English organisation's name (``Human Rights House Foundation``) and
# Russian/Belarusian words that introduce one in quotes (``центр «Весна»``).
ORG_HEADS: tuple[str, ...] = tuple(
    """Foundation Centre Center Committee Association Union Party Commission Council Office
    Ministry Agency Organisation Organization Institute University Network Watch Group
    Partisans""".split()
)
# Polish words that begin an organisation's name (``Fundacja Helsińska Praw Człowieka``),
# in the cases a name is written in.
ORG_HEADS_FIRST: tuple[str, ...] = tuple(
    """Fundacja Fundacji Fundację Fundacją Stowarzyszenie Stowarzyszenia Stowarzyszeniu
    Związek Związku Instytut Instytutu Towarzystwo Towarzystwa Federacja Federacji
    Partia Partii Ruch Ruchu""".split()
)
ORG_CUES: tuple[str, ...] = tuple(
    """центр цэнтр издание издания изданию выданне выдання выданню ООО ОАО ЗАО фонд фонда
    фонду организация организации арганізацыя арганізацыі объединение аб'яднанне
    инициатива инициативы ініцыятыва ініцыятывы газета газеты газеты портал партия
    партыя організація організації фонд фундація видання центр
    centrum fundacja fundacji organizacja organizacji stowarzyszenie portal gazeta""".split()
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
    Andrii Oleksii Dmytro Serhii Mykhailo Yurii Vasyl Bohdan Ihor Volodymyr Petro Pavlo
    Yevhen Vitalii Nataliia Iryna Tetiana Yuliia Liudmyla Svitlana Viktoriia Lesia Sofiia
    Andrzej Krzysztof Tomasz Paweł Marek Michał Jakub Wojciech Grzegorz Marcin Łukasz Kamil
    Rafał Adam Mateusz Bartosz Dariusz Mariusz Zbigniew Jerzy Stanisław Tadeusz Ryszard
    Janusz Józef Kazimierz Maciej Witold Leszek Katarzyna Agnieszka Małgorzata Joanna
    Magdalena Ewa Barbara Zofia Krystyna Aleksandra Monika Dorota Beata Jolanta Justyna
    """.split()
)

# Capitalised words that stand before names in court papers and reports without being
# part of them: roles, procedural headings, forms of address.
ROLES: tuple[str, ...] = tuple(
    """
    председательствующий председательствующего председательствующей судья судьи судье
    секретарь секретаря секретаре прокурор прокурора обвинитель обвинителя государственный
    адвокат адвоката защитник защитника свидетель свидетеля потерпевший потерпевшего
    подсудимый подсудимого обвиняемый обвиняемого осужденный осуждённый осужденного
    гражданин гражданина гражданка гражданки старшынстваючы старшынстваючага суддзя суддзі
    сакратар сакратара пракурор пракурора абвінаваўца адвакат адваката сведка
    абвінавачаны абвінавачанага асуджаны асуджанага грамадзянін грамадзянка
    головуючий суддя секретар прокурор захисник обвинувачений
    sędzia prokurator adwokat oskarżony
    judge presiding prosecutor lawyer defendant mr mrs ms dr free
    установил установила постановил приговорил решил определил установіў устанавіў
    прысудзіў пастанавіў вырашыў приговор прысуд
    """.split()
)
