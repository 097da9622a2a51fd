"""A second set of cases, written after the rules above passed, to check they generalize.

Same kinds, other clients and shapes. docs/replies.md records how many of these passed on
their first run, before any rule was changed for them.
"""

from entries.tests.mail.reply_cases import Case

A = "Daybook <{addr}>"


def _below(kind, language, client, added, typed=""):
    return Case(kind, language, f"fresh: {client}", "{typed}\n\n" + added + "\n", typed=typed)


CASES = [
    # Headers
    _below(
        "headers",
        "en",
        "quoted name",
        'On Fri, Nov 27, 2026 at 8:00 PM "Daybook" <{addr}> wrote:\n\n{quote}',
    ),
    _below(
        "headers",
        "en",
        "name on second line",
        "On Friday, 27 November 2026,\nDaybook <{addr}> wrote:\n\n{quote}",
    ),
    _below("headers", "en", "Fastmail", "On Fri, 27 Nov 2026, at 20:00, Daybook wrote:\n{quote}"),
    _below(
        "headers",
        "en",
        "Proton",
        f"On Friday, November 27th, 2026 at 8:00 PM, {A} wrote:\n\n{{quote}}",
    ),
    _below(
        "headers",
        "en",
        "wrapped, no colon",
        "On Fri, Nov 27, 2026 at 8:00 PM Daybook\n<{addr}> wrote\n\n{prompt}",
    ),
    _below(
        "headers",
        "de",
        "Outlook",
        f"Am Freitag, 27. November 2026 um 20:00 schrieb {A}:\n\n{{quote}}",
    ),
    _below("headers", "de", "Web.de", "Am 27.11.2026 20:00, schrieb Daybook:\n{prompt}"),
    _below(
        "headers",
        "fr",
        "Outlook",
        f"Le vendredi 27 novembre 2026 à 20:00, {A} a écrit :\n\n{{prompt}}",
    ),
    _below(
        "headers",
        "es",
        "Outlook",
        f"El viernes, 27 de noviembre de 2026, {A} escribió:\n\n{{quote}}",
    ),
    _below("headers", "it", "Libero", "Il 27/11/2026 alle 20:00 Daybook ha scritto:\n\n{prompt}"),
    _below("headers", "nl", "Thunderbird", "Op 27-11-2026 om 20:00 schreef Daybook:\n\n{prompt}"),
    _below("headers", "sv", "Outlook", f"Den fre 27 nov. 2026 kl 20:00 skrev {A}:\n\n{{quote}}"),
    _below("headers", "pl", "Onet", f"Dnia 27 listopada 2026 20:00 {A} napisał(a):\n\n{{prompt}}"),
    _below("headers", "ru", "Thunderbird", "27.11.2026 в 20:00, Daybook пишет:\n\n{prompt}"),
    _below("headers", "ja", "Thunderbird en", "On 2026/11/27 20:00, Daybook wrote:\n{prompt}"),
    _below(
        "headers", "tr", "Outlook", f"27 Kas 2026 Cum 20:00 tarihinde {A} şunu yazdı:\n\n{{quote}}"
    ),
    _below("headers", "ar", "Outlook", f"في الجمعة، 27 نوفمبر 2026، 8:00 م كتب {A}:\n\n{{prompt}}"),
    # Separators and header blocks
    _below(
        "separators",
        "en",
        "Outlook Express",
        "----- Original Message -----\nFrom: Daybook\nTo: Ann\nSent: Friday, November 27, 2026 8:00 PM\nSubject: 27 November\n\n{prompt}",
    ),
    _below(
        "separators",
        "en",
        "Yahoo forward",
        "----- Forwarded Message -----\nFrom: Daybook <{addr}>\nTo: Ann\nSent: Friday, 27 November 2026, 20:00:00 GMT\nSubject: 27 November\n\n{prompt}",
    ),
    _below(
        "separators",
        "fr",
        "Thunderbird",
        "-------- Message original --------\nSujet : 27 novembre\nDate : Fri, 27 Nov 2026 20:00:00 +0000\nDe : Daybook <{addr}>\nPour : ann@example.com\n\n{prompt}",
    ),
    _below(
        "separators",
        "es",
        "Thunderbird",
        "-------- Mensaje original --------\nAsunto: 27 noviembre\nFecha: Fri, 27 Nov 2026 20:00:00 +0000\nDe: Daybook <{addr}>\nPara: ann@example.com\n\n{prompt}",
    ),
    _below(
        "separators",
        "de",
        "GMX",
        "-------- Original-Nachricht --------\nBetreff: 27. November\nDatum: 27.11.2026 20:00\nVon: Daybook <{addr}>\nAn: ann@example.com\n\n{prompt}",
    ),
    _below(
        "separators",
        "it",
        "webmail",
        "---- Messaggio originale ----\nDa: Daybook\nA: ann@example.com\nData: 27/11/2026 20:00\nOggetto: 27 novembre\n\n{prompt}",
    ),
    _below(
        "separators",
        "ru",
        "forward",
        "-------- Пересылаемое сообщение --------\n27.11.2026, 20:00, Daybook <{addr}>:\n\n{prompt}",
    ),
    _below(
        "separators",
        "ja",
        "Outlook block",
        "差出人: Daybook <{addr}>\n送信日時: 2026年11月27日 20:00\n宛先: ann@example.com\n件名: 27 November\n\n{prompt}",
    ),
    _below(
        "separators",
        "zh-hans",
        "QQ Mail",
        '------------------ 原始邮件 ------------------\n发件人: "Daybook"<{addr}>;\n发送时间: 2026年11月27日(星期五) 晚上8:00\n收件人: "ann"<ann@example.com>;\n主题: 27 November\n\n{prompt}',
    ),
    _below(
        "separators",
        "ko",
        "Naver",
        '-----Original Message-----\nFrom: "Daybook"<{addr}>\nTo: "ann"<ann@example.com>;\nSent: 2026-11-27 (금) 20:00:00 (GMT+09:00)\nSubject: 27 November\n\n{prompt}',
    ),
    # Phones
    _below("mobile", "en", "Pixel", "Sent from my Pixel\n\n{prompt}"),
    _below("mobile", "de", "WEB.DE app", "Gesendet mit der WEB.DE Mail App\n\n{prompt}"),
    _below(
        "mobile", "fr", "Outlook Android", "Envoyé à partir de Outlook pour Android\n\n{prompt}"
    ),
    _below("mobile", "es", "Galaxy", "Enviado desde mi Samsung Galaxy\n\n{prompt}"),
    _below("mobile", "it", "Huawei", "Inviato dal mio dispositivo Huawei\n\n{prompt}"),
    _below("mobile", "pt", "iPad", "Enviado do meu iPad\n\n{prompt}"),
    _below("mobile", "ru", "Mail.ru", "Отправлено из мобильной Почты Mail.ru\n\n{prompt}"),
    _below("mobile", "ja", "Gmail Android", "Android の Gmail から送信\n\n{prompt}"),
    _below("mobile", "en", "BlueMail", "Get BlueMail for Android\n\n{quote}"),
    # Footers
    _below("footers", "en", "Avast in Gmail", "[Avast logo]\nVirus-free.www.avast.com"),
    _below(
        "footers",
        "en",
        "Symantec",
        "______________________________________________________________________\nThis email has been scanned by the Symantec Email Security.cloud service.",
    ),
    _below(
        "footers",
        "en",
        "Mailman with dashes",
        "--\nFamily mailing list\nFamily@lists.example.org\nhttps://lists.example.org/mailman/listinfo/family",
    ),
    # Signatures
    _below(
        "signatures",
        "en",
        "founder",
        "Maria Lopez\nCEO & Founder\nStartup Inc.\n+1 415 555 0100\nstartup.example | LinkedIn",
        typed="Quiet Sunday.\n\nBest,\nMaria",
    ),
    _below(
        "signatures",
        "es",
        "abrazo",
        "Pablo Ruiz\nJefe de ventas\nEjemplo S.A.\nMóvil: 600 123 456",
        typed="Día tranquilo.\n\nUn abrazo,\nPablo",
    ),
    _below(
        "signatures",
        "fr",
        "soirée",
        "Luc Martin\nChef de projet | Exemple SARL\n06 12 34 56 78\nluc.martin@exemple.fr",
        typed="Bonne journée au travail.\n\nBonne soirée,\nLuc",
    ),
    _below(
        "signatures",
        "en",
        "same line",
        "Jo Bloggs | Head of Marketing | Example Co\nM: 07700 900123\nexample.co.uk",
        typed="Long day.\n\nThanks, Jo",
    ),
    _below(
        "signatures",
        "en",
        "with long disclaimer",
        "Kim Park\nAnalyst\nExample Bank plc\nT +44 20 7946 0001\nThis message is confidential and intended only for the addressee; if you received it in error, tell the sender.",
        typed="Ran 5k.\n\nCheers,\nKim",
    ),
]
