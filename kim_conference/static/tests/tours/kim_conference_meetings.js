import { registry } from "@web/core/registry";

// A coordinator opens the KIM meetings and switches to the list.
registry.category("web_tour.tours").add("kim_conference_meetings", {
    steps: () => [
        {
            content: "The calendar opens",
            trigger: ".o_calendar_view",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The list shows the demo case conference",
            trigger: ".o_list_view .o_data_row td:contains('Fallkonferenz Sozialraum Osterfeld')",
        },
    ],
});
