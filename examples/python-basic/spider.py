"""A plain Python spider: fetches pages with the standard library and stores one item per page.

Run parameters: start_url (required), max_pages (default 5). It follows links whose text is "next".
"""
import re
import time
import urllib.parse
import urllib.request

import crawlyard

stopping = False


def stop():
    global stopping
    stopping = True


crawlyard.on_cancel(stop)
params = crawlyard.params()
url = params.get("start_url")
max_pages = int(params.get("max_pages", "5"))
if not url:
    crawlyard.error("the start_url parameter is missing", kind="config")
    raise SystemExit(2)

for page in range(1, max_pages + 1):
    if stopping or not url:
        break
    crawlyard.progress(stage="fetching", current=page, total=max_pages)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            html = response.read().decode("utf-8", "replace")
    except OSError as e:
        crawlyard.error("could not fetch %s: %s" % (url, e), kind="network")
        break
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    crawlyard.save_item({"url": url, "title": title.group(1).strip() if title else None, "bytes": len(html)})
    print("fetched", url)
    found = re.search(r'<a href="([^"]+)"[^>]*>\s*next\s*</a>', html, re.I)
    url = urllib.parse.urljoin(url, found.group(1)) if found else None
    time.sleep(0.05)
