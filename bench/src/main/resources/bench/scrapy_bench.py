# The Scrapy side of the crawler benchmark: a plain spider with the same selectors as the built-in
# crawler's config (every link followed, item pages by URL, the same four fields), run with
# Debian's python3-scrapy. Items go to the platform through the Crawlyard pipeline.
import re
import resource
import sys

import scrapy

ITEM = re.compile(r"/item/\d+$")


class BenchSpider(scrapy.Spider):
    name = "bench"

    def __init__(self, start_url=None, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response):
        if ITEM.search(response.url):
            price = re.search(r"([0-9]+\.[0-9]+)", response.css(".price::text").get() or "")
            yield {
                "url": response.url,
                "name": (response.css("h1::text").get() or "").strip(),
                "price": price.group(1) if price else None,
                "tags": [t.strip() for t in response.css(".tag::text").getall()],
            }
        for href in response.css("a[href]::attr(href)").getall():
            yield response.follow(href, callback=self.parse)

    def closed(self, reason):
        print("peak_rss_kb %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
