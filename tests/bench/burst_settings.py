"""Production settings for the submission burst benchmark only: the CAPTCHA accepts the test answer
("PASSED"), so a script can file objections. Never deploy with this module."""

from config.settings.production import *  # noqa: F403

CAPTCHA_TEST_MODE = True
# The bench talks plain HTTP to 127.0.0.1: cookies must not be Secure-only, or the client never sends the
# CSRF cookie back.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
