"""Plain-Python domain rules of KIM, free of Odoo imports and tested without a database."""
