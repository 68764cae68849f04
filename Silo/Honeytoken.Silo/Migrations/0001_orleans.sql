-- Orleans on PostgreSQL: the tables behind ADO.NET clustering, grain persistence and
-- reminders, and the named queries that the three providers load from OrleansQuery.
--
-- Written for Microsoft.Orleans.{Clustering,Persistence,Reminders}.AdoNet 10.4.2 with
-- Npgsql 10 on PostgreSQL 15 or later (NULLS NOT DISTINCT needs 15). The migration runner
-- applies this file once, inside one transaction. A later change is a new numbered file,
-- never an edit here: the runner rejects an applied file whose checksum changed.
--
-- Rules that shape every query below:
-- * The providers bind parameters by name and the query refers to them as @Name. A query
--   may use only the parameters its provider binds, because PostgreSQL reads an unbound
--   @Name as an operator followed by a column name and fails.
-- * Each provider call runs one QueryText on its own pooled connection without an explicit
--   transaction. So each write below is a single statement, or one batch that PostgreSQL
--   runs as one implicit transaction, and it commits or rolls back whole.
-- * Result columns are matched by name, ignoring case, so each query aliases its columns
--   to the names the provider reads.
-- * Times are timestamptz. The providers send UTC DateTime values, which Npgsql maps to
--   timestamptz; a column without time zone would shift them by the session TimeZone.
-- * Text columns declare no length, because the varchar limits of the upstream scripts are
--   not limits of Orleans.

-- The query table. The providers select QueryKey and QueryText from it without quoting,
-- so it is created unquoted and PostgreSQL folds the names to lower case.
CREATE TABLE OrleansQuery
(
    QueryKey text NOT NULL PRIMARY KEY,
    QueryText text NOT NULL
);

-------------------------------------------------------------------------------------------
-- Clustering
-------------------------------------------------------------------------------------------

