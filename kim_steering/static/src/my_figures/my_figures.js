import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { listView } from "@web/views/list/list_view";
import { ListRenderer } from "@web/views/list/list_renderer";

/**
 * What waits today, above the case lists (kim.case.kim_my_figures): for case managers
 * their reviews, activities and referrals, their open cases against the caseload key and
 * their contacts this month; for coordinators the conference requests to check, the
 * conferences of the week, overdue reviews and referrals, transfers and case managers
 * above the key. Each count opens its list. Nothing shows for other users.
 */
export class KimMyFigures extends Component {
    static template = "kim_steering.MyFigures";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ figures: {} });
        onWillStart(async () => {
            // Not in the dialogs that pick a case: only where the cases are the page.
            if (!this.env.inDialog) {
                this.state.figures = await this.orm.call("kim.case", "kim_my_figures", []);
            }
        });
    }

    /** Opens the list behind a figure of what waits today. */
    async open(kind) {
        this.action.doAction(await this.orm.call("kim.case", "kim_my_todo_action", [kind]));
    }

    /** What waits: a phone shows only the lists with something in them, a desk all. */
    get todo() {
        return (this.state.figures.todo || []).filter((item) => item.count || !this.env.isSmall);
    }

    get loadClass() {
        const status = this.state.figures.status;
        return status === "over" ? "text-danger" : status === "full" ? "text-warning" : "text-success";
    }
}

export class KimMyCasesKanbanRenderer extends KanbanRenderer {
    static template = "kim_steering.MyCasesKanbanRenderer";
    static components = { ...KanbanRenderer.components, KimMyFigures };
}

registry.category("views").add("kim_my_cases_kanban", {
    ...kanbanView,
    Renderer: KimMyCasesKanbanRenderer,
});

export class KimMyCasesListRenderer extends ListRenderer {
    static template = "kim_steering.MyCasesListRenderer";
    static components = { ...ListRenderer.components, KimMyFigures };
}

registry.category("views").add("kim_my_cases_list", {
    ...listView,
    Renderer: KimMyCasesListRenderer,
});
