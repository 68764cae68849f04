-- Event ingestion: the processing state of CloudTrail log objects, the SNS messages already
-- handled, and the subscription changes that the health page shows.

-- One row per log object that a channel announced. The log-file grain owns the row and
-- writes it after each change of its state; administrators list the quarantined objects here.
CREATE TABLE log_files
(
    bucket text NOT NULL,
    object_key text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'done', 'quarantined')),
    attempts integer NOT NULL DEFAULT 0,
    records_read integer NOT NULL DEFAULT 0,
    events_routed integer NOT NULL DEFAULT 0,
    quarantine_reason text,
    -- Byte offset in the decompressed object where parsing failed.
    quarantine_offset bigint,
    first_seen_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (bucket, object_key)
);

CREATE INDEX log_files_quarantined ON log_files (updated_at) WHERE status = 'quarantined';

-- SNS keeps the MessageId across retries, so a MessageId seen here is a retry or a replay.
CREATE TABLE sns_messages
(
    message_id text NOT NULL PRIMARY KEY,
    message_type text NOT NULL,
    topic_arn text NOT NULL,
    received_at timestamptz NOT NULL
);

-- Subscription confirmations and unsubscribes of the log topic, newest last.
CREATE TABLE sns_subscription_events
(
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic_arn text NOT NULL,
    event_type text NOT NULL CHECK (event_type IN ('confirmed', 'confirmation_failed', 'unsubscribed')),
    detail text,
    occurred_at timestamptz NOT NULL
);
