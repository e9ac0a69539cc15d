"""Crawlyard's spider SDK for Python: the standard library only.

A spider talks to Crawlyard through its standard streams (see the README, "Writing a spider"),
so this module is a convenience, not a requirement. It prints IPC messages on stdout:

    import crawlyard
    crawlyard.save_item({"url": url, "title": title})
    crawlyard.progress(stage="listing", current=3, total=10)
    crawlyard.log("slow response", level="warning")
    crawlyard.error("page 7 timed out", kind="network")
    crawlyard.on_cancel(lambda: print("cleaning up"))
    start = crawlyard.params().get("start_url")
    since = crawlyard.state().get("since")          # the state the last successful run saved
    crawlyard.save_state({"since": newest})          # saved for the next run if this one succeeds

The runner puts this module on PYTHONPATH for every task, so spiders need not ship it.
"""

import json
import os
import sys
import threading

__all__ = ["save_item", "save_items", "progress", "error", "log", "on_cancel", "params", "state", "save_state",
           "task_id"]

_lock = threading.Lock()
_config = None


def _send(kind, payload):
    line = json.dumps({"ipc": True, "type": kind, "payload": payload}, ensure_ascii=False, default=str)
    with _lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def save_item(item):
    """Stores one item, a dict of JSON-able values."""
    if not isinstance(item, dict):
        raise TypeError("an item is a dict, not %s" % type(item).__name__)
    _send("data", item)


def save_items(items):
    """Stores several items with one message (faster than one save_item each)."""
    items = list(items)
    for item in items:
        if not isinstance(item, dict):
            raise TypeError("an item is a dict, not %s" % type(item).__name__)
    for start in range(0, len(items), 1000):
        _send("data", items[start:start + 1000])


def progress(stage=None, current=None, total=None, percentage=None):
    """Reports where the spider is; shown on the task while it runs."""
    payload = {"stage": stage, "current": current, "total": total, "percentage": percentage}
    if percentage is None and current is not None and total:
        payload["percentage"] = round(100.0 * current / total, 2)
    _send("progress", {k: v for k, v in payload.items() if v is not None})


def error(message, kind="spider"):
    """Reports an error without ending the spider; counted on the task."""
    _send("error", {"message": str(message), "kind": kind})


def log(message, level="info"):
    """A log line with a level."""
    _send("log", {"level": level, "message": str(message)})


def on_cancel(callback):
    """Calls callback() when the task is cancelled, before the runner sends SIGTERM.

    The runner writes a cancel message on stdin; this starts a daemon thread that waits for it.
    The callback runs on that thread; keep it short: SIGTERM follows, and SIGKILL after the grace period.
    """

    def wait():
        for line in sys.stdin:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict) and message.get("ipc") and message.get("type") == "cancel":
                callback()
                return

    thread = threading.Thread(target=wait, name="crawlyard-cancel", daemon=True)
    thread.start()
    return thread


def params():
    """The run's parameters (a dict of strings), from the task's config file."""
    return dict(_read_config().get("params", {}))


def state():
    """The state the spider's last successful run saved (a dict; empty when there is none)."""
    saved = _read_config().get("state")
    return dict(saved) if isinstance(saved, dict) else {}


def save_state(value):
    """Reports the spider's state, a dict of JSON-able values (at most 64 KiB as JSON).

    The last state a run reports becomes the spider's state only if the run ends finished; the
    next run reads it with state(). Report it after the items it stands for.
    """
    if not isinstance(value, dict):
        raise TypeError("a state is a dict, not %s" % type(value).__name__)
    _send("state", value)


def task_id():
    """The task's id, or None when run outside Crawlyard."""
    value = os.environ.get("CRAWLYARD_TASK_ID")
    return int(value) if value else None


def _read_config():
    global _config
    if _config is None:
        path = os.environ.get("CRAWLYARD_CONFIG")
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                _config = json.load(f)
        else:
            _config = {}
    return _config
