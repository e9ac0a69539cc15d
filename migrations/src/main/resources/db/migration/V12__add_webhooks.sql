-- Webhook subscriptions, their deliveries and every attempt of each delivery (the delivery log).
-- The secret is kept as given to the subscriber (HMAC signing needs it); the API shows it only once.
CREATE TABLE webhook_subscriptions (
    id              bigserial PRIMARY KEY,
    url             text        NOT NULL,
    secret          text        NOT NULL,
    events          jsonb       NOT NULL,
    spider_id       bigint      REFERENCES spiders (id) ON DELETE CASCADE,
    schedule_id     bigint,
    enabled         boolean     NOT NULL DEFAULT true,
    disabled_reason text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id              bigserial PRIMARY KEY,
    subscription_id bigint      NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending',
    created_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    UNIQUE (subscription_id, event_id)
);

CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, id DESC);

CREATE TABLE webhook_attempts (
    delivery_id bigint      NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     int         NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    status_code int,
    error       text,
    duration_ms bigint      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
