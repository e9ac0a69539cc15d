"""A Scrapy item pipeline that stores a Scrapy spider's items in Crawlyard.

In the Scrapy project's settings:

    ITEM_PIPELINES = {"crawlyard_scrapy.CrawlyardPipeline": 900}

Items are sent in batches (CRAWLYARD_BATCH_SIZE, default 100) and the rest when the spider closes.
Scrapy's own log goes to stderr, which Crawlyard keeps as the task's log.
"""

import os

import crawlyard

try:
    from itemadapter import ItemAdapter
except ImportError:  # Scrapy before 2.2
    ItemAdapter = None


class CrawlyardPipeline:
    def __init__(self):
        self.batch = []
        self.batch_size = int(os.environ.get("CRAWLYARD_BATCH_SIZE", "100"))

    def process_item(self, item, spider):
        data = ItemAdapter(item).asdict() if ItemAdapter else dict(item)
        self.batch.append(data)
        if len(self.batch) >= self.batch_size:
            self._flush()
        return item

    def close_spider(self, spider):
        self._flush()

    def _flush(self):
        if self.batch:
            crawlyard.save_items(self.batch)
            self.batch = []
