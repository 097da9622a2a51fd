"""gunicorn's configuration on Heroku (and anywhere $PORT is set)."""

import os

bind = [f"[::]:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", 2))
# Threads let a worker answer other requests while one waits on the database.
worker_class = "gthread"
threads = 4
# Heroku's router gives up after 30 s; answer or fail before it does.
timeout = 20
# Heroku's router is the only client; trust its X-Forwarded-* headers.
forwarded_allow_ips = "*"
accesslog = "-"
# The default access log format includes the query string; ours must not
# (search terms are journal text).
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
