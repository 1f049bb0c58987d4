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
    ],
});
