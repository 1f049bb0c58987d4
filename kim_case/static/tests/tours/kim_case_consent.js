import { registry } from "@web/core/registry";

// A case manager records the signed declaration of a client still in intake: the client
// signed the standard form but struck out one recipient category.
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
            content: "Nothing is ticked in advance",
            trigger:
                ".modal div[name='category_ids']:not(:has(input:checked))" +
                ":has(input[type='checkbox'])",
        },
        {
            content: "The client signed the standard form in full",
            trigger: ".modal div[name='full_form'] input",
            run: "click",
        },
        {
            content: "Every category of the form is ticked",
            trigger: ".modal div[name='category_ids']:not(:has(input:not(:checked)))",
        },
        {
            content: "But struck out the landlords",
            trigger: ".modal div[name='category_ids'] .form-check:contains('Vermieter') input",
            run: "click",
        },
        {
            content: "The form counts as no longer signed in full",
            trigger: ".modal div[name='full_form'] input:not(:checked)",
        },
        {
            content: "Record it as given",
            trigger: ".modal button[name='action_record']",
            run: "click",
        },
        {
            content: "The declarations are listed",
            trigger: ".o_kim_lazy_list[name='consent_ids'] .o_data_row",
        },
        {
            content: "The warning is gone",
            trigger: ".o_form_view:not(:has(.alert-warning))",
        },
    ],
});
