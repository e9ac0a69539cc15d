package dev.crawlyard.api.webhooks;

import java.util.List;

/**
 * A new webhook subscription.
 *
 * @param url        where events are POSTed: http or https; loopback and private addresses are refused
 *                   unless {@code crawlyard.webhooks.allow-private-targets} is true
 * @param events     which events, e.g. {@code ["task.finished","task.error"]}
 * @param spider     only the tasks of this spider (id or name); absent: every spider
 * @param scheduleId only the tasks of this schedule; absent: tasks made by hand and by any schedule
 */
record SubscriptionRequest(String url, List<String> events, String spider, Long scheduleId) {
}
