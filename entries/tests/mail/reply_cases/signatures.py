"""Kind 6: a signature block the client appends under the sign-off the person typed.

The person typed "Regards,\\nJan"; the client appended name, title, company, phone and web
lines. The typed sign-off stays; the block goes.
"""

from entries.tests.mail.reply_cases import Case

BLOCKS = [
    (
        "en",
        "Regards,\nJan",
        "Jan Novak\nSenior Engineer | Acme Ltd\nT: +44 20 7946 0000\nwww.acme.example",
    ),
    (
        "en",
        "Thanks,\nAnn",
        "Ann Example\nHead of Things\nExample Corp.\nMobile: +1 (555) 010-2030\nhttps://example.com",
    ),
    ("en", "Best,\nSam", "--\nSam Lee | Product Designer\nacme.example | @samlee"),
    (
        "en",
        "Cheers,\nTom",
        "Tom Smith\nDirector of Operations\n\nAcme Widgets Inc.\n100 Main Street, Springfield\nOffice: 555-0100 | Fax: 555-0101\ntom@acme.example",
    ),
    (
        "de",
        "Viele Grüße\nJan",
        "Jan Müller\nProjektleiter\nBeispiel GmbH\nTel.: +49 30 1234567\nwww.beispiel.de",
    ),
    (
        "de",
        "Mit freundlichen Grüßen\nAnna Schmidt",
        "Anna Schmidt\nGeschäftsführerin\nMusterfirma AG | Hauptstraße 1 | 10115 Berlin\nTelefon: 030 1234567\nE-Mail: anna@musterfirma.de",
    ),
    (
        "fr",
        "Cordialement,\nMarie",
        "Marie Dupont\nResponsable marketing\nSociété Exemple\nTél. : +33 1 23 45 67 89\nwww.exemple.fr",
    ),
    (
        "es",
        "Saludos,\nLucía",
        "Lucía García\nDirectora comercial\nEjemplo S.L.\nTel: +34 912 345 678\nwww.ejemplo.es",
    ),
    (
        "it",
        "Cordiali saluti,\nMarco",
        "Marco Rossi\nIngegnere\nEsempio S.r.l.\nTel. +39 06 1234 5678\nwww.esempio.it",
    ),
    (
        "pt",
        "Abraços,\nJoão",
        "João Silva\nGerente de Projetos\nExemplo Ltda.\nTel: +55 11 91234-5678\nwww.exemplo.com.br",
    ),
    (
        "nl",
        "Met vriendelijke groet,\nPieter",
        "Pieter de Vries\nAdviseur\nVoorbeeld B.V.\nT +31 20 123 4567\nwww.voorbeeld.nl",
    ),
    (
        "sv",
        "Hälsningar,\nErik",
        "Erik Andersson\nProjektledare\nExempel AB\nTel: +46 8 123 456 78\nwww.exempel.se",
    ),
    (
        "da",
        "Venlig hilsen\nMette",
        "Mette Jensen\nKonsulent\nEksempel A/S\nTlf.: +45 12 34 56 78\nwww.eksempel.dk",
    ),
    (
        "nb",
        "Hilsen\nOla",
        "Ola Nordmann\nRådgiver\nEksempel AS\nMobil: +47 912 34 567\nwww.eksempel.no",
    ),
    (
        "fi",
        "Terveisin,\nMatti",
        "Matti Virtanen\nMyyntipäällikkö\nEsimerkki Oy\nPuh. +358 40 123 4567\nwww.esimerkki.fi",
    ),
    (
        "pl",
        "Pozdrawiam,\nJan",
        "Jan Kowalski\nKierownik projektu\nPrzykład Sp. z o.o.\ntel. +48 600 123 456\nwww.przyklad.pl",
    ),
    (
        "cs",
        "S pozdravem\nPetr",
        "Petr Novák\nObchodní ředitel\nPříklad s.r.o.\nTel.: +420 601 234 567\nwww.priklad.cz",
    ),
    (
        "ru",
        "С уважением,\nИван",
        "Иван Петров\nМенеджер проекта\nООО «Пример»\nТел.: +7 495 123-45-67\nwww.primer.ru",
    ),
    (
        "ja",
        "よろしくお願いします。\n田中",
        "田中 太郎\n株式会社サンプル 営業部\nTEL: 03-1234-5678\nhttps://sample.example.jp",
    ),
    (
        "tr",
        "Saygılarımla,\nAyşe",
        "Ayşe Yılmaz\nProje Yöneticisi\nÖrnek A.Ş.\nTel: +90 212 123 45 67\nwww.ornek.com.tr",
    ),
]

CASES = [
    Case(
        "signatures",
        language,
        f"block {index}",
        "{typed}\n\n" + block + "\n\n{quote}\n",
        typed=f"{text}\n\n{sign_off}",
    )
    for index, (language, sign_off, block) in enumerate(BLOCKS)
    for text in ["Good day at the market. Bought apples."]
] + [
    # No blank line between the typed name and the block.
    Case(
        "signatures",
        language,
        f"block {index}, tight",
        "{typed}\n" + block + "\n\n{quote}\n",
        typed=f"Good day at the market.\n\n{sign_off}",
    )
    for index, (language, sign_off, block) in enumerate(BLOCKS[:6])
]
