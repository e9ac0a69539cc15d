import scrapy


class QuotesSpider(scrapy.Spider):
    """Collects quotes from a site laid out like quotes.toscrape.com, following "Next" links."""

    name = "quotes"

    def __init__(self, start_url=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("pass the site with -a start_url=...")
        self.start_urls = [start_url]

    def parse(self, response):
        for quote in response.css("div.quote"):
            yield {
                "text": quote.css("span.text::text").get(),
                "author": quote.css("small.author::text").get(),
                "tags": quote.css("a.tag::text").getall(),
                "url": response.url,
            }
        next_page = response.css("li.next a::attr(href)").get()
        if next_page:
            yield response.follow(next_page, self.parse)
