def migrate(cr, version):
    """The contacts' name gets a trigram index instead of the platform's ordered one
    (res_partner.py): dropped here, the update creates it anew under the same name."""
    cr.execute("DROP INDEX IF EXISTS res_partner__complete_name_index")
