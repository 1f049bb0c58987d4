import { Component, onWillStart, onWillUpdateProps, useState, useSubEnv } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { Domain } from "@web/core/domain";
import { _t } from "@web/core/l10n/translation";
import { evaluateExpr } from "@web/core/py_js/py";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { getDefaultConfig, View } from "@web/views/view";
import { FormViewDialog } from "@web/views/view_dialogs/form_view_dialog";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * The records of a case that one tab of the case form lists (its contacts, goals,
 * assessments, consents, household, ...), loaded when the tab is opened rather than with
 * the form. A notebook renders only its open page, so a case opens with what its first
 * tab shows; every other list costs its queries only when somebody looks at it.
 *
 * In the arch, in place of the x2many field:
 *
 *     <widget name="kim_lazy_list" field="goal_ids" model="kim.case.goal"
 *             domain="[('case_id', '=', id)]" context="{'default_case_id': id}"
 *             list="kim_case.kim_case_goal_view_list_case" kanban="..." form="..."
 *             title="Goal" string="Agree goal"/>
 *
 * - ``field``: the x2many it stands for (the stage bar leads there);
 * - ``domain``, ``context``: expressions on the form's record, as in the arch of a field;
 *   the records the list shows (under the user's rules, like every search) and the
 *   defaults of a new one;
 * - ``list``, ``kanban``: the views for desks and phones;
 * - ``form``, ``title``: the form its rows open in a dialog, and the dialog's title
 *   (``open="0"``: rows do not open);
 * - ``string``: the label of the button that adds a record, shown to those who may create
 *   one (without it, nothing is added here);
 * - ``readonly``, ``invisible``: modifiers, as on fields; a read-only list's rows open
 *   read-only.
 *
 * Records are saved (or, after a confirmation, deleted) from their dialog, one at a time,
 * and the list reloads afterwards; it also reloads when the form reads its record from the
 * server again (after a header button's dialog) and when what the domain names changes.
 */
export class KimLazyList extends Component {
    static template = "kim_case.LazyList";
    static components = { View };
    static props = {
        ...standardWidgetProps,
        field: { type: String },
        resModel: { type: String },
        domain: { type: String },
        context: { type: String, optional: true },
        listView: { type: String },
        kanbanView: { type: String },
        formView: { type: String, optional: true },
        title: { type: String, optional: true },
        addLabel: { type: String, optional: true },
        opens: { type: Boolean, optional: true },
    };

    setup() {
        this.dialog = useService("dialog");
        this.orm = useService("orm");
        this.viewService = useService("view");
        // Whether the user may add and delete records here: the server marks the arch of a
        // view create="false" and delete="false" for whoever lacks the right (a
        // coordinator reads contacts), and a list may refuse deleting itself (consents end
        // by withdrawal).
        this.mayCreate = this.mayDelete = false;
        onWillStart(async () => {
            const { views } = await this.viewService.loadViews({
                resModel: this.props.resModel,
                views: [[false, "list"]],
                context: { list_view_ref: this.props.listView },
            });
            const root = new DOMParser().parseFromString(views.list.arch, "text/xml");
            const allows = (name) =>
                !["0", "false", "False"].includes(root.documentElement.getAttribute(name));
            this.mayCreate = allows("create");
            this.mayDelete = allows("delete");
        });
        // A view of its own: its title and breadcrumbs are not the form's.
        useSubEnv({ config: getDefaultConfig() });
        this.state = useState({ generation: 0 });
        this.loaded = this.props.record._values;
        onWillUpdateProps((next) => {
            // The form read its record from the server again: so may the list.
            if (next.record._values !== this.loaded) {
                this.loaded = next.record._values;
                this.state.generation++;
            }
        });
    }

    get domain() {
        return new Domain(this.props.domain).toList(this.props.record.evalContext);
    }

    /** Defaults of new records; not the form's context, whose defaults are its own. */
    get context() {
        const { context, record } = this.props;
        return context ? evaluateExpr(context, record.evalContext) : {};
    }

    get viewProps() {
        const props = {
            type: this.env.isSmall ? "kanban" : "list",
            resModel: this.props.resModel,
            domain: this.domain,
            // The views by reference, for this list only (a form's reference would also
            // reach the dialogs its buttons open, of other models).
            context: {
                ...this.context,
                list_view_ref: this.props.listView,
                kanban_view_ref: this.props.kanbanView,
            },
            display: { controlPanel: false, searchPanel: false },
            noBreadcrumbs: true,
            readonly: true,
            showButtons: false,
        };
        if (props.type === "list") {
            props.allowSelectors = false;
        }
        if (this.props.opens) {
            props.selectRecord = (resId) => this.openRecord(resId);
            if (props.type === "kanban") {
                // A tap anywhere on the card opens it.
                props.forceGlobalClick = true;
            }
        }
        return props;
    }

    get key() {
        return `${JSON.stringify(this.domain)}-${this.state.generation}`;
    }

    get formContext() {
        const { formView } = this.props;
        return { ...this.context, ...(formView ? { form_view_ref: formView } : {}) };
    }

    openRecord(resId) {
        const props = {
            resModel: this.props.resModel,
            resId,
            title: this.props.title,
            context: this.formContext,
            readonly: Boolean(this.props.readonly),
            onRecordSaved: () => this.reload(),
        };
        if (this.mayDelete && !this.props.readonly) {
            props.removeRecord = () => this.confirmRemove(resId);
        }
        this.dialog.add(FormViewDialog, props);
    }

    /** Deletes the record once the user confirmed it: it cannot be restored. */
    confirmRemove(resId) {
        return new Promise((resolve) => {
            this.dialog.add(ConfirmationDialog, {
                title: _t("Delete entry"),
                body: _t("Delete this entry? It cannot be restored."),
                confirmLabel: _t("Delete"),
                confirm: async () => {
                    await this.orm.unlink(this.props.resModel, [resId]);
                    this.reload();
                    resolve();
                },
                cancel: () => resolve(),
            });
        });
    }

    add() {
        this.dialog.add(FormViewDialog, {
            resModel: this.props.resModel,
            context: this.formContext,
            title: this.props.addLabel,
            onRecordSaved: () => this.reload(),
        });
    }

    reload() {
        this.state.generation++;
    }
}

export const kimLazyList = {
    component: KimLazyList,
    extractProps: ({ attrs }) => ({
        field: attrs.field,
        resModel: attrs.model,
        domain: attrs.domain,
        context: attrs.context,
        listView: attrs.list,
        kanbanView: attrs.kanban,
        formView: attrs.form,
        title: attrs.title,
        addLabel: attrs.string,
        opens: attrs.open !== "0",
    }),
};

registry.category("view_widgets").add("kim_lazy_list", kimLazyList);
