"""Settings for the submission benchmark: the normal settings with the flood limits lifted.

All benchmark clients share one address (127.0.0.1); the limits that protect a real site from
floods would otherwise stop the run after a few answers.
"""

from kuulluksi.settings import *  # noqa: F403

ERAATI_SUBMIT_RATE_SOFT = 10**9
ERAATI_SUBMIT_RATE_HARD = 10**9
