import { patch } from "@web/core/utils/patch";
import { DashboardLoader } from "@spreadsheet_dashboard/bundle/dashboard_action/dashboard_loader_service";

/**
 * The KIM dashboards cannot be shared by a public link (the server refuses it): the
 * loader also fetches whether a dashboard may be shared, so that the button is not
 * offered for them.
 */
patch(DashboardLoader.prototype, {
    _getFetchGroupsSpecification() {
        const specification = super._getFetchGroupsSpecification();
        specification.published_dashboard_ids.fields.kim_no_share = {};
        return specification;
    },
});
