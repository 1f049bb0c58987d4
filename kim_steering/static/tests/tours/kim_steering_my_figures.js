import { registry } from "@web/core/registry";

// A case manager opens Meine Fälle and sees their own figures above the cards.
registry.category("web_tour.tours").add("kim_steering_my_figures", {
    steps: () => [
        {
            content: "The figures show the open cases against the capacity",
            trigger: ".o_kim_my_figures .o_kim_figure_label:contains('offene Fälle von')",
        },
        {
            content: "and the contacts of this month, above the cards",
            trigger: ".o_kim_my_figures .o_kim_figure_label:contains('Kontakte in diesem Monat')",
        },
        {
            content: "The cards are there as before",
            trigger: ".o_kanban_renderer .o_kanban_record",
        },
        {
            content: "What waits today opens as a list: the reviews due",
            trigger: ".o_kim_my_figures button[name='reviews']",
            run: "click",
        },
        {
            content: "The list of the reviews due",
            trigger: ".o_breadcrumb:contains('Überprüfungen fällig')",
        },
    ],
});

// A coordinator opens KIM and sees above all cases what waits in their municipality.
registry.category("web_tour.tours").add("kim_steering_coordinator_today", {
    steps: () => [
        {
            content: "The conference requests to check are counted above the cases",
            trigger: ".o_kim_my_figures button[name='conference_requests'] .o_kim_figure_label:contains('Fallkonferenz-Anfragen zu prüfen')",
        },
        {
            content: "next to the case managers above the caseload key",
            trigger: ".o_kim_my_figures button[name='over_key']",
        },
        {
            content: "No figures of a case manager's own",
            trigger: ".o_kim_my_figures:not(:has(.o_kim_figure_label:contains('offene Fälle von')))",
        },
        {
            content: "The list of all cases is there as before",
            trigger: ".o_list_renderer .o_data_row",
        },
        {
            content: "The requests open as a list",
            trigger: ".o_kim_my_figures button[name='conference_requests']",
            run: "click",
        },
        {
            content: "The list of the requests to check",
            trigger: ".o_breadcrumb:contains('Fallkonferenz-Anfragen zu prüfen')",
        },
    ],
});
