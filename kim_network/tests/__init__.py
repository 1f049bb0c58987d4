from . import test_actors
