"""Journal text as HTML: the stored text is plain, and read as Markdown.

markdown-it-py parses it as CommonMark, with two journal rules added: bare
web addresses become links, and `#words` become tags. Raw HTML in an entry
is never HTML (markdown-it escapes it, so it shows as typed), and whatever
markdown-it produces goes through nh3, an allow-list sanitizer, before any
of it reaches a page or an email. Nothing in Daybook renders entry text
any other way.

Bare links are found with one regular expression rather than linkify-it-py:
that library looks at every word with many rules, and a page of thirty
entries spent more time there than in everything else together.
"""

import re
import unicodedata

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

# Longer entries are refused by the forms long before this; the bound keeps
# the parser's time bounded for anything that arrives by another road.
MAX_CHARS = 200_000

LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\ue000\ue001]+", re.IGNORECASE)
# Punctuation that ends a sentence is not part of the address before it.
TRAILING = ".,;:!?'\")]"
# A tag starts at a # that does not follow a letter, an & (an entity), a /
# (a path) or another #; what follows is cut to the characters a tag may have.
TAG_START = re.compile(r"(?<![\w&/#])#(?=[^\s#])")
TAG_MAX = 64
LINK_OR_TAG = re.compile(f"{LINK.pattern}|{TAG_START.pattern}", re.IGNORECASE)
# Entry headings sit under the page's own h1-h3: "# Title" becomes an h4.
HEADING_SHIFT = 3

# Search passages mark matches with these private-use characters; they are
# turned into <mark> only after rendering, and sanitized again after that.
START, STOP = "\ue000", "\ue001"

# What Markdown makes of an entry, and nothing else: no images, no tables,
# no attributes but a link's address, a tag link's class and a list's start.
ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
ALLOWED_TAGS |= {"h4", "h5", "h6", "hr", "mark"}
CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes={"a": {"href"}, "ol": {"start"}},
    allowed_classes={"a": {"tag"}},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener",
)


def _tag_char(character):
    return character.isalnum() or character in "-_" or unicodedata.category(character)[0] == "M"


def tag_at(text, start):
    """The tag whose # is at text[start], as (name as written, end), or None."""
    end = start + 1
    while end < len(text) and end - start <= TAG_MAX + 1 and _tag_char(text[end]):
        end += 1
    name = text[start + 1 : end].rstrip("-_")
    too_long = end - start - 1 > TAG_MAX
    # "#1" and "#2026" are numbers, not tags; a tag has at least one letter.
    if too_long or not any(character.isalpha() for character in name):
        return None
    return name, start + 1 + len(name)


def normal_tag(name):
    """One tag however it is capitalised or composed: #Maya and #maya are the same."""
    return unicodedata.normalize("NFC", name).lower()


def _pieces(text):
    """Split text into ("text", s), ("link", address) and ("tag", name) pieces."""
    pieces, position, search_from = [], 0, 0
    while match := LINK_OR_TAG.search(text, search_from):
        if match[0].startswith("#"):
            found = tag_at(text, match.start())
            if found is None:
                search_from = match.end()
                continue
            kind, value, end = "tag", found[0], found[1]
        else:
            value = match[0].rstrip(TRAILING)
            if value.count("(") > value.count(")") and match[0][len(value) :].startswith(")"):
                value += ")"  # a Wikipedia-style address ending in a bracket
            kind, end = "link", match.start() + len(value)
        pieces += [("text", text[position : match.start()]), (kind, value)]
        position = search_from = end
    pieces.append(("text", text[position:]))
    return [piece for piece in pieces if piece[1]]


def _inline_tokens(pieces, tag_urls, found):
    tokens = []
    for kind, value in pieces:
        if kind == "text":
            tokens.append(_text(value))
        elif kind == "link":
            href = value if "://" in value else f"https://{value}"
            tokens += [_open({"href": href}), _text(value), Token("link_close", "a", -1)]
        else:
            name = normal_tag(value)
            found.add(name)
            url = tag_urls.get(name) if tag_urls else None
            if url:
                tokens += [_open({"href": url, "class": "tag"}), _text(f"#{value}")]
                tokens.append(Token("link_close", "a", -1))
            else:
                tokens.append(_text(f"#{value}"))
    return tokens


def _text(content):
    return Token("text", "", 0, content=content)


def _open(attrs):
    return Token("link_open", "a", 1, attrs=attrs)


def _journal_rules(state):
    """Bare links and #tags in text: never inside a link or code (those are other tokens)."""
    tag_urls = state.env.get("tag_urls")
    found = state.env.setdefault("tags", set())
    for block in state.tokens:
        if block.type in ("heading_open", "heading_close"):
            block.tag = f"h{min(int(block.tag[1]) + HEADING_SHIFT, 6)}"
        if block.type != "inline" or not block.children:
            continue
        children, inside_link = [], 0
        for token in block.children:
            inside_link += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type == "text" and not inside_link:
                children += _inline_tokens(_pieces(token.content), tag_urls, found)
            else:
                children.append(token)
        block.children = children


class JournalMarkdown(MarkdownIt):
    def normalizeLink(self, url):
        # A search match inside an address is not part of the address.
        return super().normalizeLink(url.replace(START, "").replace(STOP, ""))


MARKDOWN = JournalMarkdown("commonmark", {"html": False, "breaks": True}).disable("image")
# Before text_join, so an escaped \#word or an entity &#35;word stays text, not a tag.
MARKDOWN.core.ruler.before("text_join", "journal", _journal_rules)


def _bounded(text):
    return (text or "")[:MAX_CHARS]


def render(text, tag_urls=None):
    """Entry text as safe HTML. Tags named in tag_urls ({name: url}) become links."""
    html = MARKDOWN.render(_bounded(text), {"tag_urls": tag_urls})
    return mark_safe(CLEANER.clean(html).strip())  # noqa: S308 - sanitized by nh3 just now


def render_passage(text, tag_urls=None):
    """A passage (one line, perhaps cut mid-sentence) as safe HTML, START/STOP as <mark>."""
    html = MARKDOWN.renderInline(_bounded(text), {"tag_urls": tag_urls})
    html = html.replace(START, "<mark>").replace(STOP, "</mark>")
    # Sanitizing after the marks are in also mends any they split across tags.
    return mark_safe(CLEANER.clean(html))  # noqa: S308 - sanitized by nh3 just now


def tags_in(text):
    """The tags an entry's text carries: {normalised name}, as the pages show them."""
    env = {}
    MARKDOWN.parse(_bounded(text), env)
    return env.get("tags", set())


def closed_blocks(text):
    """The text, with a closing fence added if it leaves a fenced code block open.

    For Markdown exports: each day's text is followed by the next day's
    heading, which an open fence would swallow as code. The parser is asked
    whether a heading after the text would still be a heading.
    """
    tokens = MARKDOWN.parse(f"{_bounded(text)}\n\n# end\n")
    if tokens[-1].type == "heading_close" or tokens[-1].type != "fence":
        return text
    return f"{text}\n{tokens[-1].markup}"


def first_words(text, count):
    """The text up to its count-th word, keeping its lines and paragraphs, … if cut."""
    for number, match in enumerate(re.finditer(r"\S+", _bounded(text)), start=1):
        if number == count:
            rest = text[match.end() :]
            return text[: match.end()] + (" …" if rest.strip() else "")
    return text
