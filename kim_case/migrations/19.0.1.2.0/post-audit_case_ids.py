"""From 19.0.1.2.0 an audit entry may cover many cases (``case_ids``); the entries
written before were about one case each (``case_id``): they cover that case."""


def migrate(cr, version):
    cr.execute(
        """
        INSERT INTO kim_audit_log_case_rel (log_id, case_id)
             SELECT id, case_id
               FROM kim_audit_log
              WHERE case_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
