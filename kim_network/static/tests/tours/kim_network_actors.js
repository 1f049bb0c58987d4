import { registry } from "@web/core/registry";

// A case manager finds a network actor from the KIM app.
registry.category("web_tour.tours").add("kim_network_actors", {
    steps: () => [
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The demo actor is listed",
            trigger: ".o_list_view .o_data_row td:contains('Jobcenter Oberhausen')",
            run: "click",
        },
        {
            content: "Its form opens",
            trigger: ".o_form_view .o_breadcrumb:contains('Jobcenter Oberhausen')",
        },
    ],
});
