-- A node that stops reporting is announced offline (the node.offline webhook event) once per time
-- it goes away: the last report it was announced for is kept, and a node is announced again only
-- after it has come back and gone quiet once more. Nodes already known are taken as announced, so
-- that an upgrade does not announce every node that went away long ago.
ALTER TABLE nodes ADD COLUMN offline_announced_for TIMESTAMPTZ;
UPDATE nodes SET offline_announced_for = last_seen_at;
