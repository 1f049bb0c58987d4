from . import kim_theme_step_wizard, kim_vignette_wizard
