"""Kind 1: "On <date>, <name> wrote:" headers, in the languages and shapes clients write.

Each header sits between the typed text and the quoted prompt. Dates are the formats each
client uses in that language; some headers wrap over two lines, lose their colon, or put
the name before the date.
"""

from entries.tests.mail.reply_cases import Case

A = "Daybook <{addr}>"

# (language, client, header): the header line(s) exactly as the client writes them.
HEADERS = [
    ("en", "Gmail", f"On Fri, Nov 27, 2026 at 8:00\u202fPM {A} wrote:"),
    ("en", "Apple Mail", f"On 27 Nov 2026, at 20:00, {A} wrote:"),
    ("en", "Thunderbird", "On 27/11/2026 20:00, Daybook wrote:"),
    ("en", "Outlook", f"On Friday, November 27, 2026 8:00 PM, {A} wrote:"),
    ("en", "no colon", f"On Fri, Nov 27, 2026 at 8:00 PM {A} wrote"),
    ("en", "wrapped", f"On Fri, Nov 27, 2026 at 8:00 PM Daybook <\n{'{addr}'}> wrote:"),
    ("en", "wrapped name", "On Fri, Nov 27, 2026 at 8:00 PM Daybook\n<{addr}> wrote:"),
    ("en", "Gmail ISO", "2026-11-27 20:00 GMT+01:00 Daybook <{addr}>:"),
    ("en", "Yahoo", "On Friday, 27 November 2026, 20:00:00 GMT, Daybook <{addr}> wrote:"),
    ("de", "Gmail", f"Am Fr., 27. Nov. 2026 um 20:00 Uhr schrieb {A}:"),
    ("de", "Apple Mail", f"Am 27.11.2026 um 20:00 schrieb {A}:"),
    ("de", "Thunderbird", "Am 27.11.26 um 20:00 schrieb Daybook:"),
    ("de", "GMX", f"Gesendet: Freitag, 27. November 2026 um 20:00 Uhr\nVon: {A}"),
    ("fr", "Gmail", f"Le ven. 27 nov. 2026 à 20:00, {A} a écrit :"),
    ("fr", "Apple Mail", f"Le 27 nov. 2026 à 20:00, {A} a écrit :"),
    ("fr", "Thunderbird", "Le 27/11/2026 à 20:00, Daybook a écrit :"),
    ("es", "Gmail", "El vie, 27 nov 2026 a las 20:00, Daybook (<{addr}>) escribió:"),
    ("es", "Apple Mail", f"El 27 nov 2026, a las 20:00, {A} escribió:"),
    ("es", "Thunderbird", "El 27/11/26 a las 20:00, Daybook escribió:"),
    ("it", "Gmail", f"Il giorno ven 27 nov 2026 alle ore 20:00 {A} ha scritto:"),
    ("it", "Apple Mail", f"Il giorno 27 nov 2026, alle ore 20:00, {A} ha scritto:"),
    ("it", "Thunderbird", "Il 27/11/2026 20:00, Daybook ha scritto:"),
    ("pt", "Gmail", f"Em sex., 27 de nov. de 2026 às 20:00, {A} escreveu:"),
    ("pt", "Apple Mail", f"Em 27 de nov. de 2026, à(s) 20:00, {A} escreveu:"),
    ("pt", "Thunderbird", "Em 27/11/2026 20:00, Daybook escreveu:"),
    ("nl", "Gmail", f"Op vr 27 nov 2026 om 20:00 schreef {A}:"),
    ("nl", "Apple Mail", f"Op 27 nov. 2026, om 20:00 heeft {A} het volgende geschreven:"),
    ("nl", "Outlook", "Op 27-11-2026 20:00 schreef Daybook het volgende:"),
    ("sv", "Gmail", f"fre 27 nov. 2026 kl. 20:00 skrev {A}:"),
    ("sv", "Apple Mail", f"27 nov. 2026 kl. 20:00 skrev {A}:"),
    ("sv", "Thunderbird", "Den 2026-11-27 kl. 20:00, skrev Daybook:"),
    ("da", "Gmail", f"fre. 27. nov. 2026 kl. 20.00 skrev {A}:"),
    ("da", "Apple Mail", f"Den 27. nov. 2026 kl. 20.00 skrev {A}:"),
    ("nb", "Gmail", f"fre. 27. nov. 2026 kl. 20:00 skrev {A}:"),
    ("nb", "Apple Mail", f"27. nov. 2026 kl. 20:00 skrev {A}:"),
    ("fi", "Gmail", f"pe 27. marrask. 2026 klo 20.00 {A} kirjoitti:"),
    ("fi", "Apple Mail", f"{A} kirjoitti 27.11.2026 kello 20.00:"),
    ("fi", "Thunderbird", "27.11.2026 klo 20.00 Daybook kirjoitti:"),
    ("pl", "Gmail", f"pt., 27 lis 2026 o 20:00 {A} napisał(a):"),
    ("pl", "Thunderbird", "W dniu 27.11.2026 o 20:00, Daybook pisze:"),
    ("pl", "Apple Mail", f"Wiadomość napisana przez {A} w dniu 27.11.2026, o godz. 20:00:"),
    ("cs", "Gmail", f"pá 27. 11. 2026 v 20:00 odesílatel {A} napsal:"),
    ("cs", "Thunderbird", "Dne 27. 11. 2026 v 20:00 Daybook napsal(a):"),
    ("sk", "Gmail", f"pi 27. 11. 2026 o 20:00 {A} napísal(a):"),
    ("sk", "Thunderbird", "Dňa 27. 11. 2026 o 20:00 Daybook napísal(a):"),
    ("hu", "Gmail", f"{A} ezt írta (időpont: 2026. nov. 27., P, 20:00):"),
    ("hu", "Thunderbird", "2026. 11. 27. 20:00 keltezéssel, Daybook írta:"),
    ("ro", "Gmail", f"{A} a scris în vin., 27 nov. 2026 la 20:00:"),
    ("ro", "Thunderbird", "Pe 27.11.2026 20:00, Daybook a scris:"),
    ("ru", "Gmail", f"пт, 27 нояб. 2026 г. в 20:00, {A}:"),
    ("ru", "Thunderbird", "27.11.2026 20:00, Daybook пишет:"),
    ("ru", "Yandex", '27.11.2026, 20:00, "Daybook" <{addr}>:'),
    ("ru", "Mail.ru", f"Пятница, 27 ноября 2026, 20:00 +03:00 от {A}:"),
    ("uk", "Gmail", f"пт, 27 лист. 2026 р. о 20:00 {A} пише:"),
    ("uk", "Thunderbird", "27.11.2026 20:00, Daybook написав:"),
    ("tr", "Gmail", f"{A}, 27 Kas 2026 Cum, 20:00 tarihinde şunu yazdı:"),
    ("tr", "Thunderbird", "27.11.2026 20:00 tarihinde Daybook yazdı:"),
    ("el", "Gmail", f"Στις Παρ 27 Νοε 2026 στις 8:00 μ.μ., ο/η {A} έγραψε:"),
    ("el", "Thunderbird", "Στις 27/11/2026 20:00, ο/η Daybook έγραψε:"),
    (
        "he",
        "Gmail",
        "\u200fבתאריך יום ו׳, 27 בנוב׳ 2026 ב-20:00 מאת \u202aDaybook\u202c\u200f <\u202a{addr}\u202c\u200f>:\u200f",
    ),
    ("he", "Thunderbird", "בתאריך 27/11/2026 20:00, Daybook כתב:"),
    ("ar", "Gmail", "\u200fفي الجمعة، 27 نوفمبر 2026 في 8:00 م، كتب Daybook <{addr}>:\u200f"),
    ("ar", "Thunderbird", "في 27/11/2026 20:00، كتب Daybook:"),
    ("ja", "Gmail", f"2026年11月27日(金) 20:00 {A}:"),
    ("ja", "Apple Mail", f"2026/11/27 20:00、{A}のメール:"),
    ("ja", "Thunderbird", "2026/11/27 20:00 Daybook wrote:"),
    ("ja", "Outlook", f"2026年11月27日 20:00 {A} のメッセージ:"),
    ("ko", "Gmail", f"2026년 11월 27일 (금) 오후 8:00, {A}님이 작성:"),
    ("ko", "Apple Mail", f"2026. 11. 27. 오후 8:00, {A} 작성:"),
    ("zh-hans", "Gmail", f"{A} 于2026年11月27日周五 20:00写道：\n"),
    ("zh-hans", "Apple Mail", f"2026年11月27日 20:00，{A} 写道：\n"),
    ("zh-hans", "Foxmail", '在 2026年11月27日 20:00，"Daybook"<{addr}> 写道：\n'),
    ("zh-hant", "Gmail", f"{A} 於 2026年11月27日 週五 下午8:00寫道：\n"),
    ("zh-hant", "Apple Mail", f"2026年11月27日 下午8:00，{A} 寫道：\n"),
    ("ca", "Gmail", "El dv., 27 de nov. 2026, 20:00, Daybook (<{addr}>) va escriure:"),
    ("ca", "Thunderbird", "El 27/11/2026 a les 20:00, Daybook ha escrit:"),
    ("ca", "Apple Mail", f"El 27 de nov. 2026, a les 20:00, {A} va escriure:"),
]

CASES = [
    Case("headers", language, client, "{typed}\n\n" + header + "\n\n{quote}\n")
    for language, client, header in HEADERS
] + [
    # The same headers above an unquoted copy of the prompt (some clients, and every
    # client once the person removes the quote marks): everything below is the prompt.
    Case("headers", language, f"{client}, unquoted", "{typed}\n\n" + header + "\n\n{prompt}\n")
    for language, client, header in HEADERS
    if "\n" not in header.strip()
]
