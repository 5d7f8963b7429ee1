"""Email alerts without an account: subscriptions (double opt-in, one-click unsubscribe, choices changed
from a link), what is sent (new notices, a daily digest, 公示 openings, application deadline reminders)
and the send log that keeps every message to one per address and thing.

`models` (the two tables), `tokens` (signed links), `matching` (who wants a notice), `sending` (building and
delivering messages), `views`, `forms`, `signals` (a published notice starts a background task)."""
