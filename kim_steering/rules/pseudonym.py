"""The pseudonymous case key of the state export: a keyed hash (HMAC-SHA-256) of the case's
database id with a secret that only the installation knows. The same case gets the same
key in every export (the Land can follow a case over the years), and without the secret
nobody can get from the key back to the case or test a guessed id against it."""

import hashlib
import hmac
import secrets

KEY_LENGTH = 20  # hexadecimal digits shown: 80 bits, no collision among millions of cases
SECRET_BYTES = 32


def new_secret():
    return secrets.token_hex(SECRET_BYTES)


def case_key(secret, case_id):
    if not secret or len(secret) < 2 * SECRET_BYTES:
        raise ValueError("the export secret is missing or too short")
    digest = hmac.new(secret.encode(), f"kim.case:{int(case_id)}".encode(), hashlib.sha256)
    return digest.hexdigest()[:KEY_LENGTH]
