"""Turn HTML into the plain text a reader sees: Daybook's one HTML-to-text converter.

Both wings that meet HTML use it: the mail wing for the HTML part of a
reply, and the transfer wing for dabble.me's HTML bodies. Blocks such as
paragraphs, headings and lists are a blank line apart; a <div>, <br> or
table row starts a new line, as a browser shows it; a list item reads
"- item".

For a reply, the caller also asks to leave out what the mail client quoted.
Mail clients mark the message being answered in their HTML: Gmail wraps it in
``div.gmail_quote``, Apple Mail and Thunderbird in ``blockquote type=cite``, Yahoo in
``div.yahoo_quoted``, and Outlook starts it at ``#appendonsend``, ``#divRplyFwdMsg`` or
``#OLK_SRC_BODY_SECTION``. Those marks are far more reliable than anything the plain text
still shows, so they are honoured here, before the text ever reaches the reply rules.

We only need text and line breaks, so a small tokenizer does: one regular expression
finds the next tag, and no pattern can look past the next "<". The standard library's
HTMLParser takes quadratic time on input such as "<a<a<a..." (seconds for 100 KB), which
any sender could post.
"""

import re
from html import unescape

# Ten times the longest entry, in markup; inline images (data: URIs) do not count.
MAX_HTML = 1_000_000

# A quoted subtree: skipped, and the text after it (an inline answer) is kept.
_QUOTE_CLASSES = frozenset(
    {"gmail_quote", "gmail_attr", "yahoo_quoted", "moz-cite-prefix", "zmail_extra"}
)

# Outlook does not nest the quoted message inside these markers: it follows them as
# siblings, so everything from the marker to the end of the document is quoted.
_QUOTE_START_IDS = frozenset(
    {
        "appendonsend",
        "divrplyfwdmsg",
        "olk_src_body_section",
        "mail-editor-reference-message-container",  # Outlook for iOS and Android
        "ms-outlook-mobile-signature",
    }
)

# Outlook for Windows starts the quoted message with a div whose top border is this rule.
_OUTLOOK_RULE = re.compile(r"border-top:\s*solid #(?:e1e1e1|b5c4df)", re.IGNORECASE)

_INVISIBLE = frozenset({"head", "style", "script", "title", "template"})
# Elements whose content is raw text: a "<" inside them is not a tag.
_RAW_TEXT = frozenset({"style", "script", "title", "textarea"})
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol", "blockquote"}
)
_LINES = frozenset({"div", "br", "tr", "hr", "dt", "dd", "section", "article"})
# Self-closing by nature: they never open a subtree to skip.
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base"})

