"""Show the library's own code in a chapter, so there is one copy of it, not a pasted second."""

import inspect


def show_source(function):
    """Display `function`'s source as a highlighted code block (plain text outside Jupyter)."""
    source = inspect.getsource(function)
    try:
        from IPython.display import Markdown
    except ImportError:
        print(source)
        return None
    return Markdown(f"```python\n{source}```")
