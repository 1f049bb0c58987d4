"""Selections borrowed from another model's field."""


def selection_of(model_name, field_name):
    """The choices of another model's field, in the reader's language, as a callable for
    ``fields.Selection``: a wizard or an analysis offers exactly the values its source
    holds, named as the source names them."""

    def selection(model):
        return model.env[model_name]._fields[field_name]._description_selection(model.env)

    return selection
