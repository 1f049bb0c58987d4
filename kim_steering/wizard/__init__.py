from . import kim_state_export
