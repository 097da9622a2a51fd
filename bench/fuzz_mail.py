"""A corpus of hostile email, to show that no message is lost, stuck or slow.

Every message is addressed to a real reply address (`token@domain`) and
claims to be from a verified sender, so it goes all the way through the
pipeline rather than stopping at "unknown recipient". The kinds are what
mail from the wild and from attackers does to a parser:

random bytes, truncation, bad charsets and encodings, NUL bytes, huge and
folded headers, encoded-word floods, deep nesting, thousands of parts,
over-long Message-IDs, and reply text built to make the extractor's rules
slow ("On " repeated, long "wrote:" lines, Gmail date lines, one huge
paragraph, tens of thousands of lines, deeply nested HTML).

The corpus is deterministic for a seed. bench/fuzz_harness.py runs it;
this module can also write it to a folder to look at:

    .venv/bin/python bench/fuzz_mail.py --count 3000 --seed 9 --out var/fuzz/corpus
"""

import argparse
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "reply.fuzz.example"
SENDER_DOMAIN = "fuzz.example"
# The mail server whose Authentication-Results the harness trusts (INBOUND_AUTHSERV_IDS).
AUTHSERV_ID = "mx.fuzz.example"


@dataclass(frozen=True)
class Target:
    """Who a message is for and from: a prompt's token, and its owner's verified address."""

    token: str
    sender: str
    prompt_message_id: str


@dataclass(frozen=True)
class Sample:
    number: int
    kind: str
    raw: bytes
    recipient: str  # the envelope recipient, as a mail server or provider gives it

    @property
    def name(self) -> str:
        return f"{self.number:05d}-{self.kind}"


def reply(
    target: Target,
    body: bytes | str = "A quiet day. Soup, then a long walk.",
    *,
    number: int = 0,
    headers: list[tuple[str, str | bytes]] | None = None,
    content_type: str = "text/plain; charset=utf-8",
    encoding: str = "8bit",
    message_id: str | None = None,
    from_: str | bytes | None = None,
) -> bytes:
    """A plain reply to the target's prompt, with any part of it replaced."""
    lines: list[bytes] = []

    def add(name: str, value: str | bytes) -> None:
        value = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
        lines.append(name.encode() + b": " + value)

    add("From", from_ if from_ is not None else f"Fuzz <{target.sender}>")
    add("To", f"{target.token}@{DOMAIN}")
    add("Subject", "Re: How was your day?")
    add("Date", "Fri, 27 Nov 2026 21:00:00 +0100")
    add("Message-ID", message_id if message_id is not None else f"<fuzz-{number}@{SENDER_DOMAIN}>")
    add("In-Reply-To", target.prompt_message_id)
    add(
        "Authentication-Results",
        f"{AUTHSERV_ID}; dmarc=pass header.from={SENDER_DOMAIN}; spf=pass; dkim=pass",
    )
    add("MIME-Version", "1.0")
    for name, value in headers or []:
        add(name, value)
    if content_type:
        add("Content-Type", content_type)
    if encoding:
        add("Content-Transfer-Encoding", encoding)
    body = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else body
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def quoted_prompt(target: Target) -> str:
    return (
        f"\n\nOn Fri, Nov 27, 2026 at 8:00 PM Daybook <{target.token}@{DOMAIN}> wrote:\n"
        "> ## Reply above this line ##\n> How was your day?\n"
    )


# The kinds. Each takes a random source, a target and a number and returns bytes.


def random_bytes(rng, target, n):
    return rng.randbytes(rng.choice([0, 1, 10, 200, 5_000, 60_000]))


def headers_then_random_bytes(rng, target, n):
    return reply(target, rng.randbytes(rng.randint(1, 50_000)), number=n, encoding="")


def truncated(rng, target, n):
    whole = multipart_alternative(rng, target, n)
    return whole[: rng.randint(0, len(whole))]


