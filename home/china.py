"""China time. The measures count days and deadlines in Beijing time (Asia/Shanghai) whatever zone the server
runs in: every app reads the zone from here."""

from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
