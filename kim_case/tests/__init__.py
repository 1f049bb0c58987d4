from . import test_access_matrix
from . import test_municipality
from . import test_demo_logins
from . import test_case_access
from . import test_case_process
from . import test_case_bad_input
