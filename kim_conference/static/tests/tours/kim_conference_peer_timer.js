import { registry } from "@web/core/registry";

// The timekeeper of a kollegiale Fallberatung starts the session and moves on a phase.
registry.category("web_tour.tours").add("kim_conference_peer_timer", {
    steps: () => [
        {
            content: "Start the session",
            trigger: ".o_form_view button[name=action_start]",
            run: "click",
        },
        {
            content: "The timer shows the first phase and its rule",
            trigger: ".o_kim_phase_timer:contains('Falldarstellung'):contains('KEINE NACHFRAGEN')",
        },
        {
            content: "The countdown runs",
            trigger: ".o_kim_phase_timer [role=timer]:contains(':')",
        },
        {
            content: "Move on to the next phase",
            trigger: ".o_form_view button[name=action_next_phase]:visible",
            run: "click",
        },
        {
            content: "The timer shows the questions of understanding",
            trigger: ".o_kim_phase_timer:contains('Verständnisfragen'):contains('Keine Ratschläge')",
        },
    ],
});
