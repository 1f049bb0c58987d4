from . import test_meetings
