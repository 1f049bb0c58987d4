from odoo import models
from odoo.exceptions import AccessError


class IrActionsActWindow(models.Model):
    """The groups of a window action bind wherever the action is loaded.

    Odoo 19 honours them only where it lists actions (the action menu of a view), while
    ``/web/action/load``, which the web client calls for a menu, for ``/odoo/action-…`` and
    for a path such as ``/odoo/users``, loads any action for any user. So the platform's
    screens for user administration, which ``security/kim_platform_screens.xml`` gives to the
    administrators of the database, stay theirs when their address is typed in."""

    _inherit = "ir.actions.act_window"

    def _get_action_dict(self):
        self._kim_check_groups()
        return super()._get_action_dict()

    def _kim_check_groups(self):
        # The web client loads actions in superuser mode: env.user is still the real user.
        user = self.env.user
        if user._is_superuser():
            return
        user_groups = set(user._get_group_ids())
        for action in self.sudo():
            if action.group_ids and not user_groups & set(action.group_ids.ids):
                raise AccessError(
                    self.env._(
                        "“%s” is reserved for the administrators of the database. Provider "
                        "administrators manage their staff under KIM › Configuration › Staff.",
                        action.name,
                    )
                )
