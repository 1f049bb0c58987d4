"""Runs one journey in headless Chromium and prints its result as JSON (one line):
{"result": what the journey returns, "problems": {screen: [problem, ...]}} or {"error": ...}.

Called by test_journeys.py with the test server's address; runs in .venv-browser
(requirements-browser.txt). On standard input, as JSON: "sessions", the cookies that let
each user's browser in, by role (the first is the one whose screens ``look`` checks unless
told another page), and "args", the journey's own arguments.

    run_journey.py BASE_URL JOURNEY SIZE  (JOURNEY: case, referral or conference)
"""

import json
import os
import shutil
import sys

from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import journeys
import screens

SIZES = {
    "desk": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Each journey, from the users' pages (by role) and the journey's own arguments.
JOURNEYS = {
    "case": lambda pages, *args: journeys.new_case(pages["case_manager"], *args),
    "referral": lambda pages, *args: journeys.refer(pages["case_manager"], *args),
    "conference": lambda pages, *args: journeys.conference(
        pages["case_manager"], pages["coordinator"], *args
    ),
}


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def main(base_url, journey, size, sessions, args):
    chromium = chromium_path()
    problems, errors = {}, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            pages = {}
            for role, cookies in sessions.items():
                # A browser context each: every user has a session of their own.
                context = browser.new_context(locale="de-DE", **SIZES[size])
                context.add_cookies([{**cookie, "url": base_url} for cookie in cookies])
                pages[role] = page = context.new_page()
                page.set_default_timeout(20000)
                page.on("pageerror", lambda error: errors.append(str(error)))
            first = next(iter(pages.values()))

            def look(screen, page=first):
                page.wait_for_timeout(200)
                found = screens.problems(page)
                if found:
                    problems[screen] = found

            try:
                result = JOURNEYS[journey](pages, base_url, look, *args)
            except Exception as error:
                stopped = ", ".join(f"{role} at {page.url}" for role, page in pages.items())
                return {"error": f"stopped ({stopped}): {error}", "browser_errors": errors}
        finally:
            browser.close()
    return {"result": result, "problems": problems, "browser_errors": errors}


if __name__ == "__main__":
    given = json.load(sys.stdin)
    print(json.dumps(main(*sys.argv[1:4], given["sessions"], given["args"])))
