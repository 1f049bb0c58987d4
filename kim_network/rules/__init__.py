"""Plain-Python rules of the KIM network, free of Odoo imports and tested without a database."""
