"""A browser's User-Agent header, in the words a person recognises: "Firefox on Windows".

Only the common browsers and systems are named; anything else is "a browser
on an unknown system", which is still true. The header is cut to 512
characters before any pattern sees it, and each pattern is a plain search
for a word, so no header can make this slow.
"""

import re

MAX_LENGTH = 512
# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = [
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/|\bOpera\b")),
    ("Firefox", re.compile(r"\bFirefox/|\bFxiOS/")),
    ("Chrome", re.compile(r"\bChrom(?:e|ium)/|\bCriOS/")),
    ("Safari", re.compile(r"\bSafari/")),
]
SYSTEMS = [
    ("Android", re.compile(r"\bAndroid\b")),
    ("iPhone", re.compile(r"\biPhone\b")),
    ("iPad", re.compile(r"\biPad\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
]


def describe(user_agent):
    """ "Firefox on Windows", "Safari on iPhone", or as much of it as can be told."""
    text = (user_agent or "")[:MAX_LENGTH]
    browser = next((name for name, pattern in BROWSERS if pattern.search(text)), "A browser")
    system = next((name for name, pattern in SYSTEMS if pattern.search(text)), None)
    return f"{browser} on {system}" if system else f"{browser} on an unknown system"
