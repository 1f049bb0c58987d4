from . import test_analysis, test_state_export
