import { registry } from "@web/core/registry";

// The coordination plans a case conference and puts a checked request into its first slot.
registry.category("web_tour.tours").add("kim_conference_schedule", {
    steps: () => [
        {
            content: "Plan a new case conference",
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            content: "It begins in three weeks at nine",
            trigger: ".o_form_view div[name=date_start] input",
            run: "edit 14.12.2026 09:00:00",
        },
        {
            content: "Where it takes place",
            trigger: ".o_form_view div[name=location] input",
            run: "edit Rathaus, Raum 214",
        },
        {
            content: "Add the first case",
            trigger: ".o_form_view div[name=slot_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the checked request",
            trigger: ".modal div[name=request_id] input",
            run: "edit KIM-",
        },
        {
            content: "Pick it",
            trigger: ".ui-autocomplete .dropdown-item:first",
            run: "click",
        },
        {
            content: "The slot gets its phases",
            trigger: ".modal div[name=phase_plan]:contains('Information')",
        },
        {
            content: "Save the slot",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The case is in the conference",
            trigger: ".o_form_view div[name=slot_ids] .o_data_row",
        },
        {
            content: "Save the conference",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Send the invitations",
            trigger: ".o_form_view button[name=action_send_invitations]",
            run: "click",
        },
        {
            content: "The appointment is made",
            trigger: ".o_form_view div[name=event_id] a, .o_form_view div[name=event_id]:contains('Fallkonferenz')",
        },
    ],
});
