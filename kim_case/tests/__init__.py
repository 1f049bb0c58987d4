from . import test_access_matrix
from . import test_municipality
from . import test_demo_logins