-- One row per cluster (the provider calls the cluster id DeploymentId). Its version is the
-- only concurrency token of the membership table: every membership change moves it from
-- the value the silo read to that value plus one. Orleans parses it as a non-negative
-- int32, so the column is an integer that may not go below zero. Past int.MaxValue the
-- increment fails with "integer out of range", which rejects the whole write.
CREATE TABLE orleans_membership_version
(
    deployment_id text NOT NULL PRIMARY KEY,
    version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation. status is the int value of Orleans' SiloStatus
-- (0 None .. 6 Dead). suspect_times is the provider's own text encoding of suspicion votes.
CREATE TABLE orleans_membership
(
    deployment_id text NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    status integer NOT NULL CHECK (status BETWEEN 0 AND 6),
    proxy_port integer NOT NULL,
    suspect_times text,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-------------------------------------------------------------------------------------------
-- Grain persistence
-------------------------------------------------------------------------------------------

-- One row per grain state. The identity of a row is (service_id, grain_type, grain_id_n0,
-- grain_id_n1, grain_id_extension): grain_type is the state name, not a CLR type, and a
-- string key travels whole in grain_id_extension. The two hashes come from the provider and
-- collide, so they only narrow the index search. version is the ETag; payload is the
-- serialized state, NULL after a clear.
CREATE TABLE orleans_storage
(
    grain_id_hash integer NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    grain_type_hash integer NOT NULL,
    grain_type text NOT NULL,
    grain_id_extension text,
    service_id text NOT NULL,
    payload bytea,
    version integer NOT NULL CHECK (version >= 1),
    modified_at timestamptz NOT NULL DEFAULT now()
);

-- A digest of a key string, so that the unique index below accepts keys of any length,
-- because a btree entry is limited to about a third of a page. Declaring it IMMUTABLE is sound
-- because a database's encoding never changes after it is created.
CREATE FUNCTION orleans_storage_key_digest(key text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN sha256(convert_to(key, 'UTF8'));

-- At most one row per identity. Without it, two first writers can both find no row under
-- READ COMMITTED and both insert, and every later read then fails on two rows. NULLS NOT
-- DISTINCT makes a NULL extension one value, as the queries' IS NOT DISTINCT FROM does.
CREATE UNIQUE INDEX orleans_storage_identity
    ON orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1,
                        orleans_storage_key_digest(grain_id_extension))
    NULLS NOT DISTINCT;

-- The lookup path of every storage query.
CREATE INDEX orleans_storage_hashes ON orleans_storage (grain_id_hash, grain_type_hash);

-------------------------------------------------------------------------------------------
-- Reminders
-------------------------------------------------------------------------------------------

-- One row per reminder. grain_id is Orleans' "type/key" text; grain_hash is the grain's
-- uniform hash as a signed int32, which is how the provider sends ring ranges. period is in
-- milliseconds and may exceed int32. version is the ETag.
-- NOTE: the primary key is a btree on text, so a grain id plus reminder name longer than
-- about 2,700 bytes cannot be stored.
CREATE TABLE orleans_reminders
(
    service_id text NOT NULL,
    grain_id text NOT NULL,
    reminder_name text NOT NULL,
    start_time timestamptz NOT NULL,
    period bigint NOT NULL CHECK (period >= 0),
    grain_hash integer NOT NULL,
    version integer NOT NULL CHECK (version >= 0),
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- The ring-range loads filter on the hash within one service.
CREATE INDEX orleans_reminders_ring ON orleans_reminders (service_id, grain_hash);

-------------------------------------------------------------------------------------------
-- Clustering queries
-------------------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Run at silo start. Returns one row and one column: 1 if this call created the version
-- row, 0 if it already existed. ON CONFLICT makes concurrent first starts safe.
('InsertMembershipVersionKey', $query$
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id, version)
    VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM inserted;
$query$),

-- Every member of the cluster with the table version, in one statement so that all rows
-- carry the same version. The left join keeps one row of NULL member columns when the
-- cluster has no member yet: the provider reads the version from the first row and treats
-- a NULL StartTime as "no member".
('MembershipReadAllKey', $query$
SELECT v.version AS "Version",
       m.address AS "Address",
       m.port AS "Port",
       m.generation AS "Generation",
       m.silo_name AS "SiloName",
       m.host_name AS "HostName",
       m.status AS "Status",
       m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$query$),

-- The same shape as MembershipReadAllKey for one silo incarnation.
('MembershipReadRowKey', $query$
SELECT v.version AS "Version",
       m.address AS "Address",
       m.port AS "Port",
       m.generation AS "Generation",
       m.silo_name AS "SiloName",
       m.host_name AS "HostName",
       m.status AS "Status",
       m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$query$),

-- A silo joins: insert its row and move the version from @Version to @Version + 1, both or
-- neither. The first step locks the version row only if it still holds @Version, so a
-- concurrent change makes this call a no-op rather than a lost update. The insert feeds on
-- that row and skips an existing key, and the version moves only if a row was inserted.
-- Returns 1 on success and 0 when nothing changed.
('InsertMembershipKey', $query$
WITH expected AS (
    SELECT deployment_id
    FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE
),
inserted AS (
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status,
         proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
           @ProxyPort, NULL, @StartTime, @IAmAliveTime
    FROM expected
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
    RETURNING deployment_id
),
bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1, updated_at = now()
    FROM inserted
    WHERE v.deployment_id = inserted.deployment_id
    RETURNING 1
)
SELECT count(*)::integer FROM bumped;
$query$),

-- Status changes, suspicion votes and death declarations: update the silo's row and move
-- the version from @Version to @Version + 1, both or neither, in the same way as the
-- insert. If the row is gone (the cleanup query does not take the version lock), nothing
-- is updated and the version stays. Only status, suspect_times and i_am_alive_time change.
('UpdateMembershipKey', $query$
WITH expected AS (
    SELECT deployment_id
    FROM orleans_membership_version
    WHERE deployment_id = @DeploymentId AND version = @Version
    FOR UPDATE
),
updated AS (
    UPDATE orleans_membership AS m
    SET status = @Status,
        suspect_times = @SuspectTimes,
        i_am_alive_time = @IAmAliveTime
    FROM expected
    WHERE m.deployment_id = expected.deployment_id
      AND m.address = @Address
      AND m.port = @Port
      AND m.generation = @Generation
    RETURNING m.deployment_id
),
bumped AS (
    UPDATE orleans_membership_version AS v
    SET version = v.version + 1, updated_at = now()
    FROM updated
    WHERE v.deployment_id = updated.deployment_id
    RETURNING 1
)
SELECT count(*)::integer FROM bumped;
$query$),

-- The heartbeat. It leaves the version alone, so heartbeats never conflict with
-- membership changes.
('UpdateIAmAlivetimeKey', $query$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
$query$),

-- Gateways for clients: the provider passes Status 3 (Active); a proxy port of 0 means the
-- silo runs no gateway.
('GatewaysQueryKey', $query$
SELECT address AS "Address",
       proxy_port AS "ProxyPort",
       generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = @Status
  AND proxy_port > 0;
$query$),

-- Removes a whole cluster, members first because of the foreign key. Both statements
-- travel in one batch, which PostgreSQL runs as one transaction.
('DeleteMembershipTableEntriesKey', $query$
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$query$),

-- Required by the provider, but 10.4.2 runs it only when CleanupDefunctSiloEntryKey is
-- absent. Deletes Dead silos (Status 6) whose last heartbeat is older than the cutoff; a
-- silo in any other status is left to the membership protocol.
('CleanupDefunctSiloEntriesKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime;
$query$),

-- The per-row cleanup that 10.4.2 prefers: the provider picks Dead rows older than its
-- cutoff from a table read and passes back the values it read. The row is deleted only if
-- it still contains them, so a row changed since that read stays. The provider sends NULL for
-- blank suspect times, hence the comparison through coalesce.
('CleanupDefunctSiloEntryKey', $query$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '');
$query$),

