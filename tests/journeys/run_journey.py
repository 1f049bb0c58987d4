"""Runs one journey in headless Chromium and prints its result as JSON (one line):
{"reference": the case's reference, "problems": {screen: [problem, ...]}} or {"error": ...}.

Called by test_journeys.py with the test server's address and the cookies that let the
browser in; runs in .venv-browser (requirements-browser.txt).

    run_journey.py BASE_URL SIZE LAST_NAME  (cookies as JSON on standard input)
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


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def main(base_url, size, last_name, cookies):
    chromium = chromium_path()
    problems, errors = {}, []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            context = browser.new_context(locale="de-DE", **SIZES[size])
            context.add_cookies([{**cookie, "url": base_url} for cookie in cookies])
            page = context.new_page()
            page.set_default_timeout(20000)
            page.on("pageerror", lambda error: errors.append(str(error)))

            def look(screen):
                page.wait_for_timeout(200)
                found = screens.problems(page)
                if found:
                    problems[screen] = found

            try:
                reference = journeys.new_case(page, base_url, look, "Lina", last_name)
            except Exception as error:
                return {"error": f"stopped at {page.url}: {error}", "browser_errors": errors}
        finally:
            browser.close()
    return {"reference": reference, "problems": problems, "browser_errors": errors}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4], json.load(sys.stdin))))
