"""statuskb's reusable app: a curated knowledge base of HTTP status codes."""

__version__ = "0.1.0"
