"""Kind 4: mailing-list and provider footers appended below what the person typed.

The list or the provider adds its block after the whole message, or right under the
typed text when the reply carries no quote.
"""

from entries.tests.mail.reply_cases import Case

FOOTERS = [
    (
        "en",
        "Mailman 2",
        "_______________________________________________\nFamily mailing list\n"
        "Family@lists.example.org\nhttps://lists.example.org/mailman/listinfo/family",
    ),
    (
        "en",
        "Mailman 3",
        "_______________________________________________\n"
        "Family mailing list -- family@lists.example.org\n"
        "To unsubscribe send an email to family-leave@lists.example.org",
    ),
    (
        "en",
        "Google Groups",
        "-- \nYou received this message because you are subscribed to the Google Groups "
        '"Family" group.\nTo unsubscribe from this group and stop receiving emails from it, '
        "send an email to family+unsubscribe@googlegroups.com.",
    ),
    (
        "en",
        "Google Groups no dash",
        "You received this message because you are subscribed to the Google Groups "
        '"Family" group.\nTo unsubscribe from this group and stop receiving emails from it, '
        "send an email to family+unsubscribe@googlegroups.com.\nTo view this discussion "
        "visit https://groups.google.com/d/msgid/family/abc%40mail.gmail.com.",
    ),
    (
        "de",
        "Google Groups",
        "-- \nSie haben diese Nachricht erhalten, weil Sie Mitglied der Google Groups-Gruppe "
        '"Familie" sind.\nWenn Sie sich von dieser Gruppe abmelden und keine E-Mails mehr von '
        "dieser Gruppe erhalten möchten, senden Sie eine E-Mail an "
        "familie+unsubscribe@googlegroups.com.",
    ),
    (
        "fr",
        "Google Groups",
        "-- \nVous recevez ce message, car vous êtes abonné au groupe Google Groupes "
        '"Famille".\nPour vous désabonner de ce groupe et ne plus recevoir d\'e-mails le '
        "concernant, envoyez un e-mail à l'adresse famille+unsubscribe@googlegroups.com.",
    ),
    (
        "en",
        "groups.io",
        "-=-=-=-=-=-=-=-=-=-=-=-\nGroups.io Links: You receive all messages sent to this group.\n"
        "View/Reply Online (#12): https://groups.io/g/family/message/12\n"
        "Mute This Topic: https://groups.io/mt/1234/5678\n-=-=-=-=-=-=-=-=-=-=-=-",
    ),
    (
        "en",
        "Avast",
        "--\nThis email has been checked for viruses by Avast antivirus software.\nwww.avast.com",
    ),
    (
        "en",
        "corporate disclaimer",
        "________________________________\nCONFIDENTIALITY NOTICE: This e-mail and any "
        "attachments are for the exclusive use of the intended recipient.",
    ),
    (
        "de",
        "Mailman 2",
        "_______________________________________________\nFamilie Mailingliste\n"
        "Familie@listen.example.de\nhttps://listen.example.de/mailman/listinfo/familie",
    ),
    (
        "en",
        "Yahoo Groups",
        "------------------------------------\nYahoo Groups Links\n\n"
        "<*> To visit your group on the web, go to:\n"
        "    http://groups.yahoo.com/group/family/",
    ),
]

CASES = [
    Case("footers", language, f"{client}, no quote", "{typed}\n\n" + footer + "\n")
    for language, client, footer in FOOTERS
] + [
    Case(
        "footers",
        language,
        f"{client}, below quote",
        "{typed}\n\nOn Fri, Nov 27, 2026 at 8:00 PM Daybook <{addr}> wrote:\n\n{quote}\n\n"
        + footer
        + "\n",
    )
    for language, client, footer in FOOTERS
]
