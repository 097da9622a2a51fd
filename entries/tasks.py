"""Background work for the journal: the prompt dispatcher and prompt sending.

The worker's clock runs in UTC (HUEY["utc"]); each person's local time is
already folded into their next_prompt_at, so one tick every five minutes
serves every timezone.
"""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from entries import prompts

# Five tries over about half an hour (1, 2, 4 and 8 minutes apart) ride out
# a provider's short outage without sending a prompt the next morning.
SEND_RETRIES = 4
SEND_RETRY_DELAY = 60


@db_periodic_task(crontab(minute="*/5"))
def dispatch_prompts():
    """Claim everyone due now and queue their prompts; requeue any lost ones."""
    now = timezone.now()
    for prompt_id in prompts.stranded(now):
        send_prompt(prompt_id)
    for batch in prompts.claim_due(now):
        for prompt_id in batch:
            send_prompt(prompt_id)


@db_task(retries=SEND_RETRIES, retry_delay=SEND_RETRY_DELAY, retry_backoff=2, context=True)
def send_prompt(prompt_id, task=None):
    """Send one prompt, retrying on provider errors with growing delays."""
    prompts.deliver(prompt_id, final_attempt=task is None or task.retries == 0)
