"""What apps and mailing lists append under a reply, and how people sign off: data only.

Used by :mod:`entries.mail.signatures` (the end of a reply) and :mod:`entries.mail.replies`
(a phone's line with the original message copied below it). Every pattern matches one whole
short line.
"""

import re

# Up to six words of a device or app name: "my iPhone", "Yahoo Mail on Android".
_WORDS = r"[^\s,]+(?: [^\s,]+){0,5}"

# A phone's or mail app's line, in the languages Daybook's users write.
APP_SIGNATURE = re.compile(
    "|".join(
        (
            # en
            rf"(?:sent|posted) (?:from|with|via|using|by|on) (?:my |a |an )?{_WORDS}[.,!]?"
            r"(?:\s+please excuse.*)?",
            r"get (?:the )?\[?outlook\b.*",
            r"get \w+(?: \w+)? for (?:ios|android|iphone|ipad|windows|mac)\b.{0,60}",
            r"from my (?:iphone|ipad|android|mobile|phone|blackberry|galaxy|samsung)\b.{0,20}",
            r"(?:\S+ )?(?:from|via) (?:my )?mobile(?: device| phone)?",
            # de
            r"von meinem .{1,60} gesendet\.?",
            rf"gesendet (?:von|mit|vom) (?:meinem |meiner )?{_WORDS}",
            r"diese nachricht wurde (?:von|mit) .{1,80} gesendet\.?",
            # fr, es, it, pt, ca
            rf"envoy[ée] (?:depuis|de|avec|à partir de) (?:mon |ma |un |une )?{_WORDS}",
            r"(?:obtenir|télécharger) outlook pour .{1,40}",
            rf"enviad[oa] (?:desde|con|do|de|por|a partir do) (?:mi |meu |minha |o |el )?{_WORDS}",
            r"(?:obtener|obtenha|obter)(?: o)? outlook (?:para|pra) .{1,40}",
            rf"inviato (?:da|dal|con) (?:mio |il mio )?{_WORDS}",
            r"scarica outlook per .{1,40}",
            rf"enviat (?:des del meu|des de|amb) {_WORDS}",
            # nl, sv, da, nb, fi
            rf"(?:verzonden|verstuurd) (?:vanaf|met|van) (?:mijn )?{_WORDS}",
            rf"(?:sendt|skickat|skickad) (?:fra|från|med) (?:min |mitt )?{_WORDS}",
            r"(?:hämta|hent|få) outlook (?:för|til|for) .{1,40}",
            r"lähetetty .{1,40}",
            # pl, cs, sk, hu, ro
            rf"wysłane? (?:z|ze|przez) (?:mojego |mojej )?{_WORDS}",
            rf"odesláno z (?:mého )?{_WORDS}",
            rf"odoslané z (?:môjho )?{_WORDS}",
            r".{1,40} küldve",
            rf"trimis de pe {_WORDS}",
            # ru, uk, tr, el
            rf"отправлено (?:с|из|со) {_WORDS}",
            rf"надіслано (?:з|із|зі) {_WORDS}",
            r"\S{1,40}(?:dan|den|tan|ten) gönderildi",
            r"στάλθηκε από .{1,40}",
            # he, ar
            r"נשלח מ.{1,40}",
            r"(?:أرسلت|أُرسلت|مرسل|تم الإرسال) من .{1,40}",
            # ja, ko, zh
            r".{1,30}から送信",
            r"(?:나의 |내 ).{1,30}에서 보냄",
            r"(?:從|从)我的.{1,30}(?:傳送|发送)|(?:发自|來自|来自)我的.{1,30}",
        )
    ),
    re.IGNORECASE,
)

# Names that make an app line certain enough to cut what follows it (see replies.py).
DEVICE = re.compile(
    r"iphon|ipad|ipod|android|galaxy|samsung|huawei|xiaomi|pixel|blackberry|outlook|yahoo"
    r"|proton|aol|gmail|mobil|phone|handy|smartphone|tablet|телефон|мобил|mail",
    re.IGNORECASE,
)

# How mailing lists and providers begin the footer they append (lower case, line starts).
FOOTER_STARTS = (
    "you received this message because you are subscribed to",
    "to unsubscribe from this group and stop receiving emails from it",
    "sie haben diese nachricht erhalten, weil sie",
    "vous recevez ce message, car vous êtes abonné",
    "vous avez reçu ce message, car vous êtes abonné",
    "recibiste este mensaje porque estás suscrito",
    "has recibido este mensaje porque estás suscrito",
    "hai ricevuto questo messaggio perché sei iscritto",
    "você recebeu essa mensagem porque está inscrito",
    "u ontvangt dit bericht omdat u bent geabonneerd",
    "groups.io links:",
    "yahoo groups links",
    "-=-=-=-=-=-=-=-",
    "[avast logo]",
    "virus-free.",
    "this email has been checked for viruses by",
    "this email has been scanned by",
)

# Words of the confidentiality notice some companies add to every signature.
DISCLAIMER = re.compile(
    r"confidential|intended (?:only )?for|intended recipient|addressee|privileged"
    r"|vertraulich|confidentiel|riservat|confidencial|poufn",
    re.IGNORECASE,
)

# Sign-offs people type above their name; the client's own block may follow the name.
SIGN_OFFS = frozenset(
    """
    regards|best regards|kind regards|warm regards|best|all the best|cheers|thanks|thank you
    |many thanks|love|yours|sincerely|yours sincerely|take care|talk soon|xo|xoxo
    |viele grüße|liebe grüße|beste grüße|mit freundlichen grüßen|grüße|lg|vg|mfg|gruß
    |cordialement|bien à vous|bises|amitiés|bonne soirée|à bientôt|merci
    |saludos|un saludo|atentamente|un abrazo|besos|gracias
    |cordiali saluti|saluti|un saluto|grazie|a presto
    |abraços|abraço|atenciosamente|cumprimentos|obrigado|obrigada|beijos
    |met vriendelijke groet|groeten|hartelijke groet|groetjes
    |hälsningar|vänliga hälsningar|mvh|hilsen|venlig hilsen|med venlig hilsen|kh
    |vennlig hilsen|med vennlig hilsen|terveisin|ystävällisin terveisin
    |pozdrawiam|z poważaniem|s pozdravem|s pozdravom|üdvözlettel|üdv|cu drag|toate cele bune
    |с уважением|всего доброго|спасибо|з повагою|дякую|saygılarımla|sevgiler|teşekkürler
    |με εκτίμηση|φιλικά|בברכה|תודה|مع التحية|شكرا|よろしくお願いします|よろしくお願いいたします
    |감사합니다|祝好|此致|谢谢|謝謝|salutacions|records
    """.replace("\n", "").split("|")
)
SIGN_OFFS = frozenset(word.strip() for word in SIGN_OFFS)
