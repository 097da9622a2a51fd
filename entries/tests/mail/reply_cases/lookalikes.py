"""Typed text that looks like what clients add: it must all stay.

Not a kind of the issue, but its other half: no rule may cut a line the person typed.
"""

from entries.tests.mail.reply_cases import Case

TYPED = [
    ("en", "sent from", "Sent from my desk at work, because the train was late.\nHome by eight."),
    (
        "en",
        "phone line then more",
        "Sent from my phone\nbecause the laptop died.\n\nStill a good day.",
    ),
    ("en", "to and subject", "To: do list\n- bins\n- call mum\n\nSubject: none today."),
    ("en", "date line", "Date: the 27th, finally.\nFrom: nowhere in particular, just tired."),
    ("en", "colon with year", "In 2019 I wrote:\nthe lake was frozen.\nToday it was not."),
    ("en", "on wrote", "On Monday Sam wrote: he will visit.\nCan't wait."),
    ("en", "rulers", "Morning\n--------\nRun\n\nEvening\n========\nRead"),
    ("en", "regards in text", "Regards to Maria from all of us.\nShe called at 555-0100 today."),
    ("de", "von an", "Von: Oma\nAn: uns alle\nEin Paket mit Keksen!"),
    (
        "en",
        "sign-off then PS",
        "Good day.\n\nLove,\nAnn\n\nP.S. the plumber is 07700 900123, call him.",
    ),
    ("en", "underscores short", "Fill in: ____\nDone."),
    ("fr", "le a écrit", "Le petit a écrit son nom tout seul : Léo.\nQuelle fierté."),
]

CASES = [
    Case(
        "lookalikes",
        language,
        client,
        "{typed}\n\nOn Fri, Nov 27, 2026 at 8:00 PM Daybook <{addr}> wrote:\n\n{quote}\n",
        typed=typed,
    )
    for language, client, typed in TYPED
]
