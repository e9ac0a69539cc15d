-- A spider (or one run) may ask for a container: its image and limits, as JSON. A task keeps the
-- container it was created with, as it keeps its command.
ALTER TABLE spiders ADD COLUMN container JSONB;
ALTER TABLE tasks ADD COLUMN container JSONB;

-- The version of the container engine a node found when it started, or null when it has none:
-- container tasks go only to nodes that have one.
ALTER TABLE nodes ADD COLUMN container_engine TEXT;
