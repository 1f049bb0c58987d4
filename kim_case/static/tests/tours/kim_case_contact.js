import { registry } from "@web/core/registry";

// A case manager opens a case from "Meine Fälle", records a conversation and saves.
registry.category("web_tour.tours").add("kim_case_record_contact", {
    steps: () => [
        {
            content: "Open the case of Samir Haddad from the kanban board",
            trigger: ".o_kanban_record:contains('Samir Haddad')",
            run: "click",
        },
        {
            content: "Go to the counselling contacts",
            trigger: ".o_notebook .nav-link[name='contacts']",
            run: "click",
        },
        {
            content: "Add a conversation",
            trigger: ".o_field_widget[name='contact_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Note what was discussed",
            trigger: ".o_field_widget[name='contact_ids'] .o_selected_row .o_field_widget[name='note'] textarea",
            run: "edit Antrag auf Wohngeld besprochen",
        },
        {
            content: "Save the case",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The conversation is saved",
            trigger: ".o_form_saved .o_field_widget[name='contact_ids'] td:contains('Antrag auf Wohngeld besprochen')",
        },
    ],
});
