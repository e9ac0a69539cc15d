-- Tokens get a role, an optional expiry and the time of their last use. Tokens made before roles
-- existed could do everything, so they become admin; a new token must name its role.
ALTER TABLE api_tokens
    ADD COLUMN role         TEXT NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'operator', 'viewer')),
    ADD COLUMN expires_at   TIMESTAMPTZ,
    ADD COLUMN last_used_at TIMESTAMPTZ;

ALTER TABLE api_tokens ALTER COLUMN role DROP DEFAULT;
