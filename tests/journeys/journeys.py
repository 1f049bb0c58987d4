"""The journeys of KIM's users, as the browser does them: a case manager through a new case
(intake, checklist, consent, first contact, goal, closing), a referral of a client to a
service of the network, and a case conference from its request to its follow-up, with the
coordination in between. Written against Playwright's page, so that they run at any screen
size; ``look`` is called on every screen a user sees."""

import datetime
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

NOTE = "Erstes Gespräch: Wohnungssuche und Anmeldung besprochen"  # test_journeys.NOTE
GOAL = "Eine eigene Wohnung finden"


def field(scope, name):
    return scope.locator(f".o_field_widget[name='{name}']").first


# How long one attempt of a step may take before it is tried again: on a machine busy with
# other tests, a click can land while the web client is still rendering and be lost.
ATTEMPT_MS = 8000


def again(step, attempts=3):
    """Runs ``step`` until it succeeds, at most ``attempts`` times: a step is a whole user
    action (open, pick, check), so repeating it is what the user would do."""
    for attempt in range(attempts):
        try:
            return step()
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def choose(page, scope, name, label):
    """Picks ``label`` in the drop-down of a selection field."""
    widget = field(scope, name)

    def pick():
        if not page.locator(".o_select_menu_item").first.is_visible():
            widget.click()
        item = page.locator(".o_select_menu_item", has_text=label).first
        item.wait_for(timeout=ATTEMPT_MS)
        # On a phone the choices rise as a bottom sheet: let it settle.
        page.wait_for_timeout(400)
        item.click(timeout=ATTEMPT_MS)
        # The choices close once the pick is taken; if they stay, the click was lost.
        item.wait_for(state="hidden", timeout=ATTEMPT_MS)

    again(pick)


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


def stat_button(page, name):
    """A button of the form's button box; the box shows a few and folds the others into a
    menu (on a phone, all of them)."""
    button = page.locator(f".o-form-buttonbox button[name='{name}']").first
    if not button.is_visible():
        page.locator(".o-form-buttonbox .o_button_more").first.click()
        button = page.locator(f".o-dropdown--menu button[name='{name}']").first
        button.wait_for()
        page.wait_for_timeout(400)
    return button


def many2one(page, scope, name, text, pick=None):
    """Types ``text`` into a many2one field and picks the suggestion that shows ``pick``
    (a text or a pattern; else ``text``); on a phone the field opens a search dialog of
    its own, with cards, instead."""
    pick = pick or text
    entry = field(scope, name).locator("input")
    entry.click()
    if entry.get_attribute("readonly") is None:
        entry.fill(text)
        page.locator(".o-autocomplete--dropdown-item", has_text=pick).first.click()
        return
    dialog = page.locator(".modal .o_select_create_dialog_content").last
    dialog.wait_for()
    search_records(page, text, scope=dialog)
    dialog.locator(
        ".o_kanban_record:not(.o_kanban_ghost), .o_data_row", has_text=pick
    ).first.click()
    dialog.wait_for(state="detached")


def search_records(page, text, option=None, scope=None):
    """Searches the view (of the page, or of a dialog: ``scope``) for ``text``, in the field
    the suggestion ``option`` names (else the first); on a phone the search field opens
    from its button."""
    scope = scope or page
    entry = scope.locator(".o_searchview_input").first
    facet = scope.locator(".o_searchview_facet", has_text=text).first

    def search():
        if not entry.is_visible():
            scope.locator(".o_control_panel button:has(.fa-search)").first.click()
        entry.fill(text)
        # The suggestions show once the search model has taken the text; only then does
        # a choice or Enter apply to it.
        suggestion = page.locator(
            ".o_searchview_autocomplete .o-dropdown-item", has_text=option or text
        )
        suggestion.first.wait_for(timeout=ATTEMPT_MS)
        if option:
            suggestion.first.click(timeout=ATTEMPT_MS)
        else:
            entry.press("Enter")
        facet.wait_for(timeout=ATTEMPT_MS)

    again(search)


def choose_filter(page, label):
    """Sets a filter of the search view's menu."""
    if not page.locator(".o_searchview_input").first.is_visible():
        page.locator(".o_control_panel button:has(.fa-search)").first.click()
    page.locator(".o_searchview_dropdown_toggler").first.click()
    page.locator(".o_filter_menu .o_menu_item", has_text=label).first.click()
    page.locator(".o_searchview_facet", has_text=label).first.wait_for()
    page.keyboard.press("Escape")


