"""Kind 3: a phone's signature line, with the original below it, quoted or not.

Phone apps add "Sent from my <device>" under the typed text; some then copy the original
message below with no quote marks at all, so everything after the signature is the prompt.
"""

from entries.tests.mail.reply_cases import Case

SIGNATURES = [
    ("en", "iPhone", "Sent from my iPhone"),
    ("en", "Outlook iOS", "Get Outlook for iOS<https://aka.ms/o0ukef>"),
    ("en", "Outlook Android", "Get Outlook for Android"),
    ("en", "Samsung", "Sent from my Galaxy"),
    ("en", "Yahoo", "Sent from Yahoo Mail on Android"),
    ("en", "Proton", "Sent from Proton Mail mobile"),
    ("de", "iPhone", "Von meinem iPhone gesendet"),
    ("de", "Outlook Android", "Gesendet von Outlook für Android"),
    ("de", "Samsung", "Von meinem Samsung Galaxy Smartphone gesendet."),
    ("fr", "iPhone", "Envoyé de mon iPhone"),
    ("fr", "Outlook", "Obtenir Outlook pour Android"),
    ("es", "iPhone", "Enviado desde mi iPhone"),
    ("it", "iPhone", "Inviato da iPhone"),
    ("pt", "iPhone", "Enviado do meu iPhone"),
    ("nl", "iPhone", "Verstuurd vanaf mijn iPhone"),
    ("sv", "iPhone", "Skickat från min iPhone"),
    ("da", "iPhone", "Sendt fra min iPhone"),
    ("nb", "iPhone", "Sendt fra min iPhone"),
    ("fi", "iPhone", "Lähetetty iPhonesta"),
    ("pl", "iPhone", "Wysłane z iPhone'a"),
    ("cs", "iPhone", "Odesláno z iPhonu"),
    ("sk", "iPhone", "Odoslané z iPhonu"),
    ("hu", "iPhone", "iPhone-ról küldve"),
    ("ro", "iPhone", "Trimis de pe iPhone-ul meu"),
    ("ru", "iPhone", "Отправлено с iPhone"),
    ("uk", "iPhone", "Надіслано з iPhone"),
    ("tr", "iPhone", "iPhone'umdan gönderildi"),
    ("el", "iPhone", "Στάλθηκε από το iPhone μου"),
    ("he", "iPhone", "נשלח מה-iPhone שלי"),
    ("ar", "iPhone", "أرسلت من الـ iPhone"),
    ("ja", "iPhone", "iPhoneから送信"),
    ("ko", "iPhone", "나의 iPhone에서 보냄"),
    ("zh-hans", "iPhone", "发自我的iPhone"),
    ("zh-hant", "iPhone", "從我的 iPhone 傳送"),
    ("ca", "iPhone", "Enviat des del meu iPhone"),
]

CASES = (
    [
        # Below the signature, the prompt with no header and no quote marks.
        Case(
            "mobile", language, f"{client}, unquoted", "{typed}\n\n" + signature + "\n\n{prompt}\n"
        )
        for language, client, signature in SIGNATURES
    ]
    + [
        # The usual shape: the signature, then a quoted header and quote.
        Case(
            "mobile",
            language,
            f"{client}, quoted",
            "{typed}\n\n" + signature + "\n\n> On 27 Nov 2026, at 20:00, Daybook <{addr}> wrote:\n"
            ">\n{quote}\n",
        )
        for language, client, signature in SIGNATURES
    ]
    + [
        # A one-line answer right above the signature, no blank line between.
        Case(
            "mobile",
            "en",
            "iPhone, tight",
            "{typed}\nSent from my iPhone\n{prompt}\n",
            typed="Fine.",
        ),
        Case(
            "mobile",
            "en",
            "Outlook link",
            "{typed}\n\nGet Outlook for iOS <https://aka.ms/o0ukef>\n"
            "________________________________\nFrom: Daybook <{addr}>\n"
            "Sent: Friday, November 27, 2026 8:00:00 PM\nTo: ann@example.com\n"
            "Subject: 27 November\n\n{prompt}\n",
        ),
    ]
)
