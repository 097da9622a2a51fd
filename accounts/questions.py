"""Which question a prompt asks: the person's own, or the usual one.

Someone keeps a list of questions, one a line, and picks how they are used:

- the same question every day (the first on the list);
- one per weekday: a line may start with a day's name ("Sunday: What went
  well this week?"), and days without a line of their own ask the first
  line that names no day;
- in order, one a prompt, starting again at the top when the list is used up;
- at random, without repeats until the list is used up.

The rotation needs no list of what was asked: a counter of questions asked so
far picks the turn, and the order of each round through the list is a
shuffle seeded by the person and the round, so it is the same every time it
is worked out and different in every round.
"""

import random

from accounts.schedule import WEEKDAYS

DEFAULT_QUESTION = "How was your day?"
# Bounds for a list typed into a form: enough for a question a day for two
# months, each as long as a question gets.
MAX_QUESTIONS = 60
MAX_QUESTION_CHARS = 200
MAX_TEXT_CHARS = MAX_QUESTIONS * (MAX_QUESTION_CHARS + 12)

SAME = "same"
WEEKDAY = "weekday"
IN_ORDER = "in_order"
RANDOM = "random"
ORDERS = [
    (SAME, "The same question every day"),
    (WEEKDAY, "One for each day of the week"),
    (IN_ORDER, "A different one each prompt, in order"),
    (RANDOM, "A different one each prompt, at random without repeats"),
]
_DAY_NAMES = {name.lower(): number for number, name in enumerate(WEEKDAYS)}


def parse(text):
    """The list as [(weekday or None, question)], blank lines left out.

    Raises ValueError with a sentence for its owner when the list is too long.
    """
    questions = []
    for line in (text or "")[:MAX_TEXT_CHARS].splitlines():
        day, question = _split_day(line.strip())
        if not question:
            continue
        if len(question) > MAX_QUESTION_CHARS:
            raise ValueError(f"Keep each question under {MAX_QUESTION_CHARS} characters.")
        questions.append((day, question))
    if len(questions) > MAX_QUESTIONS:
        raise ValueError(f"Keep the list to {MAX_QUESTIONS} questions.")
    return questions


def _split_day(line):
    name, colon, rest = line.partition(":")
    if colon and name.strip().lower() in _DAY_NAMES:
        return _DAY_NAMES[name.strip().lower()], rest.strip()
    return None, line


def question_for(text, order, day, turn, *, seed):
    """The question for a prompt on day, the turn-th the person is asked (from 0)."""
    try:
        questions = parse(text)
    except ValueError:  # saved before the bounds existed; the usual question is safe
        questions = []
    if not questions:
        return DEFAULT_QUESTION
    plain = [question for weekday, question in questions if weekday is None]
    if order == WEEKDAY:
        own = [question for weekday, question in questions if weekday == day.weekday()]
        return (own or plain or [DEFAULT_QUESTION])[0]
    lines = [question for _, question in questions]
    if order == IN_ORDER:
        return lines[turn % len(lines)]
    if order == RANDOM:
        rounds, place = divmod(turn, len(lines))
        shuffled = list(lines)
        random.Random(f"{seed}:{rounds}").shuffle(shuffled)  # noqa: S311 - not security
        return shuffled[place]
    return lines[0]
