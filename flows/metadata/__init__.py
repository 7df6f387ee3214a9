"""The metadata layer on top of trafilatura: every signal a page and its discovery give,
weighed by evidence, with the winning source, a confidence and the alternatives.

Modules by concern: decode (bytes to text), meta_tags and jsonld (markup), layout (the
headline and the lines around it), dateparse, date_signals and dates, titles, names,
bylines and authors, language, text (main text passes), page (one parsed page, read once).
"""
