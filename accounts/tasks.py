"""Background work for accounts, run by huey's worker.

What happens after someone deletes their account runs here, after the
deletion has committed: the request that deleted it answers at once, and a
mail provider's outage cannot turn a finished deletion into an error page.
"""

from huey.contrib.djhuey import db_task

from project import emails


@db_task(retries=3, retry_delay=60)
def send_account_deleted(email):
    """Confirm the deletion; it takes the address, as the user row is already gone."""
    emails.send_account_deleted(email)