# A tag, a comment's start, or a declaration; "[^<>]" keeps each try short.
_TOKEN = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>|<!--|<[!?][^<>]*>")
_ATTRIBUTE = re.compile(
    r"""(?<![\w-])(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE
)
_INLINE_DATA = re.compile(r"data:[^\"'\s<>]{1000,}")
_WHITESPACE = re.compile(r"\s+")


class _Text:
    """Collects the visible text of a document; for a reply, without its quoted subtrees."""

    def __init__(self, *, skip_quoted: bool) -> None:
        self.skip_quoted = skip_quoted
        self.chunks: list[str] = []
        self.skipping: str | None = None  # tag name of the subtree being skipped
        self.skip_depth = 0
        self.finished = False
        self.in_pre = 0
        self.quote_seen = False  # whether a client's quote container was found
        self.newlines = 2  # how many line breaks end the text so far (none yet: as after one)

    def start(self, tag: str, attributes: str, self_closing: bool) -> None:
        if self.skipping is not None:
            if tag == self.skipping and not self_closing:
                self.skip_depth += 1
            return
        if self.skip_quoted and self._starts_quote(tag, attributes, self_closing):
            return
        if tag in _INVISIBLE and not self_closing:
            self.skipping, self.skip_depth = tag, 1
            return
        if tag == "pre" and not self_closing:
            self.in_pre += 1
        if tag == "li":
            self._break("div")
            self.chunks.append("- ")
            self.newlines = 0
        else:
            self._break(tag)

    def _starts_quote(self, tag: str, attributes: str, self_closing: bool) -> bool:
        """Whether the mail client's quote starts here; if so, skip it (or all the rest)."""
        classes, ids = _classes_and_ids(attributes) if attributes else (set(), set())
        if ids & _QUOTE_START_IDS or (tag == "div" and _OUTLOOK_RULE.search(attributes)):
            self.finished = self.quote_seen = True
            return True
        if not self_closing and (tag == "blockquote" or classes & _QUOTE_CLASSES):
            self.skipping, self.skip_depth = tag, 1
            self.quote_seen = True
            return True
        return False

    def end(self, tag: str) -> None:
        if self.skipping is not None:
            if tag == self.skipping:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skipping = None
            return
        if tag == "pre" and self.in_pre:
            self.in_pre -= 1
        if tag != "li":  # the next item, or the list's end, breaks the line
            self._break(tag)

    def text(self, data: str) -> None:
        if self.skipping is not None or not data:
            return
        data = unescape(data)
        if not self.in_pre:
            # Outside <pre>, HTML shows any run of whitespace (and &nbsp;) as one space.
            data = _WHITESPACE.sub(" ", data)
            if data == " ":
                return  # between blocks it shows nothing; within a line, lines are stripped
        self.chunks.append(data)
        stripped = data.rstrip("\n")
        self.newlines = len(data) - len(stripped) + (self.newlines if not stripped else 0)

    def _break(self, tag: str) -> None:
        # A block starts on a new line, and consecutive blocks share their line breaks, as a
        # browser shows them; <br> ends a line, or makes an empty one below a line.
        if tag == "br":
            if self.newlines < 2:
                self.chunks.append("\n")
                self.newlines += 1
            return
        wanted = 2 if tag in _PARAGRAPHS else 1 if tag in _LINES else 0
        if self.newlines < wanted:
            self.chunks.append("\n" * (wanted - self.newlines))
            self.newlines = wanted


def _classes_and_ids(attributes: str) -> tuple[set[str], set[str]]:
    classes: set[str] = set()
    ids: set[str] = set()
    lower = attributes.lower()
    if "class" not in lower and "id" not in lower:
        return classes, ids
    for match in _ATTRIBUTE.finditer(attributes):
        value = next(group for group in match.groups()[1:] if group is not None)
        if match[1].lower() == "class":
            classes.update(value.split())
        else:
            ids.add(value.strip().lower())
    return classes, ids


def _read(html: str, reader: _Text) -> None:
    position = 0
    while not reader.finished:
        token = _TOKEN.search(html, position)
        if token is None:
            reader.text(html[position:])
            return
        reader.text(html[position : token.start()])
        position = token.end()
        if token[0] == "<!--":
            close = html.find("-->", position)
            if close < 0:
                return  # an unclosed comment hides the rest, as in a browser
            position = close + 3
        elif token[2] is not None:
            tag = token[2].lower()
            if token[1]:
                reader.end(tag)
                continue
            self_closing = tag in _VOID or token[3].endswith("/")
            reader.start(tag, token[3], self_closing)
            if tag in _RAW_TEXT and not self_closing:
                close = re.compile(rf"</{tag}\b", re.IGNORECASE).search(html, position)
                end = close.start() if close else len(html)
                if tag == "textarea":
                    reader.text(html[position:end])
                position = end


def html_to_text(html: str, *, skip_quoted: bool = False) -> str:
    """Return the text a reader sees in ``html``; with skip_quoted, without the quoted message."""
    return read_html(html, skip_quoted=skip_quoted)[0]


def read_html(html: str, *, skip_quoted: bool = True) -> tuple[str, bool]:
    """The text a reader sees in ``html`` without the quote, and whether a client marked one."""
    html = _INLINE_DATA.sub("data:", html)
    if len(html) > MAX_HTML:
        # Cut before a tag the bound would split, so no half of it shows as text.
        html = html[:MAX_HTML]
        if html.rfind("<") > html.rfind(">"):
            html = html[: html.rfind("<")]
    reader = _Text(skip_quoted=skip_quoted)
    _read(html, reader)
    lines = "".join(reader.chunks).split("\n")
    return "\n".join(line.strip() for line in lines), reader.quote_seen
