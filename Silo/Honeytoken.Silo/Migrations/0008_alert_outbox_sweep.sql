-- The outbox sweep reads the rows older than its grace period in this order, a page at a time,
-- resuming after the last row of the previous page. Rows pile up only while alerts cannot be
-- handed on, and then the sweep must not scan the whole table on every pass.
CREATE INDEX alert_outbox_sweep ON alert_outbox (created_at, honeytoken_id, event_key);
