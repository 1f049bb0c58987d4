"""Who sees which case: the one source of every KIM record rule.

A case manager sees the cases of their provider that they manage or substitute for; a
coordinator sees every case of their municipalities, districts included, whichever
provider works it (003 §7.7, §8). Everything hanging on a case (contacts, goals, consents,
the client and their household) is visible exactly when one of its cases is.

The domains are built once per user and request from plain ids, so that PostgreSQL sees
literal lists it can estimate: a coordinator's district is resolved to the ids of its towns
beforehand instead of a ``child_of`` join on ``parent_path`` in every query.
"""

NOTHING = [(0, "=", 1)]
EVERYTHING = [(1, "=", 1)]


def workers(case):
    """Who works a case: its case manager and its substitutes (kim.case.kim_worker_ids)."""
    return [user for user in (case["user_id"], *case["substitute_ids"]) if user]


def own_cases(user_id, company_ids):
    """The cases a case manager works (see workers): their own and those they substitute
    for, of the providers they are working for. Asked as one condition, which the
    database answers from the user's few hundred cases; "manager or substitute" as an
    ``or`` of two conditions made it scan every open case of the provider."""
    return [("company_id", "in", list(company_ids)), ("kim_worker_ids", "in", [user_id])]


def municipality_cases(municipality_ids):
    """The cases of a coordinator's municipalities; ``municipality_ids`` must already hold
    every town of a district they name."""
    if not municipality_ids:
        return list(NOTHING)
    return [("municipality_id", "in", sorted(municipality_ids))]


def case_workers(case, companies_of):
    """The users who see a case's persons: its case manager and substitutes, each as long
    as they work for the case's provider (``companies_of``: user id -> provider ids).
    Stored per person (kim_access_user_ids), so that the case managers' rule on persons
    is one index lookup, not a walk through the person's cases."""
    return sorted({u for u in workers(case) if case["company_id"] in companies_of(u)})


def visible_persons(user_id, municipality_ids, *, case_manager, coordinator):
    """The clients and household members the user's roles see, on res.partner: through
    one of the cases that show them (its workers, see case_workers), or, for coordinators,
    through the municipalities of those cases. Both are tables of their own, so that a
    search tests each person with one index lookup instead of collecting every case of a
    case manager or a city."""
    parts = []
    if case_manager:
        parts.append([("kim_access_user_ids", "in", [user_id])])
    if coordinator and municipality_ids:
        parts.append([("kim_access_municipality_ids", "in", sorted(municipality_ids))])
    if not parts:
        return list(NOTHING)
    return any_of(*parts)


def any_of(*domains):
    """The disjunction of domains in prefix notation."""
    if not domains:
        return list(NOTHING)
    result = list(domains[-1])
    for domain in reversed(domains[:-1]):
        result = ["|", *_grouped(domain), *_grouped(result)]
    return result


def _grouped(domain):
    """A domain as one operand: several conditions are and-ed explicitly."""
    terms = list(domain)
    if len(terms) <= 1:
        return terms or list(EVERYTHING)
    count = _top_level_terms(terms)
    return ["&"] * (count - 1) + terms


def _top_level_terms(domain):
    """How many operands the implicit conjunction of a prefix domain has."""
    count, pending = 0, 0
    for term in domain:
        if pending == 0:
            count += 1
            pending = 1
        if term in ("&", "|"):
            pending += 1
        elif term != "!":
            pending -= 1
    return count
