"""What every screen of a journey must satisfy, checked in the browser: nothing wider than
the screen, and none of our own English source texts on it (each has a German text in
the addons' i18n/de.po). Odoo's own words are not ours: a term that Odoo itself also
ships is left to Odoo's translations."""

import functools
import glob
import os

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Odoo's own modules whose words appear on our screens.
ODOO_MODULES = ("base", "web", "mail", "calendar", "contacts", "portal", "auth_signup")

VISIBLE_TEXTS = """() => {
    const texts = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const text = walker.currentNode.textContent.replace(/\\s+/g, " ").trim();
        const element = walker.currentNode.parentElement;
        if (text && element && element.checkVisibility({ visibilityProperty: true })) {
            texts.add(text);
        }
    }
    for (const element of document.querySelectorAll("[placeholder], [title]")) {
        if (element.checkVisibility({ visibilityProperty: true })) {
            for (const name of ["placeholder", "title"]) {
                const text = (element.getAttribute(name) || "").trim();
                if (text) {
                    texts.add(text);
                }
            }
        }
    }
    return [...texts];
}"""

# The scrolling areas of the web client; none may be wider than the screen.
OVERFLOW = """(lists) => {
    const areas = [document.scrollingElement,
        ...document.querySelectorAll(".o_action_manager, .o_content, .modal-body"),
        ...(lists ? document.querySelectorAll(".o_list_renderer") : [])];
    return areas
        // A kanban board grouped by stage scrolls sideways from column to column by design.
        .filter((area) => area && area.checkVisibility())
        .filter((area) => !area.querySelector(".o_kanban_grouped"))
        .filter((area) => area.scrollWidth > area.clientWidth + 1)
        .map((area) => `${area.className || area.tagName}: ${area.scrollWidth} px`
            + ` in ${area.clientWidth} px`);
}"""


def _odoo_path():
    return os.environ.get("ODOO_PATH", "/opt/odoo19")


@functools.cache
def odoo_terms():
    terms = set()
    for module in ODOO_MODULES:
        pattern = os.path.join(_odoo_path(), "**", "addons", module, "i18n", f"{module}.pot")
        for path in glob.glob(pattern, recursive=True):
            terms.update(entry.msgid for entry in polib.pofile(path))
    return terms


@functools.cache
def our_english():
    """Our source texts whose German differs, that Odoo does not also ship."""
    english, german = set(), set()
    for path in glob.glob(os.path.join(ROOT, "kim_*", "i18n", "de.po")):
        for entry in polib.pofile(path):
            source = " ".join(entry.msgid.split())
            german.add(" ".join(entry.msgstr.split()))
            if entry.msgstr and entry.msgstr.strip() != entry.msgid.strip() and "%" not in source:
                english.add(source)
    # A source that is also one of our German texts ("Kind") is no proof of English.
    return english - german - odoo_terms()


def problems(page, lists=True):
    """What is wrong with the screen the page shows: overflowing areas, English texts.
    ``lists=False`` lets a list scroll sideways (on a phone that opens its cards)."""
    english = sorted(set(page.evaluate(VISIBLE_TEXTS)) & our_english())
    found = [f"wider than the screen: {area}" for area in page.evaluate(OVERFLOW, lists)]
    found += [f"English: {text!r}" for text in english]
    return found
