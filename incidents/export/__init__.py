"""The police export: a PDF timeline (WeasyPrint) and a verifiable ZIP evidence bundle.

`document.build_document` gathers what goes in, `pdf.render_pdf` / `pdf.render_html` lay it
out, `bundle.write_bundle` packs originals with hashes, `jobs` runs long exports in the
background and keeps their results encrypted until they expire.
"""
