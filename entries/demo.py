"""Believable journal entries, made up from a small bank of phrases.

A demo account and the speed bench both need years of entries that read
like a person's days: different lengths, paragraphs, the odd link, list
and *emphasis*, people and places that come back, and #tags for them.
The same seed always writes the same journal.
"""

import datetime as dt
import random

PEOPLE = ["Maya", "Tom", "Grandma", "Jonas", "Priya", "the kids", "Sam", "Ellie", "Dad", "Noor"]
PLACES = [
    "the park",
    "the market",
    "the office",
    "the river path",
    "the library",
    "Ana's café",
    "the allotment",
    "the station",
    "the beach",
    "the old bookshop",
]
ACTIVITIES = [
    "went for a long walk",
    "cooked a curry from scratch",
    "read three chapters of the novel",
    "fixed the bike's back brake",
    "planted the tomato seedlings",
    "cleared out the attic",
    "swam twenty lengths",
    "baked bread that actually rose",
    "painted the hallway",
    "practised the piano for an hour",
    "wrote letters I had put off for weeks",
    "ran the five-kilometre loop",
]
FEELINGS = [
    "tired but content",
    "restless",
    "unexpectedly calm",
    "grateful",
    "a bit low",
    "light, like something had lifted",
    "proud of myself",
    "scattered",
]
WEATHER = [
    "Rain all morning, then a clear, cold evening.",
    "Bright sun and a sharp wind.",
    "Grey and still; the kind of day that never quite wakes up.",
    "The first warm day in weeks.",
    "Fog until noon.",
    "Snow, briefly, and then slush.",
    "A thunderstorm after lunch cleared the air.",
]
OPENINGS = [
    "Today I {activity} with {person}.",
    "Spent the morning at {place}.",
    "{weather}",
    "Woke early and {activity}.",
    "Long day at {place}.",
    "{person} called in the afternoon.",
    "Quiet day.",
]
MIDDLES = [
    "We talked about {topic} for *much* longer than either of us meant to.",
    "I keep thinking about what {person} said about {topic}.",
    "On the way back from {place} I {activity}.",
    "Felt {feeling} by the evening.",
    "Small thing, but it made the day: {small}.",
    "Dinner was leftovers and a film nobody chose.",
    "I should write down more about {topic}; it matters more than I admit.",
    "Work was mostly emails and one good conversation about {topic}.",
    "{person} laughed so hard at the story about {place} that I had to stop twice.",
]
TOPICS = [
    "moving house",
    "the garden",
    "money",
    "the summer holiday",
    "getting older",
    "the new job",
    "friendship",
    "learning Spanish",
    "the book club",
    "sleep",
]
SMALL_THINGS = [
    "a robin on the fence",
    "the smell of fresh coffee",
    "a stranger holding the door",
    "finding my old notebook",
    "the last of the strawberries",
    "a letter from an old friend",
]
CLOSINGS = [
    "Tomorrow: {activity_plain}.",
    "Bed early tonight.",
    "Grateful for {person}. #gratitude",
    "Another good one with #{person_tag}.",
    "Note for the #garden: {small}.",
    "Note to self: **more days like this one**.",
    "Saved the recipe here: https://example.com/recipes/{number}",
    "Good day, on the whole.",
]


def _fill(template, rng):
    return template.format(
        person=rng.choice(PEOPLE),
        person_tag=rng.choice(PEOPLE[:5]).lower(),
        place=rng.choice(PLACES),
        activity=rng.choice(ACTIVITIES),
        activity_plain=rng.choice(ACTIVITIES).split(" ", 1)[1],
        feeling=rng.choice(FEELINGS),
        weather=rng.choice(WEATHER),
        topic=rng.choice(TOPICS),
        small=rng.choice(SMALL_THINGS),
        number=rng.randint(100, 999),
    )


def paragraph(rng):
    sentences = [_fill(rng.choice(OPENINGS), rng)]
    sentences += [_fill(middle, rng) for middle in rng.sample(MIDDLES, rng.randint(1, 4))]
    return " ".join(sentences)


def entry_text(rng):
    """One day's text: a line on a busy day, several paragraphs on a slow one."""
    paragraphs = [paragraph(rng) for _ in range(rng.choice([1, 1, 2, 2, 3, 4]))]
    if rng.random() < 0.1:
        chores = rng.sample(ACTIVITIES, 3)
        paragraphs.append("Still to do:\n\n" + "\n".join(f"- {chore}" for chore in chores))
    if rng.random() < 0.6:
        paragraphs.append(_fill(rng.choice(CLOSINGS), rng))
    return "\n\n".join(paragraphs)


def journal(last_day, days, *, seed=2026, skip=0.08):
    """(date, text) for `days` days ending on last_day, newest first.

    `skip` is the chance that a day has no entry; missed days come in runs,
    as they do in life (a holiday, a busy week).
    """
    rng = random.Random(seed)  # noqa: S311 - made-up text, nothing secret
    missing = 0
    for offset in range(days):
        date = last_day - dt.timedelta(days=offset)
        if missing:
            missing -= 1
            continue
        if rng.random() < skip:
            missing = rng.choice([0, 0, 1, 2, 6])
            continue
        yield date, entry_text(rng)
