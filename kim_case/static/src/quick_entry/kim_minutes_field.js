import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { IntegerField, integerField } from "@web/views/fields/integer/integer_field";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * Minutes with one-tap presets (15, 30, 45, 60, 90 by default; `options="{'presets': [...]}"`)
 * and a number field for any other length.
 */
export class KimMinutesField extends Component {
    static template = "kim_case.MinutesField";
    static components = { IntegerField };
    static props = {
        ...standardFieldProps,
        presets: { type: Array, element: Number, optional: true },
    };
    static defaultProps = { presets: [15, 30, 45, 60, 90] };

    get presets() {
        return this.props.presets;
    }

    get value() {
        return this.props.record.data[this.props.name];
    }

    get integerProps() {
        const { presets, ...props } = this.props;
        return { ...props, inputType: "number" };
    }

    choose(minutes) {
        return this.props.record.update({ [this.props.name]: minutes });
    }
}

export const kimMinutesField = {
    component: KimMinutesField,
    displayName: _t("Minutes with presets"),
    supportedTypes: ["integer"],
    extractProps: ({ options }) => (options.presets ? { presets: options.presets } : {}),
};

registry.category("fields").add("kim_minutes", kimMinutesField);