def open_record(page, text):
    """Opens the card or row that shows ``text``."""
    page.locator(".o_kanban_record:not(.o_kanban_ghost), .o_data_row", has_text=text).first.click()
    page.locator(".o_form_view").first.wait_for()


def add_line(page, name):
    """Adds a line to a one2many field: a row to edit in a list, or a dialog (a phone shows
    such a field as cards). Returns where the line's fields are."""
    page.locator(
        f".o_field_widget[name='{name}'] .o_field_x2many_list_row_add a, "
        f".o_field_widget[name='{name}'] .o-kanban-button-new"
    ).first.click()
    line = page.locator(
        f".modal .o_form_view, .o_field_widget[name='{name}'] .o_selected_row"
    ).first
    line.wait_for()
    return line


def save_line(page):
    """Closes the dialog of a new line, if a dialog it was."""
    if page.locator(".modal .o_form_view").count():
        page.locator(".modal-footer .o_form_button_save").first.click()
        wait_dialog_closed(page)


def wait_state(page, state):
    page.locator(f".o_statusbar_status [aria-current='step'][data-value='{state}']").first.wait_for(
        state="attached"
    )


def record_id(page):
    """The id of the record the form shows, from the address."""
    return int(re.search(r"/(\d+)(?:[?#].*)?$", page.url).group(1))


def back(page):
    """One step back along the breadcrumbs."""
    page.locator(".o_back_button:visible").first.click()


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
    page.locator(f".o_kim_lazy_list[name='contact_ids'] :text('{NOTE[:20]}')").first.wait_for()
    page.locator(".o_kim_lazy_list[name='contact_ids'] .o_kim_lazy_list_add").wait_for()
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
    # A closed case takes nothing new, in its tabs either: it is reopened first.
    open_tab(page, "contacts")
    page.locator(f".o_kim_lazy_list[name='contact_ids'] :text('{NOTE[:20]}')").first.wait_for()
    if page.locator(".o_kim_lazy_list_add").count():
        raise AssertionError("a closed case offers to add records in its tabs")
    return reference


def open_case(page, base_url, client):
    """Meine Fälle, searched for the client, and their case."""
    page.goto(f"{base_url}/odoo/action-kim_case.kim_case_action_my")
    page.locator(".o_kanban_view, .o_list_view").first.wait_for()
    search_records(page, client, "Klient*in")
    open_record(page, client)
    page.locator(".o_form_view .o_form_statusbar").first.wait_for()


def refer(page, base_url, look, client, postal_code, topic, service, texts):
    """A case manager looks up the services for the client's postal code and topic, refers
    the client from their case to one of them, passing data on (covered by the client's
    release from confidentiality), and records the service's answer and the outcome.
    ``texts``: the referral's reason, data, feedback and outcome. Returns its id."""
    page.goto(f"{base_url}/odoo/action-kim_network.kim_service_action")
    page.locator(".o_kanban_view, .o_list_view").first.wait_for()
    search_records(page, postal_code, "Postleitzahl")
    search_records(page, topic, "Themen")
    page.locator(".o_kanban_record, .o_data_row", has_text=service).first.wait_for()
    look("Dienste-Verzeichnis")
    open_record(page, service)
    look("Dienst")

    open_case(page, base_url, client)
    stat_button(page, "action_kim_routing").click()
    dialog = page.locator(".modal .o_form_view").first
    dialog.wait_for()
    look("Wer ist zuständig?")
    suggestion = dialog.locator(".o_data_row, .o_kanban_record", has_text=service).first
    suggestion.locator("button[name='action_refer']").click()
    field(page, "reason").wait_for()
    field(page, "reason").locator("textarea").fill(texts["reason"])
    field(page, "with_data").locator("input").check()
    field(page, "data_shared").locator("textarea").fill(texts["data"])
    look("Klient*in vermitteln")
    save(page)
    referral_id = record_id(page)
    look("Vermittlung angefragt")

    # The service answers: accepted, and later the outcome.
    header_button(page, "action_accept").click()
    wait_state(page, "accepted")
    field(page, "feedback").locator("textarea").fill(texts["feedback"])
    save(page)
    look("Vermittlung angenommen")
    field(page, "outcome").locator("textarea").fill(texts["outcome"])
    save(page)
    header_button(page, "action_done").click()
    wait_state(page, "done")
    look("Vermittlung abgeschlossen")

    # The case lists it.
    back(page)
    page.locator(".o_form_view .o-form-buttonbox").first.wait_for()
    stat_button(page, "action_kim_referrals").click()
    page.locator(".o_kanban_record, .o_data_row", has_text=service).first.wait_for()
    look("Vermittlungen des Falls")
    return referral_id


