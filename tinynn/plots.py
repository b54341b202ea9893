"""Pictures of learning. matplotlib is imported only when a plot is drawn.

Every function takes `ax=None` (a new figure when None), returns the axes, and never calls
`show()` or changes matplotlib's global settings.
"""


def _axes(ax, figsize=(6, 3.5)):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax
