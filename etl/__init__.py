"""Study Visit Atlas ETL: news articles in, a tidy geocoded table of study visits out."""

__version__ = "0.1.0"
