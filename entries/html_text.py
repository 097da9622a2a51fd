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

The standard library's parser is enough: we only need text and line breaks, not Markdown,
and it keeps Daybook free of a compiled HTML dependency.
"""

import re
from html.parser import HTMLParser

# A quoted subtree: skipped, and the text after it (an inline answer) is kept.
_QUOTE_CLASSES = frozenset({"gmail_quote", "gmail_attr", "yahoo_quoted", "moz-cite-prefix"})

# Outlook does not nest the quoted message inside these markers: it follows them as
# siblings, so everything from the marker to the end of the document is quoted.
_QUOTE_START_IDS = frozenset({"appendonsend", "divrplyfwdmsg", "olk_src_body_section"})

_INVISIBLE = frozenset({"head", "style", "script", "title", "template"})
_PARAGRAPHS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol", "blockquote"}
)
_LINES = frozenset({"div", "br", "tr", "hr", "dt", "dd", "section", "article"})
_WHITESPACE = re.compile(r"\s+")


class _Text(HTMLParser):
    def __init__(self, *, skip_quoted: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_quoted = skip_quoted
        self.chunks: list[str] = []
        self._skipping: str | None = None  # tag name of the subtree being skipped
        self._skip_depth = 0
        self._finished = False
        self._in_pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._finished:
            return
        if self._skipping is not None:
            if tag == self._skipping:
                self._skip_depth += 1
            return
        if self.skip_quoted and self._starts_quote(tag, dict(attrs)):
            return
        if tag in _INVISIBLE:
            self._skipping, self._skip_depth = tag, 1
            return
        if tag == "pre":
            self._in_pre += 1
        if tag == "li":
            self.chunks.append("\n- ")
        else:
            self._break(tag)

    def _starts_quote(self, tag: str, attrs: dict[str, str | None]) -> bool:
        """Whether the mail client's quote starts here; if so, skip it (or all the rest)."""
        if (attrs.get("id") or "").lower() in _QUOTE_START_IDS:
            self._finished = True
            return True
        classes = set((attrs.get("class") or "").split())
        if tag == "blockquote" or classes & _QUOTE_CLASSES:
            self._skipping, self._skip_depth = tag, 1
            return True
        return False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> and friends: a self-closed tag never opens a subtree to skip.
        if not self._finished and self._skipping is None:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._finished:
            return
        if self._skipping is not None:
            if tag == self._skipping:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skipping = None
            return
        if tag == "pre" and self._in_pre:
            self._in_pre -= 1
        if tag != "li":  # the next item, or the list's end, breaks the line
            self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._finished or self._skipping is not None:
            return
        if not self._in_pre:
            # Outside <pre>, HTML shows any run of whitespace (and &nbsp;) as one space.
            data = _WHITESPACE.sub(" ", data)
        self.chunks.append(data)

    def _break(self, tag: str) -> None:
        if tag in _PARAGRAPHS:
            self.chunks.append("\n\n")
        elif tag in _LINES:
            self.chunks.append("\n")


def html_to_text(html: str, *, skip_quoted: bool = False) -> str:
    """Return the text a reader sees in ``html``; with skip_quoted, without the quoted message."""
    parser = _Text(skip_quoted=skip_quoted)
    parser.feed(html)
    parser.close()
    lines = "".join(parser.chunks).split("\n")
    return "\n".join(line.strip() for line in lines)
