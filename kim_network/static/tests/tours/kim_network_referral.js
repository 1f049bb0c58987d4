import { registry } from "@web/core/registry";

// A case manager asks who is responsible for a client in 46119 and refers her warmly.
registry.category("web_tour.tours").add("kim_network_referral", {
    steps: () => [
        {
            content: "Ask who is responsible",
            trigger: ".o_form_view button[name=action_kim_routing]",
            run: "click",
        },
        {
            content: "The KIM-CM providers of the postal code are named with their reason",
            trigger: ".modal .o_field_html:contains('46119')",
        },
        {
            content: "Refer to the first suggestion",
            trigger: ".modal .o_data_row:first button[name=action_refer]",
            run: "click",
        },
        {
            content: "State the occasion",
            trigger: ".o_form_view div[name=reason] textarea",
            run: "edit Orientierung im Stadtteil und Sprachkurs",
        },
        {
            content: "Save the referral",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The referral waits for the service's answer",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=requested]",
        },
        {
            content: "The buttons for the service's answer are offered",
            trigger: ".o_form_view button[name=action_accept]",
        },
    ],
});
