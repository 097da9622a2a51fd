"""How Daybook's browser tests and screenshots start Chromium.

Debian's build, from /usr/bin (nothing is downloaded), headless, and with
everything that would reach for the network switched off: this machine has
no network, and a test must not depend on one.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
