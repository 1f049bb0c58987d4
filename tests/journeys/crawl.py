"""Opens every KIM menu of a user in every view mode of its action, and the first record's
form with each of its tabs, and reports each screen that is wider than the screen, shows
English text of ours (screens.problems) or raised an error in the browser. For a running
server, e.g. the demo of ``make run``:

    .venv-browser/bin/python tests/journeys/crawl.py http://127.0.0.1:8069 LOGIN PASSWORD phone

(or ``desk`` instead of ``phone``).

Prints one line per problem and, last, how many screens it looked at.
"""

import os
import sys

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import journeys
import run_journey
import screens

WAIT = ".o_action_manager .o_view_controller, .o_action_manager .o_action, .modal .o_form_view"


def kim_menus(page, base_url):
    menus = page.request.get(f"{base_url}/web/webclient/load_menus").json()
    root = next(m for m in menus.values() if isinstance(m, dict) and m.get("name") == "KIM")
    found, todo = [], list(root["children"])
    while todo:
        menu = menus[str(todo.pop(0))]
        if menu.get("actionID"):
            found.append((menu["name"], menu["actionID"], menu.get("actionModel")))
        todo[:0] = menu["children"]
    return found


def open_first_record(page):
    """Opens the first record shown, if there is one to open: sample records of an empty
    view, editable lists and views without a form open none. True when a form opened."""
    if page.locator(".o_view_sample_data").count():
        return False
    record = page.locator(".o_data_row .o_data_cell:visible, .o_kanban_record:visible").first
    if not record.count():
        return False
    record.click()
    try:
        page.locator(".o_form_view").first.wait_for(timeout=4000)
    except PlaywrightError:
        return False
    page.wait_for_timeout(600)
    return True


def look_at_tabs(page, screen):
    """The problems of each further tab of the open form (its lists load when it opens)."""
    problems, seen = [], 0
    tabs = page.locator(".o_form_view .o_notebook .nav-link")
    for index in range(1, tabs.count()):
        tab = tabs.nth(index)
        name = tab.inner_text().strip()
        try:
            tab.click()
            page.wait_for_timeout(600)
        except PlaywrightError as error:
            problems.append(f"{screen} › {name}: does not open ({str(error).splitlines()[0]})")
            continue
        seen += 1
        problems += [f"{screen} › {name}: {p}" for p in screens.problems(page)]
    return problems, seen


def look_at_action(page, base_url, size, name, action_id):
    """The problems of each view mode of one action, and how many screens it showed."""
    action = page.request.post(
        f"{base_url}/web/action/load", data={"params": {"action_id": action_id}}
    ).json()["result"]
    modes = [mode for mode in action["view_mode"].split(",") if mode != "form"] or ["form"]
    # A phone opens the cards where there are any (else the first view); a list the user
    # switches to may scroll within itself.
    first = "kanban" if "kanban" in modes else modes[0]
    problems, seen = [], 0
    for mode in modes:
        screen = f"{name} ({mode})"
        lists = not (size == "phone" and mode == "list" and first != "list")
        try:
            page.goto(f"{base_url}/odoo/action-{action_id}?view_type={mode}")
            page.locator(WAIT).first.wait_for()
            page.wait_for_timeout(600)
            seen += 1
            problems += [f"{screen}: {p}" for p in screens.problems(page, lists)]
            if mode in ("list", "kanban") and open_first_record(page):
                seen += 1
                problems += [f"{screen} › Formular: {p}" for p in screens.problems(page)]
                found, count = look_at_tabs(page, f"{screen} › Formular")
                problems += found
                seen += count
        except PlaywrightError as error:
            problems.append(f"{screen}: does not open ({str(error).splitlines()[0]})")
    return problems, seen


def crawl(base_url, login, password, size):
    problems, seen = [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=run_journey.chromium_path(), args=run_journey.FLAGS
        )
        page = browser.new_context(locale="de-DE", **run_journey.SIZES[size]).new_page()
        page.set_default_timeout(15000)
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error).splitlines()[0]))
        journeys.login(page, base_url, login, password)
        for name, action_id, action_model in kim_menus(page, base_url):
            if action_model == "ir.actions.act_window":
                found, count = look_at_action(page, base_url, size, name, action_id)
                problems += found + [f"{name}: browser error: {error}" for error in errors]
                errors.clear()
                seen += count
        browser.close()
    return problems, seen


if __name__ == "__main__":
    base, login_name, secret = sys.argv[1:4]
    found, seen = crawl(base, login_name, secret, sys.argv[4] if len(sys.argv) > 4 else "phone")
    print("\n".join(found))
    print(f"{seen} screens, {len(found)} problems")
