-- A stop now has three outcomes: the spider exited by itself within the notice period after the
-- cancel message (graceful), SIGTERM ended it (terminated), or SIGKILL did (forced).
ALTER TABLE tasks DROP CONSTRAINT tasks_stop_mode_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_stop_mode_check
    CHECK (stop_mode IN ('none', 'graceful', 'terminated', 'forced'));
