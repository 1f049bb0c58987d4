import { registry } from "@web/core/registry";

// A case manager opens the municipalities from the KIM app and reads one of them.
registry.category("web_tour.tours").add("kim_case_smoke", {
    steps: () => [
        {
            content: "The list shows the demo municipality",
            trigger: ".o_list_view .o_data_row td:contains('Stadt Oberhausen')",
            run: "click",
        },
        {
            content: "Its form opens read-only for a case manager",
            trigger: ".o_form_view .o_field_widget[name='name']:contains('Stadt Oberhausen')",
        },
    ],
});
