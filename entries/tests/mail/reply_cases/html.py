"""Kind 5: HTML replies whose quote lives in the client's own container.

Each client marks the quoted message in its HTML. The cases come as HTML-only replies, and
with a text part that disagrees: one that copies the prompt without quote marks or header,
as some clients and mail gateways write it.
"""

from entries.tests.mail.reply_cases import Case

A = "Daybook &lt;{addr}&gt;"

CONTAINERS = [
    (
        "Gmail",
        '<div dir="ltr">{typed_html}</div><br><div class="gmail_quote">'
        f'<div dir="ltr" class="gmail_attr">On Fri, Nov 27, 2026 at 8:00 PM {A} wrote:<br></div>'
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">{prompt_html}'
        "</blockquote></div>",
    ),
    (
        "Gmail 2024",
        '<div dir="ltr">{typed_html}</div><br><div class="gmail_quote gmail_quote_container">'
        f'<div dir="ltr" class="gmail_attr">On Fri, Nov 27, 2026 at 8:00 PM {A} wrote:<br></div>'
        '<blockquote class="gmail_quote">{prompt_html}</blockquote></div>',
    ),
    (
        "Gmail elided",
        '<div dir="ltr">{typed_html}</div><div class="gmail_extra"><br>'
        '<div class="gmail_quote">On Fri, Nov 27, 2026, Daybook wrote:<br>'
        '<blockquote class="gmail_quote"><div class="im">{prompt_html}</div></blockquote>'
        '</div></div><div class="yj6qo"></div><div class="adL"><br></div>',
    ),
    (
        "Outlook",
        '<div class="elementToProof">{typed_html}</div><div id="appendonsend"></div>'
        '<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr">'
        f"<b>From:</b> {A}<br><b>Sent:</b> Friday, November 27, 2026 8:00 PM<br>"
        "<b>To:</b> ann@example.com<br><b>Subject:</b> 27 November</div>"
        "<div>{prompt_html}</div>",
    ),
    (
        "Outlook desktop",
        '<div class="WordSection1"><p class="MsoNormal">{typed_html}</p>'
        '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">'
        '<p class="MsoNormal"><b>From:</b> Daybook<br><b>Sent:</b> Friday, 27 November 2026 '
        "20:00<br><b>To:</b> Ann<br><b>Subject:</b> 27 November</p></div>"
        '<p class="MsoNormal">{prompt_html}</p></div>',
    ),
    (
        "Apple Mail",
        '<html><body dir="auto">{typed_html}<div><br><blockquote type="cite">'
        f"On 27 Nov 2026, at 20:00, {A} wrote:<br><br></blockquote></div>"
        '<blockquote type="cite"><div>{prompt_html}</div></blockquote></body></html>',
    ),
    (
        "Thunderbird",
        "<html><body><p>{typed_html}</p>"
        '<div class="moz-cite-prefix">On 27/11/2026 20:00, Daybook wrote:<br></div>'
        '<blockquote type="cite" cite="mid:prompt-1@daybook.example">{prompt_html}'
        "</blockquote></body></html>",
    ),
    (
        "Yahoo",
        '<div class="ydp1"><div>{typed_html}</div></div><div id="yahoo_quoted_123" '
        'class="yahoo_quoted"><div style="font-family:Helvetica">'
        "<div>On Friday, 27 November 2026, 20:00, Daybook wrote:</div>"
        "<div><div>{prompt_html}</div></div></div></div>",
    ),
    (
        "Outlook mobile",
        '<div dir="auto">{typed_html}</div><div dir="auto"><br></div>'
        '<div id="ms-outlook-mobile-signature"><div>Get Outlook for iOS</div></div>'
        '<div id="mail-editor-reference-message-container"><div class="ms-outlook-mobile-'
        'reference-message"><b>From:</b> Daybook<br><b>Sent:</b> Friday, November 27, 2026'
        " 8:00:00 PM<br><b>To:</b> ann@example.com<br><b>Subject:</b> 27 November<br><br>"
        "{prompt_html}</div></div>",
    ),
    (
        "Zoho",
        '<div style="font-family:Verdana">{typed_html}<br>'
        '<div class="zmail_extra_hr"></div><div class="zmail_extra" data-zbluepencil-ignore="true">'
        "<div><br></div><div>---- On Fri, 27 Nov 2026 20:00:00 +0000 <b>Daybook</b> wrote ---"
        "<br></div><blockquote>{prompt_html}</blockquote></div></div>",
    ),
]

# The text part a careless client or gateway writes: the prompt copied without marks.
DISAGREEING_TEXT = "{typed}\n\n{prompt}\n"

CASES = [
    Case("html", "en", f"{client}, HTML only", "", html=html) for client, html in CONTAINERS
] + [
    Case("html", "en", f"{client}, text disagrees", DISAGREEING_TEXT, html=html)
    for client, html in CONTAINERS
]
