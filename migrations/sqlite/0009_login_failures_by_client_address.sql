-- Failed logins are counted per (email, client address) and per client
-- address, no longer per email alone: anyone could keep an account locked out
-- by failing its logins, and one address trying many accounts was not slowed.
-- The counts last minutes, so the old table is replaced, not converted.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    -- The client's address (an IPv6 client's /64 network).
    client_address   text NOT NULL,
    -- The email the logins were for; '' counts every failed login from the address.
    email_normalized text NOT NULL,
    failures         integer NOT NULL,
    first_failure_at text NOT NULL,
    PRIMARY KEY (client_address, email_normalized)
);
CREATE INDEX login_failures_first_failure_at_idx ON login_failures (first_failure_at);
