-- The head of the audit hash chain, read under the lock that serialises appends, in one round trip.
-- A VOLATILE function: under READ COMMITTED its query takes a fresh snapshot after the lock is granted, so it
-- sees the entries of the transaction that held the lock before (a plain SELECT would not).
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key bigint) RETURNS text AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  RETURN (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1);
END;
$$ LANGUAGE plpgsql VOLATILE;
