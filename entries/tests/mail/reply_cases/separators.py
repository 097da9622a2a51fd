"""Kind 2: original-message rulers and Outlook-style header blocks, in each language.

Outlook, webmail and phone clients put a ruler ("-----Original Message-----") or a block of
fields ("From: / Sent: / To: / Subject:") above an unquoted copy of the message answered.
"""

from entries.tests.mail.reply_cases import Case

# (language, client, separator line, from, sent, to, subject): field names as the client
# writes them in that language. The separator may be "" (a block with no ruler above).
BLOCKS = [
    ("en", "Outlook", "________________________________", "From", "Sent", "To", "Subject"),
    ("en", "Outlook classic", "-----Original Message-----", "From", "Sent", "To", "Subject"),
    ("en", "Thunderbird", "-------- Original Message --------", "From", "Date", "To", "Subject"),
    ("en", "bold fields", "", "*From:*", "*Sent:*", "*To:*", "*Subject:*"),
    ("de", "Outlook", "-----Ursprüngliche Nachricht-----", "Von", "Gesendet", "An", "Betreff"),
    (
        "de",
        "Thunderbird",
        "-------- Ursprüngliche Nachricht --------",
        "Von",
        "Datum",
        "An",
        "Betreff",
    ),
    ("fr", "Outlook", "-----Message d'origine-----", "De", "Envoyé", "À", "Objet"),
    ("fr", "Outlook spaced", "", "De :", "Envoyé :", "À :", "Objet :"),
    ("es", "Outlook", "-----Mensaje original-----", "De", "Enviado el", "Para", "Asunto"),
    ("it", "Outlook", "-----Messaggio originale-----", "Da", "Inviato", "A", "Oggetto"),
    ("pt", "Outlook", "-----Mensagem original-----", "De", "Enviada", "Para", "Assunto"),
    ("nl", "Outlook", "-----Oorspronkelijk bericht-----", "Van", "Verzonden", "Aan", "Onderwerp"),
    ("sv", "Outlook", "-----Ursprungligt meddelande-----", "Från", "Skickat", "Till", "Ämne"),
    ("da", "Outlook", "-----Oprindelig meddelelse-----", "Fra", "Sendt", "Til", "Emne"),
    ("da", "webmail", "-------- Oprindelig besked --------", "Fra", "Dato", "Til", "Emne"),
    ("nb", "Outlook", "-----Opprinnelig melding-----", "Fra", "Sendt", "Til", "Emne"),
    (
        "fi",
        "Outlook",
        "-----Alkuperäinen viesti-----",
        "Lähettäjä",
        "Lähetetty",
        "Vastaanottaja",
        "Aihe",
    ),
    ("pl", "Outlook", "-----Wiadomość oryginalna-----", "Od", "Wysłano", "Do", "Temat"),
    ("cs", "Outlook", "-----Původní zpráva-----", "Od", "Odesláno", "Komu", "Předmět"),
    ("sk", "Outlook", "-----Pôvodná správa-----", "Od", "Odoslané", "Komu", "Predmet"),
    ("hu", "Outlook", "-----Eredeti üzenet-----", "Feladó", "Elküldve", "Címzett", "Tárgy"),
    ("ro", "Outlook", "-----Mesaj original-----", "De la", "Trimis", "Către", "Subiect"),
    ("ru", "Outlook", "-----Исходное сообщение-----", "От", "Отправлено", "Кому", "Тема"),
    ("uk", "Outlook", "-----Оригінальне повідомлення-----", "Від", "Надіслано", "Кому", "Тема"),
    ("tr", "Outlook", "-----Özgün İleti-----", "Kimden", "Gönderildi", "Kime", "Konu"),
    ("el", "Outlook", "-----Αρχικό μήνυμα-----", "Από", "Στάλθηκε", "Προς", "Θέμα"),
    ("he", "Outlook", "-----הודעה מקורית-----", "מאת", "נשלח", "אל", "נושא"),
    ("ar", "Outlook", "-----الرسالة الأصلية-----", "من", "تاريخ الإرسال", "إلى", "الموضوع"),
    ("ja", "Outlook", "-----元のメッセージ-----", "差出人", "送信日時", "宛先", "件名"),
    ("ko", "Outlook", "-----원본 메시지-----", "보낸 사람", "보낸 날짜", "받는 사람", "제목"),
    ("zh-hans", "Outlook", "-----原始邮件-----", "发件人", "发送时间", "收件人", "主题"),
    ("zh-hant", "Outlook", "-----原始郵件-----", "寄件者", "寄件日期", "收件者", "主旨"),
    ("ca", "Outlook", "-----Missatge original-----", "De", "Enviat", "Per a", "Assumpte"),
]


def _field(name: str, value: str) -> str:
    # "De :" and "*From:*" carry their own colon; the others get one.
    return f"{name} {value}" if name.rstrip("*").endswith(":") else f"{name}: {value}"


def _block(separator: str, sender: str, sent: str, to: str, subject: str) -> str:
    lines = [separator] if separator else []
    lines += [
        _field(sender, "Daybook <{addr}>"),
        _field(sent, "27.11.2026 20:00"),
        _field(to, "ann@example.com"),
        _field(subject, "27.11."),
    ]
    return "\n".join(lines)


CASES = (
    [
        Case("separators", language, client, "{typed}\n\n" + _block(*fields) + "\n\n{prompt}\n")
        for language, client, *fields in BLOCKS
    ]
    + [
        # A ruler alone, with the prompt below it.
        Case(
            "separators",
            language,
            f"{client}, ruler only",
            "{typed}\n\n" + fields[0] + "\n{prompt}\n",
        )
        for language, client, *fields in BLOCKS
        if fields[0].startswith("-")
    ]
    + [
        # French webmail (Orange and similar): a line of "=" and "Message du : <date>".
        Case(
            "separators",
            "fr",
            "webmail Message du",
            "{typed}\n\n========================================\n"
            "Message du : 27/11/2026 20:00\nDe : Daybook <{addr}>\nA : ann@example.com\n"
            "Copie à : \nSujet : 27 novembre\n\n{prompt}\n",
        ),
        Case(
            "separators",
            "en",
            "forwarded",
            "{typed}\n\n---------- Forwarded message ---------\nFrom: Daybook <{addr}>\n"
            "Date: Fri, Nov 27, 2026 at 8:00 PM\nSubject: 27 November\nTo: <ann@example.com>\n\n"
            "{prompt}\n",
        ),
        Case(
            "separators",
            "de",
            "forwarded",
            "{typed}\n\n---------- Weitergeleitete Nachricht ---------\nVon: Daybook <{addr}>\n"
            "Date: Fr., 27. Nov. 2026 um 20:00 Uhr\nSubject: 27. November\nTo: <ann@example.com>\n"
            "\n{prompt}\n",
        ),
        Case(
            "separators",
            "en",
            "Apple forward",
            "{typed}\n\nBegin forwarded message:\n\nFrom: Daybook <{addr}>\n"
            "Subject: 27 November\nDate: 27 November 2026 at 20:00:00 GMT\nTo: ann@example.com\n"
            "\n{prompt}\n",
        ),
    ]
)
