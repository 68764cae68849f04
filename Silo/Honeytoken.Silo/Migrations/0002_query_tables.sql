-- The query tables: what the REST API and the dashboard list and filter without activating
-- grains. Each honeytoken grain is the only writer of its own rows; the Api reads them.
-- Event rows are written before the event is acknowledged to AWS, so they are the durable
-- record of every use of a honeytoken.

-- One row per honeytoken, pooled keys included (they have no name until handed out).
-- row_version is the grain's own change counter: a write carries it and only replaces an
-- older row, so a slow, superseded write cannot undo a newer one.
CREATE TABLE honeytokens
(
    id uuid NOT NULL PRIMARY KEY,
    installation_id text NOT NULL,
    lifecycle text NOT NULL CHECK (lifecycle IN ('provisioning', 'pooled', 'active', 'triggered', 'revoking', 'revoked', 'failed')),
    name text,
    description text,
    custom_tags jsonb NOT NULL DEFAULT '[]',
    account_id text,
    iam_user_name text,
    access_key_id text,
    -- The secret key, encrypted by the service's secret protector; never stored in clear.
    secret_access_key_encrypted bytea,
    provisioned_at timestamptz,
    created_at timestamptz,
    triggered_at timestamptz,
    revoked_at timestamptz,
    open_events_count integer NOT NULL DEFAULT 0,
    creator_id text,
    revoker_id text,
    failure_reason text,
    row_version bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Listing order for equal sort keys, and the tie-breaker of the keyset cursors.
    list_position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);

-- A name is unique among the tokens that are not revoked, so operators can reuse the name
-- of a revoked decoy. The index, not a read-then-write check, decides concurrent creates.
CREATE UNIQUE INDEX honeytokens_live_name ON honeytokens (installation_id, name)
    WHERE name IS NOT NULL AND lifecycle NOT IN ('revoking', 'revoked');

CREATE INDEX honeytokens_lifecycle ON honeytokens (installation_id, lifecycle, list_position);
CREATE INDEX honeytokens_created ON honeytokens (created_at, list_position) WHERE created_at IS NOT NULL;
CREATE INDEX honeytokens_triggered ON honeytokens (triggered_at, list_position) WHERE triggered_at IS NOT NULL;
CREATE INDEX honeytokens_access_key ON honeytokens (access_key_id) WHERE access_key_id IS NOT NULL;

-- One row per CloudTrail event attributed to a honeytoken. event_key deduplicates the same
-- event reported by several channels (eventID with eventName and eventTime, because some
-- published samples reuse ids); channels records each channel that reported it and when.
CREATE TABLE honeytoken_events
(
    id uuid NOT NULL PRIMARY KEY,
    honeytoken_id uuid NOT NULL REFERENCES honeytokens (id),
    event_key text NOT NULL,
    event_time timestamptz NOT NULL,
    first_received_at timestamptz NOT NULL,
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'archived')),
    ip_address text,
    action text NOT NULL,
    region text,
    user_agent text,
    error_code text,
    error_message text,
    channels jsonb NOT NULL DEFAULT '{}',
    data jsonb NOT NULL DEFAULT '{}',
    -- The raw record as text, bounded in size; text rather than jsonb because AWS records
    -- may contain \u0000, which jsonb rejects.
    raw_record text,
    tags text[] NOT NULL DEFAULT '{}',
    list_position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    UNIQUE (honeytoken_id, event_key)
);

CREATE INDEX honeytoken_events_token ON honeytoken_events (honeytoken_id, list_position);
CREATE INDEX honeytoken_events_open ON honeytoken_events (honeytoken_id) WHERE status = 'open';

CREATE TABLE honeytoken_notes
(
    id uuid NOT NULL PRIMARY KEY,
    honeytoken_id uuid NOT NULL REFERENCES honeytokens (id),
    body text NOT NULL,
    author_id text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    list_position bigint GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE INDEX honeytoken_notes_token ON honeytoken_notes (honeytoken_id, list_position);

-- API tokens are stored as the SHA-256 of their value: the value is 256 random bits, so a
-- salted slow hash adds nothing, and a lookup by hash stays one index probe per request.
CREATE TABLE api_tokens
(
    id uuid NOT NULL PRIMARY KEY,
    name text NOT NULL,
    token_sha256 bytea NOT NULL UNIQUE,
    scopes text[] NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz
);

-- Every change made through the API or by the service: who, what, on which object, when.
CREATE TABLE audit_log
(
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_kind text NOT NULL,
    actor_id text NOT NULL,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
