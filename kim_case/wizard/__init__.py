from . import kim_case_convert
from . import kim_consent_withdraw
from . import kim_consent_record
from . import kim_intake
from . import base_partner_merge
