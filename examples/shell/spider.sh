#!/bin/sh
# A spider with no SDK at all: any language can print the IPC lines itself.
# Items are JSON objects on stdout with "ipc": true; everything else is a log line.
echo "starting in $PWD as task $CRAWLYARD_TASK_ID"
total=3
for i in 1 2 3; do
  printf '{"ipc": true, "type": "progress", "payload": {"stage": "counting", "current": %d, "total": %d}}\n' "$i" "$total"
  printf '{"ipc": true, "type": "data", "payload": {"n": %d, "host": "%s"}}\n' "$i" "$(hostname)"
done
echo "an error line, kept in the log" >&2
printf '{"ipc": true, "type": "log", "payload": {"level": "info", "message": "done"}}\n'
