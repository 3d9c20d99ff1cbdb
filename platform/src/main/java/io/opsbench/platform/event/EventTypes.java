package io.opsbench.platform.event;

import java.util.List;

/** The event types the platform records; webhook subscriptions and plugin manifests choose among them. */
public final class EventTypes {

    public static final List<String> ALL = List.of(
            "customer.created", "customer.updated", "customer.deleted",
            "asset.created", "asset.updated",
            "ticket.created", "ticket.transitioned",
            "work_order.created", "work_order.assigned", "work_order.transitioned",
            "quote.created", "quote.sent", "quote.accepted", "quote.declined", "quote.expired",
            "inventory.low_stock",
            "plugin.installed", "plugin.uninstalled", "plugin.suspended",
            "webhook_endpoint.disabled", "webhook.test");

    private EventTypes() {
    }

    /** An exact type, {@code prefix.*} for a resource's events, or {@code *} for all. */
    public static boolean isValidFilter(String filter) {
        if (filter.equals("*") || ALL.contains(filter)) {
            return true;
        }
        return filter.endsWith(".*") && ALL.stream().anyMatch(type -> type.startsWith(filter.substring(0, filter.length() - 1)));
    }

    public static boolean matches(String filter, String type) {
        return filter.equals("*") || filter.equals(type)
                || filter.endsWith(".*") && type.startsWith(filter.substring(0, filter.length() - 1));
    }
}
