"""KIM data-protection benchmark, run by `make benchmark` inside `odoo shell`.

Measures, in the demo database and inside a transaction that is rolled back at the end:
1. the withdrawal of a client with 200 contacts, 50 attachments and 500 messages;
2. the retention run over 10,000 closed cases.
Prints the durations; nothing is kept.
"""

import time
from datetime import date, timedelta

env = env  # noqa: F821 - provided by odoo shell
CONTACTS, ATTACHMENTS, MESSAGES, CASES = 200, 50, 500, 10_000


def timed(label, func, limit):
    env.flush_all()
    start = time.perf_counter()
    func()
    env.flush_all()
    took = time.perf_counter() - start
    verdict = "ok" if took < limit else "TOO SLOW"
    print(f"{label}: {took:.2f} s (target < {limit:.0f} s) {verdict}", flush=True)
    return took


def setup():
    company = env.ref("base.main_company")
    municipality = env.ref("kim_case.municipality_oberhausen")
    user = env.ref("kim_case.user_kim_cm_stadt")
    return company, municipality, user


def withdrawal(company, municipality, user):
    client = env["res.partner"].create(
        {"name": "Benchmark Person", "kim_is_client": True, "kim_birthdate": date(1980, 4, 2)}
    )
    case = env["kim.case"].create(
        {
            "partner_id": client.id,
            "company_id": company.id,
            "municipality_id": municipality.id,
            "user_id": user.id,
        }
    )
    env["kim.case.contact"].create(
        [
            {"case_id": case.id, "duration": 30, "note": f"Gespräch {i}", "date": date.today()}
            for i in range(CONTACTS)
        ]
    )
    env["ir.attachment"].create(
        [
            {
                "name": f"Dokument {i}.pdf",
                "res_model": "kim.case",
                "res_id": case.id,
                "raw": b"%PDF-1.4 " + bytes(20_000),
            }
            for i in range(ATTACHMENTS)
        ]
    )
    for i in range(MESSAGES):
        case.message_post(body=f"Notiz {i} zur Benchmark Person", message_type="comment")
    wizard = env["kim.consent.record"].create(
        {"case_id": case.id, "processing": True, "category_ids": []}
    )
    wizard.action_record()
    consent = case.consent_ids
    env.flush_all()
    print(
        f"prepared: 1 client, {len(case.contact_ids)} contacts, {ATTACHMENTS} attachments, "
        f"{len(case.message_ids)} messages",
        flush=True,
    )
    timed("withdrawal", lambda: consent._withdraw(date.today()), 5)
    left = env["mail.message"].search_count([("model", "=", "kim.case"), ("res_id", "=", case.id)])
    files = env["ir.attachment"].search_count(
        [("res_model", "=", "kim.case"), ("res_id", "=", case.id)]
    )
    notes = len(case.contact_ids.filtered("note"))
    print(
        f"after withdrawal: client named {client.name!r}, {left} message(s), {files} "
        f"attachment(s), {notes} notes with text",
        flush=True,
    )


def retention(company, municipality, user):
    closed = date.today() - timedelta(days=3 * 365)
    partners = env["res.partner"].create(
        [
            {"name": f"Aufbewahrung {i}", "kim_is_client": True, "kim_birthdate": date(1970, 1, 1)}
            for i in range(CASES)
        ]
    )
    cases = env["kim.case"].create(
        [
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "municipality_id": municipality.id,
                "user_id": user.id,
                "date_open": closed - timedelta(days=200),
                "state": "closed",
                "date_closed": closed,
                "closing_reason": "goals_reached",
                "motto_goal": "Ein Ziel",
            }
            for partner in partners
        ]
    )
    env["kim.case.contact"].create(
        [{"case_id": case.id, "duration": 30, "note": "Notiz"} for case in cases]
    )
    cases._message_log_batch(bodies=dict.fromkeys(cases.ids, "Notiz"))
    env.flush_all()
    print(f"prepared: {len(cases)} closed cases with a contact and a message each", flush=True)
    due = env["kim.case"]._kim_retention_due()
    print(f"due for anonymisation: {len(due)}", flush=True)
    timed("retention run", lambda: env["kim.case"]._cron_retention(), 600)


company, municipality, user = setup()
try:
    withdrawal(company, municipality, user)
    retention(company, municipality, user)
finally:
    env.cr.rollback()
    print("rolled back: the demo database is unchanged")
