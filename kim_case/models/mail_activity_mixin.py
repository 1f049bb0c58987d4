from odoo import models


class MailActivityMixin(models.AbstractModel):
    _inherit = "mail.activity.mixin"

    def _kim_activity_derived(self):
        """Names of the fields the mixin derives from a record's activities alone (state,
        next type, summary, icon, deadline, responsible, exception), computed once per
        registry class."""
        cls = type(self)
        names = cls.__dict__.get("_kim_activity_derived_cache")
        if names is None:
            mixin = self.env["mail.activity.mixin"]._fields
            depends = self.pool.field_depends
            names = cls._kim_activity_derived_cache = frozenset(
                name
                for name in mixin
                if (field := self._fields.get(name)) is not None
                and field.compute
                and not field.store
                and (paths := depends[field])
                and all(path.startswith("activity_ids.") for path in paths)
            )
        return names

    def _compute_field_value(self, field):
        # A list or a kanban column computes these fields for every record it shows, one
        # record at a time, and most records have no activity: their values are empty. They
        # are set at once for the records without activities as the computation sees them
        # (as the user, or as superuser for related fields); the platform computes the rest.
        derived = self._kim_activity_derived()
        group = self.pool.field_computed.get(field, (field,))
        if (
            len(self) < 2
            or any(f.name not in derived for f in group)
            or not all(isinstance(id_, int) for id_ in self._ids)
        ):
            return super()._compute_field_value(field)
        # Which records have activities is asked of the cache, where the first of these
        # fields loaded the activities of all of them.
        activity_ids = self._fields["activity_ids"]
        if any(id_ not in activity_ids._get_cache(self.env) for id_ in self._ids):
            self.fetch(["activity_ids"])
        activities = activity_ids._get_cache(self.env)
        idle = self.browse(id_ for id_ in self._ids if not activities.get(id_))
        for computed in group:
            idle[computed.name] = False
        busy = self - idle
        if busy:
            return super(MailActivityMixin, busy)._compute_field_value(field)
        return None
