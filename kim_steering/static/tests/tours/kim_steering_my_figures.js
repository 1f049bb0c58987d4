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
            trigger: ".o_breadcrumb:contains('Fällige Überprüfungen')",
        },
    ],
});
