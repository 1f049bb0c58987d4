"""A case manager's journey through a new case, as the browser does it: intake, checklist,
consent, first contact, goal, closing. Written against Playwright's page, so that it runs
at any screen size; ``look`` is called on every screen the user sees."""

import re

NOTE = "Erstes Gespräch: Wohnungssuche und Anmeldung besprochen"  # test_journeys.NOTE
GOAL = "Eine eigene Wohnung finden"


def field(scope, name):
    return scope.locator(f".o_field_widget[name='{name}']").first


def choose(page, scope, name, label):
    """Picks ``label`` in the drop-down of a selection field."""
    field(scope, name).click()
    item = page.locator(".o_select_menu_item", has_text=label).first
    item.wait_for()
    # On a phone the choices rise as a bottom sheet: let it settle.
    page.wait_for_timeout(400)
    item.click()


def header_button(page, name):
    """A button of the form's header; on a phone the header folds them into a menu."""
    button = page.locator(f".o_form_statusbar button[name='{name}']").first
    if not button.is_visible():
        page.locator(
            ".o_statusbar_buttons .dropdown-toggle, .o_form_statusbar .o-dropdown"
        ).first.click()
        button = page.locator(
            f".o-dropdown--menu button[name='{name}'], .dropdown-menu button[name='{name}']"
        ).first
        button.wait_for()
        # The menu rises as a bottom sheet: let it settle.
        page.wait_for_timeout(400)
    return button


def open_tab(page, name):
    page.locator(f".o_notebook .nav-link[name='{name}']").first.click()


def save(page):
    page.locator(".o_form_button_save").first.click()
    page.locator(".o_form_saved").first.wait_for()


def wait_dialog_closed(page):
    page.locator(".modal").first.wait_for(state="detached")


def new_case(page, base_url, look, first_name, last_name):
    """Intake to closing. Returns the case's reference."""
    page.goto(f"{base_url}/odoo/action-kim_case.kim_case_action_my")
    page.locator(".o_kanban_view, .o_list_view").first.wait_for()
    look("Meine Fälle")

    # Neue*r Klient*in: the German intake.
    page.goto(f"{base_url}/odoo/action-kim_case.kim_intake_action")
    dialog = page.locator(".modal .o_form_view").first
    dialog.wait_for()
    field(dialog, "first_name").locator("input").fill(first_name)
    field(dialog, "last_name").locator("input").fill(last_name)
    birthdate = field(dialog, "birthdate").locator("input")
    birthdate.fill("03.05.1988")
    birthdate.press("Enter")
    dialog.locator(".o_selection_badge:has-text('weiblich')").click()
    field(dialog, "case_type").locator("label:has-text('Kurzberatung')").click()
    look("Neue*r Klient*in")
    page.locator(".modal-footer button[name='action_file']").click()
    page.locator(".o_form_view .o_form_statusbar").first.wait_for()
    page.locator(".o_form_view .o_field_widget[name='name']:has-text('KIM-')").first.wait_for()
    reference = field(page, "name").inner_text().strip()
    look("Neuer Fall")

    # Checklist: the conclusion of the first conversation (Fazit).
    open_tab(page, "access")
    field(page, "locally_responsible").locator("input").check()
    field(page, "willing_to_cooperate").locator("input").check()
    choose(page, page, "conclusion", "Beratung aufgenommen")
    look("Checkliste")
    save(page)

    # Consent: the signed declaration.
    open_tab(page, "data_protection")
    page.locator("button.o_kim_record_declaration").first.click()
    dialog = page.locator(".modal .o_form_view").first
    dialog.wait_for()
    field(dialog, "processing").locator("input").check()
    field(dialog, "info_sheet_handed").locator("input").check()
    look("Einwilligung erfassen")
    page.locator(".modal-footer button[name='action_record']").click()
    wait_dialog_closed(page)
    look("Datenschutz")

    # First contact: one dialog, the note first, a topic chip, save.
    header_button(page, "action_record_contact").click()
    dialog = page.locator(".modal .o_form_view").first
    dialog.wait_for()
    field(dialog, "note").locator("textarea").fill(NOTE)
    dialog.locator(".o_kim_chip:has-text('Wohnen')").click()
    look("Kontakt erfassen")
    page.locator(".modal .o_form_button_save").click()
    wait_dialog_closed(page)

    # A goal.
    header_button(page, "action_agree_goal").click()
    dialog = page.locator(".modal .o_form_view").first
    dialog.wait_for()
    field(dialog, "name").locator("input").fill(GOAL)
    dialog.locator(".o_selection_badge:has-text('Wohnen')").first.click()
    look("Ziel vereinbaren")
    page.locator(".modal .o_form_button_save").click()
    wait_dialog_closed(page)
    open_tab(page, "contacts")
    page.locator(f".o_field_widget[name='contact_ids'] :text('{NOTE[:20]}')").first.wait_for()
    look("Kontakte")

    # Closing.
    open_tab(page, "closing")
    choose(page, page, "closing_reason", "Ziele erreicht")
    save(page)
    look("Abschluss")
    header_button(page, "action_close").click()
    page.locator(".modal .modal-footer .btn-primary").click()
    page.locator(".o_form_view .ribbon:has-text('Abgeschlossen')").first.wait_for()
    look("Abgeschlossen")
    return reference


def login(page, base_url, login_name, password):
    page.goto(f"{base_url}/web/login")
    page.fill("input[name='login']", login_name)
    page.fill("input[name='password']", password)
    page.click("button[type='submit']")
    page.wait_for_url(re.compile(r".*/odoo.*"))
