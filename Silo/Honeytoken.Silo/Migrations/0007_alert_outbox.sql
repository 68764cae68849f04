-- Alerts of stored events that have not been handed to the alert dispatcher yet. The honeytoken
-- grain writes the row in the statement that stores the event, and deletes it once every
-- destination has queued the alert. A silo that dies in between leaves the row, so the retry
-- of the delivery, which finds the event stored already, still sends the alert.
CREATE TABLE alert_outbox
(
    honeytoken_id uuid NOT NULL REFERENCES honeytokens (id),
    event_key text NOT NULL,
    -- The alert that storing the event raised: the token's first event triggers it.
    action text NOT NULL CHECK (action IN ('honeytoken_triggered', 'new_honeytoken_event')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (honeytoken_id, event_key)
);
