"""Rules about journal text that more than one part of Daybook follows.

Plain Python, no Django: the models, the mail wing and the transfer wing
all build on it, and it builds on nothing of theirs.
"""

# The line every prompt carries and the reply extractor cuts at: one
# constant, so what is sent and what is read back never drift apart.
REPLY_MARKER = "## Reply above this line ##"
