"""Plain-Python rules of KIM conferences, free of Odoo imports and tested without a database."""
