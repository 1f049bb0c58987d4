"""Runs one journey in headless Chromium and prints its result as JSON (one line):
{"result": what the journey returns, "problems": {screen: [problem, ...]}, "waits":
{screen: ms}} or {"error": ...}. A screen's wait is the longest the browser waited for the
server on the way to it since the previous screen: the longest stretch of calls under way
one after the other, such as one click's or one page load's (typing and clicking in
between end a stretch).

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
import time

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
    problems, errors, waits, calls = {}, [], {}, {}
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
                calls[page] = {}
                page.on("request", lambda request, page=page: _started(calls[page], request))
                page.on("requestfinished", lambda request, page=page: _ended(calls[page], request))
            first = next(iter(pages.values()))

            def look(screen, page=first):
                page.wait_for_timeout(200)
                found = screens.problems(page)
                if found:
                    problems[screen] = found
                done = [(start, end) for start, end in calls[page].values() if end]
                if done:
                    waits[screen] = round(1000 * _longest_wait(done))
                calls[page].clear()

            try:
                result = JOURNEYS[journey](pages, base_url, look, *args)
            except Exception as error:
                stopped = ", ".join(f"{role} at {page.url}" for role, page in pages.items())
                return {"error": f"stopped ({stopped}): {error}", "browser_errors": errors}
        finally:
            browser.close()
    return {"result": result, "problems": problems, "waits": waits, "browser_errors": errors}


def _started(calls, request):
    # The calls to the server that a screen waits for (not images, fonts or assets).
    if request.resource_type in ("fetch", "xhr", "document"):
        calls[request] = (time.monotonic(), None)


def _longest_wait(intervals, gap=0.05):
    """The longest stretch of seconds in which calls were under way one after the other
    (less than ``gap`` apart): what one click or one page load kept the user waiting."""
    longest, first, reach = 0.0, None, None
    for start, end in sorted(intervals):
        if reach is None or start > reach + gap:
            first, reach = start, end
        else:
            reach = max(reach, end)
        longest = max(longest, reach - first)
    return longest


def _ended(calls, request):
    if request in calls:
        calls[request] = (calls[request][0], time.monotonic())


if __name__ == "__main__":
    given = json.load(sys.stdin)
    print(json.dumps(main(*sys.argv[1:4], given["sessions"], given["args"])))
