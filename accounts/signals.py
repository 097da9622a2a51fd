"""What accounts tell the apps built on them.

Accounts are the foundation: they never import the apps that keep things
for a person. Those apps listen here instead, and connect their receivers
in their own AppConfig.ready().
"""

from django.dispatch import Signal

# Sent with user= inside the deletion's transaction, before the user row is
# deleted. Rows that reference the user go with it (cascading foreign keys);
# a receiver deletes whatever else of theirs would outlive them.
deleting_account = Signal()
