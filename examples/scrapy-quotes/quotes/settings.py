BOT_NAME = "quotes"
SPIDER_MODULES = ["quotes.spiders"]
NEWSPIDER_MODULE = "quotes.spiders"
ROBOTSTXT_OBEY = False
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Crawlyard stores the items: the pipeline module is on PYTHONPATH in every task.
ITEM_PIPELINES = {"crawlyard_scrapy.CrawlyardPipeline": 900}
