import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import {
    Many2ManyCheckboxesField,
    many2ManyCheckboxesField,
} from "@web/views/fields/many2many_checkboxes/many2many_checkboxes_field";

/**
 * A many2many shown as tappable chips: every choice of the catalogue is on screen, one tap
 * selects or unselects it. Made for phones, where a search dialog per topic costs a screen
 * change each time. Each tap goes to the record at once, so the chips always show its value.
 */
export class KimChipsField extends Many2ManyCheckboxesField {
    static template = "kim_case.ChipsField";

    toggle(resId) {
        const list = this.props.record.data[this.props.name];
        const selected = list.currentIds.includes(resId);
        return list.addAndRemove(selected ? { remove: [resId] } : { add: [resId] });
    }
}

export const kimChipsField = {
    ...many2ManyCheckboxesField,
    component: KimChipsField,
    displayName: _t("Chips"),
};

registry.category("fields").add("kim_chips", kimChipsField);