def bad_charset(rng, target, n):
    charset = rng.choice(
        [
            "undefined",
            "x-unknown",
            "utf-7",
            "unicode-1-1-utf-7",
            "cp65001",
            "iso-2022-jp-3",
            "utf-16",
            "utf-32",
            "",
            '"',
            "a" * 300,
            "utf-8\x00",
            "../../etc/passwd",
        ]
    )
    body = rng.choice(
        [b"plain ascii", "caf\u00e9 \u2603 \U0001f600".encode(), rng.randbytes(300), b"+AGEAYgBj-"]
    )
    word = f"=?{charset}?q?caf=E9?="
    return reply(
        target,
        body,
        number=n,
        content_type=f"text/plain; charset={charset}",
        headers=[("Subject", f"Re: {word} {word}")],
        from_=f"{word} <{target.sender}>",
    )


def bad_encoding(rng, target, n):
    encoding, body = rng.choice(
        [
            ("base64", b"!!!! not base64 at all ====" * 20),
            ("base64", b"SGVsbG8gd29ybGQ"),  # missing padding
            ("quoted-printable", b"=ZZ=\r\n=E9=\r\n=" * 50),
            ("8bit", "caf\u00e9".encode("latin-1") * 100),
            ("x-uuencode", b"begin 644 x\n#86)C\n`\nend\n"),
            ("binary", rng.randbytes(2_000)),
            ("7bit", bytes(range(256)) * 4),
            ("base64\x00", b"aGk="),
        ]
    )
    return reply(target, body, number=n, encoding=encoding)


def nul_bytes(rng, target, n):
    where = rng.choice(["body", "from", "subject", "message-id", "all"])
    body = "Day\x00with\x00NULs." if where in ("body", "all") else "Clean."
    from_ = f"Fu\x00zz <{target.sender}>" if where in ("from", "all") else None
    message_id = f"<nul\x00{n}@fuzz.example>" if where in ("message-id", "all") else None
    subject = [("Subject", "Re:\x00 day")] if where in ("subject", "all") else []
    return reply(target, body, number=n, from_=from_, message_id=message_id, headers=subject)


