from odoo import api, models, tools


class KimNameCacheMixin(models.AbstractModel):
    """Reference data whose names every screen shows: life domains, topics, stages,
    municipalities, postal codes. A case form shows a dozen of them, each from another
    table, and would otherwise read each table once per request only to show names.

    The names of the whole table (a few hundred rows at most, changed by administrators
    now and then) are kept per language in the registry's cache instead. Creating,
    changing, translating or deleting an entry clears that cache, in every worker through
    the registry's signalling. The cache serves only users who may read every entry
    (access right, no read rule); anyone else reads names under their rules.
    """

    _name = "kim.name.cache.mixin"
    _description = "Reference data with cached names"

    @api.depends_context("lang")
    @api.depends()
    def _compute_display_name(self):
        if not self._kim_names_public():
            # Rules or access rights decide what this user may read: names as the record
            # shows them to this user, checked like any field.
            for record in self:
                record.display_name = record[self._rec_name] or ""
            return
        names = self._kim_cached_names()
        for record in self:
            name = names.get(record.id) if record.id else None
            if name is None:
                # A new record (a form being filled in): its name as typed.
                name = record[self._rec_name] or ""
            record.display_name = name

    def _kim_names_public(self):
        """Whether the user may read every entry, so that the names of all may be shown
        to them: the superuser, or a user with read access and no read rule (both answers
        come from the registry's cache). A catalogue that gets a rule, per company or per
        user, is read under it again."""
        return self.env.su or (
            self.env["ir.model.access"].check(self._name, "read", raise_exception=False)
            and not self.env["ir.rule"]._compute_domain(self._name, "read")
        )

    @tools.ormcache("self.env.lang")
    def _kim_cached_names(self):
        """{id: name} of every entry, archived ones included, in the user's language."""
        records = self.sudo().with_context(active_test=False).search_fetch([], [self._rec_name])
        return tools.frozendict((record.id, record[self._rec_name] or "") for record in records)

    def _kim_names_changed(self):
        self.env.registry.clear_cache()
        self.invalidate_model(["display_name"])

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self._kim_names_changed()
        return records

    def write(self, vals):
        result = super().write(vals)
        self._kim_names_changed()
        return result

    def unlink(self):
        result = super().unlink()
        self._kim_names_changed()
        return result

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=""):
        result = super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
        self._kim_names_changed()
        return result
