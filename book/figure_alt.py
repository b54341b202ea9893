"""A Sphinx extension for the course website: each figure's alt text, from its notebook.

The chapters store a figure's description in its output's metadata, `metadata["image/png"]
["alt"]`, where nbconvert reads it. myst-nb writes each image/png output to a file named after
the SHA-256 of its bytes but reads only the width and height from that metadata, so without
this extension the page's `<img alt>` would be the file's name. Loaded by book/_config.yml.
"""

import base64
import hashlib
from pathlib import PurePosixPath

import nbformat
from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)


def alt_texts(path):
    """Map the SHA-256 (hex) of every PNG figure in the notebook at `path` to its alt text."""
    notebook = nbformat.read(path, as_version=4)
    found = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if png and alt:
                found[hashlib.sha256(base64.b64decode(png)).hexdigest()] = alt
    return found


def add_alt_texts(app, doctree):
    """Give each image of a notebook's page the alt text stored with its PNG."""
    path = app.env.doc2path(app.env.docname)
    if not str(path).endswith(".ipynb"):
        return
    alts = alt_texts(path)
    for image in doctree.findall(nodes.image):
        digest = PurePosixPath(image["uri"]).stem
        if digest in alts:
            image["alt"] = alts[digest]
        elif not image.get("alt"):
            logger.warning(
                f"a figure in {app.env.docname} has no alt text: give its output "
                'metadata["image/png"]["alt"] (tinynn.plots.show does)',
                location=image,
            )


def setup(app):
    app.connect("doctree-read", add_alt_texts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
