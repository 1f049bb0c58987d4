"""The record rules were loaded as "noupdate" before 19.0.1.1.0; from now on an update
of the addon brings their fixes."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data
           SET noupdate = FALSE
         WHERE module = 'kim_case' AND model = 'ir.rule'
        """
    )