-------------------------------------------------------------------------------------------
-- Grain persistence queries
-------------------------------------------------------------------------------------------

-- Every storage query matches the identity in full, after the hashes. NULL extensions
-- compare equal through IS NOT DISTINCT FROM.

-- Returns the payload and version, or no row. The unique index guarantees at most one.
('ReadFromStorageKey', $query$
SELECT payload AS "PayloadBinary",
       version AS "Version"
FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$query$),

-- Always returns exactly one row with NewGrainStateVersion. Without an ETag
-- (@GrainStateVersion NULL) it inserts version 1; with one, it updates the row that still
-- holds that version. Either branch yields the new version, or nothing when the state
-- changed underneath, and then the outer select returns NULL, which the provider turns into
-- InconsistentStateException. ON CONFLICT DO NOTHING turns a lost race between two first
-- writers into that NULL instead of a unique-violation error. After int.MaxValue the
-- version starts again at 1, so the ETag still changes on every write.
('WriteToStorageKey', $query$
WITH inserted AS (
    INSERT INTO orleans_storage
        (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
         grain_id_extension, service_id, payload, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
),
updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary,
        version = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
        modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND grain_id_hash = @GrainIdHash
      AND grain_type_hash = @GrainTypeHash
      AND service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT (SELECT version FROM inserted
        UNION ALL
        SELECT version FROM updated) AS "NewGrainStateVersion";
$query$),

-- ClearStateAsync with DeleteStateOnClear = false: keep the row, drop the payload and move
-- the version, so a stale writer still conflicts. Returns the new version in the first
-- column, or no row when the ETag no longer matches.
('ClearStorageKey', $query$
UPDATE orleans_storage
SET payload = NULL,
    version = CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END,
    modified_at = now()
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING version AS "NewGrainStateVersion";
$query$),

-- ClearStateAsync with DeleteStateOnClear = true: delete the row that still holds the ETag.
-- The provider wants a non-NULL first column that differs from the ETag, so the query
-- returns the version the row would have had next.
('DeleteStorageKey', $query$
DELETE FROM orleans_storage
WHERE grain_id_hash = @GrainIdHash
  AND grain_type_hash = @GrainTypeHash
  AND service_id = @ServiceId
  AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
  AND version = @GrainStateVersion
RETURNING CASE WHEN version = 2147483647 THEN 1 ELSE version + 1 END AS "NewGrainStateVersion";
$query$),

-------------------------------------------------------------------------------------------
-- Reminder queries
-------------------------------------------------------------------------------------------

('ReadReminderRowsKey', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period AS "Period",
       version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId;
$query$),

('ReadReminderRowKey', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period AS "Period",
       version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName;
$query$),

-- A ring range that does not wrap: BeginHash < grain_hash <= EndHash, in signed int32
-- order, which is how the provider converts the bounds.
('ReadRangeRows1Key', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period AS "Period",
       version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash
  AND grain_hash <= @EndHash;
$query$),

-- A range that wraps around the end of the ring, or the whole ring when the bounds are
-- equal.
('ReadRangeRows2Key', $query$
SELECT grain_id AS "GrainId",
       reminder_name AS "ReminderName",
       start_time AS "StartTime",
       period AS "Period",
       version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$query$),

-- Register or update without an ETag check, as Orleans expects. The version still changes
-- on every update, so that an unregister with an older ETag fails, and it starts again at
-- 0 after int.MaxValue.
('UpsertReminderRowKey', $query$
INSERT INTO orleans_reminders
    (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time,
    period = excluded.period,
    grain_hash = excluded.grain_hash,
    version = CASE WHEN orleans_reminders.version = 2147483647 THEN 0
                   ELSE orleans_reminders.version + 1 END
RETURNING version AS "Version";
$query$),

-- Returns 1 when the reminder with that ETag was deleted, 0 when it is missing or changed.
('DeleteReminderRowKey', $query$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId
      AND grain_id = @GrainId
      AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT count(*)::integer FROM deleted;
$query$),

('DeleteReminderRowsKey', $query$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
$query$);
