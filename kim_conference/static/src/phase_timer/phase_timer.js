import { Component, onMounted, onWillUnmount, useState } from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/** Seconds before the end of a phase at which the warning style starts. */
const WARNING_SECONDS = 60;

/** Format a number of seconds as "mm:ss" (minutes may exceed 59). */
function formatSeconds(totalSeconds) {
    const seconds = Math.max(0, Math.floor(totalSeconds));
    const mm = String(Math.floor(seconds / 60)).padStart(2, "0");
    const ss = String(seconds % 60).padStart(2, "0");
    return `${mm}:${ss}`;
}

/**
 * Countdown of the current phase of a peer-counselling session
 * (kollegiale Fallberatung). Reads the phase fields of the record and
 * re-renders every second while the session is running.
 */
export class KimPhaseTimer extends Component {
    static template = "kim_conference.PhaseTimer";
    static props = { ...standardWidgetProps };

    setup() {
        this.clock = useState({ now: Date.now() });
        onMounted(() => {
            this.intervalId = browser.setInterval(() => this.tick(), 1000);
        });
        onWillUnmount(() => browser.clearInterval(this.intervalId));
    }

    /** Update the clock; only while running, to avoid useless renders. */
    tick() {
        if (this.isRunning) {
            this.clock.now = Date.now();
        }
    }

    get data() {
        return this.props.record.data;
    }

    get isPlanned() {
        return this.data.state === "planned";
    }

    get isRunning() {
        return this.data.state === "running" && Boolean(this.data.phase_started_at);
    }

    get plannedSeconds() {
        return Math.max(0, (this.data.current_phase_minutes || 0) * 60);
    }

    /** Whole seconds since the phase began (never negative, e.g. on clock skew). */
    get elapsedSeconds() {
        const startedAt = this.data.phase_started_at.toMillis();
        return Math.max(0, Math.floor((this.clock.now - startedAt) / 1000));
    }

    get remainingSeconds() {
        return this.plannedSeconds - this.elapsedSeconds;
    }

    get isOver() {
        return this.remainingSeconds <= 0;
    }

    get isWarning() {
        return !this.isOver && this.remainingSeconds <= WARNING_SECONDS;
    }

    /** "mm:ss" while time is left, "+mm:ss" of overtime afterwards. */
    get displayTime() {
        const remaining = this.remainingSeconds;
        return remaining > 0 ? formatSeconds(remaining) : `+${formatSeconds(-remaining)}`;
    }

    get timerLabel() {
        return this.isOver ? _t("Overtime") : _t("Remaining time");
    }

    /** Elapsed share of the planned time, 0..100. */
    get progressPercent() {
        if (!this.plannedSeconds) {
            return 100;
        }
        return Math.min(100, Math.round((this.elapsedSeconds / this.plannedSeconds) * 100));
    }

    get rules() {
        return (this.data.current_phase_rules || "")
            .split(/\r?\n/)
            .map((line) => line.trim().replace(/^[-*•]\s*/, ""))
            .filter(Boolean);
    }

    /** Text of the live region; stays constant within a state so it is announced once. */
    get statusMessage() {
        if (this.isOver) {
            return _t("Time is up: move on to the next phase");
        }
        if (this.isWarning) {
            const next = this.data.next_phase_name;
            return next
                ? _t("One minute left – next: %s", next)
                : _t("One minute left until the end");
        }
        return "";
    }

    get boxClass() {
        if (this.isOver) {
            return "alert-danger o_kim_phase_timer_over";
        }
        if (this.isWarning) {
            return "alert-warning o_kim_phase_timer_warning";
        }
        return "alert-info";
    }

    get clockClass() {
        if (this.isOver) {
            return "text-bg-danger";
        }
        if (this.isWarning) {
            return "text-bg-warning";
        }
        return "";
    }

    get progressBarClass() {
        if (this.isOver) {
            return "bg-danger";
        }
        if (this.isWarning) {
            return "bg-warning";
        }
        return "bg-info";
    }

    get plannedHint() {
        return _t("The timer starts with the first phase.");
    }

    get progressLabel() {
        return _t("Elapsed time of the phase");
    }

    get rulesLabel() {
        return _t("Rules of this phase");
    }
}

export const kimPhaseTimer = {
    component: KimPhaseTimer,
    // Load these fields even if the form view does not contain them.
    fieldDependencies: [
        { name: "state", type: "selection" },
        { name: "current_phase_name", type: "char" },
        { name: "current_phase_rules", type: "text" },
        { name: "current_phase_minutes", type: "integer" },
        { name: "phase_started_at", type: "datetime" },
        { name: "next_phase_name", type: "char" },
    ],
};

registry.category("view_widgets").add("kim_phase_timer", kimPhaseTimer);
