def post_init_hook(env):
    """The password policy starts after the installation, so that demo users with their
    short demo password can be created; every password set from now on must comply."""
    params = env["ir.config_parameter"].sudo()
    params.set_param("kim_case.password_policy", "1")
    minlength = int(params.get_param("auth_password_policy.minlength", 0) or 0)
    if minlength < 12:
        params.set_param("auth_password_policy.minlength", "12")
