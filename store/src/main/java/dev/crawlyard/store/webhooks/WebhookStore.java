package dev.crawlyard.store.webhooks;

import dev.crawlyard.store.JsonColumns;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The webhook tables: subscriptions, deliveries and their attempts. */
public class WebhookStore {

    private final JdbcClient jdbc;

    public WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Subscription create(String url, String secret, List<String> events, Long spiderId, Long scheduleId) {
        return jdbc.sql("""
                        INSERT INTO webhook_subscriptions (url, secret, events, spider_id, schedule_id)
                        VALUES (:url, :secret, :events::jsonb, :spider, :schedule) RETURNING *""")
                .param("url", url).param("secret", secret).param("events", JsonColumns.writeList(events))
                .param("spider", spiderId).param("schedule", scheduleId)
                .query(WebhookStore::subscription).single();
    }

    public List<Subscription> list() {
        return jdbc.sql("SELECT * FROM webhook_subscriptions ORDER BY id").query(WebhookStore::subscription).list();
    }

    public Optional<Subscription> find(long id) {
        return jdbc.sql("SELECT * FROM webhook_subscriptions WHERE id = :id").param("id", id)
                .query(WebhookStore::subscription).optional();
    }

    public boolean delete(long id) {
        return jdbc.sql("DELETE FROM webhook_subscriptions WHERE id = :id").param("id", id).update() > 0;
    }

    /** Turns a subscription off ({@code reason}) or on again (null). */
    public boolean setEnabled(long id, boolean enabled, String reason) {
        return jdbc.sql("UPDATE webhook_subscriptions SET enabled = :enabled, disabled_reason = :reason WHERE id = :id")
                .param("enabled", enabled).param("reason", reason).param("id", id).update() > 0;
    }

    /**
     * The enabled subscriptions that want {@code eventType} about this spider and schedule; a null
     * spider or schedule (a node's event) matches only the subscriptions to every one.
     */
    public List<Subscription> matching(String eventType, Long spiderId, Long scheduleId) {
        return jdbc.sql("""
                        SELECT * FROM webhook_subscriptions
                        WHERE enabled AND events @> jsonb_build_array(CAST(:type AS text))
                          AND (spider_id IS NULL OR spider_id = :spider)
                          AND (schedule_id IS NULL OR schedule_id = :schedule)
                        ORDER BY id""")
                .param("type", eventType).param("spider", spiderId).param("schedule", scheduleId)
                .query(WebhookStore::subscription).list();
    }

    /** The delivery of the event to the subscription, made on the first call and found on any later one. */
    public long delivery(long subscriptionId, String eventId, String eventType, String payload) {
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, payload)
                        VALUES (:subscription, :event, :type, :payload)
                        ON CONFLICT (subscription_id, event_id) DO NOTHING""")
                .param("subscription", subscriptionId).param("event", eventId).param("type", eventType)
                .param("payload", payload).update();
        return jdbc.sql("SELECT id FROM webhook_deliveries WHERE subscription_id = :subscription AND event_id = :event")
                .param("subscription", subscriptionId).param("event", eventId).query(Long.class).single();
    }

    public Optional<Delivery> findDelivery(long id) {
        return jdbc.sql("SELECT * FROM webhook_deliveries WHERE id = :id").param("id", id)
                .query((row, n) -> delivery(row, attempts(row.getLong("id")))).optional();
    }

    public List<Delivery> deliveries(long subscriptionId, int page, int size) {
        return jdbc.sql("""
                        SELECT * FROM webhook_deliveries WHERE subscription_id = :subscription
                        ORDER BY id DESC LIMIT :size OFFSET :offset""")
                .param("subscription", subscriptionId).param("size", size).param("offset", (long) page * size)
                .query((row, n) -> delivery(row, List.of())).list()
                .stream().map(found -> withAttempts(found, attempts(found.id()))).toList();
    }

    /** Records one attempt, numbered after the delivery's earlier ones (redeliveries go on counting). */
    public int recordAttempt(long deliveryId, Integer statusCode, String error, long durationMillis) {
        return jdbc.sql("""
                        INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms)
                        SELECT :delivery, COALESCE(MAX(attempt), 0) + 1, :code, :error, :duration
                        FROM webhook_attempts WHERE delivery_id = :delivery
                        RETURNING attempt""")
                .param("delivery", deliveryId).param("code", statusCode).param("error", error)
                .param("duration", durationMillis).query(Integer.class).single();
    }

    /** Ends the delivery as {@code delivered}, {@code failed} or {@code gone}; pending again on redelivery. */
    public void setDeliveryStatus(long deliveryId, String status) {
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = :status,
                            ended_at = CASE WHEN :status = 'pending' THEN NULL ELSE now() END
                        WHERE id = :id""")
                .param("status", status).param("id", deliveryId).update();
    }

    private List<Delivery.Attempt> attempts(long deliveryId) {
        return jdbc.sql("SELECT * FROM webhook_attempts WHERE delivery_id = :id ORDER BY attempt")
                .param("id", deliveryId)
                .query((row, n) -> new Delivery.Attempt(row.getInt("attempt"), instant(row, "at"),
                        (Integer) row.getObject("status_code"), row.getString("error"), row.getLong("duration_ms")))
                .list();
    }

    private static Delivery withAttempts(Delivery d, List<Delivery.Attempt> attempts) {
        return new Delivery(d.id(), d.subscriptionId(), d.eventId(), d.eventType(), d.payload(), d.status(),
                d.createdAt(), d.endedAt(), attempts);
    }

    private static Delivery delivery(ResultSet row, List<Delivery.Attempt> attempts) throws SQLException {
        return new Delivery(row.getLong("id"), row.getLong("subscription_id"), row.getString("event_id"),
                row.getString("event_type"), row.getString("payload"), row.getString("status"),
                instant(row, "created_at"), instant(row, "ended_at"), attempts);
    }

    private static Subscription subscription(ResultSet row, int n) throws SQLException {
        return new Subscription(row.getLong("id"), row.getString("url"), row.getString("secret"),
                JsonColumns.readStringList(row.getString("events")), (Long) row.getObject("spider_id"),
                (Long) row.getObject("schedule_id"), row.getBoolean("enabled"), row.getString("disabled_reason"),
                instant(row, "created_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
