#!/bin/sh
# The scheduled commands for a container deployment (compose.yaml `scheduler`): one loop, woken each minute.
# On plain servers use the systemd timers in site/deploy/systemd/ instead. Run exactly ONE scheduler per site.
# Times are China time (Asia/Shanghai). A command this release lacks is reported and skipped.
set -u
export TZ=Asia/Shanghai
daily() {
  if python manage.py help "$1" >/dev/null 2>&1; then
    python manage.py "$@" || echo "scheduler: $* failed" >&2
  else
    echo "scheduler: no command $1 in this release" >&2
  fi
}
last_day=""
while true; do
  python manage.py publish_scheduled || echo "scheduler: publish_scheduled failed" >&2   # every minute
  now=$((1$(date +%H%M) - 10000)) today=$(date +%F)
  if [ $((now % 5)) -eq 0 ]; then             # every 5 minutes: alerts and reminders (idempotent)
    daily send_alerts
  fi
  if [ "$now" -ge 230 ] && [ "$today" != "$last_day" ]; then   # once a day from 02:30 (or at start-up after it)
    daily erase_objection_personal_data      # PIPL: personal data of objections closed long enough ago
    daily clean_orphan_files --delete        # files no attachment names; moves cut short
    daily send_event_reminders               # reminders to people registered for an event
    last_day=$today
  fi
  sleep $((160 - 1$(date +%S)))              # until the next minute starts
done
