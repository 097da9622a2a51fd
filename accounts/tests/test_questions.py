import datetime as dt

import pytest

from accounts import questions

MONDAY = dt.date(2026, 11, 23)
SUNDAY = dt.date(2026, 11, 29)
LIST = "What did I learn today?\nThree good things\nWho did I talk to?"


def test_without_a_list_the_usual_question():
    """Someone who never wrote a question is asked how their day was."""
    assert questions.question_for("", questions.SAME, MONDAY, 0, seed=1) == "How was your day?"


def test_the_same_question_every_day():
    """With "the same every day", the first line is asked on every prompt."""
    asked = {
        questions.question_for(LIST, questions.SAME, MONDAY, turn, seed=1) for turn in range(5)
    }
    assert asked == {"What did I learn today?"}


def test_in_order_goes_round_the_list():
    """In order, each prompt asks the next line, and the list starts again when used up."""
    asked = [questions.question_for(LIST, questions.IN_ORDER, MONDAY, t, seed=1) for t in range(4)]
    assert asked == [
        "What did I learn today?",
        "Three good things",
        "Who did I talk to?",
        "What did I learn today?",
    ]


def test_random_never_repeats_until_the_list_is_used_up():
    """At random, every round through the list asks each question once, in a new order."""
    lines = "\n".join(f"Question {n}?" for n in range(10))
    rounds = [
        [
            questions.question_for(lines, questions.RANDOM, MONDAY, r * 10 + t, seed=7)
            for t in range(10)
        ]
        for r in range(3)
    ]
    for asked in rounds:
        assert sorted(asked) == sorted(lines.splitlines())
    assert rounds[0] != rounds[1] or rounds[1] != rounds[2]


def test_one_per_weekday_with_a_sunday_review():
    """A line naming a day is asked that day; other days ask the first line naming none."""
    text = "How was your day?\nSunday: What went well this week?"
    assert questions.question_for(text, questions.WEEKDAY, SUNDAY, 0, seed=1) == (
        "What went well this week?"
    )
    assert questions.question_for(text, questions.WEEKDAY, MONDAY, 0, seed=1) == "How was your day?"
    only_sunday = "sunday : Review the week"
    assert questions.question_for(only_sunday, questions.WEEKDAY, MONDAY, 0, seed=1) == (
        "How was your day?"
    )


def test_a_list_too_long_is_refused_with_a_reason():
    """More questions, or longer ones, than the bounds allow get a sentence saying so."""
    with pytest.raises(ValueError, match="60 questions"):
        questions.parse("\n".join(f"Q{n}" for n in range(61)))
    with pytest.raises(ValueError, match="200 characters"):
        questions.parse("x" * 201)


def test_a_stored_list_beyond_the_bounds_asks_the_usual_question():
    """A list that breaks the bounds (saved another way) never breaks the prompt."""
    assert questions.question_for("x" * 201, questions.SAME, MONDAY, 0, seed=1) == (
        "How was your day?"
    )


def test_a_day_with_no_question_after_it_is_left_out():
    """ "Sunday:" alone on a line asks nothing, so it is not a question."""
    assert questions.parse("Sunday:\nHow was it?") == [(None, "How was it?")]
