import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { patch } from "@web/core/utils/patch";
import { FormController } from "@web/views/form/form_controller";
import { formView } from "@web/views/form/form_view";

/**
 * Dialogs may ask before they close: a component in the dialog sets
 * `env.dialogData.kimCanDismiss`, an async function that answers whether the dialog may go
 * (closing button, Escape).
 */
patch(Dialog.prototype, {
    async dismiss() {
        if (this.data.kimCanDismiss && !(await this.data.kimCanDismiss())) {
            return;
        }
        return super.dismiss(...arguments);
    },
});

/**
 * The compact forms of KIM's everyday dialogs (Kontakt erfassen, Ziel vereinbaren): leaving
 * one with unsaved input, by Discard, the closing button or Escape, asks first.
 */
export class KimQuickFormController extends FormController {
    setup() {
        super.setup();
        this.dialogService = useService("dialog");
        if (this.env.inDialog) {
            this.env.dialogData.kimCanDismiss = () => this.confirmLeavingInput();
        }
    }

    async confirmLeavingInput() {
        if (!(await this.model.root.isDirty())) {
            return true;
        }
        return new Promise((resolve) => {
            this.dialogService.add(
                ConfirmationDialog,
                {
                    title: _t("Discard your input?"),
                    body: _t("What you entered here has not been saved yet."),
                    confirmLabel: _t("Discard"),
                    confirmClass: "btn-danger",
                    cancelLabel: _t("Keep editing"),
                    confirm: () => resolve(true),
                    cancel: () => resolve(false),
                },
                { onClose: () => resolve(false) }
            );
        });
    }

    async discard() {
        if (this.env.inDialog && !(await this.confirmLeavingInput())) {
            return;
        }
        return super.discard(...arguments);
    }
}

registry.category("views").add("kim_quick_form", {
    ...formView,
    Controller: KimQuickFormController,
});
