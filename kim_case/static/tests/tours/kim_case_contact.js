import { registry } from "@web/core/registry";

// A case manager records a conversation from the card on "Meine Fälle": one dialog, the note
// first, a topic tapped, saved. Leaving the dialog with input asks first.
registry.category("web_tour.tours").add("kim_case_record_contact", {
    steps: () => [
        {
            content: "Record a contact straight from the card of Samir Haddad",
            trigger: ".o_kanban_record:contains('Samir Haddad') .o_kim_record_contact",
            run: "click",
        },
        {
            content: "The note comes first and has the focus",
            trigger: ".modal .o_field_widget[name='note'] textarea:focus",
            run: "edit Antrag auf Wohngeld besprochen",
        },
        {
            content: "Closing the dialog with input asks first",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Keep editing",
            trigger: ".modal .modal-footer button:contains('Weiter bearbeiten')",
            run: "click",
        },
        {
            content: "Tap a topic",
            trigger: ".modal .o_kim_chip:contains('Wohnen')",
            run: "click",
        },
        {
            content: "The chip is selected",
            trigger: ".modal .o_kim_chip.btn-primary:contains('Wohnen')",
        },
        {
            content: "Save",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Back on the board",
            trigger: "body:not(:has(.modal)) .o_kanban_record:contains('Samir Haddad')",
        },
    ],
});
