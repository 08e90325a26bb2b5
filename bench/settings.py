"""The demo site's production settings, as benchmarked: the API's throttles are lifted, since
they would answer one load generator on one address with 429 after its first hundred requests."""

from statuskb.settings import *  # noqa: F403

CODES_ANON_THROTTLE_RATE = None
CODES_USER_THROTTLE_RATE = None
