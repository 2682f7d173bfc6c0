"""rapport: builds an organisation's report series from content/ and data/ into a website and a PDF per report.

The pipeline reads off the subpackages, each importing only from those before it:
    base -> read (content/ and data/ into the model) -> compute (figures for each report's period)
         -> render (pages, charts, PDF, open data, feed, MkDocs) -> commands (check, build, new, serve)
"""

__version__ = "0.1.0"
