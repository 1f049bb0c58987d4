import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { StatusBarField, statusBarField } from "@web/views/fields/statusbar/statusbar_field";

/**
 * The stage bar of a case. Before it moves the case it asks the server what the new stage
 * still needs (kim.case.kim_stage_blockers). When something is missing the case stays
 * where it was, unchanged, and a notice names each missing item with a button that opens
 * the tab where it is recorded; once it is there, the same click goes through.
 */
export class KimStageStatusBarField extends StatusBarField {
    setup() {
        super.setup();
        this.orm = useService("orm");
        this.notification = useService("notification");
    }

    async selectItem(item) {
        const { record, name } = this.props;
        if (record.isNew || (await record.isDirty())) {
            if (!(await record.save())) {
                return;
            }
        }
        const blockers = await this.orm.call(record.resModel, "kim_stage_blockers", [
            [record.resId],
            item.value,
        ]);
        if (blockers.length) {
            this.showBlockers(item, blockers);
            return;
        }
        await record.update({ [name]: { id: item.value, display_name: item.label } });
        if (!(await record.save())) {
            // Refused after all (the case changed meanwhile): back to the stage it has.
            await record.discard();
        }
    }

    showBlockers(item, blockers) {
        this.closeBlockers?.();
        this.closeBlockers = this.notification.add(
            _t("Still missing: %s.", blockers.map((b) => b.label).join(", ")),
            {
                title: _t("The case stays in its stage for now (“%s” not yet)", item.label),
                type: "warning",
                sticky: true,
                buttons: blockers
                    .filter((b, i) => blockers.findIndex((o) => o.field === b.field) === i)
                    .map((blocker) => ({
                        name: _t("To “%s”", blocker.place),
                        icon: "fa-arrow-right",
                        onClick: () => {
                            this.closeBlockers();
                            this.reveal(blocker);
                        },
                    })),
            }
        );
    }

    /** Opens the notebook page of ``blocker`` and brings its field into view. */
    reveal({ page, field }) {
        const form = document.querySelector(".o_action_manager .o_form_view");
        form?.querySelector(`.o_notebook .nav-link[name="${page}"]`)?.click();
        requestAnimationFrame(() => {
            // A field, or a list that the tab loads when it opens (kim_lazy_list).
            const target = form?.querySelector(
                `.o_field_widget[name="${field}"], .o_kim_lazy_list[name="${field}"]`
            );
            if (target) {
                target.scrollIntoView({ block: "center", behavior: "smooth" });
                target.classList.add("o_kim_highlight");
                setTimeout(() => target.classList.remove("o_kim_highlight"), 2000);
                target.querySelector("input, select, textarea, a, button")?.focus({ preventScroll: true });
            }
        });
    }
}

export const kimStageStatusBarField = {
    ...statusBarField,
    component: KimStageStatusBarField,
};

registry.category("fields").add("kim_stage_statusbar", kimStageStatusBarField);