def conference(case_manager, coordinator, base_url, look, client, institution, person, texts):
    """A case manager asks for a case conference on a case; the coordination checks the
    request, plans a conference with the case in a slot of its own, invites and holds it;
    the case manager tells the client the results and closes the follow-up. ``texts``:
    the request's facts and question, the conference's location, the results told.
    Returns the ids of the request and of the conference."""
    page = case_manager
    open_case(page, base_url, client)
    reference = field(page, "name").inner_text().strip()
    stat_button(page, "action_kim_conference_requests").click()
    page.locator(".o_kanban_view, .o_list_view").first.wait_for()
    look("Fallkonferenzen des Falls")
    page.locator(
        ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new"
    ).first.click()
    field(page, "facts").wait_for()
    field(page, "reason").locator("label:has-text('Extrem komplexer Fall')").click()
    field(page, "facts").locator("textarea").fill(texts["facts"])
    field(page, "problem_areas").locator("textarea").fill("- Pflege der Mutter\n- Arbeit")
    field(page, "question").locator("textarea").fill(texts["question"])
    look("Anfrage zur Fallkonferenz")
    open_tab(page, "participants")
    line = add_line(page, "participant_ids")
    many2one(page, line, "institution_id", institution)
    field(line, "person").locator("input").fill(person)
    look("Entscheidungsträger*in")
    save_line(page)
    header_button(page, "action_submit").click()
    wait_state(page, "submitted")
    request_id = record_id(page)
    look("Anfrage eingereicht")

    # The coordination checks the request ...
    page = coordinator
    page.goto(f"{base_url}/odoo/action-kim_conference.kim_conference_request_action")
    page.locator(".o_kanban_view, .o_list_view").first.wait_for()
    choose_filter(page, "Zu prüfen")
    look("Koordination: Anfragen zu prüfen", page)
    open_record(page, reference)
    look("Koordination: Anfrage prüfen", page)
    header_button(page, "action_check").click()
    wait_state(page, "checked")

    # ... plans the conference within the request's urgency window ("urgent": in three to
    # four weeks), with the case in a slot of its own ...
    page.goto(f"{base_url}/odoo/action-kim_conference.kim_conference_action")
    page.locator(".o_kanban_view, .o_list_view, .o_calendar_view").first.wait_for()
    page.locator(
        ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new"
    ).first.click()
    day = datetime.date.today() + datetime.timedelta(days=24)
    start = field(page, "date_start").locator("input")
    start.fill(f"{day:%d.%m.%Y} 10:00:00")
    start.press("Enter")
    field(page, "location").locator("input").fill(texts["location"])
    look("Koordination: Neue Fallkonferenz", page)
    slot = add_line(page, "slot_ids")
    # The suggestion names the request, the phone's card its case.
    many2one(page, slot, "request_id", reference, re.compile(f"Nr\\. {request_id} |{reference}"))
    look("Koordination: Fall im Zeitfenster", page)
    save_line(page)
    save(page)
    conference_id = record_id(page)

    # ... invites, and holds it.
    header_button(page, "action_send_invitations").click()
    field(page, "event_id").wait_for()
    look("Koordination: Fallkonferenz geplant", page)
    header_button(page, "action_held").click()
    wait_state(page, "held")
    look("Koordination: Fallkonferenz durchgeführt", page)

    # The case manager, back at the request, tells the client the results.
    page = case_manager
    page.reload()
    wait_state(page, "held")
    look("Anfrage: Fallkonferenz durchgeführt")
    header_button(page, "action_record_follow_up").click()
    dialog = page.locator(".modal .o_form_view").first
    dialog.wait_for()
    note = field(dialog, "note").locator("textarea")
    note.fill(note.input_value() + texts["results"])
    look("Nachbereitungsgespräch")
    page.locator(".modal .o_form_button_save").click()
    wait_dialog_closed(page)
    header_button(page, "action_followed_up").click()
    wait_state(page, "followed_up")
    look("Anfrage nachbereitet")
    return {"request": request_id, "conference": conference_id}


def login(page, base_url, login_name, password):
    page.goto(f"{base_url}/web/login")
    page.fill("input[name='login']", login_name)
    page.fill("input[name='password']", password)
    page.click("button[type='submit']")
    page.wait_for_url(re.compile(r".*/odoo.*"))
