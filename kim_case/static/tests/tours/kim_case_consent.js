import { registry } from "@web/core/registry";

// A case manager records the signed declaration of a client still in intake.
registry.category("web_tour.tours").add("kim_case_record_consent", {
    steps: () => [
        {
            content: "Open the case of Roxana Lungu from the kanban board",
            trigger: ".o_kanban_record:contains('Roxana Lungu')",
            run: "click",
        },
        {
            content: "The case warns that the consent is missing",
            trigger: ".o_form_view .alert-warning",
        },
        {
            content: "Go to data protection",
            trigger: ".o_notebook .nav-link[name='data_protection']",
            run: "click",
        },
        {
            content: "Record the signed declaration",
            trigger: ".o_kim_record_declaration",
            run: "click",
        },
        {
            content: "Record it as given",
            trigger: ".modal button[name='action_record']",
            run: "click",
        },
        {
            content: "The declarations are listed",
            trigger: ".o_field_widget[name='consent_ids'] .o_data_row",
        },
        {
            content: "The warning is gone",
            trigger: ".o_form_view:not(:has(.alert-warning))",
        },
    ],
});
