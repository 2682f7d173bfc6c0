"""rapport: builds Region Norrbotten's monthly reports into a website (and, later, PDFs).

The pipeline reads off the modules:
    load (yamlio, markdown) -> model -> pages (Jinja2) -> site (MkDocs)
"""

__version__ = "0.1.0"
