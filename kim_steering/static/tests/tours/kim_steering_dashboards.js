import { registry } from "@web/core/registry";

// A coordinator opens the KIM case overview in the Dashboards app: the charts are there,
// the button to share it by a public link is not.
registry.category("web_tour.tours").add("kim_steering_dashboards", {
    steps: () => [
        {
            content: "The case overview shows its charts",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
        {
            content: "No share button for a KIM dashboard",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.fa-share-alt))",
        },
    ],
});
