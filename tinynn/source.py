"""Show the library's own code in a chapter, so there is one copy of it, not a pasted second."""

import html
import inspect


class Source:
    """A function's source code, shown highlighted in a notebook and as plain text elsewhere."""

    def __init__(self, function):
        self.code = inspect.getsource(function)

    def __repr__(self):
        return self.code

    def _repr_markdown_(self):
        return f"```python\n{self.code}```"

    def _repr_html_(self):
        # Colours inline, in a monospace block of its own: static pages (nbconvert, nbviewer)
        # would otherwise set Markdown output's code in the text font. A white background of
        # its own, because the colours have enough contrast (4.5:1) only on white: a dark
        # theme would leave them unreadable.
        try:
            from pygments import highlight
            from pygments.formatters import HtmlFormatter
            from pygments.lexers import PythonLexer
        except ImportError:
            code = html.escape(self.code)
        else:
            code = highlight(self.code, PythonLexer(), HtmlFormatter(nowrap=True, noclasses=True))
        style = "font-family: monospace; line-height: 1.3; background: #ffffff; color: #000000;"
        return f'<pre style="{style} padding: 0.4em;">{code}</pre>'


def show_source(function):
    """`function`'s source code: highlighted in a notebook, plain text when printed."""
    return Source(function)
