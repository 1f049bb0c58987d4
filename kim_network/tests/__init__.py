from . import test_actors
from . import test_directory
from . import test_referral