def huge_header(rng, target, n):
    size = rng.choice([1_000, 10_000, 100_000, 1_000_000])
    which = rng.choice(["Subject", "Message-ID", "X-Long", "References", "many"])
    if which == "Message-ID":
        return reply(target, number=n, message_id=f"<{'m' * size}@fuzz.example>")
    if which == "many":
        return reply(
            target, number=n, headers=[("Received", f"from h{i}") for i in range(size // 50)]
        )
    if which == "References":
        refs = " ".join(f"<r{i}@x>" for i in range(size // 8))
        return reply(target, number=n, headers=[("References", refs)])
    return reply(target, number=n, headers=[(which, "x" * size)])


def folded_header(rng, target, n):
    folds = rng.choice([100, 5_000, 50_000])
    value = "\r\n ".join(f"w{i}" for i in range(folds))
    name = rng.choice(["Subject", "From", "To", "Content-Type"])
    if name == "From":
        return reply(target, number=n, from_=f"{value} <{target.sender}>")
    if name == "Content-Type":
        return reply(target, number=n, content_type=f"text/plain;\r\n {value}")
    return reply(target, number=n, headers=[(name, value)])


def encoded_word_flood(rng, target, n):
    count = rng.choice([1_000, 10_000, 40_000, 100_000])
    word = rng.choice(["=?utf-8?q?a?=", "=?utf-8?b?YQ==?=", "=?x-unknown?q?a?=", "=?utf-8?q?=E9?="])
    flood = " ".join([word] * count)
    where = rng.choice(["From", "Subject", "To"])
    if where == "From":
        return reply(target, number=n, from_=f"{flood} <{target.sender}>")
    return reply(target, number=n, headers=[(where, flood)])


def deep_nesting(rng, target, n):
    depth = rng.choice([50, 200, 1_000, 3_000])
    parts = []
    for level in range(depth):
        parts.append(
            f"Content-Type: multipart/mixed; boundary=b{level}\r\n\r\n--b{level}\r\n".encode()
        )
    inner = b"Content-Type: text/plain\r\n\r\nDeep down.\r\n"
    closing = b"".join(f"\r\n--b{level}--\r\n".encode() for level in reversed(range(depth)))
    body = b"".join(parts[1:]) + inner + closing
    return reply(target, body, number=n, content_type="multipart/mixed; boundary=b0", encoding="")


def many_parts(rng, target, n):
    count = rng.choice([500, 3_000, 10_000])
    kind = rng.choice(["text/plain", "application/octet-stream", "text/html"])
    part = f"--B\r\nContent-Type: {kind}\r\n\r\npart\r\n".encode()
    body = part * count + b"--B--\r\n"
    return reply(target, body, number=n, content_type="multipart/mixed; boundary=B", encoding="")


def multipart_alternative(rng, target, n):
    text = "Met Ana for lunch.\n\nLong walk after." + quoted_prompt(target)
    html = "<p>Met Ana for lunch.</p><p>Long walk after.</p><blockquote>prompt</blockquote>"
    body = (
        f"--A\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
        f"--A\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--A--\r\n"
    )
    return reply(target, body, number=n, content_type="multipart/alternative; boundary=A")


def pathological_reply(rng, target, n):
    size = rng.choice([3_000, 6_000, 24_000, 90_000])
    shape = rng.choice(["on", "wrote", "gmail", "paragraph", "lines", "html", "quotes", "from"])
    if shape == "on":
        text = "On " * (size // 3)
    elif shape == "wrote":
        text = "\n".join(["On " + "x, " * (size // 30) + " wrote:"] * 10)
    elif shape == "gmail":
        text = "\n".join(["2016-03-03 17:21 GMT+01:00 Name <a@b.c>:" + " x" * 50] * (size // 90))
    elif shape == "paragraph":
        text = ("word " * (size // 5)).strip()
    elif shape == "lines":
        text = "\n".join(f"line {i}" for i in range(size // 2))
    elif shape == "quotes":
        text = "\n".join(">" * (i % 50) + " quoted" for i in range(size // 30))
    elif shape == "from":
        text = "\n".join(["From: someone", "Sent: today", "To: you"] * (size // 30))
    else:
        depth = size // 5
        html = "<div>" * depth + "Deep." + "</div>" * depth
        return reply(target, html, number=n, content_type="text/html; charset=utf-8")
    return reply(target, text + quoted_prompt(target), number=n)


def no_message_id(rng, target, n):
    # Sent again and again: a duplicate must still be a duplicate.
    return reply(target, "The same reply, no Message-ID.", number=n, message_id="")


def mangled(rng, target, n):
    """A good message with a few of its bytes changed."""
    data = bytearray(multipart_alternative(rng, target, n))
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.choice([0, 10, 13, 32, 58, 61, 63, 0xFF, 0xC3])
    return bytes(data)


def valid(rng, target, n):
    return multipart_alternative(rng, target, n)


KINDS: dict[str, tuple[Callable, int]] = {
    # name: (builder, weight)
    "valid": (valid, 4),
    "random-bytes": (random_bytes, 6),
    "headers-then-random-bytes": (headers_then_random_bytes, 6),
    "truncated": (truncated, 8),
    "bad-charset": (bad_charset, 10),
    "bad-encoding": (bad_encoding, 8),
    "nul-bytes": (nul_bytes, 8),
    "huge-header": (huge_header, 6),
    "folded-header": (folded_header, 5),
    "encoded-word-flood": (encoded_word_flood, 4),
    "deep-nesting": (deep_nesting, 5),
    "many-parts": (many_parts, 4),
    "pathological-reply": (pathological_reply, 10),
    "no-message-id": (no_message_id, 3),
    "mangled": (mangled, 10),
}


def corpus(targets: list[Target], count: int, seed: int = 9) -> Iterator[Sample]:
    """`count` hostile messages, the same ones for the same seed and targets."""
    rng = random.Random(seed)
    names = list(KINDS)
    weights = [KINDS[name][1] for name in names]
    for number in range(count):
        kind = rng.choices(names, weights)[0]
        target = rng.choice(targets)
        raw = KINDS[kind][0](rng, target, number)
        yield Sample(number, kind, raw, f"{target.token}@{DOMAIN}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--out", type=Path, default=Path("var/fuzz/corpus"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    target = Target("a" * 26, f"fuzz0@{SENDER_DOMAIN}", "<prompt-0@daybook.fuzz>")
    for sample in corpus([target], args.count, args.seed):
        (args.out / f"{sample.name}.eml").write_bytes(sample.raw)
    print(f"wrote {args.count} messages to {args.out}")


if __name__ == "__main__":
    main()
