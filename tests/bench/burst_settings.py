"""Production settings for the submission burst benchmark only: the CAPTCHA accepts the test answer
("PASSED"), so a script can file objections. Never deploy with this module."""

from config.settings.production import *  # noqa: F403

CAPTCHA_TEST_MODE = True
