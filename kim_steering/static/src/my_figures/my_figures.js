import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";

/**
 * A case manager's own figures above their cases: open cases against the caseload key,
 * reviews due, contacts and counselling hours this month (kim.case.kim_my_figures).
 * Nothing shows for users without the case manager role.
 */
export class KimMyFigures extends Component {
    static template = "kim_steering.MyFigures";
    static props = {};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ figures: {} });
        onWillStart(async () => {
            this.state.figures = await this.orm.call("kim.case", "kim_my_figures", []);
        });
    }

    /** Opens the list behind a figure of what waits today. */
    async open(kind) {
        this.action.doAction(await this.orm.call("kim.case", "kim_my_todo_action", [kind]));
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
